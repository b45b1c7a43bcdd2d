/** The ICS (RFC 5545) reader: text in, expanded occurrences out. See read-calendar.ts. */

export { decodeCalendarBytes } from './decode.js';
export { readCalendar } from './read-calendar.js';
export type {
  CalendarAttendee,
  CalendarOccurrence,
  CalendarReadResult,
  ReadCalendarOptions,
  SkippedEvent,
} from './types.js';
