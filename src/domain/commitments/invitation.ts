import type { Instant } from '../types.js';

/**
 * A calendar event for a scheduled commitment, as an iCalendar file (RFC 5545) any calendar app
 * opens: one VEVENT, times in UTC so no zone definition is needed, its UID made from the
 * commitment's id so that opening a rescheduled one again moves the event instead of adding one.
 */
export interface Invitation {
  /** The commitment's id. */
  id: string;
  title: string;
  start: Instant;
  minutes: number;
  /** When the file is made. */
  stamp: Instant;
  /** More words for the event's description, e.g. who it is with. */
  description?: string | undefined;
}

/** The whole file, CRLF line ends, long lines folded. */
export function invitationIcs(inv: Invitation): string {
  const start = Date.parse(inv.start);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on//Commitments//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${escapeText(inv.id)}@commitments.handson`,
    `DTSTAMP:${utc(Date.parse(inv.stamp))}`,
    `DTSTART:${utc(start)}`,
    `DTEND:${utc(start + inv.minutes * 60_000)}`,
    `SUMMARY:${escapeText(inv.title)}`,
    ...(inv.description ? [`DESCRIPTION:${escapeText(inv.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, a line break becomes `\n`. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 §3.1: a line longer than 75 octets goes on in lines that start with one space. Cut
 * between characters, never inside one (a split UTF-8 sequence would be a broken character).
 */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // Continuation lines spend one octet on their leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** `20261125T130000Z`. */
function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
