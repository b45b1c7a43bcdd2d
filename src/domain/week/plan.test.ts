import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { type CoverageSpan, DEFAULT_WORKING_HOURS, type ModelEvent } from '../insight/insight-types.js';
import { addDays } from '../time.js';
import type { IcSession, LocalDate } from '../types.js';
import { at as atTime, ev, TZ } from './model-fixtures.js';
import { weekPlan } from './plan.js';
import { modelRange, timeSummary } from './time-model.js';

// Ana leads a team from Berlin. The week of Monday 23 November 2026 is winter time (UTC+1).
const MON = '2026-11-23';
const SUN = '2026-11-29';

/** An event on `date` from `from` to `to`, local times in Berlin (`to` may be a full date and time). */
function on(date: LocalDate, title: string, category: ModelEvent['category'], from: string, to: string) {
  return ev(title, category, from, to, { date, key: `${title} ${date} ${from}@cal` });
}

const at = (date: LocalDate, time: string) => atTime(time, date);

function session(date: LocalDate, startedAt: string | undefined, minutes: number): IcSession {
  return {
    id: `s-${date}-${startedAt ?? 'x'}`,
    date,
    title: 'Fix the flaky test',
    minutes,
    reasons: ['unblock'],
    ...(startedAt === undefined ? {} : { startedAt: at(date, startedAt) }),
  } as IcSession;
}

/** Calendars speak for whole local days, from `from` to `to` inclusive. */
function covering(from: LocalDate, to: LocalDate): CoverageSpan[] {
  return [{ from: at(from, '00:00'), to: at(addDays(to, 1), '00:00') }];
}

function model(
  events: ModelEvent[],
  options: {
    now?: string;
    sessions?: IcSession[];
    coverage?: CoverageSpan[];
    from?: LocalDate;
    to?: LocalDate;
  } = {},
) {
  return modelRange({
    from: options.from ?? MON,
    to: options.to ?? SUN,
    tz: TZ,
    workingHours: DEFAULT_WORKING_HOURS,
    events,
    sessions: options.sessions ?? [],
    gitSessions: [],
    calendarCoverage: options.coverage ?? covering(MON, SUN),
    now: options.now,
  });
}

const WEEK = [
  on(MON, '1:1 Jonas', 'one-on-one', '10:00', '10:30'),
  on('2026-11-25', 'Staff meeting', 'team-meeting', '11:00', '12:00'),
  on('2026-11-25', 'Focus', 'focus', '14:00', '17:00'),
  on('2026-11-26', 'Interview', 'interview', '09:00', '10:00'),
  on('2026-11-26', 'Focus', 'focus', '13:00', '16:00'),
  on('2026-11-26', 'Lunch', 'personal', '12:00', '13:00'),
];

describe('this week, planned against what happened', () => {
  it('on Wednesday at 15:00: what is over is done, what is ahead is planned, and nothing is both', () => {
    const today = '2026-11-25';
    const plan = weekPlan(model(WEEK, { now: at(today, '15:00') }), today);
    const row = (date: LocalDate) => plan.days.find((d) => d.date === date)!;

    expect(row(MON)).toEqual({
      date: MON,
      when: 'past',
      calendar: true,
      ic: { planned: 0, done: 0 },
      leadership: { planned: 0, done: 30 },
    });
    // The staff meeting is over; of the focus block, 14:00–15:00 is done and 15:00–17:00 ahead.
    expect(row(today)).toMatchObject({
      when: 'today',
      ic: { planned: 120, done: 60 },
      leadership: { planned: 0, done: 60 },
    });
    expect(row('2026-11-26')).toMatchObject({
      when: 'ahead',
      ic: { planned: 180, done: 0 },
      leadership: { planned: 60, done: 0 },
    });
    expect(plan.total).toEqual({ ic: { planned: 300, done: 60 }, leadership: { planned: 60, done: 90 } });
  });

  it('once Thursday has passed, its blocks count as done where the model says they happened', () => {
    // A session logged over the Thursday focus block is the IC done there, once, not twice.
    const sessions = [session('2026-11-26', '13:00', 120)];
    const before = weekPlan(model(WEEK, { now: at('2026-11-26', '08:00'), sessions }), '2026-11-26');
    const after = weekPlan(model(WEEK, { sessions }), '2026-11-30');
    const thu = (p: typeof before) => p.days.find((d) => d.date === '2026-11-26')!;
    // Ahead of it: the hour the log does not cover is planned; the logged two hours are done.
    expect(thu(before).ic).toEqual({ planned: 60, done: 120 });
    expect(thu(after).ic).toEqual({ planned: 0, done: 180 });
    expect(thu(after).leadership).toEqual({ planned: 0, done: 60 });
    expect(after.days.every((d) => d.when === 'past' && d.ic.planned === 0)).toBe(true);
  });

  it('a day no calendar covers says "no calendar" (null), never 0, and keeps its logged IC', () => {
    const sessions = [session('2026-11-27', undefined, 90)];
    const plan = weekPlan(
      model(WEEK, { now: at('2026-11-25', '15:00'), sessions, coverage: covering(MON, '2026-11-26') }),
      '2026-11-25',
    );
    const fri = plan.days.find((d) => d.date === '2026-11-27')!;
    expect(fri).toEqual({
      date: '2026-11-27',
      when: 'ahead',
      calendar: false,
      ic: { planned: null, done: 90 },
      leadership: { planned: null, done: null },
    });
    // The totals add up the days that know them.
    expect(plan.total.ic).toEqual({ planned: 300, done: 150 });
    // With no calendar window at all nothing is planned or known of leadership; the focus blocks
    // that passed are still evidence of IC done, as the time model counts them.
    const none = weekPlan(model(WEEK, { coverage: [] }), '2026-11-30');
    expect(none.total).toEqual({
      ic: { planned: null, done: 360 },
      leadership: { planned: null, done: null },
    });
  });

  it('in the week the clocks go back, a night block on the 25-hour Sunday is planned for its real length', () => {
    // Sunday 25 October 2026: 03:00 summer time becomes 02:00 winter time. A block from Saturday
    // 23:00 to Sunday 04:00 is 1 h on Saturday and 5 h (not 4) on Sunday.
    const from = '2026-10-19';
    const sat = '2026-10-24';
    const sun = '2026-10-25';
    const block = on(sat, 'Release night', 'focus', '23:00', `${sun}T04:00`);
    const late = on(sun, 'Call with a vendor', 'external', '10:00', '11:00');
    const days = model([block, late], {
      from,
      to: sun,
      now: at(sat, '12:00'),
      coverage: covering(from, sun),
    });
    const plan = weekPlan(days, sat);
    expect(plan.days.find((d) => d.date === sat)!.ic).toEqual({ planned: 60, done: 0 });
    expect(plan.days.find((d) => d.date === sun)).toMatchObject({
      when: 'ahead',
      ic: { planned: 300, done: 0 },
      leadership: { planned: 60, done: 0 },
    });
    // After the night, the same block is done and nothing of it is planned.
    const over = weekPlan(
      model([block, late], { from, to: sun, coverage: covering(from, sun) }),
      '2026-10-26',
    );
    expect(over.total).toEqual({ ic: { planned: 0, done: 360 }, leadership: { planned: 0, done: 60 } });
  });

  it('done is the week summary’s done, the one every surface shows', () => {
    const sessions = [session('2026-11-24', '09:00', 45), session('2026-11-27', undefined, 30)];
    const days = model(WEEK, { now: at('2026-11-26', '14:00'), sessions });
    const plan = weekPlan(days, '2026-11-26');
    const time = timeSummary(days);
    expect(plan.total.ic.done).toBe(time.ic.done);
    expect(plan.total.ic.planned).toBe(time.ic.planned);
    expect(plan.total.leadership.done).toBe(time.leadership);
    expect(plan.days.map((d) => [d.date, d.ic.done, d.leadership.done])).toEqual(
      time.days.map((d) => [d.date, d.ic.done, d.leadership]),
    );
  });

  it('refuses a day given twice and a today that is not a date', () => {
    const days = model(WEEK);
    expect(() => weekPlan([...days, days[0]!], MON)).toThrow(AppError);
    expect(() => weekPlan(days, 'Monday')).toThrow(/not a date/);
  });

  it('moving the present only moves time from planned to done, never adds or drops any', () => {
    const hour = fc.integer({ min: 0, max: 22 });
    const block = fc.record({
      day: fc.integer({ min: 0, max: 6 }),
      start: hour,
      length: fc.integer({ min: 1, max: 3 }),
      category: fc.constantFrom<ModelEvent['category']>('focus', 'one-on-one', 'team-meeting', 'interview'),
    });
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 8 }),
        fc.integer({ min: 0, max: 7 * 24 }),
        fc.integer({ min: 0, max: 7 * 24 }),
        (blocks, a, b) => {
          // Hours from Monday 00:00, local; a block may run past midnight into the next day.
          const instant = (h: number) =>
            at(addDays(MON, Math.floor(h / 24)), `${String(h % 24).padStart(2, '0')}:00`);
          const events = blocks.map((x, i) => {
            const start = x.day * 24 + x.start;
            return {
              ...ev(`b${i}`, x.category, '00:00', '00:00'),
              start: instant(start),
              end: instant(start + x.length),
            };
          });
          const dateOf = (h: number) => addDays(MON, Math.floor(h / 24));
          const early = weekPlan(model(events, { now: instant(Math.min(a, b)) }), dateOf(Math.min(a, b)));
          const late = weekPlan(model(events, { now: instant(Math.max(a, b)) }), dateOf(Math.max(a, b)));
          for (const [i, e] of early.days.entries()) {
            const l = late.days[i]!;
            expect(l.ic.planned! + l.ic.done).toBe(e.ic.planned! + e.ic.done);
            expect(l.leadership.planned! + l.leadership.done!).toBe(
              e.leadership.planned! + e.leadership.done!,
            );
            expect(l.ic.planned).toBeLessThanOrEqual(e.ic.planned!);
            for (const p of [e, l]) {
              if (p.when === 'past') expect([p.ic.planned, p.leadership.planned]).toEqual([0, 0]);
              if (p.when === 'ahead') expect([p.ic.done, p.leadership.done]).toEqual([0, 0]);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
