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

/** Every local day from `from` to `to`, both included (calendar arithmetic: no zone involved). */
export function daysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
