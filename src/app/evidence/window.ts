import { addDays, localDate, startOfDay } from '../../domain/time.js';
import type { Instant, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';

export { startOfDay };

/** [from 00:00, the day after `to` 00:00) in the leader's zone: inclusive local dates → instants. */
export function dayRange(from: LocalDate, to: LocalDate, tz: string): { from: Instant; to: Instant } {
  if (to < from) throw new AppError('invalid', `to: expected a date on or after ${from}`, { field: 'to' });
  return { from: startOfDay(from, tz), to: startOfDay(addDays(to, 1), tz) };
}

/** Calendar imports default to 400 days back and 90 days ahead: enough history for a year of reviews. */
export function defaultImportWindow(now: Date, tz: string): { from: LocalDate; to: LocalDate } {
  const today = localDate(now.toISOString(), tz);
  return { from: addDays(today, -400), to: addDays(today, 90) };
}

// Every local day from `from` to `to`: calendar arithmetic, no zone involved.
export { daysBetween } from '../../domain/time.js';
