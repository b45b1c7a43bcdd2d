import { icsOf } from './calendar.js';

/** Calendar fixtures for the people tests of the app, the CLI and the browser. */

/** A 30-minute 1:1 at 10:00 UTC on `day` with one other attendee (`CN` when given). */
export function oneOnOneWith(day: string, email: string, name = '', more: string[] = []): string {
  const d = day.replaceAll('-', '');
  return [
    'BEGIN:VEVENT',
    `UID:${email}-${day}@t`,
    `DTSTART:${d}T100000Z`,
    `DTEND:${d}T103000Z`,
    `SUMMARY:1:1 ${name || email}`,
    ...more,
    'ATTENDEE:mailto:dana@example.com',
    `ATTENDEE${name ? `;CN=${name}` : ''}:mailto:${email}`,
    'END:VEVENT',
  ].join('\r\n');
}

/**
 * Today is Wednesday 25 November 2026. Priya: weekly on Mondays, held on the 23rd, one cancelled on
 * the 16th, the next on the 30th. Jonas: last on Tuesday the 10th, two weeks ago.
 */
export const PEOPLE_ICS = icsOf(
  oneOnOneWith('2026-11-09', 'priya@example.com', 'Priya Sharma'),
  oneOnOneWith('2026-11-16', 'priya@example.com', 'Priya Sharma', ['STATUS:CANCELLED']),
  oneOnOneWith('2026-11-23', 'priya@example.com', 'Priya Sharma'),
  oneOnOneWith('2026-11-30', 'priya@example.com', 'Priya Sharma'),
  oneOnOneWith('2026-11-10', 'jonas.berg@example.com'),
);
