import type { LeadershipKind, TimeSummary } from '../../domain/insight/insight-types.js';
import type { ReportData, ReportMetric } from '../../domain/insight/report-types.js';

/**
 * A realistic report: an engineering manager with 6 reports and a 20% IC budget (8 h of a 40 h
 * week), over 12 weeks in which IC work creeps up past the budget while leadership time, focus
 * and 1:1s shrink, a tough conversation is put off twice, and some IC is logged as escape.
 * Returns a fresh copy, so a test can change it.
 */

const MONDAYS = [
  '2025-09-01',
  '2025-09-08',
  '2025-09-15',
  '2025-09-22',
  '2025-09-29',
  '2025-10-06',
  '2025-10-13',
  '2025-10-20',
  '2025-10-27',
  '2025-11-03',
  '2025-11-10',
  '2025-11-17',
];

const BUDGET_MINUTES = 480;
const IC = [300, 345, 390, 420, 380, 465, 510, 495, 560, 540, 615, 660];
const ONE_ON_ONES = [330, 330, 300, 330, 270, 300, 240, 270, 210, 240, 180, 150];
const TEAM = [420, 405, 420, 390, 420, 390, 405, 360, 390, 345, 360, 330];
const INTERVIEWS = [180, 120, 180, 120, 240, 120, 120, 60, 120, 60, 60, 60];
const EXTERNAL = [120, 90, 120, 150, 90, 120, 90, 120, 90, 120, 90, 60];
const FOCUS = [600, 540, 480, 540, 420, 480, 360, 420, 300, 360, 240, 240];
const FRAGMENTED = [420, 450, 480, 420, 540, 480, 600, 540, 630, 600, 690, 720];
const SWITCHES = [38, 41, 40, 44, 47, 45, 52, 50, 55, 54, 61, 63];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A week's `time` with its figures on the Monday and the other days empty, all covered. */
function weekTime(
  start: string,
  ic: number,
  leadership: number,
  focus: number,
  fragmented: number,
): TimeSummary {
  const days = Array.from({ length: 7 }, (_, d) => {
    const first = d === 0;
    const icDay = { logged: first ? ic : 0, inferred: 0, planned: 0, done: first ? ic : 0 };
    return {
      date: addDays(start, d),
      calendar: true,
      ic: icDay,
      leadership: first ? leadership : 0,
      focus: first ? focus : 0,
      fragmented: first ? fragmented : 0,
    };
  });
  return {
    ic: { logged: ic, inferred: 0, planned: 0, done: ic },
    leadership,
    focus,
    fragmented,
    coverage: { days: 7, calendarDays: 7 },
    days,
  };
}

export function sampleReport(): ReportData {
  const weeks = MONDAYS.map((start, i) => {
    const leadership: Record<LeadershipKind, number> = {
      'one-on-one': ONE_ON_ONES[i]!,
      'team-meeting': TEAM[i]!,
      interview: INTERVIEWS[i]!,
      external: EXTERNAL[i]!,
    };
    const leadershipMinutes = total(Object.values(leadership));
    return {
      start,
      end: addDays(start, 6),
      icMinutes: IC[i]!,
      leadershipMinutes,
      leadership,
      focusMinutes: FOCUS[i]!,
      fragmentedMinutes: FRAGMENTED[i]!,
      budgetUsedPct: Math.round((IC[i]! / BUDGET_MINUTES) * 100),
      budgetMinutes: BUDGET_MINUTES,
      time: weekTime(start, IC[i]!, leadershipMinutes, FOCUS[i]!, FRAGMENTED[i]!),
    };
  });
  const leadershipWeekly = weeks.map((w) => w.leadershipMinutes);
  const meetings = weeks.map(
    (w, i) => w.leadershipMinutes + [60, 90, 60, 45, 90, 60, 75, 60, 90, 60, 45, 60][i]!,
  );
  const budgetUsed = weeks.map((w) => w.budgetUsedPct);
  const metrics: ReportMetric[] = [
    { id: 'ic', label: 'IC work', unit: 'minutes', value: total(IC), previous: 4380, trend: IC },
    {
      id: 'leadership',
      label: 'Leadership work',
      unit: 'minutes',
      value: total(leadershipWeekly),
      previous: 12210,
      trend: leadershipWeekly,
    },
    {
      id: 'meetings',
      label: 'Meetings',
      unit: 'minutes',
      value: total(meetings),
      previous: 12930,
      trend: meetings,
    },
    { id: 'focus', label: 'Focus time', unit: 'minutes', value: total(FOCUS), previous: 5880, trend: FOCUS },
    {
      id: 'fragmented',
      label: 'Fragmented time',
      unit: 'minutes',
      value: total(FRAGMENTED),
      previous: 5460,
      trend: FRAGMENTED,
    },
    {
      id: 'context-switches',
      label: 'Context switches',
      unit: 'count',
      value: total(SWITCHES),
      previous: 512,
      trend: SWITCHES,
    },
    {
      id: 'one-on-ones',
      label: '1:1 time',
      unit: 'minutes',
      value: total(ONE_ON_ONES),
      previous: 3600,
      trend: ONE_ON_ONES,
    },
    {
      id: 'budget-used',
      label: 'IC budget used',
      unit: 'percent',
      value: Math.round(total(budgetUsed) / budgetUsed.length),
      previous: 76,
      trend: budgetUsed,
    },
  ];
  return {
    range: { from: '2025-09-01', to: '2025-11-23', days: 84 },
    previous: { from: '2025-06-09', to: '2025-08-31', evidence: true },
    historyStart: '2025-01-06',
    time: {
      ...weekTime('2025-09-01', total(IC), total(leadershipWeekly), total(FOCUS), total(FRAGMENTED)),
      coverage: { days: 84, calendarDays: 84 },
      days: weeks.flatMap((w) => w.time.days),
    },
    leader: { name: 'Alex Morgan', tz: 'Europe/Berlin', budgetPct: 20 },
    metrics,
    weeks,
    reasons: [
      { reason: 'ground-truth', title: 'Ground truth', kind: 'good', minutes: 1320 },
      { reason: 'unwind', title: 'Unwind', kind: 'good', minutes: 960 },
      { reason: 'escape', title: 'Escape', kind: 'watch-out', minutes: 840 },
      { reason: 'love-of-building', title: 'Love of building', kind: 'good', minutes: 720 },
      { reason: 'empathy', title: 'Empathy', kind: 'good', minutes: 540 },
      { reason: 'insecurity', title: 'Insecurity', kind: 'watch-out', minutes: 360 },
      { reason: 'unblock-release', title: 'Unblocking a release', kind: 'good', minutes: 240 },
      { reason: 'learn-the-function', title: 'Learn the function', kind: 'good', minutes: 0 },
    ],
    commitmentsByAge: [
      { bucket: '< 1 week', open: 4, postponed: 0 },
      { bucket: '1–2 weeks', open: 3, postponed: 1 },
      { bucket: '2–4 weeks', open: 1, postponed: 2 },
      { bucket: '> 4 weeks', open: 1, postponed: 3 },
    ],
    flags: [
      {
        id: 'budget',
        severity: 'warning',
        text: 'You went over your IC budget in 4 of the last 4 weeks: 9.3 h of 8 h in the week of Mon 27 Oct, 9 h of 8 h in the week of Mon 3 Nov, 10.3 h of 8 h in the week of Mon 10 Nov and 11 h of 8 h this week.',
        evidence: [
          {
            kind: 'week',
            id: '2025-10-27',
            date: '2025-10-27',
            label: 'Week of Mon 27 Oct — 9.3 h of IC against a budget of 8 h (117%)',
          },
          {
            kind: 'week',
            id: '2025-11-03',
            date: '2025-11-03',
            label: 'Week of Mon 3 Nov — 9 h of IC against a budget of 8 h (113%)',
          },
          {
            kind: 'week',
            id: '2025-11-10',
            date: '2025-11-10',
            label: 'Week of Mon 10 Nov — 10.3 h of IC against a budget of 8 h (128%)',
          },
          {
            kind: 'week',
            id: '2025-11-17',
            date: '2025-11-17',
            label: 'Week of Mon 17 Nov — 11 h of IC against a budget of 8 h (138%)',
          },
        ],
        fingerprint: 'budget:2025-10-27,2025-11-03,2025-11-10,2025-11-17',
      },
      {
        id: 'escape',
        severity: 'alert',
        reason: 'escape',
        text: 'Your IC time rose to 11 h this week from 9.5 h a week over the 3 weeks before, while you are putting off the tough conversation with Sam about on-call load (overdue since Fri 14 Nov, put off twice).',
        evidence: [
          {
            kind: 'week',
            id: '2025-11-17',
            date: '2025-11-17',
            label: 'Week of Mon 17 Nov — 11 h of IC against a budget of 8 h (138%)',
          },
          {
            kind: 'commitment',
            id: 'c_7h2k9q',
            date: '2025-10-30',
            label:
              'Thu 30 Oct — Tough conversation with Sam about on-call load: due Fri 14 Nov, put off twice',
          },
          {
            kind: 'postponement',
            id: 'c_7h2k9q#1',
            date: '2025-11-06',
            label:
              'Thu 6 Nov — put off the tough conversation with Sam from Fri 7 Nov to Fri 14 Nov (“waiting for the incident review”)',
          },
          {
            kind: 'postponement',
            id: 'c_7h2k9q#2',
            date: '2025-11-14',
            label: 'Fri 14 Nov — put off the tough conversation with Sam from Fri 14 Nov to Fri 21 Nov',
          },
          {
            kind: 'session',
            id: 's_p4m1xz',
            date: '2025-11-14',
            label: 'Fri 14 Nov — IC session “Rewrite the deploy script”, 3.5 h (escape)',
          },
        ],
        fingerprint: 'escape:c_7h2k9q,c_7h2k9q#1,c_7h2k9q#2,s_p4m1xz',
      },
      {
        id: 'interference',
        severity: 'warning',
        text: 'On Wed 12 Nov you declined your 1:1 with Priya and you did 4.5 h of IC work that day.',
        evidence: [
          {
            kind: 'event',
            id: 'evt-priya-1on1@corp/20251112T100000Z',
            date: '2025-11-12',
            label: 'Wed 12 Nov — “1:1 Priya / Alex” (declined)',
          },
          {
            kind: 'session',
            id: 's_k2v8wd',
            date: '2025-11-12',
            label: 'Wed 12 Nov — IC session “Flaky integration tests”, 4.5 h (ground truth)',
          },
        ],
        fingerprint: 'interference:evt-priya-1on1@corp/20251112T100000Z,s_k2v8wd',
      },
      {
        id: 'unwind-not-working',
        severity: 'info',
        reason: 'unwind',
        text: 'Three of your last four sessions logged to unwind left you with less energy than before, and two of them were squeezed between meetings.',
        evidence: [
          {
            kind: 'session',
            id: 's_a9c3ef',
            date: '2025-11-04',
            label: 'Tue 4 Nov — IC session “Prototype the usage dashboard”, 1.5 h (energy 3 → 2)',
          },
          {
            kind: 'session',
            id: 's_b1d7gh',
            date: '2025-11-11',
            label: 'Tue 11 Nov — IC session “Clean up the feature flags”, 1 h (energy 3 → 2)',
          },
          {
            kind: 'session',
            id: 's_c5e2jk',
            date: '2025-11-18',
            label: 'Tue 18 Nov — IC session “Prototype the usage dashboard”, 2 h (energy 4 → 2)',
          },
        ],
        fingerprint: 'unwind-not-working:s_a9c3ef,s_b1d7gh,s_c5e2jk',
      },
    ],
    followThrough: [],
  };
}

/** A report for a leader with nothing recorded yet: every list empty, every number zero. */
export function emptyReport(): ReportData {
  return {
    range: { from: '2025-11-17', to: '2025-11-23', days: 7 },
    previous: { from: '2025-11-10', to: '2025-11-16', evidence: false },
    historyStart: '2025-11-17',
    time: {
      ic: { logged: 0, inferred: 0, planned: null, done: 0 },
      leadership: null,
      focus: null,
      fragmented: null,
      coverage: { days: 7, calendarDays: 0 },
      days: [],
    },
    leader: { name: 'Sam Lee', tz: 'UTC', budgetPct: 0 },
    metrics: [{ id: 'ic', label: 'IC work', unit: 'minutes', value: 0, previous: 0, trend: [0] }],
    weeks: [],
    reasons: [],
    commitmentsByAge: [
      { bucket: '< 1 week', open: 0, postponed: 0 },
      { bucket: '1–2 weeks', open: 0, postponed: 0 },
      { bucket: '2–4 weeks', open: 0, postponed: 0 },
      { bucket: '> 4 weeks', open: 0, postponed: 0 },
    ],
    flags: [],
    followThrough: [],
  };
}
