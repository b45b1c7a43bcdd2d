import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { BUILTIN_REASONS, catalogue } from '../reasons/reasons.js';
import { CheckInputSchema } from '../records.js';
import type { CheckContext, CheckInput, CheckResult, Commitment, CommitmentKind, Reason } from '../types.js';
import { describeCondition, runCheck } from './check.js';
import {
  CHECK_RULES,
  type CheckConfig,
  DEFAULT_CHECK_CONFIG,
  FACT_HELP,
  FACT_NAMES,
  type Rule,
} from './check-rules.js';

const TODAY = '2026-11-25';

const OWN_GOOD: Reason = {
  id: 'pairing-practice',
  kind: 'good',
  title: 'Practise pairing',
  summary: 'I want to get better at pairing with juniors.',
  questions: [],
  signals: ['I pair rather than work alone.'],
  builtin: false,
};

const OWN_WATCH: Reason = {
  id: 'boredom',
  kind: 'watch-out',
  title: 'Boredom',
  summary: 'Leadership work feels dull this week.',
  questions: [{ id: 'q1', text: 'What would make your leadership work less dull?' }],
  signals: [],
  builtin: false,
};

const REASONS = catalogue([OWN_GOOD, OWN_WATCH]);

function commitment(
  title: string,
  kind: CommitmentKind,
  {
    due,
    postponed = 0,
    status = 'open',
  }: { due?: string; postponed?: number; status?: Commitment['status'] } = {},
): Commitment {
  return {
    id: title.toLowerCase().replace(/\W+/g, '-'),
    kind,
    title,
    due,
    status,
    createdAt: '2026-11-01T09:00:00.000Z',
    postponements: Array.from({ length: postponed }, (_, i) => ({
      id: `p${i}`,
      at: '2026-11-10T09:00:00.000Z',
      toDue: due ?? '2026-12-01',
    })),
  };
}

/** A task as the check's input makes it: what is not given is the input's default. */
function input(over: Partial<CheckInput> = {}): CheckInput {
  return {
    ...CheckInputSchema.parse({ title: 'Fix the flaky deploy script', hours: 2, reasons: ['ground-truth'] }),
    ...over,
  };
}

function context(over: Partial<CheckContext> = {}): CheckContext {
  return {
    today: TODAY,
    icHoursThisWeek: 0,
    budgetHours: 8,
    commitments: [],
    newToFunction: false,
    sameTaskWeeks: 1,
    reasons: REASONS,
    ...over,
  };
}

const toughTalks = [
  commitment('Talk to Sam about missed deadlines', 'tough-conversation', { due: '2026-11-30', postponed: 1 }),
  commitment('Tell Alex the promotion is not this cycle', 'tough-conversation', {
    due: '2026-12-02',
    postponed: 1,
  }),
];
const overdueOneOnOne = commitment('1:1 with Jo', 'one-on-one', { due: '2026-11-20' });

interface Row {
  name: string;
  input?: Partial<CheckInput>;
  ctx?: Partial<CheckContext>;
  config?: Partial<CheckConfig>;
  /** The verdict with its details: exactly these fields besides the lines. */
  expect: Omit<CheckResult, 'lines'>;
  /** Rule ids of the lines, in order. */
  lines: string[];
}

const ROWS: Row[] = [
  {
    name: 'I want to write the PRD for search myself',
    input: {
      title: 'Write the PRD for search',
      hours: 6,
      couldDo: 'Priya',
      grows: true,
      maturity: 'some',
      reasons: ['love-of-building'],
    },
    ctx: { icHoursThisWeek: 6, budgetHours: 8, commitments: toughTalks },
    expect: { verdict: 'delegate', to: 'Priya', level: 'advise' },
    lines: ['growth', 'budget', 'escape', 'love-unhealthy', 'no-good-reason'],
  },
  {
    name: 'a good reason with room in the budget: take it',
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'the calendar leaves too little focus time this week: a note, the verdict stands',
    input: { hours: 5 },
    ctx: { focusHoursAhead: 3 },
    expect: { verdict: 'take' },
    lines: ['no-focus-ahead', 'tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'too little focus time before the due date: one note about the date, not a second about the week',
    input: { hours: 5, due: '2026-11-26' },
    ctx: { focusHoursAhead: 3, focusHoursBeforeDue: 2 },
    expect: { verdict: 'take' },
    lines: ['squeezed-before-due', 'tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a due date with room before it: no note',
    input: { hours: 5, due: '2026-11-27' },
    ctx: { focusHoursAhead: 12, focusHoursBeforeDue: 5 },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a due date without what the calendar says before it: no claim',
    input: { hours: 5, due: '2026-12-10' },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a task already past its due date: a note, and no claim about the time before it',
    input: { hours: 5, due: '2026-11-20' },
    ctx: { focusHoursBeforeDue: 0 },
    expect: { verdict: 'take' },
    lines: ['already-late', 'tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'enough focus time left: no note',
    input: { hours: 3 },
    ctx: { focusHoursAhead: 3 },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'flags raised right now are named',
    ctx: { activeFlags: ['escape', 'budget', 'escape'] },
    expect: { verdict: 'take' },
    lines: ['flags-active', 'tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'empathy holds',
    input: { reasons: ['empathy'] },
    expect: { verdict: 'take' },
    lines: ['tip-empathy', 'budget-fits', 'take'],
  },
  {
    name: 'unwind holds with nothing overdue',
    input: { reasons: ['unwind'] },
    expect: { verdict: 'take' },
    lines: ['tip-unwind', 'budget-fits', 'take'],
  },
  {
    name: 'unwind does not hold with an overdue 1:1',
    input: { reasons: ['unwind'] },
    ctx: { commitments: [overdueOneOnOne] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['unwind-overdue', 'no-good-reason', 'budget-fits'],
  },
  {
    name: 'one reason disqualified, another holds: still taken',
    input: { reasons: ['unwind', 'ground-truth'] },
    ctx: { commitments: [overdueOneOnOne] },
    expect: { verdict: 'take' },
    lines: ['unwind-overdue', 'tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'learning the function while new to it',
    input: { reasons: ['learn-the-function'] },
    ctx: { newToFunction: true },
    expect: { verdict: 'take' },
    lines: ['tip-learn-the-function', 'budget-fits', 'take'],
  },
  {
    name: 'learning the function when no longer new',
    input: { reasons: ['learn-the-function'] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['learn-not-new', 'no-good-reason', 'budget-fits'],
  },
  {
    name: 'love of building with healthy commitments',
    input: { reasons: ['love-of-building'] },
    ctx: { commitments: [commitment('Quarterly planning', 'planning', { due: '2026-12-10' })] },
    expect: { verdict: 'take' },
    lines: ['tip-love-of-building', 'budget-fits', 'take'],
  },
  {
    name: 'love of building with an overdue 1:1',
    input: { reasons: ['love-of-building'] },
    ctx: { commitments: [overdueOneOnOne] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['love-unhealthy', 'no-good-reason', 'budget-fits'],
  },
  {
    name: 'insecurity chosen',
    input: { reasons: ['insecurity'] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['watch-out', 'no-good-reason', 'budget-fits'],
  },
  {
    name: 'escape chosen next to a good reason',
    input: { reasons: ['escape', 'ground-truth'] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['watch-out', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'two watch-out reasons give two lines',
    input: { reasons: ['insecurity', 'escape'] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['watch-out', 'watch-out', 'no-good-reason', 'budget-fits'],
  },
  {
    name: 'would not do it if nobody knew',
    input: { answers: { 'nobody-knew': ' No ' } },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['nobody-knew', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'would do it even if nobody knew',
    input: { answers: { 'nobody-knew': 'yes' } },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a watch-out reason outranks the critical path',
    input: { reasons: ['insecurity', 'ground-truth'], criticalPath: true, couldDo: 'Sam' },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['watch-out', 'critical-path', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'critical path and nobody named: pair',
    input: { criticalPath: true },
    expect: { verdict: 'pair' },
    lines: ['critical-path', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'blocks others and an experienced person could do it: delegate fully',
    input: { blocksOthers: true, couldDo: 'Sam', maturity: 'experienced' },
    expect: { verdict: 'delegate', to: 'Sam', level: 'delegate' },
    lines: ['critical-path', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'it would grow someone new to it: pair with them',
    input: { couldDo: 'Lee', grows: true, maturity: 'new' },
    expect: { verdict: 'pair', to: 'Lee' },
    lines: ['growth', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'it would grow someone of unknown maturity: delegate as for some experience',
    input: { couldDo: 'Lee', grows: true },
    expect: { verdict: 'delegate', to: 'Lee', level: 'advise' },
    lines: ['growth', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'someone could do it but it would not grow them: no hand-off for that alone',
    input: { couldDo: 'Lee', grows: false, maturity: 'experienced' },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'over budget with hours left and nobody named: time-box to the hours left',
    input: { hours: 4 },
    ctx: { icHoursThisWeek: 5 },
    expect: { verdict: 'time-box', hours: 3 },
    lines: ['budget', 'tip-ground-truth'],
  },
  {
    name: 'budget spent and nobody named: delegate to no one in particular',
    ctx: { icHoursThisWeek: 7.5 },
    expect: { verdict: 'delegate' },
    lines: ['budget', 'tip-ground-truth'],
  },
  {
    name: 'a director with no budget',
    input: { hours: 1 },
    ctx: { budgetHours: 0 },
    expect: { verdict: 'delegate' },
    lines: ['budget', 'tip-ground-truth'],
  },
  {
    name: 'over budget with someone named: hand off',
    input: { hours: 3, couldDo: 'Ana', maturity: 'experienced' },
    ctx: { icHoursThisWeek: 8 },
    expect: { verdict: 'delegate', to: 'Ana', level: 'delegate' },
    lines: ['budget', 'tip-ground-truth'],
  },
  {
    name: 'exactly at the budget still fits',
    ctx: { icHoursThisWeek: 6 },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'creep with someone named: hand it over',
    input: { couldDo: 'Ana', maturity: 'new' },
    ctx: { sameTaskWeeks: 3 },
    expect: { verdict: 'pair', to: 'Ana' },
    lines: ['creep', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'creep with nobody named: pause',
    ctx: { sameTaskWeeks: 3 },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['creep-alone', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'two weeks on the same task is not creep yet',
    ctx: { sameTaskWeeks: 2 },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a tunable threshold: creep only after four weeks',
    ctx: { sameTaskWeeks: 3 },
    config: { creepWeeks: 4 },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'an overdue decision never postponed is an escape warning',
    ctx: { commitments: [commitment('Pick the new on-call model', 'decision', { due: '2026-11-24' })] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['escape', 'tip-ground-truth', 'budget-fits'],
  },
  {
    name: 'a postponed review is not tough',
    ctx: {
      commitments: [commitment('Review the design doc', 'review', { due: '2026-12-01', postponed: 2 })],
    },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'a tough conversation that already happened does not count',
    ctx: { commitments: [commitment('Talk to Sam', 'tough-conversation', { postponed: 3, status: 'done' })] },
    expect: { verdict: 'take' },
    lines: ['tip-ground-truth', 'budget-fits', 'take'],
  },
  {
    name: 'your own good reason',
    input: { reasons: ['pairing-practice'] },
    expect: { verdict: 'take' },
    lines: ['tip-own-reason', 'budget-fits', 'take'],
  },
  {
    name: 'your own watch-out reason',
    input: { reasons: ['boredom', 'pairing-practice'] },
    expect: { verdict: 'pause-and-reflect' },
    lines: ['watch-out', 'tip-own-reason', 'budget-fits'],
  },
];

function run(row: Row): CheckResult {
  return runCheck(input(row.input), context(row.ctx), { ...DEFAULT_CHECK_CONFIG, ...row.config });
}

describe('runCheck', () => {
  it.each(ROWS)('$name', (row) => {
    const { lines, ...verdict } = run(row);
    expect(verdict).toEqual(row.expect);
    expect(lines.map((l) => l.rule)).toEqual(row.lines);
    for (const line of lines) {
      expect(line.text, line.rule).not.toMatch(/[{}]/);
      expect(line.text, line.rule).toMatch(/[.!?]$/);
    }
  });

  it('matches every rule of the table in at least one row', () => {
    const matched = new Set(ROWS.flatMap((row) => run(row).lines.map((l) => l.rule)));
    expect([...matched].sort()).toEqual(CHECK_RULES.map((r) => r.id).sort());
  });

  it('uses each of the seven built-in reasons in at least one row', () => {
    const used = new Set(ROWS.flatMap((row) => input(row.input).reasons));
    for (const reason of BUILTIN_REASONS) expect(used, reason.id).toContain(reason.id);
  });

  it('explains the PRD case with Priya, the budget and the postponed conversations by name', () => {
    const result = run(ROWS[0]!);
    const text = (rule: string) => result.lines.find((l) => l.rule === rule)?.text;
    expect(text('growth')).toContain('Priya');
    expect(text('growth')).toContain('“advise”');
    expect(text('budget')).toContain('12 h');
    expect(text('budget')).toContain('8 h');
    expect(text('escape')).toContain('“Talk to Sam about missed deadlines” (put off once)');
    expect(text('escape')).toContain('“Tell Alex the promotion is not this cycle” (put off once)');
    const escapeLine = result.lines.find((l) => l.rule === 'escape');
    expect(escapeLine?.reason).toBe('escape');
    expect(escapeLine?.questions).toEqual(
      BUILTIN_REASONS.find((r) => r.id === 'escape')!.questions.map((q) => q.text),
    );
  });

  it('asks a watch-out reason’s questions once, on its first line', () => {
    const result = runCheck(
      input({ reasons: ['insecurity', 'boredom'], answers: { 'nobody-knew': 'no' } }),
      context(),
    );
    const lines = result.lines.filter((l) => l.questions !== undefined);
    expect(lines.map((l) => [l.rule, l.reason])).toEqual([
      ['watch-out', 'insecurity'],
      ['watch-out', 'boredom'],
    ]);
    expect(lines[1]!.questions).toEqual(['What would make your leadership work less dull?']);
    expect(result.lines.find((l) => l.rule === 'nobody-knew')?.questions).toBeUndefined();
  });

  it('names what is overdue and how long a time-box may be', () => {
    const overdue = runCheck(input({ reasons: ['unwind'] }), context({ commitments: [overdueOneOnOne] }));
    expect(overdue.lines[0]!.text).toContain('your 1:1 “1:1 with Jo” (was due 2026-11-20)');
    const timeBox = runCheck(input({ hours: 4 }), context({ icHoursThisWeek: 5.5 }));
    expect(timeBox).toMatchObject({ verdict: 'time-box', hours: 2.5 });
    expect(timeBox.lines[0]!.text).toContain('time-box it to 2.5 h');
  });

  it('follows the configured hand-off level and time-box minimum', () => {
    const config: CheckConfig = {
      ...DEFAULT_CHECK_CONFIG,
      handoffByMaturity: { new: 'consult', some: 'agree', experienced: 'inquire' },
      minTimeboxHours: 4,
    };
    expect(
      runCheck(input({ couldDo: 'Lee', grows: true, maturity: 'new' }), context(), config),
    ).toMatchObject({
      verdict: 'delegate',
      to: 'Lee',
      level: 'consult',
    });
    expect(runCheck(input({ hours: 4 }), context({ icHoursThisWeek: 5 }), config)).toMatchObject({
      verdict: 'delegate',
    });
  });

  it('is deterministic: same input, same result, whatever order commitments come in', () => {
    const row = ROWS[0]!;
    const first = run(row);
    expect(run(row)).toEqual(first);
    const reversed = runCheck(
      input(row.input),
      context({ ...row.ctx, commitments: [...toughTalks].reverse() }),
    );
    expect(reversed).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it.each([
    [{ hours: 0 }, 'hours'],
    [{ hours: Number.NaN }, 'hours'],
    [{ reasons: [] }, 'reasons'],
    [{ reasons: ['ground-truth', 'vanity'] }, 'reasons[1]'],
  ] as [Partial<CheckInput>, string][])('rejects bad input %j naming %s', (over, field) => {
    expect(() => runCheck(input(over), context())).toThrow(AppError);
    try {
      runCheck(input(over), context());
    } catch (e) {
      expect((e as AppError).field).toBe(field);
      expect((e as AppError).code).toBe('invalid');
    }
  });
});

describe('priority and ties', () => {
  const rule = (id: string, priority: number, effect: Rule['effect'], fallback = false): Rule => ({
    id,
    priority,
    when: { fact: 'hours', gt: 0 },
    effect,
    text: `${id}.`,
    ...(fallback ? { fallback: true as const } : {}),
  });
  const fallback = rule('take', 0, { verdict: 'take' }, true);

  it('lets the highest priority decide and lists lines by priority, whatever the table order', () => {
    const table = [
      rule('low', 10, { verdict: 'take' }),
      rule('note', 50, { note: true }),
      rule('high', 20, { verdict: 'pause-and-reflect' }),
      fallback,
    ];
    const result = runCheck(input(), context(), DEFAULT_CHECK_CONFIG, table);
    expect(result.verdict).toBe('pause-and-reflect');
    expect(result.lines.map((l) => l.rule)).toEqual(['note', 'high', 'low']);
  });

  it('breaks a tie by table order', () => {
    const a = rule('a', 30, { verdict: 'pause-and-reflect' });
    const b = rule('b', 30, { handoff: true });
    expect(runCheck(input(), context(), DEFAULT_CHECK_CONFIG, [a, b, fallback]).verdict).toBe(
      'pause-and-reflect',
    );
    expect(runCheck(input(), context(), DEFAULT_CHECK_CONFIG, [b, a, fallback]).verdict).toBe('pair');
    expect(
      runCheck(input(), context(), DEFAULT_CHECK_CONFIG, [b, a, fallback]).lines.map((l) => l.rule),
    ).toEqual(['b', 'a']);
  });

  it('falls back only when nothing else decided, even if notes matched', () => {
    const result = runCheck(input(), context(), DEFAULT_CHECK_CONFIG, [
      rule('note', 50, { note: true }),
      fallback,
    ]);
    expect(result.verdict).toBe('take');
    expect(result.lines.map((l) => l.rule)).toEqual(['note', 'take']);
  });

  it('refuses a table with no fallback', () => {
    expect(() =>
      runCheck(input(), context(), DEFAULT_CHECK_CONFIG, [rule('note', 50, { note: true })]),
    ).toThrow(/fallback/);
  });
});

describe('the rule table', () => {
  it('has unique ids in kebab-case and one fallback with the lowest priority', () => {
    const ids = CHECK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    const fallbacks = CHECK_RULES.filter((r) => r.fallback);
    expect(fallbacks.map((r) => [r.id, r.priority])).toEqual([['take', 0]]);
    expect(Math.min(...CHECK_RULES.map((r) => r.priority))).toBe(0);
  });

  it('only refers to facts that exist and explains each of them', () => {
    const factsUsed = JSON.stringify(CHECK_RULES).match(/"fact":"\w+"/g) ?? [];
    for (const f of factsUsed) expect(FACT_NAMES).toContain(f.slice(8, -1));
    for (const name of FACT_NAMES) expect(FACT_HELP[name].length).toBeGreaterThan(10);
  });

  it('describes conditions in plain notation for --explain-rules', () => {
    const describe = (id: string) => describeCondition(CHECK_RULES.find((r) => r.id === id)!.when);
    expect(describe('creep')).toBe('sameTaskWeeks > config.creepWeeks and personNamed = true');
    expect(describe('budget')).toBe('hoursAfter > budgetHours');
    expect(describe('no-good-reason')).toBe('not a chosen reason holds');
    expect(describe('take')).toBe('always');
  });
});
