import { describe, expect, it } from 'vitest';
import type { Commitment, Recurrence } from '../types.js';
import { nextDue, parseRecurrence, recurrenceText, scheduledDue } from './recurrence.js';

const weekly: Recurrence = { unit: 'week', every: 1 };
const fortnightly: Recurrence = { unit: 'week', every: 2 };
const monthly: Recurrence = { unit: 'month', every: 1 };

describe('parseRecurrence', () => {
  it.each([
    ['week', weekly],
    ['Weekly', weekly],
    ['2w', fortnightly],
    [' 3w ', { unit: 'week', every: 3 }],
    ['fortnightly', fortnightly],
    ['month', monthly],
    ['monthly', monthly],
    ['6m', { unit: 'month', every: 6 }],
    ['52w', { unit: 'week', every: 52 }],
  ])('reads %j', (text, expected) => {
    expect(parseRecurrence(text)).toEqual(expected);
  });

  it.each(['', 'daily', '0w', '53w', '2', 'w', '2 weeks please', '-1w', '1.5w'])('refuses %j', (text) => {
    expect(parseRecurrence(text)).toBeUndefined();
  });

  it('says what it expects when a person types something else', () => {
    const r = recurrenceText.safeParse('daily');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      'expected week, 2w (every 2 weeks; up to 52w), month or 3m (every 3 months)',
    );
  });
});

describe('nextDue', () => {
  it.each([
    ['weekly', '2026-11-23', weekly, '2026-11-30'],
    ['every 2 weeks, across a year end', '2026-12-24', fortnightly, '2027-01-07'],
    ['monthly, an ordinary day', '2026-11-15', monthly, '2026-12-15'],
    ['monthly from 31 Jan: the end of February', '2026-01-31', monthly, '2026-02-28'],
    ['monthly from 31 Jan in a leap year: 29 Feb', '2028-01-31', monthly, '2028-02-29'],
    ['monthly from 30 Jan in a leap year', '2028-01-30', monthly, '2028-02-29'],
    ['monthly from 31 Mar: 30 Apr', '2026-03-31', monthly, '2026-04-30'],
    [
      'every 3 months from 30 Nov: 28 Feb',
      '2026-11-30',
      { unit: 'month', every: 3 } as Recurrence,
      '2027-02-28',
    ],
    [
      'every 12 months from 29 Feb: 28 Feb',
      '2028-02-29',
      { unit: 'month', every: 12 } as Recurrence,
      '2029-02-28',
    ],
  ])('%s', (_name, due, r, expected) => {
    expect(nextDue(due, r)).toBe(expected);
  });

  it('counts months from the series’ first date, so the 31st comes back after a short month', () => {
    // The February occurrence was clamped to the 28th; March is the 31st again, not the 28th.
    expect(nextDue('2026-02-28', monthly, { anchor: '2026-01-31' })).toBe('2026-03-31');
    expect(nextDue('2026-03-31', monthly, { anchor: '2026-01-31' })).toBe('2026-04-30');
    // Weeks keep their weekday from the anchor, too.
    expect(nextDue('2026-11-30', fortnightly, { anchor: '2026-11-02' })).toBe('2026-12-14');
  });

  it('comes after a postponed occurrence’s new date, on the series’ own day', () => {
    // Due Monday 23 Nov, put off to Wednesday 2 Dec: the next is Monday 7 Dec, not Wednesday 9 Dec.
    expect(nextDue('2026-11-23', weekly, { after: '2026-12-02' })).toBe('2026-12-07');
    // Put off to exactly the next series date: the one after that.
    expect(nextDue('2026-11-23', weekly, { after: '2026-11-30' })).toBe('2026-12-07');
  });

  it('never starts out overdue: the first series date from today on', () => {
    expect(nextDue('2026-11-02', weekly, { notBefore: '2026-11-25' })).toBe('2026-11-30');
    expect(nextDue('2026-11-02', weekly, { notBefore: '2026-11-30' })).toBe('2026-11-30');
    expect(nextDue('2026-01-31', monthly, { notBefore: '2026-05-01' })).toBe('2026-05-31');
    expect(nextDue('2026-01-31', monthly, { notBefore: '2026-06-01' })).toBe('2026-06-30');
  });

  it('ends the series past the last date Hands-on keeps', () => {
    expect(nextDue('2100-12-28', weekly)).toBeUndefined();
    expect(nextDue('2100-12-24', weekly)).toBe('2100-12-31');
    expect(nextDue('2100-12-01', monthly)).toBeUndefined();
  });
});

describe('scheduledDue', () => {
  const c = (due: string, fromDues: (string | undefined)[]): Commitment => ({
    id: 'c',
    kind: 'one-on-one',
    title: '1:1',
    due,
    status: 'open',
    createdAt: '2026-11-01T09:00:00.000Z',
    postponements: fromDues.map((fromDue, i) => ({
      id: `p${i}`,
      at: '2026-11-10T09:00:00.000Z',
      ...(fromDue !== undefined ? { fromDue } : {}),
      toDue: due,
    })),
  });

  it('is the date before the first postponement', () => {
    expect(scheduledDue(c('2026-12-10', []))).toBe('2026-12-10');
    expect(scheduledDue(c('2026-12-10', ['2026-11-20', '2026-12-01']))).toBe('2026-11-20');
    expect(scheduledDue(c('2026-12-10', [undefined]))).toBeUndefined();
  });
});
