import { z } from 'zod';
import { addDays, dayDifference, isDateInRange } from '../time.js';
import { type Commitment, type LocalDate, MAX_EVERY, type Recurrence } from '../types.js';

/**
 * Repeating commitments. Each occurrence is a commitment of its own (it can be postponed, done or
 * cancelled like any other); closing one adds the next, with the same series id. Dates are counted
 * from the series' first due date, so a monthly one due on 31 January falls on the last day of
 * February and is back on 31 March, instead of drifting to the 28th for good.
 */

const WORDS: Record<string, Recurrence> = {
  week: { unit: 'week', every: 1 },
  weekly: { unit: 'week', every: 1 },
  fortnight: { unit: 'week', every: 2 },
  fortnightly: { unit: 'week', every: 2 },
  month: { unit: 'month', every: 1 },
  monthly: { unit: 'month', every: 1 },
};

/** `week`, `weekly`, `2w` (every 2 weeks), `month`, `monthly`, `3m`; undefined for anything else. */
export function parseRecurrence(text: string): Recurrence | undefined {
  const t = text.trim().toLowerCase();
  const word = WORDS[t];
  if (word !== undefined) return { ...word };
  const m = /^(\d{1,3})\s*(w|m)$/.exec(t);
  if (m === null) return undefined;
  const every = Number(m[1]);
  if (every < 1 || every > MAX_EVERY) return undefined;
  return { unit: m[2] === 'w' ? 'week' : 'month', every };
}

export const RECURRENCE_HELP = `week, 2w (every 2 weeks; up to ${MAX_EVERY}w), month or 3m (every 3 months)`;

/** A recurrence as a person types it (`--every 2w`), read into the record's shape. */
export const recurrenceText = z.string().transform((text, ctx): Recurrence => {
  const r = parseRecurrence(text);
  if (r !== undefined) return r;
  ctx.addIssue({ code: 'custom', message: `expected ${RECURRENCE_HELP}` });
  return z.NEVER;
});

/** The due date an occurrence was given before any postponement: where the series put it. */
export function scheduledDue(c: Commitment): LocalDate | undefined {
  const first = c.postponements[0];
  return first === undefined ? c.due : first.fromDue;
}

export interface NextDueOptions {
  /** The series' first due date, which months are counted from (default: `due`). */
  anchor?: LocalDate;
  /** The next date is not before this one (today: no new occurrence starts out overdue). */
  notBefore?: LocalDate;
  /** The next date comes after this one (default: `due`); a postponed occurrence's current date. */
  after?: LocalDate;
}

/**
 * The series' first date after `due` (or `after`) and not before `notBefore`, or undefined past
 * the last date Hands-on keeps. `nextDue('2026-01-31', monthly)` is `2026-02-28`.
 */
export function nextDue(due: LocalDate, r: Recurrence, options: NextDueOptions = {}): LocalDate | undefined {
  const anchor = options.anchor !== undefined && options.anchor <= due ? options.anchor : due;
  const after = options.after !== undefined && options.after > due ? options.after : due;
  const from = addDays(after, 1);
  const earliest = options.notBefore !== undefined && options.notBefore > from ? options.notBefore : from;
  const next = r.unit === 'week' ? nextWeek(anchor, r.every, earliest) : nextMonth(anchor, r.every, earliest);
  return isDateInRange(next) ? next : undefined;
}

/** The first `anchor + k × every weeks` on or after `earliest`. */
function nextWeek(anchor: LocalDate, every: number, earliest: LocalDate): LocalDate {
  const step = 7 * every;
  const k = Math.max(0, Math.ceil(dayDifference(anchor, earliest) / step));
  return addDays(anchor, k * step);
}

/** The first `anchor + k × every months` (day clamped to the month's end) on or after `earliest`. */
function nextMonth(anchor: LocalDate, every: number, earliest: LocalDate): LocalDate {
  const [ay, am, ad] = parts(anchor);
  const [ey, em] = parts(earliest);
  const months = (ey - ay) * 12 + (em - am);
  // A clamped day only ever falls earlier in its month, so at most one step past the estimate.
  for (let k = Math.max(0, Math.floor(months / every)); ; k++) {
    const date = monthDate(ay, am + k * every, ad);
    if (date >= earliest) return date;
  }
}

function parts(date: LocalDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Day `day` of month `month` (1-based, may run past 12) of `year`, or that month's last day. */
function monthDate(year: number, month: number, day: number): LocalDate {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  const last = daysInMonth(y, m);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
