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
