import { describe, expect, it } from 'vitest';
import { escapeText, fold, invitationIcs } from './invitation.js';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('invitationIcs', () => {
  const ics = invitationIcs({
    id: 'k3x9',
    title: '1:1 with Priya',
    start: '2026-11-26T13:30:00.000Z',
    minutes: 45,
    stamp: '2026-11-25T09:00:00.000Z',
    description: 'With Priya Sharma',
  });

  it('is one event in UTC, its UID from the commitment, every line ended by CRLF', () => {
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Hands-on//Commitments//EN',
      'CALSCALE:GREGORIAN',
      'BEGIN:VEVENT',
      'UID:k3x9@commitments.handson',
      'DTSTAMP:20261125T090000Z',
      'DTSTART:20261126T133000Z',
      'DTEND:20261126T141500Z',
      'SUMMARY:1:1 with Priya',
      'DESCRIPTION:With Priya Sharma',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('ends past midnight when the time runs over', () => {
    const late = invitationIcs({
      id: 'a',
      title: 'x',
      start: '2026-12-31T23:30:00.000Z',
      minutes: 90,
      stamp: '2026-11-25T09:00:00.000Z',
    });
    expect(late).toContain('DTEND:20270101T010000Z\r\n');
    expect(late).not.toContain('DESCRIPTION');
  });
});

describe('escapeText (RFC 5545 §3.3.11)', () => {
  it.each([
    ['Plan; then act', 'Plan\\; then act'],
    ['Alex, Sam', 'Alex\\, Sam'],
    ['C:\\temp', 'C:\\\\temp'],
    ['one\ntwo\r\nthree\rfour', 'one\\ntwo\\nthree\\nfour'],
    ['a\\,b', 'a\\\\\\,b'],
    ['Grüße: "quoted"', 'Grüße: "quoted"'],
  ])('%j → %j', (text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });
});

describe('fold (RFC 5545 §3.1)', () => {
  it('leaves a line of 75 octets whole and folds one of 76', () => {
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('keeps every folded line within 75 octets, the leading space included, and unfolds to the original', () => {
    const line = `SUMMARY:${'Feedback für Jürgen über das Änderungsprotokoll 🚀 '.repeat(6)}`;
    const folded = fold(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
    for (const l of lines.slice(1)) expect(l.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('never cuts a character in two', () => {
    // 74 ASCII octets, then a 4-octet emoji that does not fit on the first line.
    const line = `${'a'.repeat(74)}🚀b`;
    expect(fold(line)).toBe(`${'a'.repeat(74)}\r\n 🚀b`);
  });
});
