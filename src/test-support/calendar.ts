/** Calendar fixtures shared by the insight tests of the app, the CLI, the backup and the browser. */

/** An ICS calendar around the given VEVENT blocks. */
export const icsOf = (...events: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');

/** Dana's 30-minute 1:1 with Priya at 10:00 UTC on `day` (YYYY-MM-DD), with an optional STATUS. */
export const oneOnOne = (day: string, status = '', uid = `1on1-${day}@example.com`): string =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTART:${day.replaceAll('-', '')}T100000Z`,
    `DTEND:${day.replaceAll('-', '')}T103000Z`,
    'SUMMARY:1:1 Priya',
    ...(status ? [`STATUS:${status}`] : []),
    'ATTENDEE:mailto:dana@example.com',
    'ATTENDEE:mailto:priya@example.com',
    'END:VEVENT',
  ].join('\r\n');

/**
 * A one-event calendar for tests of the insight surfaces: Dana's 1:1 with Priya on Thursday
 * 26 November 2026, cancelled — on a day with heavy IC it raises the interference flag.
 */
export const CANCELLED_ONE_ON_ONE_ICS = icsOf(oneOnOne('2026-11-26', 'CANCELLED', '1on1@example.com'));

/** A VEVENT from lines; `start`/`end` are UTC `YYYYMMDDTHHMMSSZ` or `;VALUE=DATE:YYYYMMDD` values. */
const event = (uid: string, summary: string, start: string, end: string, ...more: string[]): string =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20261101T000000Z',
    `DTSTART${start}`,
    `DTEND${end}`,
    `SUMMARY:${summary}`,
    ...more,
    'END:VEVENT',
  ].join('\r\n');

/**
 * Ana's calendar, an engineering manager with 7 reports in Berlin (UTC+1 in November), from
 * Monday 2 November 2026 on: weekly 1:1s with Jonas (Mon 10:00) and Fatima (Tue 11:00), a staff
 * meeting (Mon 11:00–12:00), "Focus time" blocks Tue and Thu 13:00–16:00, lunch every working day
 * 12:00–13:00; in the week of 23 November a dentist appointment on Wednesday 15:00–16:30 and an
 * all-day team offsite on Friday 27 November, and a birthday (all day, free) on Wednesday.
 */
export const LEADER_WEEK_ICS = icsOf(
  event(
    'jonas@t',
    '1:1 Jonas',
    ':20261102T090000Z',
    ':20261102T093000Z',
    'RRULE:FREQ=WEEKLY',
    'ATTENDEE:mailto:ana@example.com',
    'ATTENDEE:mailto:jonas@example.com',
  ),
  event(
    'fatima@t',
    '1:1 Fatima',
    ':20261103T100000Z',
    ':20261103T103000Z',
    'RRULE:FREQ=WEEKLY',
    'ATTENDEE:mailto:ana@example.com',
    'ATTENDEE:mailto:fatima@example.com',
  ),
  event('staff@t', 'Staff meeting', ':20261102T100000Z', ':20261102T110000Z', 'RRULE:FREQ=WEEKLY'),
  event('focus@t', 'Focus time', ':20261103T120000Z', ':20261103T150000Z', 'RRULE:FREQ=WEEKLY;BYDAY=TU,TH'),
  event(
    'lunch@t',
    'Lunch',
    ':20261102T110000Z',
    ':20261102T120000Z',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  ),
  event('dentist@t', 'Dentist', ':20261125T140000Z', ':20261125T153000Z'),
  event('offsite@t', 'Team offsite', ';VALUE=DATE:20261127', ';VALUE=DATE:20261128'),
  event('bday@t', 'Birthday: Sam', ';VALUE=DATE:20261125', ';VALUE=DATE:20261126', 'TRANSP:TRANSPARENT'),
);
