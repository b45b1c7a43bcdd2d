import { DateTime } from 'luxon';
import { USUAL_CLASS } from '../evidence/classify-rules.js';
import type { ModelEvent } from '../insight/insight-types.js';
import type { LocalDate } from '../types.js';

/** Events for the time model's tests, written as a leader reads their calendar: local times in Berlin. */

// Dana leads a team from Berlin. 2026-11-25 is a Wednesday in winter time (UTC+1).
export const TZ = 'Europe/Berlin';
export const WED = '2026-11-25';

/** A wall-clock time in Berlin as an instant; `HH:MM` on `date`, or a full `YYYY-MM-DDTHH:MM`. */
export function at(time: string, date: LocalDate = WED, tz: string = TZ): string {
  const local = time.includes('T') ? time : `${date}T${time}`;
  return DateTime.fromISO(local, { zone: tz }).toUTC().toISO()!;
}

/** A counted event of `category`, classed as usual, from `from` to `to` on `extra.date` (default WED). */
export function ev(
  title: string,
  category: ModelEvent['category'],
  from: string,
  to: string,
  extra: Partial<ModelEvent> & { date?: LocalDate } = {},
): ModelEvent {
  const { date = WED, ...rest } = extra;
  return {
    key: `${title}@cal`,
    title,
    start: at(from, date),
    end: at(to, date),
    category,
    timeClass: USUAL_CLASS[category],
    counted: true,
    declined: false,
    cancelled: false,
    attendees: [],
    ...rest,
  };
}
