import { localDate } from '../time.js';
import type { Commitment, IcSession, ImprovementAction, LocalDate } from '../types.js';
import { commitmentName, dayLabel, duration, quote, times } from './flags/context.js';

/**
 * The weekly review's questions, each built from something that happened in the week and naming
 * it — the commitment put off, the day that went to IC, the session that drained, the budget
 * overrun, the gap left without an action — so the leader answers about this week, not about IC
 * work in general. A week with none of these asks only the closing question.
 */

export type ReviewQuestionId = 'put-off' | 'ic-day' | 'over-budget' | 'energy-drop' | 'gap' | 'next-week';

export interface ReviewQuestion {
  id: ReviewQuestionId;
  prompt: string;
  /** The reason from the catalogue the question concerns, when one does. */
  reason?: string;
}

export interface ReviewWeek {
  /** Monday and Sunday of the week. */
  start: LocalDate;
  end: LocalDate;
  /** The leader's time zone, for the day a postponement was recorded. */
  tz: string;
  /** Each day of the week: IC done (never planned) and the length of its working window. */
  days: readonly { date: LocalDate; icDone: number; workingMinutes: number }[];
  budgetMinutes: number;
  /** Sessions of any dates; those of the week count. */
  sessions: readonly IcSession[];
  commitments: readonly Commitment[];
  actions: readonly ImprovementAction[];
}

export function reviewQuestions(week: ReviewWeek): ReviewQuestion[] {
  const asked = [putOff(week), icDay(week), overBudget(week), energyDrop(week), gapWithoutAction(week)];
  return [
    ...asked.filter((q) => q !== undefined),
    { id: 'next-week', prompt: 'Which leadership commitment will you protect first next week, and how?' },
  ];
}

const inWeek = (w: ReviewWeek, date: LocalDate) => date >= w.start && date <= w.end;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The commitment put off most often this week (then the one put off last, then by id), with how
 * many others were put off too.
 */
function putOff(w: ReviewWeek): ReviewQuestion | undefined {
  const moved = w.commitments
    .map((c) => ({ c, days: c.postponements.map((p) => localDate(p.at, w.tz)).filter((d) => inWeek(w, d)) }))
    .filter(({ days }) => days.length > 0)
    .sort(
      (a, b) =>
        b.days.length - a.days.length ||
        compare(b.days[b.days.length - 1]!, a.days[a.days.length - 1]!) ||
        compare(a.c.id, b.c.id),
    );
  const [top, ...others] = moved;
  if (!top) return undefined;
  const when = top.days.length === 1 ? `on ${dayLabel(top.days[0]!)}` : `${times(top.days.length)}`;
  const more =
    others.length === 0 ? '' : ` (and ${others.length === 1 ? 'one other' : `${others.length} others`})`;
  return {
    id: 'put-off',
    reason: 'escape',
    prompt:
      `You put off ${commitmentName(top.c)} ${when} this week${more}. ` +
      'What made moving it easier than doing it, and what would make the new date hold?',
  };
}

/** The day with the most IC done, when that was at least half its working window. */
function icDay(w: ReviewWeek): ReviewQuestion | undefined {
  const day = w.days
    .filter((d) => inWeek(w, d.date) && d.workingMinutes > 0 && d.icDone * 2 >= d.workingMinutes)
    .sort((a, b) => b.icDone - a.icDone || compare(a.date, b.date))[0];
  if (!day) return undefined;
  return {
    id: 'ic-day',
    prompt:
      `${dayLabel(day.date)} went mostly to IC work: ${duration(day.icDone)} of a ${duration(day.workingMinutes)} ` +
      'working day. What did your team need from you that day, and did they get it?',
  };
}

function overBudget(w: ReviewWeek): ReviewQuestion | undefined {
  const ic = w.days.filter((d) => inWeek(w, d.date)).reduce((n, d) => n + d.icDone, 0);
  if (ic <= w.budgetMinutes) return undefined;
  return {
    id: 'over-budget',
    prompt:
      `You did ${duration(ic)} of IC work this week against a budget of ${duration(w.budgetMinutes)}. ` +
      'Which part of it could someone on your team have done, and would it have helped them grow?',
  };
}

/** The session of the week whose energy fell the most (the latest of equal falls). */
function energyDrop(w: ReviewWeek): ReviewQuestion | undefined {
  const drop = (s: IcSession) => (s.energyBefore ?? 0) - (s.energyAfter ?? 0);
  const s = w.sessions
    .filter((x) => inWeek(w, x.date) && x.energyBefore !== undefined && x.energyAfter !== undefined)
    .filter((x) => drop(x) > 0)
    .sort((a, b) => drop(b) - drop(a) || compare(b.date, a.date) || compare(a.id, b.id))[0];
  if (!s) return undefined;
  return {
    id: 'energy-drop',
    ...(s.reasons.includes('unwind') ? { reason: 'unwind' } : {}),
    prompt:
      `Your energy went from ${s.energyBefore} to ${s.energyAfter} over ${quote(s.title)} on ${dayLabel(s.date)}. ` +
      'What about it wore you down, and would you take it on again?',
  };
}

/**
 * The first gap written down this week that nothing has come of: no improvement action from its
 * session with its text is done (logging a gap opens an action, so an open one is not enough). An
 * action whose text was edited stands for the gaps of its session that no action carries.
 */
function gapWithoutAction(w: ReviewWeek): ReviewQuestion | undefined {
  const handled = (s: IcSession, gap: string) => {
    const mine = w.actions.filter((a) => a.sessionId === s.id);
    const named = mine.filter((a) => a.text.trim() === gap);
    return (named.length > 0 ? named : mine).some((a) => a.status === 'done');
  };
  const found = w.sessions
    .filter((s) => inWeek(w, s.date))
    .sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id))
    .flatMap((s) =>
      s.gaps
        .map((g) => g.trim())
        .filter((g) => g !== '' && !handled(s, g))
        .map((gap) => ({ s, gap })),
    );
  const [first, ...rest] = found;
  if (!first) return undefined;
  const more =
    rest.length > 0 ? ` (and ${rest.length === 1 ? 'one more gap' : `${rest.length} more gaps`})` : '';
  return {
    id: 'gap',
    reason: 'ground-truth',
    prompt:
      `Working on ${quote(first.s.title)} on ${dayLabel(first.s.date)} you found ${quote(first.gap)}${more}, ` +
      'and nothing has come of it yet. Who needs to hear about it, and what is the first step to fix it?',
  };
}
