import type { WorkingHours } from '../insight/insight-types.js';
import { localDate, localDateTime, wallClockInstant, weekdayOf } from '../time.js';
import type { Instant, LocalDate } from '../types.js';

/**
 * A timer left running past the end of the day it started on: it must not count the night, or the
 * evening after work, as IC work without the leader saying so.
 */
export interface Overrun {
  /** What it ran past: midnight, or the end of working hours on the day it started. */
  past: 'midnight' | 'working-hours';
  /** The local day the timer started on, and the wall-clock time (`HH:MM`) it started at. */
  date: LocalDate;
  startTime: string;
  /**
   * When working hours ended that day (`HH:MM`), when the timer started before they did: the end a
   * leader most likely means, so every surface offers it first.
   */
  workEnd?: string;
}

/**
 * Whether a timer started at `startedAt` and still running at `now` ran past midnight or past the end
 * of working hours, in time zone `tz`. Only a timer started on a working day before the day's end
 * can run past working hours: one started in the evening or at a weekend is work the leader chose
 * to do then, and only midnight stops it.
 */
export function timerOverrun(
  startedAt: Instant,
  now: Instant,
  tz: string,
  hours: WorkingHours,
): Overrun | undefined {
  const [date, startTime] = localDateTime(startedAt, tz).split(' ') as [LocalDate, string];
  const workEnd = hours.days.includes(weekdayOf(date)) && startTime < hours.end ? hours.end : undefined;
  const at = { date, startTime, ...(workEnd === undefined ? {} : { workEnd }) };
  if (localDate(now, tz) > date) return { past: 'midnight', ...at };
  // As times, not text: `…00Z` and `…00.000Z` are the same instant.
  if (workEnd !== undefined && Date.parse(now) > Date.parse(wallClockInstant(date, workEnd, tz)))
    return { past: 'working-hours', ...at };
  return undefined;
}
