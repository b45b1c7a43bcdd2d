import { addDays } from './dates.js';

/**
 * The calendar week page's layout, as pure functions: which day each event falls on in the
 * leader's zone, where its block sits in a day's column, which events share a row of time (lanes),
 * and the words and colours of each category. No DOM and no browser clock: the zone is a parameter.
 */

/** What the layout needs of an event (the page passes `events.list` answers). */
export interface TimedEvent {
  start: string;
  end: string;
  allDay: boolean;
  /** The first and last-plus-one dates of an all-day event, as the calendar gave them. */
  startDate?: string | undefined;
  endDate?: string | undefined;
}

export interface Block<E> {
  event: E;
  /** Minutes since the day's local midnight, clipped to the day. */
  startMin: number;
  endMin: number;
  /** Overlapping events sit side by side: this one is in lane `lane` of `lanes`. */
  lane: number;
  lanes: number;
}

export interface DayLayout<E> {
  date: string;
  allDay: E[];
  /** By start, then by the longer first. */
  blocks: Block<E>[];
}

const DAY_MINUTES = 24 * 60;

/** The local date and minutes since local midnight of an instant in `tz`. */
export function localParts(instant: string, tz: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The dates an all-day event covers (its end date is the day after its last). */
function allDayDates(e: TimedEvent, tz: string): string[] {
  const first = e.startDate ?? localParts(e.start, tz).date;
  const after = e.endDate ?? localParts(e.end, tz).date;
  const dates = [first];
  for (let d = addDays(first, 1); d < after && dates.length < 366; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/**
 * The seven days from `weekStart`, each with its all-day events and its timed blocks. An event
 * that runs past midnight is drawn on each day it touches, clipped to that day.
 */
export function layoutWeek<E extends TimedEvent>(
  events: readonly E[],
  weekStart: string,
  tz: string,
): DayLayout<E>[] {
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const byDay = new Map(
    days.map((date) => [date, { date, allDay: [] as E[], spans: [] as Omit<Block<E>, 'lane' | 'lanes'>[] }]),
  );
  for (const e of events) {
    if (e.allDay) {
      for (const d of allDayDates(e, tz)) byDay.get(d)?.allDay.push(e);
      continue;
    }
    const a = localParts(e.start, tz);
    const b = localParts(e.end, tz);
    for (let d = a.date; d <= b.date; d = addDays(d, 1)) {
      const startMin = d === a.date ? a.minutes : 0;
      const endMin = d === b.date ? b.minutes : DAY_MINUTES;
      // An event ending at midnight touches the next day with nothing.
      if (endMin <= startMin && !(d === a.date && d === b.date)) continue;
      byDay.get(d)?.spans.push({ event: e, startMin, endMin });
    }
  }
  return days.map((date) => {
    const day = byDay.get(date)!;
    return { date, allDay: day.allDay, blocks: assignLanes(day.spans) };
  });
}

/** Events that overlap share the column's width; a group of overlaps ends where none continues. */
export function assignLanes<E>(spans: readonly Omit<Block<E>, 'lane' | 'lanes'>[]): Block<E>[] {
  const sorted = [...spans].sort((x, y) => x.startMin - y.startMin || y.endMin - x.endMin);
  const out: Block<E>[] = [];
  let group: Block<E>[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  const close = () => {
    for (const b of group) b.lanes = laneEnds.length;
    group = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    if (s.startMin >= groupEnd) close();
    // A zero-length event still needs a line of its own.
    const end = Math.max(s.endMin, s.startMin + 1);
    let lane = laneEnds.findIndex((e) => e <= s.startMin);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = end;
    const block: Block<E> = { ...s, lane, lanes: 1 };
    group.push(block);
    out.push(block);
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  return out;
}

/** The hours the columns show: whole hours around every timed event, at least 08:00–18:00. */
export function hourRange(days: readonly DayLayout<unknown>[]): { from: number; to: number } {
  let from = 8 * 60;
  let to = 18 * 60;
  for (const d of days) {
    for (const b of d.blocks) {
      from = Math.min(from, Math.floor(b.startMin / 60) * 60);
      to = Math.max(to, Math.ceil(b.endMin / 60) * 60);
    }
  }
  return { from, to };
}

/** A block's place in its column, in percent of the shown hours. */
export function position(
  block: Pick<Block<unknown>, 'startMin' | 'endMin' | 'lane' | 'lanes'>,
  range: { from: number; to: number },
): { top: number; height: number; left: number; width: number } {
  const span = range.to - range.from;
  const pct = (n: number) => Math.round(n * 1000) / 10;
  return {
    top: pct((block.startMin - range.from) / span),
    height: pct(Math.max(block.endMin - block.startMin, 15) / span),
    left: pct(block.lane / block.lanes),
    width: pct(1 / block.lanes),
  };
}

/** Minutes since midnight as `09:05`; 1440 (an event running to midnight) is `24:00`. */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface Category {
  id: string;
  /** Short, for the blocks and the legend. */
  label: string;
  /** The CSS class of its colour (styles.css, "Calendar and rules"). */
  cls: string;
}

/** In the legend's order; the colour is never the only cue: every block also says its label. */
export const CATEGORIES: readonly Category[] = [
  { id: 'focus', label: 'IC', cls: 'cat-ic' },
  { id: 'one-on-one', label: '1:1', cls: 'cat-one' },
  { id: 'team-meeting', label: 'Team', cls: 'cat-team' },
  { id: 'interview', label: 'Interview', cls: 'cat-interview' },
  { id: 'external', label: 'External', cls: 'cat-external' },
  { id: 'personal', label: 'Personal', cls: 'cat-personal' },
  { id: 'other', label: 'Other', cls: 'cat-other' },
];

export function categoryOf(id: string): Category {
  return CATEGORIES.find((c) => c.id === id) ?? { id, label: id, cls: 'cat-other' };
}

/** What the leader sees on an event that takes none of their time, or undefined when it counts. */
export function statusText(e: {
  cancelled: boolean;
  declined: boolean;
  transparent: boolean;
  allDay: boolean;
}): string | undefined {
  if (e.cancelled) return 'cancelled';
  if (e.declined) return 'declined';
  if (e.transparent) return 'free, not counted';
  return undefined;
}

/** Struck through in the page: the event did not happen, or not for the leader. */
export function struck(e: { cancelled: boolean; declined: boolean }): boolean {
  return e.cancelled || e.declined;
}

/** Timed minutes of an event, for "this event is 2 h". */
export function lengthMinutes(e: { start: string; end: string }): number {
  return Math.max(0, Math.round((Date.parse(e.end) - Date.parse(e.start)) / 60_000));
}
