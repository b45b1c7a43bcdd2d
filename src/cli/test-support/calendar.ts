/**
 * A one-event calendar for tests of the insight surfaces: Dana's 1:1 with Priya on Thursday
 * 26 November 2026, cancelled — on a day with heavy IC it raises the interference flag.
 */
export const CANCELLED_ONE_ON_ONE_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//t//EN',
  'BEGIN:VEVENT',
  'UID:1on1@example.com',
  'DTSTART:20261126T100000Z',
  'DTEND:20261126T103000Z',
  'SUMMARY:1:1 Priya',
  'STATUS:CANCELLED',
  'ATTENDEE:mailto:dana@example.com',
  'ATTENDEE:mailto:priya@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
