import type { CalendarOccurrence } from '../domain/evidence/evidence.js';

/** A plain timed calendar occurrence of one hour from `start`, for tests; `over` changes any field. */
export function occurrence(
  uid: string,
  start: string,
  over: Partial<CalendarOccurrence> = {},
): CalendarOccurrence {
  return {
    uid,
    start,
    end: new Date(Date.parse(start) + 3_600_000).toISOString(),
    allDay: false,
    title: uid,
    attendees: [],
    declined: false,
    cancelled: false,
    recurring: false,
    transparent: false,
    ...over,
  };
}
