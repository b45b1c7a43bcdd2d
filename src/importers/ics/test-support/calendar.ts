import { readCalendar } from '../read-calendar.js';
import type { CalendarReadResult, ReadCalendarOptions } from '../types.js';

/** Wraps VEVENT/VTIMEZONE lines into a calendar with CRLF line ends, as producers write them. */
export function ics(...lines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on//tests//EN',
    ...lines,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** One VEVENT with a UID and DTSTAMP around the given properties. */
export function vevent(uid: string, ...props: string[]): string[] {
  return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', ...props, 'END:VEVENT'];
}

export const WIDE: ReadCalendarOptions = {
  from: '1990-01-01T00:00:00Z',
  to: '2040-01-01T00:00:00Z',
  emails: ['lead@example.com'],
  floatingTz: 'Europe/Berlin',
};

export function read(text: string, opts: Partial<ReadCalendarOptions> = {}): CalendarReadResult {
  return readCalendar(text, { ...WIDE, ...opts });
}

/** Start instants of every occurrence of a one-event calendar. */
export function starts(props: string[], opts: Partial<ReadCalendarOptions> = {}): string[] {
  return read(ics(...vevent('x@test', ...props)), opts).events.map((e) => e.start);
}

/** `1997-09-02T09:00-04:00` → `1997-09-02T13:00:00.000Z`: expected values keep the local time visible. */
export function utc(local: string): string {
  return new Date(local).toISOString();
}

/** Many local times on one clock time and offset: `days('1997-09', [2, 4], '09:00', '-04:00')`. */
export function days(month: string, ds: number[], time: string, offset: string): string[] {
  return ds.map((d) => utc(`${month}-${String(d).padStart(2, '0')}T${time}${offset}`));
}
