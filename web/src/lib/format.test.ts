import { describe, expect, it } from 'vitest';
import {
  age,
  bytes,
  dateTime,
  dayMonth,
  duration,
  fullDate,
  hours,
  hoursChange,
  humanId,
  relativeDay,
  shortDate,
  weekRange,
} from './format.js';

/** Units are joined to their number by a no-break space; tests write it as a plain one. */
const nb = (text: string) => text.replace(/ (h|min|KB|MB)\b/g, '\u00a0$1');

describe('format', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [600, '10 h'],
  ])('%i minutes last %s', (m, text) => {
    expect(duration(m)).toBe(nb(text));
  });

  it.each([
    [0, '0 h', 'no change'],
    [390, '6.5 h', '+6.5 h'],
    [-120, '-2 h', '−2 h'],
    [61, '1 h', '+1 h'],
  ])('%i minutes read as %s, and as a change %s', (m, h, change) => {
    expect(hours(m)).toBe(nb(h));
    expect(hoursChange(m)).toBe(nb(change));
  });

  it('keeps a number and its unit on one line', () => {
    expect(hours(90)).toBe('1.5\u00a0h');
  });

  it('writes dates and weeks the short way', () => {
    expect(shortDate('2026-11-25')).toBe('Wed 25 Nov');
    expect(fullDate('2026-01-05')).toBe('5 Jan 2026');
    expect(weekRange('2026-11-23', '2026-11-29')).toBe('23–29 Nov 2026');
    expect(weekRange('2026-11-30', '2026-12-06')).toBe('30 Nov – 6 Dec 2026');
    expect(weekRange('2026-12-28', '2027-01-03')).toBe('28 Dec 2026 – 3 Jan 2027');
  });

  it.each([
    ['2026-11-25', 'today'],
    ['2026-11-26', 'tomorrow'],
    ['2026-11-24', 'yesterday'],
    ['2026-11-28', 'in 3 days'],
    ['2026-11-21', '4 days ago'],
    ['2026-12-09', 'Wed 9 Dec'],
  ])('seen from 25 Nov, %s is %s', (date, text) => {
    expect(relativeDay(date, '2026-11-25')).toBe(text);
  });

  it.each([
    [0, 'less than a day'],
    [1, '1 day'],
    [13, '13 days'],
    [14, '2 weeks'],
    [60, '8 weeks'],
    [95, '3 months'],
  ])('%i days is %s', (days, text) => {
    expect(age(days)).toBe(text);
  });

  it('shows an instant in the leader’s zone, not the browser’s', () => {
    expect(dateTime('2026-11-25T13:05:00.000Z', 'Europe/Berlin')).toBe('25 Nov 2026, 14:05');
    expect(dateTime('2026-11-25T13:05:00.000Z', 'Asia/Tokyo')).toBe('25 Nov 2026, 22:05');
    expect(dayMonth('2026-12-02T23:30:00.000Z', 'Europe/Berlin')).toBe('3 Dec');
  });

  it('turns ids into words', () => {
    expect(humanId('engineering-manager')).toBe('Engineering manager');
  });

  it.each([
    [1, '1 byte'],
    [812, '812 bytes'],
    [14_500, '14 KB'],
    [5_500_000, '5.2 MB'],
    [52_428_800, '50 MB'],
  ])('%i bytes read as %s', (n, text) => {
    expect(bytes(n)).toBe(nb(text));
  });
});
