import { AppError } from '../../errors.js';
import type {
  CoverageSpan,
  DayModel,
  GitSessionEstimate,
  IcTime,
  LeadershipKind,
  ModelEvent,
  TimeSummary,
  WeekModel,
  WorkingHours,
} from '../insight/insight-types.js';
import { largest } from '../numbers.js';
import { addDays, isValidLocalDate, isValidTimeZone, startOfDay, utcDate, weekOf } from '../time.js';
import type { IcSession, Instant, LocalDate } from '../types.js';
import { Zone } from '../zone.js';

/**
 * The time model: where one leader's day went, in their own time zone, from three kinds of
 * evidence — classified calendar events, logged IC sessions and IC sessions estimated from git.
 * Pure and deterministic: the same evidence always gives the same figures, whatever order it
 * arrives in. All figures are whole minutes; instants are rounded to the nearest minute first,
 * so a figure never depends on a stray second and the parts of a day always add up.
 *
 * The definitions below are product decisions (docs/decisions/0007-time-model.md); the tests pin
 * each one. The promise behind them: every figure is true, or says it does not know.
 *
 * **Coverage.** A day is covered when the leader's calendars speak for at least half of it (their
 * import or sync windows, `calendarCoverage`). On a day no calendar covers, every calendar figure —
 * leadership, meetings, focus, fragmented, longest block, switches, planned IC — is `null`: a zero
 * would claim an empty calendar, and a whole free day would invent focus time. Logged and
 * git-inferred IC are known without a calendar.
 *
 * **Done and planned.** `now` splits the day: calendar time before it happened (or was meant to),
 * time after it is planned. Planned is never counted as done. Without `now` the day is wholly past.
 *
 * **Which events take time.** Timed events with `counted` set (not declined, cancelled, free or
 * all-day) take their minutes. An event is cut at local midnight: each day gets only the part that
 * falls on it. A DST day is as long as it really is (23 or 25 hours in Europe/Berlin).
 *
 * **Busy time.** Every event that is not declined, cancelled or free (`transparent`) makes the leader
 * busy: meetings, and personal events too (lunch, the dentist, a school pick-up). An all-day event
 * that is not free (an offsite, a day out of office) makes the whole working window of its days
 * busy, but adds no minutes of meetings or leadership: it says the leader was taken, not for how
 * long they met anyone. Blocks the leader booked for deep work themselves — category `focus` or
 * class `ic` — are not busy: they are what focus time is for.
 *
 * **Meeting minutes.** The union of counted events whose category is neither `focus` nor
 * `personal`, whatever their class: two overlapping meetings take the time once.
 *
 * **Leadership minutes.** The union of counted events of class `leadership`, up to `now` (the rest
 * is `leadershipPlannedMinutes`). For the split by kind, each minute where leadership events overlap
 * goes to the one that started first (then the longer one, then the lower key), so the kinds add up
 * to the total. A leadership event whose category is not a leadership kind (a user rule may class
 * "Planning" as leadership with category `other`) counts in the total but in no kind.
 *
 * **IC time** has three kinds, never mixed:
 * - *logged*: sessions whose `date` is this day. Sessions with a start are intervals (overlapping
 *   ones count once; a session counts wholly on its `date`, even past midnight, so the model agrees
 *   with the journal); sessions without a start add their minutes.
 * - *inferred*: past evidence of IC that no logged session covers — the union of git session
 *   estimates and class-`ic` calendar blocks before `now`, cut at midnight. A calendar block loses
 *   the minutes when the leader was busy with something else (a meeting booked over it, an
 *   offsite), since one cannot be in both; commits are evidence of their own and lose nothing.
 *   A logged session with a start takes away the inferred minutes it overlaps; the minutes of
 *   sessions without a start take away at most as many inferred minutes of the day.
 * - *planned*: class-`ic` calendar blocks after `now` that no logged session covers, less busy time.
 * `done` = logged + inferred = |logged intervals| + max(minutes-only, inferred left), so adding a
 * log never lowers IC done (the property tests hold it).
 *
 * **Working hours.** On a day whose ISO weekday is in `workingHours.days`, the window runs from
 * `start` to `end` local time; `workingMinutes` is its real length (a window that a DST switch
 * falls into is an hour shorter or longer). On other days the window is empty and every
 * working-hours figure is 0 on a covered day.
 *
 * **Focus and fragmented time.** Inside the window, the gaps between busy times are free blocks;
 * a block of at least `focusBlockMinutes` (default 120) is focus time, shorter blocks are
 * fragmented time, and `longestBlockMinutes` is the longest block. So focus + fragmented +
 * busy-in-window = workingMinutes. They describe the day's calendar as a whole, hours still ahead
 * included: they are room for deep work, not deep work done.
 *
 * **Context switches.** Inside the window, the day is laid out as a timeline of activities: each
 * meeting is an activity of its category (class-`ic` events excepted), and every IC interval —
 * a logged session with a start, a git estimate, a class-`ic` event — is the activity `ic`, on any
 * day (IC evidence says when IC happened even where logged minutes decide how much). Where a
 * meeting overlaps IC, the meeting holds that time; where meetings overlap each other, the
 * earlier-starting one does (as for leadership kinds). Walking the timeline, moving from one
 * activity to a different one is a switch when the gap between them is at most 15 minutes; after
 * a longer gap (lunch, a walk) the leader starts fresh and no switch is counted. Two meetings of
 * the same kind back to back are one activity. Example: coding 09:00–10:00, 1:1 10:05–10:30
 * (switch 1: 5-minute gap), another 1:1 10:30–11:00 (same kind), team meeting 11:00–11:45
 * (switch 2), coding 13:00–15:00 (75-minute gap: fresh start) → 2 switches.
 */

export const DEFAULT_FOCUS_BLOCK_MINUTES = 120;
/** A gap longer than this between two activities is a break, not a switch. */
export const SWITCH_GAP_MINUTES = 15;

export interface DayInput {
  date: LocalDate;
  /** IANA time zone of the leader. */
  tz: string;
  workingHours: WorkingHours;
  /** Events of any day: each is cut to this day. */
  events: readonly ModelEvent[];
  /** Sessions of any day: only those whose `date` is this day count. */
  sessions: readonly IcSession[];
  /** Estimates of any day: each is cut to this day by its start and end (its `date` is not used). */
  gitSessions: readonly GitSessionEstimate[];
  /** The stretches the leader's calendars speak for; a day outside them has no calendar figures. */
  calendarCoverage: readonly CoverageSpan[];
  /** The present: calendar time before it is done, after it planned. Omitted: the day is past. */
  now?: Instant | undefined;
  focusBlockMinutes?: number | undefined;
}

export interface RangeInput extends Omit<DayInput, 'date'> {
  /** First day, inclusive. */
  from: LocalDate;
  /** Last day, inclusive. */
  to: LocalDate;
}

/**
 * The events `modelRange` would place on a day of [from, to]: timed events that overlap its local
 * days (a minute's margin either side, for the rounding to minutes) and all-day events by their
 * dates. `modelRange` of those gives the same days as of every event, so long work can model a
 * range a few days at a time, handing each part only what is near it (app/insight/model.ts).
 */
export function eventsForRange(
  events: readonly ModelEvent[],
  from: LocalDate,
  to: LocalDate,
  tz: string,
): ModelEvent[] {
  const first = utcText(Date.parse(startOfDay(from, tz)) - 60_000);
  const last = utcText(Date.parse(startOfDay(addDays(to, 1), tz)) + 60_000);
  return events.filter((e) => {
    if (e.allDay === true) {
      const start = e.startDate ?? e.start.slice(0, 10);
      const end = e.endDate ?? e.end.slice(0, 10);
      return start <= to && (end > start ? end : addDays(start, 1)) > from;
    }
    // Compared as text, which orders UTC instants of one shape as time does: this runs over every
    // event of a stretch for each few days of it, and parsing each one every time cost seconds.
    const start = utc(e.start);
    const end = utc(e.end);
    return start < last && (end >= first || start >= first);
  });
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ`, the shape instants are stored in. */
function utcText(ms: number): string {
  return new Date(ms).toISOString();
}

/** An instant in the stored shape: as it is when it has that shape, else converted. */
function utc(instant: string): string {
  return instant.length === 24 && instant.endsWith('Z') ? instant : utcText(Date.parse(instant));
}

/** One day of the model. */
export function modelDay(input: DayInput): DayModel {
  const date = checkDate(input.date, 'date');
  return modelRange({ ...input, from: date, to: date })[0]!;
}

/**
 * Every day from `from` to `to` inclusive, oldest first. Each input is read once and handed only
 * to the days it touches, so years of history cost time in proportion to days plus records.
 */
export function modelRange(input: RangeInput): DayModel[] {
  const settings = settingsOf(input);
  const from = checkDate(input.from, 'from');
  const to = checkDate(input.to, 'to');
  if (from > to) {
    throw new AppError('invalid', `The range starts (${from}) after it ends (${to}); expected from ≤ to.`, {
      field: 'from',
    });
  }
  const now = input.now === undefined ? Number.POSITIVE_INFINITY : minuteOf(input.now, 'Now', 'now');
  const clock = new LocalClock(input.tz);
  const coverage = union(input.calendarCoverage.map((c) => parseSpan(c.from, c.to, 'A calendar window')));
  const days: DayBucket[] = [];
  for (let d = from; d <= to; d = nextDate(d)) {
    days.push({ frame: frameOf(clock, d, settings, coverage), events: [], allDay: [], git: [] });
  }
  const place = <T extends Span>(item: T, bucket: (day: DayBucket) => T[]) => {
    // Days are consecutive, so the first day the item touches is found by bisection.
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]!.frame.day.end <= item.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < days.length && days[i]!.frame.day.start < item.end; i++) bucket(days[i]!).push(item);
  };
  const byDate = new Map(days.map((d) => [d.frame.date, d]));
  for (const e of input.events) {
    const parsed = parseEvent(e);
    if (parsed.allDayFrom !== undefined) {
      // An all-day event belongs to its local days, whatever zone its instants were written in.
      for (let d = parsed.allDayFrom; d < parsed.allDayTo!; d = nextDate(d)) {
        if (d > to) break;
        if (d >= from) byDate.get(d)?.allDay.push(parsed);
      }
    } else place(parsed, (d) => d.events);
  }
  for (const g of input.gitSessions) place(parseGit(g), (d) => d.git);
  const sessions = new Map<LocalDate, Iv[]>();
  for (const s of input.sessions) {
    if (s.date < from || s.date > to) continue;
    const list = sessions.get(s.date);
    if (list === undefined) sessions.set(s.date, [parseSession(s)]);
    else list.push(parseSession(s));
  }
  return days.map((d) =>
    modelParsedDay(d.frame, settings, now, d.events, d.allDay, sessions.get(d.frame.date) ?? [], d.git),
  );
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Adds up a figure over the days that know it; `null` when none does. */
export function sumKnown(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : sumOf(known);
}

/** The three kinds of IC time added up over days (planned over the days a calendar covers). */
export function addIc(parts: readonly IcTime[]): IcTime {
  const logged = sumOf(parts.map((p) => p.logged));
  const inferred = sumOf(parts.map((p) => p.inferred));
  return { logged, inferred, planned: sumKnown(parts.map((p) => p.planned)), done: logged + inferred };
}

/**
 * Adds up days of one ISO week. Calendar figures are summed over the days a calendar covers (and
 * `null` when none is; `coverage` says how many); `longestBlockMinutes` is the longest block of
 * any day; `budgetUsedPct` is IC done over the budget, as a rounded percent (over 100 when over
 * budget; with a zero budget, 100 as soon as there is any IC, since any IC is then over budget).
 */
export function modelWeek(days: readonly DayModel[], budgetMinutes: number): WeekModel {
  if (!Number.isFinite(budgetMinutes) || budgetMinutes < 0) {
    throw new AppError('invalid', `The IC budget must be 0 or more minutes a week, not ${budgetMinutes}.`, {
      field: 'budgetMinutes',
    });
  }
  const first = days[0];
  if (first === undefined) {
    throw new AppError('invalid', 'A week needs at least one day to add up; none was given.', {
      field: 'days',
    });
  }
  const week = weekOf(first.date);
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let previous: LocalDate | undefined;
  for (const d of sorted) {
    if (d.date < week.start || d.date > week.end) {
      throw new AppError(
        'invalid',
        `${d.date} is not in the week of ${week.start} to ${week.end}; a week adds up days of one ISO week only.`,
        { field: 'days' },
      );
    }
    if (d.date === previous) {
      throw new AppError('invalid', `${d.date} appears twice; each day of a week is counted once.`, {
        field: 'days',
      });
    }
    previous = d.date;
  }
  const covered = sorted.filter((d) => d.calendar);
  let leadership: Record<LeadershipKind, number> | null = null;
  if (covered.length > 0) {
    leadership = noLeadership();
    for (const d of covered)
      for (const kind of LEADERSHIP_KINDS) leadership[kind] += d.leadership?.[kind] ?? 0;
  }
  const ic = addIc(sorted.map((d) => d.ic));
  const longest = sorted.map((d) => d.longestBlockMinutes).filter((v): v is number => v !== null);
  const budgetUsedPct =
    budgetMinutes > 0 ? Math.round((ic.done / budgetMinutes) * 100) : ic.done > 0 ? 100 : 0;
  return {
    start: week.start,
    end: week.end,
    days: sorted,
    ic,
    icMinutes: ic.done,
    leadership,
    leadershipMinutes: sumKnown(sorted.map((d) => d.leadershipMinutes)),
    leadershipPlannedMinutes: sumKnown(sorted.map((d) => d.leadershipPlannedMinutes)),
    meetingMinutes: sumKnown(sorted.map((d) => d.meetingMinutes)),
    focusMinutes: sumKnown(sorted.map((d) => d.focusMinutes)),
    fragmentedMinutes: sumKnown(sorted.map((d) => d.fragmentedMinutes)),
    contextSwitches: sumKnown(sorted.map((d) => d.contextSwitches)),
    longestBlockMinutes: longest.length === 0 ? null : largest(longest),
    coverage: { days: sorted.length, calendarDays: covered.length },
    budgetUsedPct,
    budgetMinutes,
  };
}

/**
 * The time figures of any stretch of days — a week, a report's range — as every surface shows
 * them. Calendar figures add up the days a calendar covers, and are `null` when none is.
 */
export function timeSummary(days: readonly DayModel[]): TimeSummary {
  return {
    ic: addIc(days.map((d) => d.ic)),
    leadership: sumKnown(days.map((d) => d.leadershipMinutes)),
    focus: sumKnown(days.map((d) => d.focusMinutes)),
    fragmented: sumKnown(days.map((d) => d.fragmentedMinutes)),
    coverage: { days: days.length, calendarDays: days.filter((d) => d.calendar).length },
    days: days.map((d) => ({
      date: d.date,
      calendar: d.calendar,
      ic: d.ic,
      leadership: d.leadershipMinutes,
      focus: d.focusMinutes,
      fragmented: d.fragmentedMinutes,
    })),
  };
}

// ---------------------------------------------------------------- one day

/** Half-open [start, end) in minutes since the Unix epoch. */
interface Span {
  start: number;
  end: number;
}

interface Ev extends Span {
  /** The event's own start and end, kept when it is cut to a day or a window: they decide who holds an overlap. */
  fullStart: number;
  fullEnd: number;
  key: string;
  category: ModelEvent['category'];
  timeClass: ModelEvent['timeClass'];
  /** Takes minutes of its own: timed, not declined, cancelled or free. */
  counted: boolean;
  /** Makes the leader busy (see the file's comment): not declined, cancelled, free, nor a deep-work block. */
  busy: boolean;
  /** All-day events: their local days, `allDayTo` exclusive. */
  allDayFrom?: LocalDate;
  allDayTo?: LocalDate;
}

/** An IC interval; a logged session without a start has only `minutes`. */
interface Iv extends Span {
  minutes: number;
  hasStart: boolean;
}

interface Settings {
  workDays: ReadonlySet<number>;
  /** Minutes after local midnight; `end` may be 1440 (24:00). */
  start: number;
  end: number;
  focusBlockMinutes: number;
}

const LEADERSHIP_KINDS: readonly LeadershipKind[] = ['one-on-one', 'team-meeting', 'interview', 'external'];

function noLeadership(): Record<LeadershipKind, number> {
  return { 'one-on-one': 0, 'team-meeting': 0, interview: 0, external: 0 };
}

function isLeadershipKind(category: ModelEvent['category']): category is LeadershipKind {
  return (LEADERSHIP_KINDS as readonly string[]).includes(category);
}

function isMeeting(e: Ev): boolean {
  return e.category !== 'focus' && e.category !== 'personal';
}

/** A local day, its working window (none on a day off), as instants, and whether a calendar covers it. */
interface Frame {
  date: LocalDate;
  day: Span;
  window: Span | undefined;
  calendar: boolean;
}

interface DayBucket {
  frame: Frame;
  events: Ev[];
  allDay: Ev[];
  git: Iv[];
}

function frameOf(clock: LocalClock, date: LocalDate, settings: Settings, coverage: readonly Span[]): Frame {
  const day = clock.dayBounds(date);
  let covered = 0;
  for (const c of coverage) covered += Math.max(0, Math.min(c.end, day.end) - Math.max(c.start, day.start));
  return {
    date,
    day,
    window: settings.workDays.has(isoWeekday(date))
      ? clock.window(date, settings.start, settings.end)
      : undefined,
    // Import windows start at a local midnight; half a day keeps a window written in another zone
    // (before the leader moved) from claiming the edge day it barely touches.
    calendar: covered * 2 >= day.end - day.start,
  };
}

/** The day's busy time: timed busy events, and the working window of busy all-day events. */
function busyTime(events: readonly Ev[], allDay: readonly Ev[], window: Span | undefined): Span[] {
  const spans: Span[] = events.filter((e) => e.busy);
  if (window !== undefined && allDay.some((e) => e.busy)) spans.push(window);
  return union(spans);
}

function modelParsedDay(
  { date, day, window, calendar }: Frame,
  settings: Settings,
  now: number,
  allEvents: readonly Ev[],
  allDayEvents: readonly Ev[],
  logged: readonly Iv[],
  git: readonly Iv[],
): DayModel {
  const onDay = allEvents
    .map((e) => clipTo(e, day))
    .filter((e): e is Ev => e !== undefined)
    .sort(byStartLongestKey);
  const events = onDay.filter((e) => e.counted);
  const busy = busyTime(onDay, allDayEvents, window);
  const past = { start: day.start, end: Math.min(day.end, now) };
  const ahead = { start: Math.max(day.start, now), end: day.end };

  // IC: logged intervals first; the evidence of IC they do not cover is inferred (before now) or
  // planned (after now). Calendar blocks lose the time the leader was busy elsewhere.
  const loggedSpans = union(logged.filter((s) => s.hasStart));
  const loggedOnlyMinutes = sumOf(logged.filter((s) => !s.hasStart).map((s) => s.minutes));
  const icBlocks = subtract(union(events.filter((e) => e.timeClass === 'ic')), busy);
  const gitToday = git.map((g) => clipTo(g, day)).filter((g): g is Iv => g !== undefined);
  const evidence = subtract(union([...icBlocks, ...gitToday]), loggedSpans);
  const inferredRaw = lengthOf(evidence.map((s) => clipTo(s, past)).filter((s) => s !== undefined));
  const loggedMinutes = lengthOf(loggedSpans) + loggedOnlyMinutes;
  const inferred = Math.max(0, inferredRaw - loggedOnlyMinutes);
  const ic = {
    logged: loggedMinutes,
    inferred,
    planned: calendar
      ? lengthOf(
          subtract(icBlocks, loggedSpans)
            .map((s) => clipTo(s, ahead))
            .filter((s) => s !== undefined),
        )
      : null,
    done: loggedMinutes + inferred,
  };
  const unknown = {
    date,
    calendar: false,
    ic,
    icMinutes: ic.done,
    leadership: null,
    leadershipMinutes: null,
    leadershipPlannedMinutes: null,
    meetingMinutes: null,
    focusMinutes: null,
    fragmentedMinutes: null,
    contextSwitches: null,
    longestBlockMinutes: null,
    workingMinutes: window === undefined ? 0 : window.end - window.start,
  };
  if (!calendar) return unknown;

  const leadership = noLeadership();
  let leadershipMinutes = 0;
  let leadershipPlannedMinutes = 0;
  for (const seg of firstComeSegments(events.filter((e) => e.timeClass === 'leadership'))) {
    const done = clipTo(seg, past);
    const minutes = done === undefined ? 0 : done.end - done.start;
    leadershipMinutes += minutes;
    leadershipPlannedMinutes += seg.end - seg.start - minutes;
    if (isLeadershipKind(seg.owner.category)) leadership[seg.owner.category] += minutes;
  }
  const meetings = events.filter(isMeeting);
  const base = {
    ...unknown,
    calendar: true,
    leadership,
    leadershipMinutes,
    leadershipPlannedMinutes,
    meetingMinutes: unionLength(meetings),
  };
  if (window === undefined) {
    return { ...base, focusMinutes: 0, fragmentedMinutes: 0, contextSwitches: 0, longestBlockMinutes: 0 };
  }

  const { focusMinutes, fragmentedMinutes, longestBlockMinutes } = freeBlocks(busy, window, settings);
  const icIntervals = [
    ...logged.filter((s) => s.hasStart),
    ...gitToday,
    ...events.filter((e) => e.timeClass === 'ic'),
  ];
  return {
    ...base,
    focusMinutes,
    fragmentedMinutes,
    contextSwitches: contextSwitches(
      meetings.filter((m) => m.timeClass !== 'ic'),
      icIntervals,
      window,
    ),
    longestBlockMinutes,
  };
}

/** The free time of a working window around the merged busy spans, split into focus and fragmented. */
function freeBlocks(busy: readonly Span[], window: Span, settings: Settings) {
  let focusMinutes = 0;
  let fragmentedMinutes = 0;
  let longestBlockMinutes = 0;
  const inWindow = busy.map((b) => clipTo(b, window)).filter((b) => b !== undefined);
  for (const free of complement(inWindow, window)) {
    const minutes = free.end - free.start;
    if (minutes >= settings.focusBlockMinutes) focusMinutes += minutes;
    else fragmentedMinutes += minutes;
    longestBlockMinutes = Math.max(longestBlockMinutes, minutes);
  }
  return { focusMinutes, fragmentedMinutes, longestBlockMinutes };
}

/**
 * Focus time still ahead on a day from the instant `from`: free blocks of at least
 * `focusBlockMinutes` in what is left of the working window. At 14:00 with meetings at 15:00–15:30
 * and working hours to 18:00, that is 150 min (15:30–18:00); the 60 min before the meeting are too
 * short to count. Before the window opens it is the day's whole focus time; after it closes, 0.
 * `null` when no calendar covers the day: free time is then unknown.
 */
export function focusMinutesLeft(input: Omit<DayInput, 'now'> & { from: Instant }): number | null {
  const settings = settingsOf(input);
  const date = checkDate(input.date, 'date');
  const coverage = union(input.calendarCoverage.map((c) => parseSpan(c.from, c.to, 'A calendar window')));
  const { day, window, calendar } = frameOf(new LocalClock(input.tz), date, settings, coverage);
  if (!calendar) return null;
  if (window === undefined) return 0;
  const left = {
    start: Math.max(window.start, minuteOf(input.from, 'The time to count from', 'from')),
    end: window.end,
  };
  if (left.start >= left.end) return 0;
  const parsed = input.events.map(parseEvent);
  const timed = parsed
    .filter((e) => e.allDayFrom === undefined)
    .map((e) => clipTo(e, day))
    .filter((e): e is Ev => e !== undefined);
  const allDay = parsed.filter(
    (e) => e.allDayFrom !== undefined && e.allDayFrom <= date && date < e.allDayTo!,
  );
  return freeBlocks(busyTime(timed, allDay, window), left, settings).focusMinutes;
}

interface Activity extends Span {
  label: string;
}

function contextSwitches(meetings: readonly Ev[], ic: readonly Span[], window: Span): number {
  const inWindow = meetings
    .map((m) => clipTo(m, window))
    .filter((m): m is Ev => m !== undefined)
    .sort(byStartLongestKey);
  const held = firstComeSegments(inWindow);
  const activities: Activity[] = held.map((s) => ({ start: s.start, end: s.end, label: s.owner.category }));
  const icSpans = union(ic.map((s) => clipTo(s, window)).filter((s) => s !== undefined));
  for (const s of subtract(icSpans, union(held))) activities.push({ ...s, label: 'ic' });
  activities.sort((a, b) => a.start - b.start);

  let switches = 0;
  let previous: Activity | undefined;
  for (const a of activities) {
    if (
      previous !== undefined &&
      a.label !== previous.label &&
      a.start - previous.end <= SWITCH_GAP_MINUTES
    ) {
      switches++;
    }
    previous = a;
  }
  return switches;
}

// ---------------------------------------------------------------- intervals

function clipTo<T extends Span>(item: T, to: Span): T | undefined {
  const start = Math.max(item.start, to.start);
  const end = Math.min(item.end, to.end);
  return start < end ? { ...item, start, end } : undefined;
}

/**
 * The event that really started first (not where it was cut at midnight or the window's edge); at
 * the same start the longer one; then by key, so input order never matters. Cutting keeps starts
 * in this order, which is what firstComeSegments relies on.
 */
function byStartLongestKey(a: Ev, b: Ev): number {
  return a.fullStart - b.fullStart || b.fullEnd - a.fullEnd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Cuts sorted, possibly overlapping events into non-overlapping segments, each minute going to the
 * earliest-starting event that covers it: an event only gets what those before it left uncovered.
 */
function firstComeSegments(sorted: readonly Ev[]): { start: number; end: number; owner: Ev }[] {
  const out: { start: number; end: number; owner: Ev }[] = [];
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const e of sorted) {
    const start = Math.max(e.start, coveredUntil);
    if (e.end > start) out.push({ start, end: e.end, owner: e });
    coveredUntil = Math.max(coveredUntil, e.end);
  }
  return out;
}

/** Merged, sorted, non-overlapping spans covering the same minutes. */
function union(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

function unionLength(spans: readonly Span[]): number {
  return lengthOf(union(spans));
}

/** Total minutes of spans that do not overlap. */
function lengthOf(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + s.end - s.start, 0);
}

/** The parts of `within` that no span of the merged, sorted `spans` covers. */
function complement(spans: readonly Span[], within: Span): Span[] {
  const out: Span[] = [];
  let at = within.start;
  for (const s of spans) {
    if (s.start > at) out.push({ start: at, end: s.start });
    at = Math.max(at, s.end);
  }
  if (within.end > at) out.push({ start: at, end: within.end });
  return out;
}

/** The parts of merged, sorted `spans` that merged, sorted `minus` does not cover. */
function subtract(spans: readonly Span[], minus: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const s of spans) {
    let at = s.start;
    while (j < minus.length && minus[j]!.end <= at) j++;
    for (let k = j; k < minus.length && minus[k]!.start < s.end; k++) {
      if (minus[k]!.start > at) out.push({ start: at, end: minus[k]!.start });
      at = Math.max(at, minus[k]!.end);
    }
    if (s.end > at) out.push({ start: at, end: s.end });
  }
  return out;
}

// ---------------------------------------------------------------- input checks

// A bare "2026-11-25T10:00" would be read in the machine's zone: an instant must carry its own.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minuteOf(instant: string, what: string, field: string): number {
  const ms = INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new AppError(
      'invalid',
      `${what} has "${instant}" as a time; expected an ISO timestamp with a zone, e.g. 2026-11-25T13:06:24.000Z.`,
      { field },
    );
  }
  return Math.round(ms / 60_000);
}

function parseSpan(start: string, end: string, what: string): Span {
  const s = minuteOf(start, what, 'start');
  const e = minuteOf(end, what, 'end');
  if (e < s) {
    throw new AppError(
      'invalid',
      `${what} ends (${end}) before it starts (${start}); expected end ≥ start.`,
      {
        field: 'end',
      },
    );
  }
  return { start: s, end: e };
}

function parseEvent(e: ModelEvent): Ev {
  const span = parseSpan(e.start, e.end, `Event "${e.title}" (${e.key})`);
  const called = e.declined || e.cancelled || e.transparent === true;
  const ev: Ev = {
    ...span,
    fullStart: span.start,
    fullEnd: span.end,
    key: e.key,
    category: e.category,
    timeClass: e.timeClass,
    counted: e.counted && !called && e.allDay !== true,
    busy: !called && e.category !== 'focus' && e.timeClass !== 'ic',
  };
  if (e.allDay === true) {
    const from = e.startDate ?? e.start.slice(0, 10);
    const to = e.endDate ?? e.end.slice(0, 10);
    ev.allDayFrom = checkDate(from, 'startDate');
    ev.allDayTo = to > from ? checkDate(to, 'endDate') : nextDate(from);
  }
  return ev;
}

function parseGit(g: GitSessionEstimate): Iv {
  const span = parseSpan(g.start, g.end, `The git session of ${g.date} starting ${g.start}`);
  return { ...span, minutes: span.end - span.start, hasStart: true };
}

function parseSession(s: IcSession): Iv {
  if (!Number.isFinite(s.minutes) || s.minutes < 0) {
    throw new AppError(
      'invalid',
      `IC session "${s.title}" on ${s.date} has ${s.minutes} minutes; expected 0 or more.`,
      { field: 'minutes' },
    );
  }
  if (s.startedAt === undefined) return { start: 0, end: 0, minutes: s.minutes, hasStart: false };
  const start = minuteOf(s.startedAt, `IC session "${s.title}" on ${s.date}`, 'startedAt');
  return { start, end: start + s.minutes, minutes: s.minutes, hasStart: true };
}

function checkDate(date: LocalDate, field: string): LocalDate {
  if (!isValidLocalDate(date)) {
    throw new AppError('invalid', `"${date}" is not a date; expected YYYY-MM-DD, e.g. 2026-11-25.`, {
      field,
    });
  }
  return date;
}

function clockMinutes(value: string, field: string, allowMidnightEnd: boolean): number {
  if (allowMidnightEnd && value === '24:00') return 1440;
  const m = CLOCK.exec(value);
  if (m === null) {
    throw new AppError(
      'invalid',
      `Working hours ${field} "${value}" is not a time of day; expected HH:MM, e.g. 09:00.`,
      { field: `workingHours.${field}` },
    );
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

function settingsOf(input: Omit<DayInput, 'date'>): Settings {
  if (!isValidTimeZone(input.tz)) {
    throw new AppError(
      'invalid',
      `"${input.tz}" is not a time zone; expected an IANA name such as Europe/Berlin.`,
      {
        field: 'tz',
      },
    );
  }
  const { days, start, end } = input.workingHours;
  const bad = days.find((d) => !Number.isInteger(d) || d < 1 || d > 7);
  if (bad !== undefined) {
    throw new AppError(
      'invalid',
      `Working days must be ISO weekdays from 1 (Monday) to 7 (Sunday), not ${bad}.`,
      { field: 'workingHours.days' },
    );
  }
  const startMinute = clockMinutes(start, 'start', false);
  const endMinute = clockMinutes(end, 'end', true);
  if (endMinute <= startMinute) {
    throw new AppError(
      'invalid',
      `Working hours end (${end}) at or before they start (${start}); expected a window within one day, e.g. 09:00–18:00.`,
      { field: 'workingHours.end' },
    );
  }
  const focus = input.focusBlockMinutes ?? DEFAULT_FOCUS_BLOCK_MINUTES;
  if (!Number.isFinite(focus) || focus <= 0) {
    throw new AppError('invalid', `A focus block must be more than 0 minutes long, not ${focus}.`, {
      field: 'focusBlockMinutes',
    });
  }
  return { workDays: new Set(days), start: startMinute, end: endMinute, focusBlockMinutes: focus };
}

// ---------------------------------------------------------------- local time

function isoWeekday(date: LocalDate): number {
  const weekday = new Date(date + 'T00:00:00Z').getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Minutes since the epoch of a local date's midnight, read as if it were UTC. */
function wallMidnight(date: LocalDate): number {
  return Date.parse(date + 'T00:00:00Z') / 60_000;
}

/** The day after; refuses to step past 9999-12-31 (it would write `+010000-01-01`, which sorts first). */
function nextDate(date: LocalDate): LocalDate {
  return utcDate((wallMidnight(date) + 1440) * 60_000);
}

/**
 * Turns local wall-clock times into instants (epoch minutes) without building a luxon DateTime
 * per time (tens of microseconds each, which years of days notice).
 *
 * A wall time is resolved with the zone's offsets 14 hours before and 12 hours after it read as
 * UTC, which brackets every real offset. When they agree the time is plain. Otherwise a switch lies
 * in between: a time the switch repeats (fall back) means its first occurrence, and a time the
 * switch skips (spring forward) is moved forward by the gap, as luxon does — so the result never
 * depends on which day was asked about before.
 *
 * Midnights are remembered for the last few dates, since a day's end is the next day's start; a
 * stretch whose two ends agree is remembered as steady, so walking day by day asks the zone about
 * once a day; and on a day whose two midnights have the same offset (every day but a switch day:
 * zones do not switch twice in a day) a working window is plain arithmetic.
 */
class LocalClock {
  private readonly zone: Zone;
  /** date → [instant of its midnight, wall minus instant]. */
  private readonly midnights = new Map<LocalDate, [number, number]>();
  /** A stretch known to have one offset: its two ends agree, and no zone switches twice in 26 hours. */
  private steady: { from: number; to: number; offset: number } | undefined;

  constructor(tz: string) {
    // settingsOf has checked the zone.
    this.zone = Zone.of(tz)!;
  }

  /** The local day from its midnight to the next (23 or 25 hours long on DST days). */
  dayBounds(date: LocalDate): Span {
    return { start: this.midnight(date)[0], end: this.midnight(nextDate(date))[0] };
  }

  window(date: LocalDate, startMinute: number, endMinute: number): Span {
    const wall = wallMidnight(date);
    const [, offset] = this.midnight(date);
    if (offset === this.midnight(nextDate(date))[1]) {
      return { start: wall + startMinute - offset, end: wall + endMinute - offset };
    }
    return { start: this.instant(wall + startMinute), end: this.instant(wall + endMinute) };
  }

  private midnight(date: LocalDate): [number, number] {
    let known = this.midnights.get(date);
    if (known === undefined) {
      const wall = wallMidnight(date);
      const at = this.instant(wall);
      known = [at, wall - at];
      if (this.midnights.size >= 4) this.midnights.clear();
      this.midnights.set(date, known);
    }
    return known;
  }

  private instant(wall: number): number {
    const before = this.offset(wall - 14 * 60);
    const after = this.offset(wall + 12 * 60);
    if (before === after) {
      this.steady = { from: wall - 14 * 60, to: wall + 12 * 60, offset: before };
      return wall - before;
    }
    const early = wall - Math.max(before, after);
    if (this.offset(early) === Math.max(before, after)) return early;
    return wall - Math.min(before, after);
  }

  private offset(minute: number): number {
    const steady = this.steady;
    if (steady !== undefined && minute >= steady.from && minute <= steady.to) return steady.offset;
    return Math.round(this.zone.offset(minute * 60_000));
  }
}
