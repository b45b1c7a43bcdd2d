import { isOverdue } from '../../commitments/commitments.js';
import type { Commitment, IcSession, Postponement } from '../../types.js';
import type { Evidence } from '../insight-types.js';
import {
  budgetNote,
  commitmentEvidence,
  commitmentName,
  dayLabel,
  duration,
  FLAG_THRESHOLDS,
  type FlagContext,
  type FlagDraft,
  listing,
  postponementEvidence,
  quote,
  rose,
  sessionEvidence,
  sum,
  times,
  weekEvidence,
  within,
} from './context.js';

/**
 * Both escape signals — IC rising while something hard waits, and IC right after a postponement —
 * as one flag per situation: everything about one commitment is one flag, and the rising IC joins
 * the commitments it names, so a conversation put off three times is one flag with all of it.
 */
export function escapeFlags(cx: FlagContext): FlagDraft[] {
  const bursts = burstsAfterPostponing(cx);
  const rising = risingWhileAvoiding(cx, bursts);
  const named = new Set(rising?.commitments ?? []);
  return [
    ...(rising ? [rising.flag] : []),
    ...[...bursts].filter(([c]) => !named.has(c)).map(([c, after]) => burstFlag(cx, c, after)),
  ];
}

/** A session after a postponement: `gap` in milliseconds when both have times, else the same day. */
interface After {
  s: IcSession;
  gap: number | 'same day';
}

/** The postponements of one commitment that IC work followed, oldest first. */
type Bursts = Map<Commitment, Occasion[]>;
interface Occasion {
  p: Postponement;
  after: After[];
}

/**
 * This week's IC is above the average of the previous recent weeks (see `rose`) while a tough
 * conversation or decision is open and either overdue or put off within the recent weeks. A
 * postponement from months ago on a commitment still comfortably ahead is not "while".
 * This week is compared as it stands, not projected to a full week, so early in the week the
 * flag stays quiet rather than guess. IC after one of its postponements joins the flag.
 */
function risingWhileAvoiding(
  cx: FlagContext,
  bursts: Bursts,
): { flag: FlagDraft; commitments: Commitment[] } | undefined {
  const current = cx.current;
  if (!current || cx.previous.length === 0) return undefined;
  const now = cx.weekIc(current);
  const average = sum(cx.previous.map((w) => cx.weekIc(w))) / cx.previous.length;
  if (!rose(now, average)) return undefined;
  const avoided = cx.commitments
    .filter((c) => c.status === 'open' && FLAG_THRESHOLDS.toughKinds.includes(c.kind))
    .map((c) => ({ c, recent: c.postponements.filter((p) => cx.localDay(p.at) >= cx.windowStart) }))
    .filter(({ c, recent }) => isOverdue(c, cx.today) || recent.length > 0);
  if (avoided.length === 0) return undefined;
  const weeksBefore =
    cx.previous.length === 1 ? 'the week before' : `a week over the ${cx.previous.length} weeks before`;
  const evidence: Evidence[] = [
    weekEvidence(current, `${budgetNote(cx, current)}, up from ${duration(average)} ${weeksBefore}`),
    ...cx.previous.map((w) => weekEvidence(w, `${duration(cx.weekIc(w))} of IC`)),
  ];
  for (const { c, recent } of avoided) {
    evidence.push(commitmentEvidence(cx, c), ...recent.map((p) => postponementEvidence(cx, c, p)));
    for (const { p, after } of bursts.get(c) ?? []) {
      evidence.push(postponementEvidence(cx, c, p), ...after.map(afterEvidence));
    }
  }
  const what = avoided.map(({ c }) => {
    const notes: string[] = [];
    if (isOverdue(c, cx.today) && c.due) notes.push(`was due ${dayLabel(c.due)}`);
    if (c.postponements.length > 0) notes.push(`put off ${times(c.postponements.length)}`);
    const after = bursts.get(c);
    if (after) notes.push(`followed by IC work ${listing(after.map((o) => occasion(cx, o)))}`);
    return `${commitmentName(c)} (${notes.join(', ')})`;
  });
  return {
    commitments: avoided.map(({ c }) => c),
    flag: {
      id: 'escape',
      severity: 'alert',
      reason: 'escape',
      text:
        `Your IC time rose to ${duration(now)} this week from ${duration(average)} ${weeksBefore}, ` +
        `while you are putting off ${listing(what)}.`,
      evidence,
    },
  };
}

/**
 * IC sessions after a postponement recorded in the recent weeks, by commitment (any kind: the
 * sentence names what was put off, and the leader judges whether it was a hard one). "After" is
 * claimed only as far as the records show it: a session with a start counts when it starts at
 * most `escapeWindowHours` after the postponement was recorded; one without a start only shows it
 * was the same day, and counts unless it was logged before the postponement (then the work came
 * first, whatever the day).
 */
function burstsAfterPostponing(cx: FlagContext): Bursts {
  const windowMs = cx.config.escapeWindowHours * 3_600_000;
  const bursts: Bursts = new Map();
  for (const c of cx.commitments) {
    for (const p of c.postponements) {
      const day = cx.localDay(p.at);
      if (!within(day, cx.windowStart, cx.today)) continue;
      const after = cx.sessions
        .map((s) => ({ s, gap: gapAfter(cx, p, day, s, windowMs) }))
        .filter((x): x is After => x.gap !== undefined);
      if (after.length === 0) continue;
      bursts.set(c, [...(bursts.get(c) ?? []), { p, after }]);
    }
  }
  for (const list of bursts.values()) list.sort((a, b) => (a.p.at < b.p.at ? -1 : a.p.at > b.p.at ? 1 : 0));
  return bursts;
}

function gapAfter(
  cx: FlagContext,
  p: Postponement,
  day: string,
  s: IcSession,
  windowMs: number,
): number | 'same day' | undefined {
  if (s.startedAt === undefined) {
    return s.date === day && Date.parse(s.createdAt) >= Date.parse(p.at) ? 'same day' : undefined;
  }
  const gap = Date.parse(s.startedAt) - Date.parse(p.at);
  return gap >= 0 && gap <= windowMs && cx.localDay(s.startedAt) <= cx.today ? gap : undefined;
}

function later(gap: number | 'same day'): string {
  return gap === 'same day' ? 'the same day' : `${duration(gap / 60_000)} later`;
}

/** The session's evidence says when it started relative to the postponement, as the sentence does. */
function afterEvidence({ s, gap }: After): Evidence {
  return sessionEvidence(
    s,
    gap === 'same day' ? 'no start time logged' : `started ${duration(gap / 60_000)} after you put it off`,
  );
}

/** `on Tue 24 Nov, “Speed up the CI cache” 40 min later`. */
function occasion(cx: FlagContext, { p, after }: Occasion): string {
  const sessions = after.map(({ s, gap }) => `${quote(s.title)} ${later(gap)}`);
  return `on ${dayLabel(cx.localDay(p.at))}, ${listing(sessions)}`;
}

/** One commitment put off, once or more, with IC work close behind. */
function burstFlag(cx: FlagContext, c: Commitment, occasions: Occasion[]): FlagDraft {
  const dayOf = (p: Postponement) => cx.localDay(p.at);
  const evidence: Evidence[] = [commitmentEvidence(cx, c)];
  for (const { p, after } of occasions)
    evidence.push(postponementEvidence(cx, c, p), ...after.map(afterEvidence));
  const [only] = occasions;
  let text: string;
  if (occasions.length === 1 && only) {
    const clauses = only.after.map(({ s, gap }) =>
      gap === 'same day'
        ? `the same day you did IC work on ${quote(s.title)}`
        : `${duration(gap / 60_000)} later you started IC work on ${quote(s.title)}`,
    );
    text = `On ${dayLabel(dayOf(only.p))} you put off ${commitmentName(c)}, and ${listing(clauses)}.`;
  } else {
    text =
      `You put off ${commitmentName(c)} on ${listing(occasions.map(({ p }) => dayLabel(dayOf(p))))}, ` +
      `each time with IC work close behind: ${listing(occasions.map((o) => occasion(cx, o)))}.`;
  }
  return { id: 'escape', severity: 'warning', reason: 'escape', text, evidence };
}
