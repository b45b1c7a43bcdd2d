import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS } from '../insight/insight-types.js';
import { elapsedText, runningLine } from '../present/timer.js';
import { wallClockInstant } from '../time.js';
import { timerOverrun } from './timer.js';

const TZ = 'Europe/Berlin';

describe('timerOverrun', () => {
  // 2026-11-25 is a Wednesday, 2026-11-28 a Saturday; Berlin is UTC+1 then.
  it.each([
    ['within working hours', '2026-11-25T13:05:00Z', '2026-11-25T16:59:00Z', undefined],
    ['at the very end of them', '2026-11-25T13:05:00Z', '2026-11-25T17:00:00Z', undefined],
    ['past their end', '2026-11-25T13:05:00Z', '2026-11-25T17:01:00Z', 'working-hours'],
    ['started after them, before midnight', '2026-11-25T19:00:00Z', '2026-11-25T22:59:00Z', undefined],
    ['started after them, past midnight', '2026-11-25T19:00:00Z', '2026-11-25T23:00:00Z', 'midnight'],
    ['on a Saturday afternoon into the evening', '2026-11-28T13:00:00Z', '2026-11-28T20:00:00Z', undefined],
    ['past midnight from the working day', '2026-11-25T13:05:00Z', '2026-11-26T07:00:00Z', 'midnight'],
  ])('%s', (_what, startedAt, now, past) => {
    expect(timerOverrun(startedAt, now, TZ, DEFAULT_WORKING_HOURS)?.past).toBe(past);
  });

  it('offers the end of working hours only to a timer started before it on a working day', () => {
    const late = timerOverrun('2026-11-25T19:00:00Z', '2026-11-26T07:00:00Z', TZ, DEFAULT_WORKING_HOURS);
    expect(late).toEqual({ past: 'midnight', date: '2026-11-25', startTime: '20:00' });
  });
});

describe('wallClockInstant', () => {
  it('reads a wall-clock time in the zone, across a DST switch too', () => {
    expect(wallClockInstant('2026-11-25', '17:45', TZ)).toBe('2026-11-25T16:45:00.000Z');
    expect(wallClockInstant('2026-07-01', '17:45', TZ)).toBe('2026-07-01T15:45:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: it moves forward by the hour skipped.
    expect(wallClockInstant('2026-03-29', '02:30', TZ)).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('the words for a timer', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [80, '1 h 20 min'],
  ])('%i minutes read %s', (minutes, text) => {
    expect(elapsedText(minutes)).toBe(text);
  });

  it('names the day it started once that was not today', () => {
    const t = { title: 'Fix the flaky deploy', date: '2026-11-25', startTime: '14:05', minutes: 80 };
    expect(runningLine(t)).toBe('Running: "Fix the flaky deploy" since 14:05 (1 h 20 min).');
    expect(runningLine({ ...t, overrun: { past: 'midnight', date: t.date, startTime: t.startTime } })).toBe(
      'Running: "Fix the flaky deploy" since 2026-11-25 14:05 (1 h 20 min).',
    );
  });
});
