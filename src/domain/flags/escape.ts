import { isOverdue } from '../commitments.js';
import type { Evidence } from '../insight-types.js';
import type { IcSession, Postponement } from '../types.js';
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

/** Both escape signals: IC rising while something hard waits, and IC right after a postponement. */
export function escapeFlags(cx: FlagContext): FlagDraft[] {
  return [...risingWhileAvoiding(cx), ...burstsAfterPostponing(cx)];
}

/**
 * This week's IC is above the average of the previous recent weeks (see `rose`) while a tough
 * conversation or decision is open and either overdue or put off within the recent weeks. A
 * postponement from months ago on a commitment still comfortably ahead is not "while".
 * This week is compared as it stands, not projected to a full week, so early in the week the
 * flag stays quiet rather than guess.
 */
function risingWhileAvoiding(cx: FlagContext): FlagDraft[] {
  const current = cx.current;
  if (!current || cx.previous.length === 0) return [];
  const average = sum(cx.previous.map((w) => w.icMinutes)) / cx.previous.length;
  if (!rose(current.icMinutes, average)) return [];
  const avoided = cx.commitments
    .filter((c) => c.status === 'open' && FLAG_THRESHOLDS.toughKinds.includes(c.kind))
    .map((c) => ({ c, recent: c.postponements.filter((p) => cx.localDay(p.at) >= cx.windowStart) }))
    .filter(({ c, recent }) => isOverdue(c, cx.today) || recent.length > 0);
  if (avoided.length === 0) return [];
  const evidence: Evidence[] = [
    weekEvidence(current, budgetNote(current)),
    ...cx.previous.map((w) => weekEvidence(w, `${duration(w.icMinutes)} of IC`)),
  ];
  for (const { c, recent } of avoided) {
    evidence.push(commitmentEvidence(cx, c), ...recent.map((p) => postponementEvidence(cx, c, p)));
  }
  const what = avoided.map(({ c }) => {
    const notes: string[] = [];
    if (isOverdue(c, cx.today) && c.due) notes.push(`was due ${dayLabel(c.due)}`);
    if (c.postponements.length > 0) notes.push(`put off ${times(c.postponements.length)}`);
    return `${commitmentName(c)} (${notes.join(', ')})`;
  });
  const weeksBefore =
    cx.previous.length === 1 ? 'the week before' : `a week over the ${cx.previous.length} weeks before`;
  return [
    {
      id: 'escape',
      severity: 'alert',
      reason: 'escape',
      text:
        `Your IC time rose to ${duration(current.icMinutes)} this week from ${duration(average)} ${weeksBefore}, ` +
        `while you are putting off ${listing(what)}.`,
      evidence,
    },
  ];
}

/**
 * An IC session that starts at most `escapeWindowHours` after a postponement was recorded (one
 * without a start time counts when it is on the same day). Any kind of commitment: the sentence
 * names what was put off, and the leader judges whether it was a hard one. One flag per
 * postponement, so its fingerprint holds while the postponement stays in the recent weeks.
 */
function burstsAfterPostponing(cx: FlagContext): FlagDraft[] {
  const windowMs = cx.config.escapeWindowHours * 3_600_000;
  const flags: FlagDraft[] = [];
  for (const c of cx.commitments) {
    for (const p of c.postponements) {
      const day = cx.localDay(p.at);
      if (!within(day, cx.windowStart, cx.today)) continue;
      const after = cx.sessions
        .map((s) => ({ s, gap: gapAfter(cx, p, day, s, windowMs) }))
        .filter((x): x is { s: IcSession; gap: number | 'same day' } => x.gap !== undefined);
      if (after.length === 0) continue;
      const started = after.map(
        ({ s, gap }) =>
          `${quote(s.title)} (${gap === 'same day' ? 'same day' : `${duration(gap / 60_000)} later`})`,
      );
      flags.push({
        id: 'escape',
        severity: 'warning',
        reason: 'escape',
        text:
          `On ${dayLabel(day)} you put off ${commitmentName(c)} and within ${cx.config.escapeWindowHours} h ` +
          `started IC work on ${listing(started)}.`,
        evidence: [
          commitmentEvidence(cx, c),
          postponementEvidence(cx, c, p),
          ...after.map(({ s }) => sessionEvidence(s)),
        ],
      });
    }
  }
  return flags;
}

function gapAfter(
  cx: FlagContext,
  p: Postponement,
  day: string,
  s: IcSession,
  windowMs: number,
): number | 'same day' | undefined {
  if (s.startedAt === undefined) return s.date === day ? 'same day' : undefined;
  const gap = Date.parse(s.startedAt) - Date.parse(p.at);
  return gap >= 0 && gap <= windowMs && cx.localDay(s.startedAt) <= cx.today ? gap : undefined;
}
