import { DEFAULT_TOUGH_KINDS } from '../commitments/commitments.js';
import type { CommitmentKind, DelegationLevel, Maturity, ReasonKind } from '../types.js';

/**
 * The IC check as data: the facts it looks at, the thresholds it uses, and the rule table.
 * `check.ts` is only the interpreter. Changing what the check says means editing this file,
 * and `handson check --explain-rules` can print all of it.
 */

// ---------------------------------------------------------------- thresholds

export interface CheckConfig {
  /** "Just helping" on the same task in more than this many weeks has become owning it. */
  creepWeeks: number;
  /** Below this many hours left in the week, a time-box is not worth offering. */
  minTimeboxHours: number;
  /** Commitment kinds whose postponement hints at escape. */
  toughKinds: readonly CommitmentKind[];
  /**
   * How to hand a task to someone, by their task-relevant maturity: someone new to this kind of
   * task needs pairing; otherwise delegate, and say how much of the decision passes to them.
   */
  handoffByMaturity: Record<Maturity, DelegationLevel | 'pair'>;
  /** The maturity assumed when a person is named but their maturity is not. */
  assumedMaturity: Maturity;
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  creepWeeks: 2,
  minTimeboxHours: 1,
  toughKinds: DEFAULT_TOUGH_KINDS,
  handoffByMaturity: { new: 'pair', some: 'advise', experienced: 'delegate' },
  assumedMaturity: 'some',
};

export type NumericConfigName = 'creepWeeks' | 'minTimeboxHours';

// ---------------------------------------------------------------- facts

/** Everything the rules may test, computed once per check from the input and its context. */
export interface Facts {
  hours: number;
  criticalPathOrBlocks: boolean;
  personNamed: boolean;
  growsSomeone: boolean;
  maturity: Maturity | 'unknown';
  icHoursThisWeek: number;
  icPlannedHoursThisWeek: number;
  budgetHours: number;
  hoursAfter: number;
  hoursLeft: number;
  sameTaskWeeks: number;
  newToFunction: boolean;
  overdueCount: number;
  postponedCount: number;
  toughPostponedOrOverdueCount: number;
  commitmentsHealthy: boolean;
  /** Focus hours left this week per the calendar; a large number when unknown. */
  focusHoursAhead: number;
  /** Days from today to the task's due date (0: today, below 0: already late); a large number when none is given. */
  daysUntilDue: number;
  /** Focus hours left up to the end of the due date; a large number when unknown. */
  focusHoursBeforeDue: number;
  activeFlagCount: number;
}

export type FactName = keyof Facts;
export type NumericFactName = { [K in FactName]: Facts[K] extends number ? K : never }[FactName];

/** What each fact means, for `--explain-rules`. */
export const FACT_HELP: Record<FactName, string> = {
  hours: 'the estimated effort of the task, in hours',
  criticalPathOrBlocks: 'the task is on the critical path or blocks others',
  personNamed: 'someone else who could do the task was named',
  growsSomeone: 'that person was named and doing the task would grow them',
  maturity: "that person's experience with this kind of task: new, some, experienced or unknown",
  icHoursThisWeek:
    'IC hours done this week: logged, plus IC the calendar and commits show that no log covers',
  icPlannedHoursThisWeek:
    'IC hours still planned in this week’s calendar (never counted as done; 0 without a calendar)',
  budgetHours: 'the weekly IC budget, in hours',
  hoursAfter: 'IC hours this week if the task is taken: hours done plus the estimate',
  hoursLeft: 'IC budget hours left this week (never below 0)',
  sameTaskWeeks: 'in how many weeks, this one included, a task with the same title was logged',
  newToFunction: 'the leader is still new to the function they lead',
  overdueCount: 'open commitments past their due date',
  postponedCount: 'open commitments put off at least once',
  toughPostponedOrOverdueCount: 'open tough conversations and decisions that were put off or are overdue',
  commitmentsHealthy: 'nothing is overdue and no tough conversation or decision was put off',
  focusHoursAhead: 'hours of free blocks of 2 h or more left in this week’s working hours, from the calendar',
  daysUntilDue:
    'days from today to the task’s due date (0 is today, below 0 already late); very large when no date is given',
  focusHoursBeforeDue:
    'hours of free blocks of 2 h or more left before the end of the due date, when it falls in this week and the calendar covers it; very large otherwise',
  activeFlagCount: 'how many flags Hands-on raises right now (see `handson flags`)',
};

export const FACT_NAMES = Object.keys(FACT_HELP) as FactName[];

// ---------------------------------------------------------------- rules

/** A number, a threshold from the config, or another fact. */
export type Operand = number | { config: NumericConfigName } | { fact: NumericFactName };

export type FactTest =
  | { fact: FactName; eq: boolean | number | string }
  | { fact: NumericFactName; gt: Operand }
  | { fact: NumericFactName; gte: Operand }
  | { fact: NumericFactName; lt: Operand }
  | { fact: NumericFactName; lte: Operand };

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { reasonChosen: string }
  | { reasonKindChosen: ReasonKind }
  /** The reason was chosen, is a good reason, and no disqualifier applies to it. */
  | { reasonHolds: string }
  /** At least one chosen reason holds. */
  | { someReasonHolds: true }
  /** The answer to a reason question (compared trimmed and lowercased). */
  | { answer: string; eq: string }
  | FactTest;

export type Effect =
  | { verdict: 'take' | 'pause-and-reflect' }
  /** Pair or delegate: no one named → pair; someone new to it → pair with them; else delegate to them. */
  | { handoff: true }
  /** Someone named → hand-off; else time-box to the hours left if enough are; else delegate. */
  | { budget: true }
  /** Adds a line, decides nothing. */
  | { note: true };

export interface Rule {
  /** Short, stable kebab-case: stored checks and the CLI refer to it. */
  id: string;
  /** Higher wins the verdict and comes first in the explanation; ties keep table order. */
  priority: number;
  /** The reason this rule speaks to, if one. */
  reason?: string;
  when: Condition;
  /** One line per chosen reason passing this filter, with `{reasonTitle}` filled in. */
  each?: { kind: ReasonKind; builtin?: boolean; holds?: boolean };
  /** Applies only when no other rule decided a verdict. */
  fallback?: true;
  effect: Effect;
  /** A sentence; `{name}` is replaced by a fact, a config threshold or a value listed in PLACEHOLDER_HELP. */
  text: string;
}

/** Values a rule's text can use besides facts and config thresholds. */
export const PLACEHOLDER_HELP: Record<string, string> = {
  person: 'the person who could do the task',
  handoff: 'how to hand the task over: pair, or delegate and at which level',
  budgetAdvice: 'what to do about the budget: hand it over, time-box it, or delegate it',
  tough: 'the tough conversations and decisions that were put off or are overdue',
  overdue: 'the overdue commitments',
  unhealthy: 'the commitments that make the state of commitments unhealthy',
  reasonTitle: 'the title of the reason a line is about (rules with `each`)',
  flags: 'the flags raised right now',
  due: 'the task’s due date, as given',
};

/**
 * When a good reason stops holding. Shared by the rules that explain it and by the
 * `reasonHolds` condition, so "holds" means the same thing everywhere.
 */
export const DISQUALIFIERS = {
  'learn-the-function': { fact: 'newToFunction', eq: false },
  unwind: { fact: 'overdueCount', gt: 0 },
  'love-of-building': { fact: 'commitmentsHealthy', eq: false },
} satisfies Record<string, Condition>;

export const KIND_LABEL: Record<CommitmentKind, string> = {
  'one-on-one': '1:1',
  'tough-conversation': 'tough conversation',
  decision: 'decision',
  review: 'review',
  hiring: 'hiring task',
  planning: 'planning',
  feedback: 'feedback',
  other: 'commitment',
};

const exceedsBudget: Condition = { fact: 'hoursAfter', gt: { fact: 'budgetHours' } };
const squeezedBeforeDue: Condition = {
  all: [
    { fact: 'daysUntilDue', gte: 0 },
    { fact: 'hours', gt: { fact: 'focusHoursBeforeDue' } },
  ],
};
const creeping: Condition = { fact: 'sameTaskWeeks', gt: { config: 'creepWeeks' } };

export const CHECK_RULES: readonly Rule[] = [
  {
    id: 'watch-out',
    priority: 100,
    when: { reasonKindChosen: 'watch-out' },
    each: { kind: 'watch-out' },
    effect: { verdict: 'pause-and-reflect' },
    text: '“{reasonTitle}” is a reason to watch out for: answer the questions below honestly before you decide.',
  },
  {
    id: 'nobody-knew',
    priority: 95,
    reason: 'insecurity',
    when: { answer: 'nobody-knew', eq: 'no' },
    effect: { verdict: 'pause-and-reflect' },
    text:
      'You would not take this on if nobody ever found out: that points to wanting to be seen contributing, ' +
      'not to the task needing you.',
  },
  {
    id: 'critical-path',
    priority: 90,
    when: { fact: 'criticalPathOrBlocks', eq: true },
    effect: { handoff: true },
    text:
      'This task is on the critical path or blocks others, and a leader who owns such a task ends up doing ' +
      'two jobs badly, so {handoff}.',
  },
  {
    id: 'growth',
    priority: 80,
    when: { fact: 'growsSomeone', eq: true },
    effect: { handoff: true },
    text: '{person} could do this and it would help them grow, so {handoff}.',
  },
  {
    id: 'budget',
    priority: 70,
    when: exceedsBudget,
    effect: { budget: true },
    text: 'With this task your IC time this week would come to {hoursAfter} h ({icHoursThisWeek} h done, plus this task) against a budget of {budgetHours} h, so {budgetAdvice}.',
  },
  {
    id: 'creep',
    priority: 65,
    when: { all: [creeping, { fact: 'personNamed', eq: true }] },
    effect: { handoff: true },
    text:
      'You have worked on this task in {sameTaskWeeks} separate weeks: what started as helping out has become ' +
      'a task you own, so {handoff}.',
  },
  {
    id: 'creep-alone',
    priority: 65,
    when: { all: [creeping, { fact: 'personNamed', eq: false }] },
    effect: { verdict: 'pause-and-reflect' },
    text:
      'You have worked on this task in {sameTaskWeeks} separate weeks: what started as helping out has become ' +
      'a task you own. Decide whether you mean to own it, and if not, who should.',
  },
  {
    id: 'escape',
    priority: 60,
    reason: 'escape',
    when: { fact: 'toughPostponedOrOverdueCount', gt: 0 },
    effect: { verdict: 'pause-and-reflect' },
    text:
      'You are putting off {tough}. IC work is a comfortable place to hide from the hard parts of leading: ' +
      'deal with those first.',
  },
  {
    id: 'learn-not-new',
    priority: 55,
    reason: 'learn-the-function',
    when: { all: [{ reasonChosen: 'learn-the-function' }, DISQUALIFIERS['learn-the-function']] },
    effect: { note: true },
    text: 'You are no longer new to the function you lead, so learning it does not hold as a reason any more.',
  },
  {
    id: 'unwind-overdue',
    priority: 55,
    reason: 'unwind',
    when: { all: [{ reasonChosen: 'unwind' }, DISQUALIFIERS.unwind] },
    effect: { note: true },
    text: 'Unwinding does not hold while commitments are overdue ({overdue}): a break that pushes them aside is no rest.',
  },
  {
    id: 'love-unhealthy',
    priority: 55,
    reason: 'love-of-building',
    when: { all: [{ reasonChosen: 'love-of-building' }, DISQUALIFIERS['love-of-building']] },
    effect: { note: true },
    text:
      'Loving to build counts only while your leadership commitments stay healthy, and right now they do not: ' +
      '{unhealthy}.',
  },
  {
    id: 'no-good-reason',
    priority: 50,
    when: { not: { someReasonHolds: true } },
    effect: { verdict: 'pause-and-reflect' },
    text: 'None of the reasons you gave holds up here as a good reason for IC work: ask yourself what you want from it.',
  },
  {
    id: 'tip-ground-truth',
    priority: 10,
    reason: 'ground-truth',
    when: { reasonHolds: 'ground-truth' },
    effect: { note: true },
    text: 'Write down every gap you run into while doing it; each one becomes an improvement action.',
  },
  {
    id: 'tip-empathy',
    priority: 10,
    reason: 'empathy',
    when: { reasonHolds: 'empathy' },
    effect: { note: true },
    text: 'Note what was hard for you along the way: that is what the team lives with, and it is yours to fix.',
  },
  {
    id: 'tip-unwind',
    priority: 10,
    reason: 'unwind',
    when: { reasonHolds: 'unwind' },
    effect: { note: true },
    text: 'Put it in a protected block that displaces no commitment, and record your energy before and after.',
  },
  {
    id: 'tip-love-of-building',
    priority: 10,
    reason: 'love-of-building',
    when: { reasonHolds: 'love-of-building' },
    effect: { note: true },
    text: 'Enjoy the building, and keep an eye on your commitments: this reason holds only while they stay healthy.',
  },
  {
    id: 'tip-learn-the-function',
    priority: 10,
    reason: 'learn-the-function',
    when: { reasonHolds: 'learn-the-function' },
    effect: { note: true },
    text: 'Set a learning goal for this task and a horizon in months for learning by doing.',
  },
  {
    id: 'tip-own-reason',
    priority: 10,
    when: { someReasonHolds: true },
    each: { kind: 'good', builtin: false, holds: true },
    effect: { note: true },
    text: 'You gave your own reason “{reasonTitle}”: check it against what you wrote about when it is genuine.',
  },
  {
    id: 'already-late',
    priority: 68,
    when: { fact: 'daysUntilDue', lt: 0 },
    effect: { note: true },
    text:
      'It was due {due}, so it is already late, and a late task is the one a leader most wants to rescue alone: ' +
      'first ask whoever owns it what is holding it up.',
  },
  {
    id: 'squeezed-before-due',
    priority: 67,
    when: squeezedBeforeDue,
    effect: { note: true },
    text:
      'It is due {due}, and until then your calendar leaves {focusHoursBeforeDue} h in blocks of two hours or more, ' +
      'less than the {hours} h it needs: hand it over, or move the date now rather than let it slip.',
  },
  {
    id: 'no-focus-ahead',
    priority: 66,
    // When the due date already says the time is short, saying it again for the week adds nothing.
    when: { all: [{ fact: 'hours', gt: { fact: 'focusHoursAhead' } }, { not: squeezedBeforeDue }] },
    effect: { note: true },
    text:
      'Your calendar leaves {focusHoursAhead} h of blocks of two hours or more this week, less than the task needs: ' +
      'it would be squeezed between meetings, so plan it into next week or time-box it.',
  },
  {
    id: 'flags-active',
    priority: 57,
    when: { fact: 'activeFlagCount', gt: 0 },
    effect: { note: true },
    text: 'Hands-on currently raises {flags}: look at them (`handson flags`) before you add IC work.',
  },
  {
    id: 'budget-fits',
    priority: 5,
    when: { not: exceedsBudget },
    effect: { note: true },
    text: 'It fits your IC budget: {hoursAfter} h of {budgetHours} h this week.',
  },
  {
    id: 'take',
    priority: 0,
    when: { all: [] },
    fallback: true,
    effect: { verdict: 'take' },
    text: 'Nothing here argues against it: take it, and log the time when you do.',
  },
];
