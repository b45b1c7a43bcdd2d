import type { CalendarOccurrence } from '../../domain/evidence/evidence.js';
import type { Instant } from '../../domain/types.js';

/** The records this reader produces are the domain's (see domain/evidence/evidence.ts). */
export type { CalendarAttendee, CalendarOccurrence } from '../../domain/evidence/evidence.js';

export interface ReadCalendarOptions {
  /** Start of the period to expand (inclusive), an ISO 8601 instant. */
  from: Instant;
  /** End of the period to expand (exclusive). */
  to: Instant;
  /** The leader's own addresses: their PARTSTAT decides `declined`. `mailto:` and case are ignored. */
  emails: readonly string[];
  /**
   * IANA zone for floating times (no TZID, no Z) and all-day dates: the profile's zone, since a
   * floating time means "wherever the reader is" (RFC 5545 §3.3.5, form #1).
   */
  floatingTz: string;
}

export interface SkippedEvent {
  uid?: string;
  /** Line of the event's BEGIN:VEVENT. */
  line?: number;
  why: string;
  /** For an event dated outside DATE_RANGE: what is, e.g. `end 9999-12-31T23:00:00.000Z`. */
  outside?: string;
}

export interface CalendarReadResult {
  /** Ordered by start, then uid, then recurrenceId. */
  events: CalendarOccurrence[];
  skipped: SkippedEvent[];
  /**
   * What the user should know about how the file was read although nothing was left out, in
   * plain sentences: e.g. that times without a zone were read in the zone the calendar declares.
   */
  notes: string[];
}
