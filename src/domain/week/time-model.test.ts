import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { USUAL_CLASS } from '../evidence/classify-rules.js';
import {
  type CoverageSpan,
  type DayModel,
  DEFAULT_WORKING_HOURS,
  type GitSessionEstimate,
  type LeadershipKind,
  type ModelEvent,
  type WorkingHours,
} from '../insight/insight-types.js';
import { addDays } from '../time.js';
import type { IcSession, LocalDate } from '../types.js';
import { at, ev, TZ, WED } from './model-fixtures.js';
import {
  type DayInput,
  eventsForRange,
  focusMinutesLeft,
  modelDay,
  modelRange,
  modelWeek,
  type RangeInput,
  timeSummary,
} from './time-model.js';

const EVERY_DAY: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '18:00' };

type Category = ModelEvent['category'];

function git(from: string, to: string, date: LocalDate = WED): GitSessionEstimate {
  const start = at(from, date);
  const end = at(to, date);
  return {
    date,
    start,
    end,
    minutes: (Date.parse(end) - Date.parse(start)) / 60_000,
    commits: 3,
    repos: ['api'],
  };
}

let sessionNo = 0;
function logged(minutes: number, startedAt?: string, date: LocalDate = WED): IcSession {
  sessionNo++;
  return {
    id: `s${sessionNo}`,
    date,
    startedAt: startedAt === undefined ? undefined : at(startedAt, date),
    minutes,
    title: 'Fix the flaky deploy',
    reasons: ['ground-truth'],
    gaps: [],
    createdAt: '2026-11-25T18:00:00.000Z',
    updatedAt: '2026-11-25T18:00:00.000Z',
  };
}

/** A calendar imported for years around the test days: every day is covered unless a test says not. */
const COVERED: CoverageSpan[] = [{ from: '2020-01-01T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z' }];

function day(partial: Partial<DayInput> = {}): DayModel {
  return modelDay({
    date: WED,
    tz: TZ,
    workingHours: DEFAULT_WORKING_HOURS,
    events: [],
    sessions: [],
    gitSessions: [],
    calendarCoverage: COVERED,
    ...partial,
  });
}

/** IC time with nothing planned (the day is past unless a test gives `now`). */
function ic(logged: number, inferred: number, planned: number | null = 0): DayModel['ic'] {
  return { logged, inferred, planned, done: logged + inferred };
}

function kinds(partial: Partial<Record<LeadershipKind, number>> = {}): Record<LeadershipKind, number> {
  return { 'one-on-one': 0, 'team-meeting': 0, interview: 0, external: 0, ...partial };
}

const QUIET: Omit<DayModel, 'date'> = {
  calendar: true,
  ic: ic(0, 0),
  icMinutes: 0,
  leadership: kinds(),
  leadershipMinutes: 0,
  leadershipPlannedMinutes: 0,
  meetingMinutes: 0,
  focusMinutes: 540,
  fragmentedMinutes: 0,
  contextSwitches: 0,
  longestBlockMinutes: 540,
  workingMinutes: 540,
};

describe('modelDay: realistic days', () => {
  it.each<[string, Partial<DayInput>, Partial<DayModel>]>([
    ['a working day with nothing in it is one 9-hour focus block', {}, {}],
    [
      'a manager Wednesday: stand-up, two 1:1s, lunch, an interview, a customer call',
      {
        events: [
          ev('Stand-up', 'team-meeting', '09:30', '10:00'),
          ev('1:1 Priya', 'one-on-one', '10:00', '10:30'),
          ev('1:1 Sam', 'one-on-one', '10:30', '11:00'),
          ev('Lunch', 'personal', '12:00', '13:00'),
          ev('Interview: backend', 'interview', '13:00', '14:00'),
          ev('Contoso sync', 'external', '16:00', '16:45'),
        ],
      },
      {
        leadership: kinds({ 'one-on-one': 60, 'team-meeting': 30, interview: 60, external: 45 }),
        leadershipMinutes: 195,
        // Lunch is not a meeting…
        meetingMinutes: 195,
        // …but it does make her busy. Free: 09:00–09:30, 11:00–12:00, 14:00–16:00, 16:45–18:00.
        focusMinutes: 120,
        fragmentedMinutes: 30 + 60 + 75,
        longestBlockMinutes: 120,
        // Stand-up → 1:1 is the only switch: the two 1:1s are one kind, the rest follow long gaps.
        contextSwitches: 1,
      },
    ],
    [
      'overlapping and back-to-back meetings take their time once',
      {
        events: [
          ev('Planning', 'team-meeting', '10:00', '11:00'),
          ev('1:1 Lee', 'one-on-one', '10:30', '11:30'),
          ev('Vendor call', 'external', '11:30', '12:00'),
        ],
      },
      {
        // The 1:1 only gets the half hour planning had not already taken.
        leadership: kinds({ 'team-meeting': 60, 'one-on-one': 30, external: 30 }),
        leadershipMinutes: 120,
        meetingMinutes: 120,
        focusMinutes: 360,
        fragmentedMinutes: 60,
        longestBlockMinutes: 360,
        contextSwitches: 2,
      },
    ],
    [
      'a coding day from commits and a focus block, a 1:1 in between',
      {
        events: [
          ev('Focus: coding', 'focus', '11:00', '13:00'),
          ev('1:1 Ana', 'one-on-one', '13:00', '13:30'),
        ],
        // The commit burst overlaps the focus block by half an hour; it is counted once.
        gitSessions: [git('09:00', '11:30'), git('13:40', '15:00')],
      },
      {
        leadership: kinds({ 'one-on-one': 30 }),
        leadershipMinutes: 30,
        ic: ic(0, 240 + 80),
        icMinutes: 240 + 80,
        meetingMinutes: 30,
        // The focus block is hers to use, not a meeting: 09:00–13:00 and 13:30–18:00 are free.
        focusMinutes: 240 + 270,
        fragmentedMinutes: 0,
        longestBlockMinutes: 270,
        // coding → 1:1 (no gap) → coding (10 minutes later).
        contextSwitches: 2,
      },
    ],
    [
      'a session logged with minutes only takes the place of as many inferred minutes, no more',
      {
        events: [ev('Focus', 'focus', '14:00', '16:00')],
        gitSessions: [git('10:00', '12:00')],
        sessions: [logged(90)],
      },
      // 240 minutes of evidence; 90 of them are the logged session, 150 stay inferred.
      { ic: ic(90, 150), icMinutes: 240 },
    ],
    [
      'a session logged with a start takes the place of only the inferred time it overlaps',
      {
        events: [ev('Focus', 'focus', '13:00', '16:00')],
        sessions: [logged(60, '15:00'), logged(60, '16:00')],
      },
      // 13:00–15:00 stays inferred; 15:00–17:00 is logged.
      { ic: ic(120, 120), icMinutes: 240, contextSwitches: 0 },
    ],
    [
      'logged sessions with a start overlap once; sessions without one add their minutes',
      { sessions: [logged(60, '10:00'), logged(60, '10:30'), logged(30)] },
      { ic: ic(90 + 30, 0), icMinutes: 90 + 30 },
    ],
    [
      'meetings outside working hours are meeting time but leave focus alone',
      {
        events: [
          ev('Call with Sydney', 'external', '07:00', '08:00'),
          ev('Offsite dinner planning', 'team-meeting', '19:00', '20:00'),
        ],
      },
      {
        leadership: kinds({ external: 60, 'team-meeting': 60 }),
        leadershipMinutes: 120,
        meetingMinutes: 120,
      },
    ],
    [
      'a meeting straddling the start of the day only blocks its working part',
      { events: [ev('Early sync', 'team-meeting', '08:00', '09:30')] },
      {
        leadership: kinds({ 'team-meeting': 90 }),
        leadershipMinutes: 90,
        meetingMinutes: 90,
        focusMinutes: 510,
        longestBlockMinutes: 510,
      },
    ],
    [
      'declined, cancelled and free events, and free all-day ones, take no time',
      {
        events: [
          ev('Birthday: Sam', 'personal', '00:00', `${addDays(WED, 1)}T00:00`, {
            counted: false,
            allDay: true,
            transparent: true,
          }),
          ev('1:1 Sam', 'one-on-one', '10:00', '11:00', { counted: false, declined: true }),
          ev('Roadmap review', 'team-meeting', '11:00', '12:00', { counted: false, cancelled: true }),
          ev('Hold: maybe', 'other', '13:00', '14:00', { counted: false, transparent: true }),
          ev('Focus (tentative)', 'focus', '14:00', '16:00', { counted: false, transparent: true }),
          // Marked counted by mistake, yet declined: still takes no time.
          ev('All hands', 'team-meeting', '16:00', '17:00', { declined: true }),
        ],
      },
      {},
    ],
    [
      'personal time makes her busy: a dentist appointment and lunch split the day',
      {
        events: [ev('Lunch', 'personal', '12:00', '13:00'), ev('Dentist', 'personal', '14:30', '16:00')],
      },
      // Free: 09:00–12:00 (focus), 13:00–14:30 and 16:00–18:00 (focus).
      { focusMinutes: 180 + 120, fragmentedMinutes: 90, longestBlockMinutes: 180 },
    ],
    [
      'an all-day offsite makes the whole working day busy, and a focus block that day did not happen',
      {
        events: [
          ev('Team offsite', 'team-meeting', '00:00', `${addDays(WED, 1)}T00:00`, {
            counted: false,
            allDay: true,
            startDate: WED,
            endDate: addDays(WED, 1),
          }),
          ev('Focus time', 'focus', '13:00', '16:00'),
        ],
      },
      // No minutes of meetings or leadership of its own: it says she was away, not for how long.
      { focusMinutes: 0, fragmentedMinutes: 0, longestBlockMinutes: 0 },
    ],
    [
      'a leadership event of no leadership kind counts in the total only',
      { events: [ev('Quarterly planning', 'other', '14:00', '15:00', { timeClass: 'leadership' })] },
      {
        leadershipMinutes: 60,
        meetingMinutes: 60,
        focusMinutes: 300 + 180,
        longestBlockMinutes: 300,
      },
    ],
    [
      'an IC-class meeting (mob programming) is meeting time and IC time',
      {
        events: [ev('Mob programming', 'team-meeting', '10:00', '12:00', { timeClass: 'ic' })],
      },
      {
        ic: ic(0, 120),
        icMinutes: 120,
        meetingMinutes: 120,
        // Booked IC is deep work, not busy time: the day stays one free block.
        focusMinutes: 540,
        longestBlockMinutes: 540,
      },
    ],
  ])('%s', (_, input, expected) => {
    expect(day(input)).toEqual({ ...QUIET, date: WED, ...expected });
  });

  it('gives the same figures whatever order the evidence comes in', () => {
    const events = [
      ev('Stand-up', 'team-meeting', '09:30', '10:00'),
      ev('1:1 Priya', 'one-on-one', '09:45', '10:30'),
      ev('Interview', 'interview', '09:45', '10:15'),
      ev('Focus', 'focus', '10:30', '12:30'),
      ev('Contoso', 'external', '12:30', '13:00'),
    ];
    const gitSessions = [git('10:15', '11:00'), git('12:45', '14:00')];
    const forward = day({ events, gitSessions });
    const backward = day({ events: [...events].reverse(), gitSessions: [...gitSessions].reverse() });
    expect(backward).toEqual(forward);
    // At 09:45 two meetings start together: the longer 1:1 holds the overlap, not the interview.
    expect(forward.leadership).toEqual(kinds({ 'team-meeting': 30, 'one-on-one': 30, external: 30 }));
  });
});

describe('who holds an overlap', () => {
  it('the meeting that really started first, even when cut at midnight or at the window edge', () => {
    const model = day({
      events: [
        // Started on Tuesday evening: on Wednesday it begins at midnight, yet it started first.
        ev('Incident bridge', 'external', `${addDays(WED, -1)}T23:00`, '01:00'),
        ev('Follow-the-sun hand-over', 'team-meeting', '00:00', '02:00'),
        // Started before the working window; a longer interview starts right at 09:00.
        ev('Early 1:1', 'one-on-one', '08:30', '09:30'),
        ev('Interview', 'interview', '09:00', '11:00'),
      ],
    });
    expect(model.leadership).toEqual(
      kinds({ external: 60, 'team-meeting': 60, 'one-on-one': 60, interview: 90 }),
    );
    expect(model.leadershipMinutes).toBe(270);
    // In the window: 1:1 09:00–09:30, then the interview: one switch.
    expect(model.contextSwitches).toBe(1);
  });
});

describe('modelDay: weekends and working hours', () => {
  it('on a weekend, meetings and IC count but there are no working hours to focus in', () => {
    const sat = '2026-11-28';
    const model = day({
      date: sat,
      events: [ev('Hiring debrief', 'interview', '10:00', '11:00', { date: sat })],
      gitSessions: [git('14:00', '16:00', sat), git('10:30', '11:30', sat)],
    });
    expect(model).toEqual({
      ...QUIET,
      date: sat,
      leadership: kinds({ interview: 60 }),
      leadershipMinutes: 60,
      meetingMinutes: 60,
      ic: ic(0, 180),
      icMinutes: 180,
      focusMinutes: 0,
      fragmentedMinutes: 0,
      longestBlockMinutes: 0,
      workingMinutes: 0,
      contextSwitches: 0,
    });
  });

  it('uses the working hours given: a leader who works Sunday to Thursday, 08:30 to 17:00', () => {
    const hours: WorkingHours = { days: [7, 1, 2, 3, 4], start: '08:30', end: '17:00' };
    const sun = '2026-11-29';
    const fri = '2026-11-27';
    expect(day({ date: sun, workingHours: hours })).toMatchObject({ workingMinutes: 510, focusMinutes: 510 });
    expect(day({ date: fri, workingHours: hours })).toMatchObject({ workingMinutes: 0, focusMinutes: 0 });
  });

  it('takes 24:00 as the end of the day', () => {
    const late: WorkingHours = { days: [3], start: '14:00', end: '24:00' };
    const model = day({
      workingHours: late,
      events: [ev('Late call', 'external', '23:00', `${addDays(WED, 1)}T01:00`)],
    });
    expect(model).toMatchObject({ workingMinutes: 600, focusMinutes: 540, longestBlockMinutes: 540 });
    expect(model.meetingMinutes).toBe(60);
  });

  it.each([
    ['119 minutes free is fragmented', '10:59', 120, 0, 119],
    ['exactly 120 minutes free is focus', '11:00', 120, 120, 0],
    ['121 minutes free is focus', '11:01', 120, 121, 0],
    ['a shorter focus threshold of 60 minutes', '10:00', 60, 60, 0],
    ['59 minutes under a 60-minute threshold', '09:59', 60, 0, 59],
  ])('%s', (_, meetingStart, focusBlockMinutes, focus, fragmented) => {
    // The rest of the day after the free block is taken by an offsite.
    const model = day({ events: [ev('Offsite', 'team-meeting', meetingStart, '18:00')], focusBlockMinutes });
    expect(model.focusMinutes).toBe(focus);
    expect(model.fragmentedMinutes).toBe(fragmented);
    expect(model.longestBlockMinutes).toBe(focus + fragmented);
  });
});

describe('focusMinutesLeft: what today can still take', () => {
  const left = (from: string, events: ModelEvent[] = [], date: LocalDate = WED) =>
    focusMinutesLeft({
      date,
      tz: TZ,
      workingHours: DEFAULT_WORKING_HOURS,
      events,
      sessions: [],
      gitSessions: [],
      calendarCoverage: COVERED,
      from: at(from, date),
    });
  const standup = ev('Standup', 'team-meeting', '15:00', '15:30');

  it('counts only the blocks after now that are long enough', () => {
    // 14:00–15:00 is too short; 15:30–18:00 is 150 min.
    expect(left('14:00', [standup])).toBe(150);
    // The whole day before the window opens; nothing after it closes.
    expect(left('07:00', [standup])).toBe(day({ events: [standup] }).focusMinutes);
    expect(left('18:00', [standup])).toBe(0);
    expect(left('23:30', [standup])).toBe(0);
    // Late afternoon: 16:30–18:00 is under two hours, so no focus time is left.
    expect(left('16:30', [standup])).toBe(0);
  });

  it('ignores focus blocks and declined meetings but not personal time, like the day model', () => {
    const focus = ev('Deep work', 'focus', '14:00', '16:00');
    const declined = ev('All-hands', 'team-meeting', '14:00', '15:00', { counted: false, declined: true });
    expect(left('14:00', [focus, declined])).toBe(240);
    expect(left('14:00', [focus, ev('School pick-up', 'personal', '15:30', '16:30')])).toBe(0);
  });

  it('does not know without a calendar', () => {
    expect(
      focusMinutesLeft({
        date: WED,
        tz: TZ,
        workingHours: DEFAULT_WORKING_HOURS,
        events: [],
        sessions: [],
        gitSessions: [],
        calendarCoverage: [],
        from: at('10:00'),
      }),
    ).toBeNull();
  });

  it('gives nothing on a day off', () => {
    expect(left('10:00', [], '2026-11-28')).toBe(0);
  });
});

describe('modelRange: days cut at local midnight', () => {
  const THU = addDays(WED, 1);
  const range = (input: Partial<Parameters<typeof modelRange>[0]>) =>
    modelRange({
      from: WED,
      to: THU,
      tz: TZ,
      workingHours: DEFAULT_WORKING_HOURS,
      events: [],
      sessions: [],
      gitSessions: [],
      calendarCoverage: COVERED,
      ...input,
    });

  it('splits a meeting that runs past midnight between the two days', () => {
    const [wed, thu] = range({ events: [ev('Launch war room', 'team-meeting', '23:00', `${THU}T01:30`)] });
    expect(wed).toMatchObject({ date: WED, meetingMinutes: 60, leadershipMinutes: 60 });
    expect(thu).toMatchObject({ date: THU, meetingMinutes: 90, leadershipMinutes: 90 });
    expect(thu!.leadership).toEqual(kinds({ 'team-meeting': 90 }));
  });

  it('splits a late git session too, but a logged session counts on its own date', () => {
    const [wed, thu] = range({
      gitSessions: [git('23:30', `${THU}T00:45`)],
      sessions: [logged(120, '23:30', THU)],
    });
    expect(wed).toMatchObject({ icMinutes: 30, ic: ic(0, 30) });
    // Thursday's logged session started 23:30 Thursday: the 45 git minutes after midnight stay inferred.
    expect(thu).toMatchObject({ icMinutes: 120 + 45, ic: ic(120, 45) });
  });

  it('agrees with modelDay day by day', () => {
    const events = [
      ev('Launch war room', 'team-meeting', '23:00', `${THU}T01:30`),
      ev('1:1 Priya', 'one-on-one', '10:00', '10:30', { date: THU }),
      ev('Focus', 'focus', '13:00', '15:00', { date: THU }),
      ev('Old meeting', 'other', '10:00', '11:00', { date: '2026-11-20' }),
    ];
    const gitSessions = [git('14:30', '16:00', THU), git('11:00', '12:00')];
    const sessions = [logged(45, undefined, WED), logged(45, undefined, '2026-12-01')];
    const days = range({ events, gitSessions, sessions });
    expect(days.map((d) => d.date)).toEqual([WED, THU]);
    for (const d of days) {
      expect(d).toEqual(day({ date: d.date, events, gitSessions, sessions }));
    }
  });

  it('returns one day for a one-day range and every day of a long one', () => {
    expect(range({ to: WED })).toHaveLength(1);
    const year = range({ from: '2026-01-01', to: '2026-12-31' });
    expect(year).toHaveLength(365);
    expect(year.filter((d) => d.workingMinutes === 540)).toHaveLength(261);
  });
});

describe('DST days in Europe/Berlin', () => {
  const SPRING = '2026-03-29'; // 02:00 → 03:00: 23 hours
  const AUTUMN = '2026-10-25'; // 03:00 → 02:00: 25 hours

  // An event covering the whole weekend and more shows how long the day is.
  const longEvent = (date: LocalDate) =>
    ev('Hackathon', 'other', `${addDays(date, -1)}T12:00`, `${addDays(date, 1)}T12:00`, { date });

  it.each([
    [SPRING, 23 * 60],
    [AUTUMN, 25 * 60],
    ['2026-03-28', 24 * 60],
  ])('%s is %i minutes long and its working window stays 9 hours', (date, minutes) => {
    const model = day({ date, workingHours: EVERY_DAY, events: [longEvent(date)] });
    expect(model.meetingMinutes).toBe(minutes);
    expect(day({ date, workingHours: EVERY_DAY }).workingMinutes).toBe(540);
  });

  it.each([
    [SPRING, '2026-03-29T07:30:00.000Z'],
    [AUTUMN, '2026-10-25T08:30:00.000Z'],
  ])('on %s the working window starts at 09:00 local time', (date, halfPastNineUtc) => {
    // Busy from before the window until 09:30 local: 30 minutes of the window are taken.
    const meeting: ModelEvent = {
      ...ev('Early', 'team-meeting', '06:00', '07:00', { date }),
      end: halfPastNineUtc,
    };
    const model = day({ date, workingHours: EVERY_DAY, events: [meeting] });
    expect(model).toMatchObject({ focusMinutes: 510, workingMinutes: 540, longestBlockMinutes: 510 });
  });

  it.each([
    [SPRING, 300],
    [AUTUMN, 420],
  ])('a night shift 00:00–06:00 on %s lasts %i minutes', (date, minutes) => {
    const night: WorkingHours = { days: [7], start: '00:00', end: '06:00' };
    expect(day({ date, workingHours: night }).workingMinutes).toBe(minutes);
  });

  it('cuts a git session running across the switch by real elapsed time', () => {
    // 01:30 CET to 03:30 CEST is one hour of work.
    const session: GitSessionEstimate = {
      ...git('01:00', '02:00', SPRING),
      start: '2026-03-29T00:30:00.000Z',
      end: '2026-03-29T01:30:00.000Z',
    };
    expect(day({ date: SPRING, gitSessions: [session] }).ic).toEqual(ic(0, 60));
  });
});

describe('day length matches luxon in zones with odd switches', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'])(
    'every day of 2026 in %s',
    (tz) => {
      const whole: ModelEvent = {
        ...ev('Whole year', 'other', '10:00', '11:00'),
        start: '2025-12-30T00:00:00.000Z',
        end: '2027-01-02T00:00:00.000Z',
      };
      const days = modelRange({
        from: '2026-01-01',
        to: '2026-12-31',
        tz,
        workingHours: EVERY_DAY,
        events: [whole],
        sessions: [],
        gitSessions: [],
        calendarCoverage: COVERED,
      });
      const lengths = days.map((d) => d.meetingMinutes);
      const expected = days.map((d) => {
        const start = DateTime.fromISO(d.date, { zone: tz });
        const end = DateTime.fromISO(addDays(d.date, 1), { zone: tz });
        return end.diff(start, 'minutes').minutes;
      });
      expect(lengths).toEqual(expected);
      // Some of those zones really do have short and long days.
      if (tz !== 'Asia/Kolkata') expect(new Set(lengths).size).toBeGreaterThan(1);
    },
  );
});

describe('context switches', () => {
  it.each<[string, ModelEvent[], GitSessionEstimate[], IcSession[], number]>([
    [
      'the documented example: two switches, then a fresh start after lunch',
      [
        ev('1:1 Priya', 'one-on-one', '10:05', '10:30'),
        ev('1:1 Sam', 'one-on-one', '10:30', '11:00'),
        ev('Planning', 'team-meeting', '11:00', '11:45'),
      ],
      [git('09:00', '10:00'), git('13:00', '15:00')],
      [],
      2,
    ],
    [
      'a 15-minute gap between different activities is still a switch',
      [ev('1:1 Priya', 'one-on-one', '10:15', '10:45')],
      [git('09:00', '10:00')],
      [],
      1,
    ],
    [
      'a 16-minute gap is a fresh start',
      [ev('1:1 Priya', 'one-on-one', '10:16', '10:45')],
      [git('09:00', '10:00')],
      [],
      0,
    ],
    [
      'back-to-back 1:1s are one kind of activity',
      [ev('1:1 Priya', 'one-on-one', '10:00', '10:30'), ev('1:1 Sam', 'one-on-one', '10:30', '11:00')],
      [],
      [],
      0,
    ],
    [
      'a meeting in the middle of a coding stretch: in and out again',
      [ev('Incident call', 'external', '10:00', '10:30')],
      [git('09:00', '12:00')],
      [],
      2,
    ],
    [
      'a meeting inside another one of a different kind changes nothing',
      [ev('Offsite', 'team-meeting', '10:00', '12:00'), ev('1:1 Lee', 'one-on-one', '10:30', '11:00')],
      [],
      [],
      0,
    ],
    [
      'logged sessions with a start are IC on the timeline; those without one are not placed',
      [ev('Stand-up', 'team-meeting', '09:30', '09:45')],
      [],
      [logged(60, '09:45'), logged(60)],
      1,
    ],
    [
      'a personal event is a break, not an activity',
      [ev('Lunch', 'personal', '12:00', '12:10'), ev('Design review', 'team-meeting', '12:10', '13:00')],
      [git('11:00', '12:00')],
      [],
      // coding ends 12:00, the review starts 10 minutes later.
      1,
    ],
    [
      'only the working window counts: an evening of switching is not counted',
      [ev('Call with Sydney', 'external', '07:30', '08:00'), ev('Late 1:1', 'one-on-one', '18:00', '18:30')],
      [git('07:00', '07:30'), git('18:30', '19:30'), git('08:00', '09:10')],
      [],
      0,
    ],
    [
      'IC running into the window then a meeting at 09:10',
      [ev('1:1 Priya', 'one-on-one', '09:10', '09:40')],
      [git('07:30', '09:05')],
      [],
      1,
    ],
  ])('%s', (_, events, gitSessions, sessions, switches) => {
    expect(day({ events, gitSessions, sessions }).contextSwitches).toBe(switches);
  });

  it('counts nothing on a day off', () => {
    const sat = '2026-11-28';
    const model = day({
      date: sat,
      events: [ev('1:1', 'one-on-one', '10:00', '10:30', { date: sat })],
      gitSessions: [git('10:30', '12:00', sat)],
    });
    expect(model.contextSwitches).toBe(0);
  });
});

describe('modelWeek', () => {
  const MON = '2026-11-23';
  const week = () =>
    modelRange({
      from: MON,
      to: addDays(MON, 6),
      tz: TZ,
      workingHours: DEFAULT_WORKING_HOURS,
      events: [
        ev('1:1 Priya', 'one-on-one', '10:00', '10:30', { date: MON }),
        ev('Planning', 'team-meeting', '10:30', '12:00', { date: MON }),
        ev('Interview', 'interview', '14:00', '15:00', { date: WED }),
        ev('1:1 Sam', 'one-on-one', '16:00', '16:30', { date: WED }),
      ],
      sessions: [logged(150, '13:00', MON)],
      gitSessions: [git('09:00', '11:00', WED), git('10:00', '12:30', '2026-11-28')],
      calendarCoverage: COVERED,
    });

  it('adds up the days, takes the longest block of any day and rounds the budget share', () => {
    const days = week();
    const model = modelWeek(days, 720);
    expect(model).toEqual({
      start: MON,
      end: '2026-11-29',
      days,
      ic: ic(150, 120 + 150),
      icMinutes: 150 + 120 + 150,
      leadership: kinds({ 'one-on-one': 60, 'team-meeting': 90, interview: 60 }),
      leadershipMinutes: 210,
      leadershipPlannedMinutes: 0,
      meetingMinutes: 210,
      // Mon: 09:00–10:00 fragmented, 12:00–18:00 focus; Wed: 09:00–14:00 focus, 15:00–16:00 fragmented,
      // 16:30–18:00 fragmented; Tue, Thu, Fri: whole days.
      focusMinutes: 360 + 300 + 3 * 540,
      fragmentedMinutes: 60 + 60 + 90,
      // Mon: 1:1 → planning; Wed: coding ends 11:00 and the interview is at 14:00, 1:1 at 16:00.
      contextSwitches: 1,
      longestBlockMinutes: 540,
      coverage: { days: 7, calendarDays: 7 },
      budgetUsedPct: 58, // 420 / 720 = 58.3 %
      budgetMinutes: 720,
    });
  });

  it.each([
    ['over budget', 280, 150],
    ['a zero budget with IC is fully used', 0, 100],
  ])('%s', (_, budget, pct) => {
    expect(modelWeek(week(), budget).budgetUsedPct).toBe(pct);
  });

  it('a zero budget and no IC is 0 %, and a part of a week adds up what it has', () => {
    const quiet = modelWeek([day({ date: WED })], 0);
    expect(quiet).toMatchObject({ start: MON, end: '2026-11-29', budgetUsedPct: 0, focusMinutes: 540 });
  });

  it('orders the days whatever order they come in', () => {
    const days = week();
    expect(modelWeek([...days].reverse(), 600).days.map((d) => d.date)).toEqual(days.map((d) => d.date));
  });
});

describe('bad input is refused with one clear sentence', () => {
  const ok: DayInput = {
    date: WED,
    tz: TZ,
    workingHours: DEFAULT_WORKING_HOURS,
    events: [],
    sessions: [],
    gitSessions: [],
    calendarCoverage: COVERED,
  };
  it.each<[string, Partial<DayInput>, RegExp]>([
    ['a date that is not one', { date: '2026-13-01' }, /"2026-13-01" is not a date; expected YYYY-MM-DD/],
    ['an unknown time zone', { tz: 'Mars/Olympus' }, /"Mars\/Olympus" is not a time zone/],
    [
      'a weekday 0',
      { workingHours: { ...DEFAULT_WORKING_HOURS, days: [0, 1] } },
      /ISO weekdays from 1 .* not 0/,
    ],
    [
      'a start like 9:00',
      { workingHours: { ...DEFAULT_WORKING_HOURS, start: '9:00' } },
      /"9:00" is not a time of day/,
    ],
    [
      'working hours ending before they start',
      { workingHours: { ...DEFAULT_WORKING_HOURS, start: '18:00', end: '09:00' } },
      /end \(09:00\) at or before they start \(18:00\)/,
    ],
    [
      '24:00 as a start',
      { workingHours: { ...DEFAULT_WORKING_HOURS, start: '24:00' } },
      /"24:00" is not a time/,
    ],
    ['a focus block of 0 minutes', { focusBlockMinutes: 0 }, /more than 0 minutes long, not 0/],
    [
      'an event that ends before it starts',
      { events: [ev('Backwards', 'other', '11:00', '10:00')] },
      /Event "Backwards" \(Backwards@cal\) ends .* before it starts/,
    ],
    [
      'an instant without a zone',
      { events: [{ ...ev('Floating', 'other', '10:00', '11:00'), start: '2026-11-25T10:00:00' }] },
      /"2026-11-25T10:00:00" as a time; expected an ISO timestamp with a zone/,
    ],
    [
      'a git session that ends before it starts',
      { gitSessions: [git('12:00', '11:00')] },
      /git session of 2026-11-25 .* ends .* before it starts/,
    ],
    ['a session with negative minutes', { sessions: [logged(-5)] }, /has -5 minutes; expected 0 or more/],
  ])('%s', (_, change, message) => {
    const run = () => modelDay({ ...ok, ...change });
    expect(run).toThrow(AppError);
    expect(run).toThrow(message);
  });

  it('a range that ends before it starts', () => {
    expect(() => modelRange({ ...ok, from: WED, to: '2026-11-24' })).toThrow(
      /starts \(2026-11-25\) after it ends/,
    );
  });

  it.each<[string, () => unknown, RegExp]>([
    ['no days', () => modelWeek([], 600), /at least one day/],
    [
      'days of two weeks',
      () => modelWeek([day(), day({ date: '2026-11-30' })], 600),
      /2026-11-30 is not in the week/,
    ],
    ['the same day twice', () => modelWeek([day(), day()], 600), /2026-11-25 appears twice/],
    ['a negative budget', () => modelWeek([day()], -1), /0 or more minutes a week, not -1/],
  ])('a week of %s', (_, run, message) => {
    expect(run).toThrow(AppError);
    expect(run).toThrow(message);
  });
});

// ---------------------------------------------------------------- random days against a minute-by-minute count

/** Small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES: Category[] = [
  'one-on-one',
  'team-meeting',
  'interview',
  'external',
  'focus',
  'personal',
  'other',
];
const CLASSES: ModelEvent['timeClass'][] = ['leadership', 'ic', 'other'];

/** `minute` minutes after midnight starting Wednesday (negative: Tuesday evening). */
function atMinute(minute: number): string {
  return DateTime.fromISO(WED, { zone: TZ }).plus({ minutes: minute }).toUTC().toISO()!;
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The same definitions, worked out the slow, obvious way: one cell per minute of the day. Only
 * for checking; the model itself never walks minutes. `now` is a minute of the day (the day is
 * past when it is 1440 or more).
 */
function minuteByMinute(
  events: ModelEvent[],
  gitSessions: GitSessionEstimate[],
  sessions: IcSession[],
  focusBlock: number,
  now: number,
) {
  const dayStart = Date.parse(at('00:00')) / 60_000;
  const minuteOfDay = (instant: string) => Date.parse(instant) / 60_000 - dayStart;
  const called = (e: ModelEvent) => e.declined || e.cancelled || e.transparent === true;
  const spans = events
    .map((e) => ({ ...e, from: minuteOfDay(e.start), to: minuteOfDay(e.end) }))
    .sort((a, b) => a.from - b.from || b.to - a.to || (a.key < b.key ? -1 : 1));
  const counted = spans.filter((e) => e.counted && !called(e));
  const busyEvents = spans.filter((e) => !called(e) && e.category !== 'focus' && e.timeClass !== 'ic');
  const git = gitSessions.map((g) => ({ from: minuteOfDay(g.start), to: minuteOfDay(g.end) }));
  const loggedSpans = sessions
    .filter((x) => x.startedAt !== undefined)
    .map((x) => ({ from: minuteOfDay(x.startedAt!), to: minuteOfDay(x.startedAt!) + x.minutes }));
  const minutesOnly = sessions.filter((x) => x.startedAt === undefined).reduce((n, x) => n + x.minutes, 0);
  const isMeeting = (e: { category: Category }) => e.category !== 'focus' && e.category !== 'personal';
  const leadership = kinds();
  let leadershipMinutes = 0;
  let leadershipPlannedMinutes = 0;
  let meetingMinutes = 0;
  let inferredRaw = 0;
  let planned = 0;
  let loggedMinutes = minutesOnly;
  const label: (string | null)[] = [];
  const busy: boolean[] = [];
  const covers = (list: readonly { from: number; to: number }[], m: number) =>
    list.some((x) => x.from <= m && m < x.to);
  // Minutes of Tuesday and Thursday are outside the loop: events are cut at midnight.
  for (let m = 0; m < 1440; m++) {
    const covering = counted.filter((e) => e.from <= m && m < e.to);
    const lead = covering.find((e) => e.timeClass === 'leadership');
    if (lead !== undefined && m < now) {
      leadershipMinutes++;
      if (lead.category in leadership) leadership[lead.category as LeadershipKind]++;
    } else if (lead !== undefined) leadershipPlannedMinutes++;
    busy[m] = covers(busyEvents, m);
    if (covering.some(isMeeting)) meetingMinutes++;
    const block = covering.some((e) => e.timeClass === 'ic') && !busy[m];
    const logged = covers(loggedSpans, m);
    if (logged) loggedMinutes++;
    else if (m < now && (block || covers(git, m))) inferredRaw++;
    else if (m >= now && block) planned++;
    const meeting = covering.find((e) => isMeeting(e) && e.timeClass !== 'ic');
    const inIc = logged || covers(git, m) || covering.some((e) => e.timeClass === 'ic');
    label[m] = meeting !== undefined ? meeting.category : inIc ? 'ic' : null;
  }
  // Working window 09:00–18:00.
  let focus = 0;
  let fragmented = 0;
  let longest = 0;
  let run = 0;
  let busyInside = 0;
  for (let m = 540; m <= 1080; m++) {
    if (m < 1080 && !busy[m]) {
      run++;
      continue;
    }
    if (m < 1080) busyInside++;
    if (run >= focusBlock) focus += run;
    else fragmented += run;
    longest = Math.max(longest, run);
    run = 0;
  }
  let switches = 0;
  let last: { label: string; end: number } | undefined;
  for (let m = 540; m < 1080; m++) {
    const here = label[m];
    if (here === null || here === undefined) continue;
    if (last !== undefined && last.label !== here && m - last.end <= 15) switches++;
    last = { label: here, end: m + 1 };
  }
  const inferred = Math.max(0, inferredRaw - minutesOnly);
  return {
    leadership,
    leadershipMinutes,
    leadershipPlannedMinutes,
    meetingMinutes,
    ic: ic(loggedMinutes, inferred, planned),
    focusMinutes: focus,
    fragmentedMinutes: fragmented,
    longestBlockMinutes: longest,
    contextSwitches: switches,
    busyInside,
  };
}

describe('random days', () => {
  it('without overlaps, focus + fragmented + busy time in the window = the working window', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const events: ModelEvent[] = [];
      let busyInside = 0;
      // Walk through the day in 5-minute steps, placing meetings one after another.
      let at5 = 84 + Math.floor(rnd() * 24); // from 07:00 to 09:00
      while (at5 < 240) {
        const length = 1 + Math.floor(rnd() * 24);
        const from = at5 * 5;
        const to = Math.min(from + length * 5, 1439);
        const category = CATEGORIES[Math.floor(rnd() * 4)]!;
        events.push(ev(`m${at5}`, category, hhmm(from), hhmm(to)));
        busyInside += Math.max(0, Math.min(to, 1080) - Math.max(from, 540));
        at5 += length + Math.floor(rnd() * 30);
      }
      const model = day({ events });
      expect(model.focusMinutes! + model.fragmentedMinutes! + busyInside, `seed ${seed}`).toBe(
        model.workingMinutes,
      );
      expect(model.workingMinutes).toBe(540);
    }
  });

  /** A random day of meetings (some called off), commits and logged sessions, and a random now. */
  function randomDay(seed: number) {
    const rnd = random(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const events: ModelEvent[] = [];
    const count = Math.floor(rnd() * 10);
    for (let i = 0; i < count; i++) {
      // Mostly 06:00 to 20:00; some run over either midnight.
      const from = rnd() < 0.8 ? 360 + Math.floor(rnd() * 168) * 5 : -180 + Math.floor(rnd() * 324) * 5;
      const to = from + (1 + Math.floor(rnd() * 36)) * 5;
      const category = pick(CATEGORIES);
      const off = rnd();
      events.push({
        ...ev(`e${i}`, category, '10:00', '11:00', {
          timeClass: rnd() < 0.8 ? USUAL_CLASS[category] : pick(CLASSES),
          counted: off >= 0.15,
          declined: off < 0.05,
          cancelled: off >= 0.05 && off < 0.1,
          transparent: off >= 0.1 && off < 0.15,
        }),
        start: atMinute(from),
        end: atMinute(to),
      });
    }
    const gitSessions: GitSessionEstimate[] = [];
    const gits = Math.floor(rnd() * 3);
    for (let i = 0; i < gits; i++) {
      const from = 420 + Math.floor(rnd() * 144) * 5;
      gitSessions.push(git(hhmm(from), hhmm(Math.min(from + (1 + Math.floor(rnd() * 30)) * 5, 1435))));
    }
    const sessions: IcSession[] = [];
    const logs = Math.floor(rnd() * 3);
    for (let i = 0; i < logs; i++) {
      const from = 420 + Math.floor(rnd() * 120) * 5;
      const minutes = (1 + Math.floor(rnd() * 24)) * 5;
      sessions.push(rnd() < 0.5 ? logged(minutes, hhmm(from)) : logged(minutes));
    }
    const nowMinute = rnd() < 0.3 ? 1440 : 360 + Math.floor(rnd() * 168) * 5;
    return { events, gitSessions, sessions, focusBlock: pick([60, 90, 120]), nowMinute };
  }

  it('with overlaps, IC, logs, odd classes and a now, every figure matches a minute-by-minute count', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { events, gitSessions, sessions, focusBlock, nowMinute } = randomDay(seed);
      const now = nowMinute >= 1440 ? undefined : atMinute(nowMinute);
      const model = day({ events, gitSessions, sessions, focusBlockMinutes: focusBlock, now });
      const { busyInside, ...expected } = minuteByMinute(
        events,
        gitSessions,
        sessions,
        focusBlock,
        nowMinute,
      );
      expect(model, `seed ${seed}`).toMatchObject(expected);
      expect(model.icMinutes).toBe(model.ic.done);
      expect(model.focusMinutes! + model.fragmentedMinutes! + busyInside).toBe(540);
      // Order never matters.
      expect(
        day({
          events: [...events].reverse(),
          gitSessions,
          sessions: [...sessions].reverse(),
          focusBlockMinutes: focusBlock,
          now,
        }),
      ).toEqual(model);
    }
  });

  it('adding a logged session never lowers IC done, whatever the day held', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { events, gitSessions, sessions, nowMinute } = randomDay(seed);
      const now = nowMinute >= 1440 ? undefined : atMinute(nowMinute);
      const rnd = random(seed * 7919);
      let before = day({ events, gitSessions, sessions, now }).ic.done;
      const more = [...sessions];
      for (let i = 0; i < 4; i++) {
        const minutes = (1 + Math.floor(rnd() * 36)) * 5;
        more.push(rnd() < 0.5 ? logged(minutes, hhmm(360 + Math.floor(rnd() * 150) * 5)) : logged(minutes));
        const after = day({ events, gitSessions, sessions: more, now }).ic.done;
        expect(after, `seed ${seed}, log ${i + 1}`).toBeGreaterThanOrEqual(before);
        before = after;
      }
    }
  });
});

describe("a leader's week, as the issue found it", () => {
  // Ana leads 7 people from Berlin: weekly 1:1s, a staff meeting, Tue/Thu focus blocks, lunch.
  const MON = '2026-11-23';
  const TUE = addDays(MON, 1);
  const THU = addDays(MON, 3);
  const FRI = addDays(MON, 4);
  const events = [
    ev('1:1 Jonas', 'one-on-one', '10:00', '10:30', { date: MON }),
    ev('Staff meeting', 'team-meeting', '11:00', '12:00', { date: MON }),
    ev('Focus time', 'focus', '13:00', '16:00', { date: TUE }),
    ev('Focus time', 'focus', '13:00', '16:00', { date: THU }),
    ...[MON, TUE, WED, THU, FRI].map((d) => ev(`Lunch ${d}`, 'personal', '12:00', '13:00', { date: d })),
  ];
  const week = (input: Partial<RangeInput>) =>
    modelWeek(
      modelRange({
        from: MON,
        to: addDays(MON, 6),
        tz: TZ,
        workingHours: DEFAULT_WORKING_HOURS,
        events,
        sessions: [],
        gitSessions: [],
        calendarCoverage: COVERED,
        ...input,
      }),
      360,
    );

  it('on Monday at 08:00 nothing is done yet: the focus blocks are planned', () => {
    const w = week({ now: at('08:00', MON) });
    expect(w.ic).toEqual(ic(0, 0, 360));
    expect(w.budgetUsedPct).toBe(0);
    expect(w.leadershipMinutes).toBe(0);
    expect(w.leadershipPlannedMinutes).toBe(90);
  });

  it('on Thursday at 17:00 the passed focus blocks are inferred, and a log never lowers them', () => {
    const now = at('17:00', THU);
    expect(week({ now }).ic).toEqual(ic(0, 360));
    const pairing = { ...logged(60, undefined, THU), title: 'Pair with Mei', reasons: ['empathy'] };
    expect(week({ now, sessions: [pairing] }).ic).toEqual(ic(60, 300));
  });

  it('halfway through a focus block, the part behind is done and the rest planned', () => {
    expect(week({ now: at('14:00', THU) }).ic).toEqual(ic(0, 180 + 60, 120));
  });

  it('with no calendar, the calendar figures are unknown, never zero or a whole free week', () => {
    const w = week({ events: [], calendarCoverage: [], sessions: [logged(90, '10:00', TUE)] });
    expect(w).toMatchObject({
      ic: ic(90, 0, null),
      leadership: null,
      leadershipMinutes: null,
      focusMinutes: null,
      fragmentedMinutes: null,
      longestBlockMinutes: null,
      contextSwitches: null,
      coverage: { days: 7, calendarDays: 0 },
    });
    expect(w.days.every((d) => !d.calendar && d.focusMinutes === null)).toBe(true);
  });

  it('a calendar imported from Wednesday on covers only the days it speaks for', () => {
    const w = week({ calendarCoverage: [{ from: at('00:00', WED), to: at('00:00', '2026-12-30') }] });
    expect(w.coverage).toEqual({ days: 7, calendarDays: 5 });
    expect(w.days.map((d) => d.calendar)).toEqual([false, false, true, true, true, true, true]);
    // Wed, Thu, Fri (lunch only; Thursday's focus block is not busy): 8 h each free, 3 working days.
    expect(w.focusMinutes).toBe(3 * 480);
    // The focus blocks are IC evidence on any day; Tuesday's is inferred though no calendar covers it.
    expect(w.ic).toEqual(ic(0, 360, 0));
  });
});

describe('timeSummary: one computation for every surface', () => {
  it('adds up days as modelWeek does and keeps each day', () => {
    const days = modelRange({
      from: '2026-11-23',
      to: '2026-11-29',
      tz: TZ,
      workingHours: DEFAULT_WORKING_HOURS,
      events: [ev('1:1 Priya', 'one-on-one', '10:00', '10:30')],
      sessions: [logged(60, '14:00')],
      gitSessions: [],
      calendarCoverage: [{ from: at('00:00', '2026-11-25'), to: at('00:00', '2026-12-30') }],
    });
    const week = modelWeek(days, 600);
    const time = timeSummary(days);
    expect(time).toMatchObject({
      ic: week.ic,
      leadership: week.leadershipMinutes,
      focus: week.focusMinutes,
      fragmented: week.fragmentedMinutes,
      coverage: week.coverage,
    });
    expect(time.days.map((d) => [d.date, d.calendar, d.focus])).toEqual(
      days.map((d) => [d.date, d.calendar, d.focusMinutes]),
    );
  });
});

describe('modelling a range a few days at a time (eventsForRange)', () => {
  const DAYS = ['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'];
  // Around the autumn clock change in Berlin: days of 24 and 25 hours, events that cross midnight,
  // last no time at all or several days, and all-day events given by dates.
  const category = fc.constantFrom<Category>(
    'one-on-one',
    'team-meeting',
    'focus',
    'external',
    'personal',
    'other',
  );
  const timed = fc
    .record({
      day: fc.integer({ min: -1, max: DAYS.length }),
      startMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * 24 * 60 })),
      category,
    })
    .map(({ day, startMinute, length, category }) => {
      const start = DateTime.fromISO(addDays(DAYS[0]!, day), { zone: TZ }).plus({ minutes: startMinute });
      const base = ev(`t${day}-${startMinute}`, category, '00:00', '00:00');
      return {
        ...base,
        start: start.toUTC().toISO()!,
        end: start.plus({ minutes: length }).toUTC().toISO()!,
      };
    });
  const allDay = fc
    .record({
      day: fc.integer({ min: -2, max: DAYS.length }),
      days: fc.integer({ min: 0, max: 3 }),
      category,
    })
    .map(({ day, days, category }) => {
      const startDate = addDays(DAYS[0]!, day);
      const endDate = addDays(startDate, days);
      return {
        ...ev(`a${day}-${days}`, category, '00:00', '00:00'),
        start: `${startDate}T00:00:00.000Z`,
        end: `${endDate}T00:00:00.000Z`,
        allDay: true,
        startDate,
        endDate,
      };
    });

  it('gives the same days as modelling the whole range with every event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(timed, allDay), { maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        (events, step) => {
          const base = {
            tz: TZ,
            workingHours: EVERY_DAY,
            sessions: [],
            gitSessions: [],
            calendarCoverage: COVERED,
          };
          const whole = modelRange({ ...base, from: DAYS[0]!, to: DAYS.at(-1)!, events });
          const parts: DayModel[] = [];
          for (let i = 0; i < DAYS.length; i += step) {
            const from = DAYS[i]!;
            const to = DAYS[Math.min(i + step, DAYS.length) - 1]!;
            parts.push(...modelRange({ ...base, from, to, events: eventsForRange(events, from, to, TZ) }));
          }
          expect(parts).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
