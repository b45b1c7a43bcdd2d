import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  addDays,
  DATE_RANGE,
  daysBetween,
  isDateInRange,
  isInstantInRange,
  isoWeeksIn,
  isValidLocalDate,
  isValidTimeZone,
  localDate,
  localDateTime,
  titleKey,
  utcDate,
  weekKey,
  weekOf,
  weekStart,
} from './time.js';

describe('localDate and weekOf across DST switches', () => {
  // Late Sunday local time is Monday in UTC (or in the other DST offset); it must stay in its own week.
  it.each([
    // Europe/Berlin: summer time starts 2026-03-29, ends 2026-10-25.
    ['Europe/Berlin', '2026-03-29T21:30:00.000Z', '2026-03-29', '2026-03-23', '2026-W13'],
    ['Europe/Berlin', '2026-03-29T22:00:00.000Z', '2026-03-30', '2026-03-30', '2026-W14'],
    ['Europe/Berlin', '2026-10-25T22:30:00.000Z', '2026-10-25', '2026-10-19', '2026-W43'],
    ['Europe/Berlin', '2026-10-25T23:00:00.000Z', '2026-10-26', '2026-10-26', '2026-W44'],
    // America/New_York: daylight time starts 2026-03-08, ends 2026-11-01.
    ['America/New_York', '2026-03-09T03:30:00.000Z', '2026-03-08', '2026-03-02', '2026-W10'],
    ['America/New_York', '2026-03-09T04:00:00.000Z', '2026-03-09', '2026-03-09', '2026-W11'],
    ['America/New_York', '2026-11-02T04:30:00.000Z', '2026-11-01', '2026-10-26', '2026-W44'],
    ['America/New_York', '2026-11-02T05:00:00.000Z', '2026-11-02', '2026-11-02', '2026-W45'],
  ])('%s at %s is %s in the week from %s (%s)', (tz, instant, date, start, key) => {
    const day = localDate(instant, tz);
    expect(day).toBe(date);
    expect(weekOf(day)).toEqual({ start, end: addDays(start, 6) });
    expect(weekKey(day)).toBe(key);
  });

  it.each([
    ['Europe/Berlin', '2026-03-29T00:30:00.000Z', '2026-03-29 01:30'],
    ['Europe/Berlin', '2026-03-29T01:30:00.000Z', '2026-03-29 03:30'],
    ['America/New_York', '2026-11-02T04:30:00.000Z', '2026-11-01 23:30'],
    ['Asia/Kolkata', '2026-11-25T23:30:00+01:00', '2026-11-26 04:00'],
  ])('shows %s wall-clock time for %s as %s', (tz, instant, shown) => {
    expect(localDateTime(instant, tz)).toBe(shown);
  });

  it('accepts an instant with an offset', () => {
    expect(localDate('2026-11-25T23:30:00+01:00', 'UTC')).toBe('2026-11-25');
    expect(localDate('2026-11-25T23:30:00+01:00', 'Asia/Tokyo')).toBe('2026-11-26');
  });

  it.each([
    ['not a moment', '2026-11-25', 'UTC'],
    ['no zone', '2026-11-25T10:00:00', 'UTC'],
    ['garbage', 'yesterday', 'UTC'],
    ['bad zone', '2026-11-25T10:00:00.000Z', 'Mars/Olympus'],
  ])('refuses %s', (_, instant, tz) => {
    expect(() => localDate(instant, tz)).toThrow(AppError);
  });
});

describe('weeks and days', () => {
  it.each([
    ['2026-11-25', '2026-11-23', '2026-11-29', '2026-W48'],
    ['2026-11-23', '2026-11-23', '2026-11-29', '2026-W48'],
    ['2026-11-29', '2026-11-23', '2026-11-29', '2026-W48'],
    ['2027-01-01', '2026-12-28', '2027-01-03', '2026-W53'],
    ['2024-12-30', '2024-12-30', '2025-01-05', '2025-W01'],
    ['2028-02-29', '2028-02-28', '2028-03-05', '2028-W09'],
  ])('%s is in %s..%s, %s', (date, start, end, key) => {
    expect(weekOf(date)).toEqual({ start, end });
    expect(weekKey(date)).toBe(key);
  });

  it.each([
    ['2026-11-25', 1, '2026-11-26'],
    ['2026-11-25', -25, '2026-10-31'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-28', 2, '2026-03-30'],
  ])('%s plus %i days is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  // Plain arithmetic on days since the epoch must agree with the calendar at its edges too.
  it.each([
    // Year 0000's first week starts in year -1 and 9999-12-31's next day is +010000-01-01: both are
    // refused (below), so the edges here are the last days that can be written either side.
    ['0001-01-01', 1, '0001-01-02', '0001-01-01', '0001-W01'],
    ['0099-12-31', 1, '0100-01-01', '0099-12-28', '0099-W53'],
    ['1900-02-28', 1, '1900-03-01', '1900-02-26', '1900-W09'],
    ['2000-02-28', 1, '2000-02-29', '2000-02-28', '2000-W09'],
    ['1969-12-31', 1, '1970-01-01', '1969-12-29', '1970-W01'],
    ['9999-12-26', 1, '9999-12-27', '9999-12-20', '9999-W51'],
  ])('%s plus %i is %s; its week starts %s (%s)', (date, n, next, start, key) => {
    expect(addDays(date, n)).toBe(next);
    expect(weekOf(date).start).toBe(start);
    expect(weekKey(date)).toBe(key);
  });

  it('refuses a date that is not a date', () => {
    expect(() => weekOf('2026-02-30')).toThrow(AppError);
    expect(() => addDays('25.11.2026', 1)).toThrow(/YYYY-MM-DD/);
  });

  it('steps past the accepted range, as a week or a look-back around its ends needs', () => {
    expect(addDays(DATE_RANGE.first, -1)).toBe('1969-12-31');
    expect(weekOf(DATE_RANGE.first)).toEqual({ start: '1969-12-29', end: '1970-01-04' });
    expect(addDays(DATE_RANGE.last, 1)).toBe('2101-01-01');
  });

  // The day after 9999-12-31 would be "+010000-01-01", which sorts before it: a walk from one day
  // to the next would never reach its end.
  it.each([
    ['the day after 9999-12-31', () => addDays('9999-12-31', 1)],
    ['the day before 0000-01-01', () => addDays('0000-01-01', -1)],
    ['the week of 9999-12-31', () => weekOf('9999-12-31')],
    ['a moment in year 10000', () => utcDate(Date.parse('+010000-01-01T00:00:00Z'))],
    ['a moment before year 0', () => utcDate(Date.parse('-000001-12-31T00:00:00Z'))],
  ])('refuses %s rather than write a date that does not sort', (_, step) => {
    expect(step).toThrow(AppError);
    expect(step).toThrow(/years 0000 to 9999.*from 1970-01-01 to 2100-12-31/);
  });

  it('lists every day of a span, both ends included, and none for a span that ends first', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(daysBetween('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
    expect(daysBetween('2026-11-25', '2026-11-24')).toEqual([]);
    expect(() => daysBetween('2026-11-25', '+010000-01-01')).toThrow(/YYYY-MM-DD/);
  });
});

describe('the accepted range', () => {
  it.each([
    ['1970-01-01', true],
    ['2026-11-25', true],
    ['2100-12-31', true],
    ['1969-12-31', false],
    ['2101-01-01', false],
    ['0000-01-01', false],
    ['9999-12-31', false],
    ['2026-02-30', false],
    ['2026', false],
  ])('date %j → %s', (s, ok) => {
    expect(isDateInRange(s)).toBe(ok);
  });

  it.each([
    ['1970-01-01T00:00:00.000Z', true],
    ['2100-12-31T23:59:59.999Z', true],
    ['2026-11-25T10:00+01:00', true],
    ['1970-01-01T00:30:00+01:00', false],
    ['1969-12-31T23:59:59.999Z', false],
    ['2101-01-01T00:00:00.000Z', false],
    ['0000-01-01T00:00:00.000Z', false],
    ['2026-11-25', false],
    ['2026-11-25T10:00:00', false],
  ])('instant %j → %s', (s, ok) => {
    expect(isInstantInRange(s)).toBe(ok);
  });
});

describe('validation', () => {
  it.each([
    ['2026-11-25', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['0000-01-01', true],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-13-01', false],
    ['2026-1-5', false],
    ['20261125', false],
    ['2026-11-25T00:00', false],
    ['', false],
  ])('local date %j → %s', (s, ok) => {
    expect(isValidLocalDate(s)).toBe(ok);
  });

  it.each([
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['  ', false],
  ])('time zone %j → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});

describe('titleKey', () => {
  it.each([
    ['Write the PRD: Search', 'write the prd search'],
    ['  write   the PRD — search!  ', 'write the prd search'],
    ["Don't break the build", 'dont break the build'],
    ['Don’t break the build', 'dont break the build'],
    ['follow-up with legal', 'follow up with legal'],
    ['ＰＲＤ for search', 'prd for search'],
    ['Café menu', 'café menu'],
  ])('%j → %j', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });

  it('keeps different tasks apart', () => {
    expect(titleKey('Write the PRD for search')).not.toBe(titleKey('Write the PRD for billing'));
  });
});

describe('ISO week keys such as 2026-W48', () => {
  it.each([
    ['2026-W48', '2026-11-23'],
    ['2026-w48', '2026-11-23'],
    ['2026-W01', '2025-12-29'],
    ['2026-W53', '2026-12-28'],
    ['2020-W53', '2020-12-28'],
    ['2025-W01', '2024-12-30'],
    ['2027-W01', '2027-01-04'],
    ['2028-W09', '2028-02-28'],
  ])('%s starts on %s, and that Monday is in the same week again', (key, monday) => {
    expect(weekStart(key)).toBe(monday);
    expect(weekKey(monday)).toBe(key.toUpperCase());
  });

  it.each([
    [2026, 53],
    [2020, 53],
    [2015, 53],
    [2025, 52],
    [2027, 52],
    [2024, 52],
  ])('%i has %i weeks', (year, weeks) => {
    expect(isoWeeksIn(year)).toBe(weeks);
  });

  it.each([
    ['a week past the 53 any year has', '2026-W54'],
    ['week 53 of a 52-week year', '2025-W53'],
    ['week 0', '2026-W00'],
    ['one digit', '2026-W8'],
    ['no W', '2026-48'],
    ['a date', '2026-11-23'],
    ['words', 'last week'],
    ['empty', ''],
  ])('refuses %s (%s)', (_, key) => {
    expect(weekStart(key)).toBeUndefined();
  });

  it('every week of 2020 to 2030 starts a Monday seven days after the one before', () => {
    let previous: string | undefined;
    for (let year = 2020; year <= 2030; year++) {
      for (let w = 1; w <= isoWeeksIn(year); w++) {
        const key = `${year}-W${String(w).padStart(2, '0')}`;
        const monday = weekStart(key)!;
        expect(weekKey(monday)).toBe(key);
        if (previous !== undefined) expect(addDays(previous, 7)).toBe(monday);
        previous = monday;
      }
    }
  });
});
