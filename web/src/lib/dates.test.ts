import { describe, expect, it } from 'vitest';
import { addDays, dateInZone, daysBetween, isAcceptedDate, isLocalDate, weekday, weekOf } from './dates.js';

describe('local dates', () => {
  it.each([
    ['2026-11-25', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['25/11/2026', false],
    ['', false],
  ])('%s is a date: %s', (text, ok) => {
    expect(isLocalDate(text)).toBe(ok);
  });

  it.each([
    ['1970-01-01', true],
    ['2100-12-31', true],
    ['1969-12-31', false],
    ['9999-12-31', false],
    ['2026-02-29', false],
  ])('%s is a date Hands-on accepts: %s', (text, ok) => {
    expect(isAcceptedDate(text)).toBe(ok);
  });

  it('refuses to step past 9999-12-31 rather than write "+010000-01", which sorts before it', () => {
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => weekOf('9999-12-31')).toThrow(RangeError);
    expect(addDays('1970-01-01', -1)).toBe('1969-12-31');
  });

  it('moves across months, years and DST changes by whole days', () => {
    expect(addDays('2026-11-25', 7)).toBe('2026-12-02');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-30', '2026-11-23')).toBe(-7);
  });

  it.each([
    ['2026-11-23', 1, '2026-11-23', '2026-11-29'],
    ['2026-11-25', 3, '2026-11-23', '2026-11-29'],
    ['2026-11-29', 7, '2026-11-23', '2026-11-29'],
    ['2027-01-01', 5, '2026-12-28', '2027-01-03'],
  ])('%s is weekday %i in the week %s to %s', (date, day, start, end) => {
    expect(weekday(date)).toBe(day);
    expect(weekOf(date)).toEqual({ start, end });
  });

  it('reads an instant as the day it was in the leader’s zone', () => {
    expect(dateInZone('2026-11-25T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-26');
    expect(dateInZone('2026-11-25T23:30:00.000Z', 'America/New_York')).toBe('2026-11-25');
  });
});
