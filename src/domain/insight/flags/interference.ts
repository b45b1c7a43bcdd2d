import { isOverdue } from '../../commitments/commitments.js';
import { addDays } from '../../time.js';
import type { Commitment, LocalDate } from '../../types.js';
import type { Evidence, ModelEvent } from '../insight-types.js';
import {
  attendeeWords,
  budgetNote,
  commitmentEvidence,
  commitmentName,
  compare,
  dayLabel,
  duration,
  eventEvidence,
  FLAG_THRESHOLDS,
  type FlagContext,
  type FlagDraft,
  icEvidenceOn,
  isOverBudget,
  listing,
  plural,
  postponementEvidence,
  quote,
  samePerson,
  sum,
  weekEvidence,
  within,
  words,
} from './context.js';

/** IC work pushing leadership aside: called-off 1:1s on heavy IC days, neglected reports, overdue decisions. */
export function interferenceFlags(cx: FlagContext): FlagDraft[] {
  return [
    ...calledOffEvents(cx),
    ...calledOffCommitments(cx),
    ...neglectedReports(cx),
    ...decisionsOverdueOverBudget(cx),
  ];
}

interface OneOnOne {
  e: ModelEvent;
  date: LocalDate;
  /** The words of each attendee other than the leader, and of the title: who it may be with. */
  names: string[][];
}

function oneOnOnes(cx: FlagContext): OneOnOne[] {
  const own = cx.input.profile.emails;
  return cx.input.events
    .filter((e) => e.category === 'one-on-one')
    .map((e) => ({
      e,
      date: cx.localDay(e.start),
      names: [
        ...e.attendees.map((a) => attendeeWords(a, own)).filter((w) => w !== undefined),
        words(e.title),
      ],
    }))
    .filter(({ date }) => within(date, cx.windowStart, cx.today))
    .sort((a, b) => compare(a.e.start, b.e.start) || compare(a.e.key, b.e.key));
}

function isWith(o: OneOnOne, report: string): boolean {
  const who = words(report);
  return o.names.some((n) => samePerson(who, n));
}

/** `Priya Sharma` when the event matches direct reports, else nothing. */
function withWhom(cx: FlagContext, o: OneOnOne): string {
  const names = [...new Set(cx.input.reports.map((r) => r.trim()))].filter((r) => isWith(o, r)).sort(compare);
  return listing(names);
}

/**
 * A heavy IC day: at least `heavyIcDayMinutes` of IC done (planned time never counts) and
 * evidence to show for it. Returns the minutes and that evidence.
 */
function heavy(
  cx: FlagContext,
  date: LocalDate | undefined,
): { ic: number; evidence: Evidence[] } | undefined {
  if (date === undefined || !within(date, cx.windowStart, cx.today)) return undefined;
  const ic = cx.ic(date);
  if (ic < cx.config.heavyIcDayMinutes || ic <= 0) return undefined;
  const evidence = icEvidenceOn(cx, date);
  return evidence.length > 0 ? { ic, evidence } : undefined;
}

/** A 1:1 event declined or cancelled, on a day with at least `heavyIcDayMinutes` of IC done. */
function calledOffEvents(cx: FlagContext): FlagDraft[] {
  const flags: FlagDraft[] = [];
  for (const o of oneOnOnes(cx)) {
    const { e, date } = o;
    if (!e.declined && !e.cancelled) continue;
    const day = heavy(cx, date);
    if (day === undefined) continue;
    const who = withWhom(cx, o);
    const name = `the 1:1${who ? ` with ${who}` : ''} ${quote(e.title)}`;
    const what = e.declined ? `you declined ${name}` : `${name} was cancelled`;
    flags.push({
      id: 'interference',
      severity: 'alert',
      text: `On ${dayLabel(date)} ${what} and you did ${duration(day.ic)} of IC work that day.`,
      evidence: [eventEvidence(e, date, who), ...day.evidence],
    });
  }
  return flags;
}

/**
 * A 1:1 commitment put off or cancelled, where either the day it was meant to happen or the day
 * it was called off was a heavy IC day (the first of the two that was). One flag per
 * postponement or cancellation.
 */
function calledOffCommitments(cx: FlagContext): FlagDraft[] {
  const flags: FlagDraft[] = [];
  for (const c of cx.commitments.filter((x) => x.kind === 'one-on-one')) {
    for (const p of c.postponements) {
      const found = firstHeavy(cx, [p.fromDue, cx.localDay(p.at)]);
      if (found === undefined) continue;
      const from = p.fromDue ? ` from ${dayLabel(p.fromDue)}` : '';
      flags.push({
        id: 'interference',
        severity: 'alert',
        text:
          `You put off ${commitmentName(c)}${from} to ${dayLabel(p.toDue)}, and on ${dayLabel(found.date)} ` +
          `you did ${duration(found.ic)} of IC work.`,
        evidence: [commitmentEvidence(cx, c), postponementEvidence(cx, c, p), ...found.evidence],
      });
    }
    if (c.status === 'cancelled') {
      const found = firstHeavy(cx, [c.due, c.closedAt ? cx.localDay(c.closedAt) : undefined]);
      if (found === undefined) continue;
      flags.push({
        id: 'interference',
        severity: 'alert',
        text: `You cancelled ${commitmentName(c)}, and on ${dayLabel(found.date)} you did ${duration(found.ic)} of IC work.`,
        evidence: [commitmentEvidence(cx, c), ...found.evidence],
      });
    }
  }
  return flags;
}

function firstHeavy(cx: FlagContext, dates: readonly (LocalDate | undefined)[]) {
  for (const date of dates) {
    const day = heavy(cx, date);
    if (day && date) return { date, ...day };
  }
  return undefined;
}

/**
 * Each direct report's 1:1 time over the recent weeks, as a weekly average over the days that
 * have passed and that a calendar covers (none covered for two weeks: nothing is said). A one-on-one event is theirs when the words of their name and the words of a
 * non-leader attendee (address local part plus display name) or of the event title are one
 * within the other (`samePerson`): `Priya Sharma` matches `priya.sharma@acme.com`,
 * `Sam Ortiz <sortiz@acme.com>`, `priya@acme.com` and "1:1 Priya / Alex". Counted events give
 * minutes; a done 1:1 commitment with them (by `person`, else title) on a day without such an
 * event adds `assumedOneOnOneMinutes`, since commitments carry no length. Two reports who share
 * a first name both match an attendee known only by it.
 */
function neglectedReports(cx: FlagContext): FlagDraft[] {
  // Without a time model there is no history to average over: a new leader is not neglecting anyone.
  if (cx.recent.length === 0) return [];
  const end = [cx.thisWeek.end, cx.today].sort()[0]!;
  // Only days a calendar covers say anything about 1:1 time: without one, no 1:1s is no evidence.
  const days: LocalDate[] = [];
  for (let d = cx.windowStart; d <= end; d = addDays(d, 1)) if (cx.covered(d)) days.push(d);
  if (days.length < FLAG_THRESHOLDS.minDaysForOneOnOneAverage) return [];
  const covered = new Set(days);
  const weeks = cx.recent.filter((w) => w.days.some((d) => covered.has(d.date)));
  const span =
    weeks.length === cx.recent.length
      ? `the last ${cx.recentCount} weeks`
      : `the ${plural(weeks.length, 'week')} your calendar covers`;
  const events = oneOnOnes(cx).filter((x) => covered.has(x.date));
  const done = cx.commitments
    .filter((c) => c.kind === 'one-on-one' && c.status === 'done' && c.closedAt !== undefined)
    .map((c) => ({ c, date: cx.localDay(c.closedAt!), words: words(c.person ?? c.title) }))
    .filter(({ date }) => covered.has(date));

  const flags: FlagDraft[] = [];
  // Sorted first, so of two spellings of one name the same one is shown whatever the input order.
  const reports = new Map(
    [...cx.input.reports].sort(compare).map((r) => [words(r).join(' '), r.trim()] as const),
  );
  for (const [key, name] of [...reports].sort((a, b) => compare(a[0], b[0]))) {
    const who = words(name);
    if (who.length === 0) continue;
    const theirs = events.filter((x) => isWith(x, name));
    const held = theirs.filter(({ e }) => e.counted && !e.declined && !e.cancelled);
    const heldDays = new Set(held.map((x) => x.date));
    const assumed = done.filter((x) => samePerson(who, x.words) && !heldDays.has(x.date));
    const minutes =
      sum(held.map(({ e }) => minutesOf(e))) + assumed.length * FLAG_THRESHOLDS.assumedOneOnOneMinutes;
    const weekly = (minutes / days.length) * 7;
    if (weekly >= cx.config.minOneOnOneMinutesPerWeek) continue;

    const assumedNote = `counted as ${duration(FLAG_THRESHOLDS.assumedOneOnOneMinutes)} of 1:1 time`;
    const evidence: Evidence[] = [
      ...theirs.map(({ e, date }) => eventEvidence(e, date, name)),
      ...assumed.map(({ c }) => commitmentEvidence(cx, c, assumedNote)),
    ];
    for (const w of weeks) {
      const inWeek = sum(held.filter((x) => within(x.date, w.start, w.end)).map(({ e }) => minutesOf(e)));
      // The latest week carries the total and the average the sentence names.
      const all =
        w === weeks[weeks.length - 1] && minutes > 0
          ? `; ${duration(minutes)} of 1:1 time with them in ${span}, ${weeklyText(weekly)} a week`
          : '';
      evidence.push(weekEvidence(w, `${duration(inWeek)} of 1:1 time with ${name} in the calendar${all}`));
    }
    const min = `${cx.config.minOneOnOneMinutesPerWeek} min a week`;
    flags.push({
      id: 'interference',
      severity: 'warning',
      subject: `report:${key}`,
      text:
        minutes === 0
          ? `You have had no 1:1 time with ${name} in ${span}; every report should get at least ${min}.`
          : `Over ${span} you spent ${duration(minutes)} in 1:1s with ${name}, ` +
            `${weeklyText(weekly)} a week, under the ${min} every report should get.`,
      evidence,
    });
  }
  return flags;
}

/** Rounded down below an hour, so 14.9 never reads as "15 min a week, under the 15 min". */
function weeklyText(minutes: number): string {
  return minutes < 60 ? `${Math.floor(minutes)} min` : duration(minutes);
}

function minutesOf(e: ModelEvent): number {
  return (Date.parse(e.end) - Date.parse(e.start)) / 60_000;
}

/** Over the IC budget this week while decisions are overdue. */
function decisionsOverdueOverBudget(cx: FlagContext): FlagDraft[] {
  const current = cx.current;
  if (!current || !isOverBudget(cx, current)) return [];
  const overdue = cx.commitments.filter(
    (c): c is Commitment & { due: string } =>
      c.kind === 'decision' && c.status === 'open' && isOverdue(c, cx.today),
  );
  if (overdue.length === 0) return [];
  return [
    {
      id: 'interference',
      severity: 'alert',
      text:
        `You are over your IC budget this week (${duration(cx.weekIc(current))} of ${duration(current.budgetMinutes)}) ` +
        `while ${overdue.length === 1 ? 'a decision is' : `${overdue.length} decisions are`} overdue: ` +
        `${listing(overdue.map((c) => `${quote(c.title)} (due ${dayLabel(c.due)})`))}.`,
      evidence: [
        weekEvidence(current, budgetNote(cx, current)),
        ...overdue.map((c) => commitmentEvidence(cx, c)),
      ],
    },
  ];
}
