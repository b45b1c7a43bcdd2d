import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import type { CommitDay, TrackerItem } from '../evidence/evidence.js';
import { sha256Hex } from '../hash.js';
import { BUILTIN_REASONS } from '../reasons/reasons.js';
import { CheckInputSchema } from '../records.js';
import { addDays, weekOf } from '../time.js';
import type { CheckRecord, Commitment, IcSession, ImprovementAction, Postponement } from '../types.js';
import { modelRange, modelWeek } from '../week/time-model.js';
import { unbackedClaims } from './flags/test-support/backed.js';
import { computeFlags as computeAll, FLAG_HELP, fingerprint, flagKey, storedFingerprint } from './flags.js';
import {
  type DayModel,
  DEFAULT_FLAG_CONFIG,
  DEFAULT_WORKING_HOURS,
  type Evidence,
  FLAG_IDS,
  type Flag,
  type FlagConfig,
  type FlagId,
  type InsightInput,
  type ModelEvent,
  type WeekModel,
} from './insight-types.js';

// ---------------------------------------------------------------- fixtures

/** Thursday of the fourth week; the model covers the weeks of 2, 9, 16 and 23 November 2026. */
const TODAY = '2026-11-26';
const MONDAYS = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
/** 20% of a 40-hour week: the default for an engineering manager with 5 reports. */
const BUDGET = 480;

interface World {
  reports: string[];
  reviewDates: string[];
  sessions: IcSession[];
  commitments: Commitment[];
  events: ModelEvent[];
  commitDays: CommitDay[];
  trackerItems: TrackerItem[];
  checks: CheckRecord[];
  actions: ImprovementAction[];
  /** IC minutes estimated from git or focus blocks on days with nothing logged. */
  estimated: Record<string, number>;
  config: Partial<FlagConfig>;
}

function session(
  id: string,
  date: string,
  title: string,
  minutes: number,
  over: Partial<IcSession> = {},
): IcSession {
  return {
    id,
    date,
    // 08:00 UTC is 09:00 in Berlin: the start of the day, before anything else happens.
    startedAt: `${date}T08:00:00.000Z`,
    minutes,
    title,
    reasons: ['empathy'],
    gaps: [],
    createdAt: `${date}T17:00:00.000Z`,
    updatedAt: `${date}T17:00:00.000Z`,
    ...over,
  };
}

function commitment(
  id: string,
  kind: Commitment['kind'],
  title: string,
  over: Partial<Commitment> = {},
): Commitment {
  return {
    id,
    kind,
    title,
    status: 'open',
    createdAt: '2026-10-26T10:00:00.000Z',
    postponements: [],
    ...over,
  };
}

function postponement(id: string, at: string, toDue: string, fromDue?: string): Postponement {
  return { id, at, toDue, fromDue };
}

const PRIYA = 'priya.sharma@acme.com';
const SAM = 'Sam Ortiz <sortiz@acme.com>';

function oneOnOne(key: string, date: string, attendee: string, over: Partial<ModelEvent> = {}): ModelEvent {
  return {
    key,
    title: 'Weekly 1:1',
    start: `${date}T14:00:00.000Z`,
    end: `${date}T14:30:00.000Z`,
    category: 'one-on-one',
    timeClass: 'leadership',
    counted: true,
    declined: false,
    cancelled: false,
    attendees: ['alex@acme.com', attendee],
    ...over,
  };
}

function check(
  id: string,
  date: string,
  title: string,
  over: Partial<CheckRecord['input']> = {},
): CheckRecord {
  return {
    id,
    at: `${date}T08:30:00.000Z`,
    date,
    // What is not given is the input's default, as the check handler makes it.
    input: { ...CheckInputSchema.parse({ title, hours: 4, reasons: ['ground-truth'] }), ...over },
    result: over.criticalPath ? { verdict: 'pair', to: 'Dana', lines: [] } : { verdict: 'take', lines: [] },
  };
}

function trackerItem(key: string, over: Partial<TrackerItem> = {}): TrackerItem {
  return {
    source: 'jira',
    key,
    title: 'Move invoices to the new ledger',
    status: 'In Progress',
    createdAt: '2026-11-09T10:00:00.000Z',
    labels: [],
    assignee: 'Alex Kim',
    criticalPath: true,
    ...over,
  };
}

function commitDay(date: string, repo: string, commits = 3): CommitDay {
  return {
    date,
    repo,
    commits,
    added: 40,
    removed: 10,
    first: `${date}T10:00:00.000Z`,
    last: `${date}T12:00:00.000Z`,
  };
}

/**
 * A healthy month: about 2 h of IC a week against an 8 h budget, in different threads; every gap
 * turned into an action; unwinding works; weekly 1:1s with both reports; the one decision is
 * due next week and was never put off.
 */
function healthy(): World {
  return {
    reports: ['Priya Sharma', 'Sam Ortiz'],
    reviewDates: ['2026-11-30'],
    sessions: [
      session('s1', '2026-11-04', 'Fix the release checklist', 120, {
        reasons: ['ground-truth'],
        gaps: ['Releases need three manual approvals'],
      }),
      session('s2', '2026-11-06', 'Tidy the team dashboards', 60, {
        reasons: ['unwind'],
        energyBefore: 2,
        energyAfter: 3,
      }),
      session('s3', '2026-11-11', 'Prototype search ranking', 120, {
        reasons: ['unwind'],
        energyBefore: 2,
        energyAfter: 4,
      }),
      session('s4', '2026-11-18', 'Walk through the on-call runbook', 90),
      session('s5', '2026-11-24', 'Pair on the flaky checkout test', 90, {
        reasons: ['unwind'],
        energyBefore: 3,
        energyAfter: 4,
      }),
    ],
    commitments: [
      commitment('c-oncall', 'decision', 'Choose the on-call model', { due: '2026-12-04' }),
      commitment('c-priya', 'one-on-one', 'Career chat', {
        person: 'Priya',
        status: 'done',
        closedAt: '2026-11-24T14:30:00.000Z',
      }),
    ],
    events: MONDAYS.flatMap((monday) => {
      const tuesday = addDays(monday, 1);
      return [
        oneOnOne(`priya-${tuesday}`, tuesday, PRIYA),
        oneOnOne(`sam-${tuesday}`, tuesday, SAM, {
          start: `${tuesday}T15:00:00.000Z`,
          end: `${tuesday}T15:30:00.000Z`,
        }),
      ];
    }),
    commitDays: [commitDay('2026-11-11', 'api'), commitDay('2026-11-24', 'api')],
    trackerItems: [
      trackerItem('BILL-7', { assignee: 'Dana Lee' }),
      trackerItem('BILL-9', { status: 'Done', resolvedAt: '2026-11-20T10:00:00.000Z' }),
    ],
    checks: [check('k1', '2026-11-04', 'Fix the release checklist', { answers: { 'nobody-knew': 'yes' } })],
    actions: [
      {
        id: 'a1',
        text: 'Cut release approvals to one',
        sessionId: 's1',
        status: 'done',
        createdAt: '2026-11-04T17:00:00.000Z',
        doneAt: '2026-11-12T10:00:00.000Z',
      },
    ],
    estimated: {},
    config: {},
  };
}

/** "Now" for every world: noon in Berlin on TODAY (a Thursday). */
const NOW = '2026-11-26T11:00:00.000Z';

/**
 * The time model of the world, from the real model: its events, its sessions and its estimated IC
 * (as commit sessions from 08:00 UTC), with a calendar covering the weeks from the first to the last
 * week that has an event, as of NOW.
 */
function weeks(world: World): WeekModel[] {
  const starts = world.events.map((e) => e.start).sort();
  const calendarCoverage =
    starts.length === 0
      ? []
      : [
          {
            from: `${weekOf(starts[0]!.slice(0, 10)).start}T00:00:00.000Z`,
            to: `${addDays(weekOf(starts[starts.length - 1]!.slice(0, 10)).end, 1)}T00:00:00.000Z`,
          },
        ];
  const gitSessions = Object.entries(world.estimated).map(([date, minutes]) => {
    const start = `${date}T08:00:00.000Z`;
    const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
    return { date, start, end, minutes, commits: 1, repos: ['api'] };
  });
  const days = modelRange({
    from: MONDAYS[0]!,
    to: addDays(MONDAYS[MONDAYS.length - 1]!, 6),
    tz: 'Europe/Berlin',
    workingHours: DEFAULT_WORKING_HOURS,
    events: world.events,
    sessions: world.sessions,
    gitSessions,
    calendarCoverage,
    now: NOW,
  });
  return MONDAYS.map((_, i) => modelWeek(days.slice(i * 7, i * 7 + 7), BUDGET));
}

function build(world: World): InsightInput {
  return {
    today: TODAY,
    profile: {
      name: 'Alex Kim',
      role: 'engineering-manager',
      reports: 5,
      tz: 'Europe/Berlin',
      emails: ['alex@acme.com'],
      weeklyHours: 40,
      createdAt: '2026-10-01T10:00:00.000Z',
      updatedAt: '2026-10-01T10:00:00.000Z',
    },
    reports: world.reports,
    reviewDates: world.reviewDates,
    weeks: weeks(world),
    sessions: world.sessions,
    commitments: world.commitments,
    events: world.events,
    commitDays: world.commitDays,
    trackerItems: world.trackerItems,
    checks: world.checks,
    actions: world.actions,
    reasons: BUILTIN_REASONS,
    config: { ...DEFAULT_FLAG_CONFIG, ...world.config },
  };
}

/**
 * Every flag this suite computes is held to its evidence: each day, figure, person and quoted
 * title the sentence names must be in one of its evidence lines.
 */
function computeFlags(input: InsightInput): Flag[] {
  const flags = computeAll(input);
  for (const flag of flags) expect(unbackedClaims(flag, input), flag.text).toEqual([]);
  return flags;
}

function flagsOf(world: World, id: FlagId): Flag[] {
  return computeFlags(build(world)).filter((f) => f.id === id);
}

function evidenceOf(flag: Flag | undefined): [string, string, string][] {
  return (flag?.evidence ?? []).map((e) => [e.kind, e.id, e.date]);
}

function withSessions(...extra: IcSession[]): World {
  const world = healthy();
  world.sessions.push(...extra);
  return world;
}

// ---------------------------------------------------------------- the healthy month

describe('a healthy month', () => {
  it('raises no flag at all', () => {
    expect(computeFlags(build(healthy()))).toEqual([]);
  });

  it('raises nothing for a new leader with no history yet', () => {
    expect(
      computeFlags({ ...build(healthy()), weeks: [], sessions: [], events: [], commitDays: [] }),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------- budget

describe('budget', () => {
  it.each([
    { name: 'at the budget exactly', extra: { '2026-11-25': 390 }, severity: undefined, weeks: [] },
    { name: 'over this week', extra: { '2026-11-25': 450 }, severity: 'warning', weeks: ['2026-11-23'] },
    {
      name: 'over in 3 of 4 weeks, this one included',
      extra: { '2026-11-05': 400, '2026-11-12': 400, '2026-11-25': 450 },
      severity: 'alert',
      weeks: ['2026-11-02', '2026-11-09', '2026-11-23'],
    },
    {
      name: 'over in 3 of 4 weeks, but not this one',
      extra: { '2026-11-05': 400, '2026-11-12': 400, '2026-11-19': 400 },
      severity: 'alert',
      weeks: ['2026-11-02', '2026-11-09', '2026-11-16'],
    },
    {
      name: 'over in 2 earlier weeks only',
      extra: { '2026-11-05': 400, '2026-11-12': 400 },
      severity: undefined,
      weeks: [],
    },
  ])('$name', ({ extra, severity, weeks: expected }) => {
    const world = withSessions(
      ...Object.entries(extra).map(([date, minutes]) =>
        session(`x-${date}`, date, `Billing export ${date}`, minutes),
      ),
    );
    const flags = flagsOf(world, 'budget');
    expect(flags.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    expect(evidenceOf(flags[0]).map(([kind, id]) => `${kind}:${id}`)).toEqual(
      expected.map((w) => `week:${w}`),
    );
  });

  it('names the hours this week', () => {
    const [flag] = flagsOf(withSessions(session('x', '2026-11-25', 'Billing export', 450)), 'budget');
    expect(flag?.text).toBe('This week you have done 9 h of IC work against a budget of 8 h.');
    expect(flag?.evidence[0]?.label).toBe('Week of Mon 23 Nov — 9 h of IC against a budget of 8 h (113%)');
  });
});

// ---------------------------------------------------------------- escape

describe('escape: IC rising while something hard waits', () => {
  const talk = (over: Partial<Commitment>) =>
    commitment('c-talk', 'tough-conversation', 'Missed deadlines', {
      person: 'Sam',
      due: '2026-11-20',
      ...over,
    });
  const rising = session('x', '2026-11-25', 'Rewrite the billing export', 300);

  it.each([
    { name: 'overdue conversation, IC up', c: talk({}), extra: [rising], raised: true },
    {
      name: 'conversation put off this month, IC up',
      c: talk({
        due: '2026-12-02',
        postponements: [postponement('p1', '2026-11-10T09:00:00.000Z', '2026-12-02')],
      }),
      extra: [rising],
      raised: true,
    },
    {
      name: 'put off long ago and not yet due',
      c: talk({
        due: '2026-12-02',
        postponements: [postponement('p1', '2026-09-10T09:00:00.000Z', '2026-12-02')],
      }),
      extra: [rising],
      raised: false,
    },
    { name: 'overdue conversation, IC flat', c: talk({}), extra: [], raised: false },
    { name: 'the conversation took place', c: talk({ status: 'done' }), extra: [rising], raised: false },
    {
      name: 'an overdue planning session is not a hard one',
      c: commitment('c-plan', 'planning', 'Plan Q1', { due: '2026-11-20' }),
      extra: [rising],
      raised: false,
    },
  ])('$name', ({ c, extra, raised }) => {
    const world = withSessions(...extra);
    world.commitments.push(c);
    const flags = flagsOf(world, 'escape');
    expect(flags.length).toBe(raised ? 1 : 0);
  });

  it('names the hours, the average and what is put off, with the weeks as evidence', () => {
    const world = withSessions(rising);
    world.commitments.push(
      talk({ postponements: [postponement('p1', '2026-11-10T09:00:00.000Z', '2026-11-20')] }),
    );
    const [flag] = flagsOf(world, 'escape');
    expect(flag?.severity).toBe('alert');
    expect(flag?.reason).toBe('escape');
    expect(flag?.text).toBe(
      'Your IC time rose to 6.5 h this week from 2.2 h a week over the 3 weeks before, ' +
        'while you are putting off the tough conversation with Sam “Missed deadlines” (was due Fri 20 Nov, put off once).',
    );
    expect(evidenceOf(flag)).toEqual([
      ['week', '2026-11-02', '2026-11-02'],
      ['week', '2026-11-09', '2026-11-09'],
      ['postponement', 'p1', '2026-11-10'],
      ['week', '2026-11-16', '2026-11-16'],
      ['commitment', 'c-talk', '2026-11-20'],
      ['week', '2026-11-23', '2026-11-23'],
    ]);
  });
});

describe('escape: IC right after a postponement', () => {
  // 14:00 in Berlin on Tuesday 24 November.
  const putOff = postponement('p1', '2026-11-24T13:00:00.000Z', '2026-12-08', '2026-11-27');
  const decision = () =>
    commitment('c-vendor', 'decision', 'Drop the old vendor', { due: '2026-12-08', postponements: [putOff] });

  // The sentence claims an order only when both sides have a time; the session's evidence line says it.
  it.each([
    {
      name: 'starts 40 minutes later',
      startedAt: '2026-11-24T13:40:00.000Z',
      date: '2026-11-24',
      loggedAt: '2026-11-24T17:00:00.000Z',
      says: '40 min later you started IC work on “Speed up the CI cache”',
      line: 'started 40 min after you put it off',
    },
    {
      name: 'no start time, logged after it: only "the same day"',
      startedAt: undefined,
      date: '2026-11-24',
      loggedAt: '2026-11-24T17:00:00.000Z',
      says: 'the same day you did IC work on “Speed up the CI cache”',
      line: 'no start time logged',
    },
    {
      name: 'no start time, logged before it: the work came first',
      startedAt: undefined,
      date: '2026-11-24',
      loggedAt: '2026-11-24T12:30:00.000Z',
      says: undefined,
    },
    {
      name: 'starts 5 hours later',
      startedAt: '2026-11-24T18:00:00.000Z',
      date: '2026-11-24',
      loggedAt: '2026-11-24T19:00:00.000Z',
      says: undefined,
    },
    {
      name: 'started before it',
      startedAt: '2026-11-24T12:00:00.000Z',
      date: '2026-11-24',
      loggedAt: '2026-11-24T17:00:00.000Z',
      says: undefined,
    },
    {
      name: 'no start time, next day',
      startedAt: undefined,
      date: '2026-11-25',
      loggedAt: '2026-11-25T17:00:00.000Z',
      says: undefined,
    },
  ])('$name', ({ startedAt, date, loggedAt, says, line }) => {
    // 45 min keeps this week's IC level, so only the burst can raise escape.
    const world = withSessions(
      session('burst', date, 'Speed up the CI cache', 45, { startedAt, createdAt: loggedAt }),
    );
    world.commitments.push(decision());
    const flags = flagsOf(world, 'escape');
    if (says === undefined) {
      expect(flags).toEqual([]);
      return;
    }
    expect(flags).toHaveLength(1);
    expect(flags[0]?.severity).toBe('warning');
    expect(flags[0]?.text).toBe(`On Tue 24 Nov you put off the decision “Drop the old vendor”, and ${says}.`);
    expect(flags[0]?.evidence.find((e) => e.kind === 'session')?.label).toBe(
      `Tue 24 Nov — IC session “Speed up the CI cache”, 45 min (${line})`,
    );
    expect(evidenceOf(flags[0])).toEqual([
      ['postponement', 'p1', '2026-11-24'],
      ['session', 'burst', date],
      ['commitment', 'c-vendor', '2026-12-08'],
    ]);
  });

  it('ignores postponements from before the recent weeks', () => {
    const world = withSessions(
      session('burst', '2026-10-20', 'Speed up the CI cache', 150, { startedAt: '2026-10-20T13:40:00.000Z' }),
    );
    world.commitments.push(
      commitment('c-vendor', 'decision', 'Drop the old vendor', {
        due: '2026-12-08',
        postponements: [postponement('p0', '2026-10-20T13:00:00.000Z', '2026-12-08')],
      }),
    );
    expect(flagsOf(world, 'escape')).toEqual([]);
  });

  it('follows the escape window setting', () => {
    const world = withSessions(
      session('burst', '2026-11-24', 'Speed up the CI cache', 45, { startedAt: '2026-11-24T18:00:00.000Z' }),
    );
    world.commitments.push(decision());
    world.config = { escapeWindowHours: 6 };
    expect(flagsOf(world, 'escape')).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- insecurity

describe('insecurity', () => {
  it('raises sessions where insecurity was named', () => {
    const world = withSessions(
      session('blog', '2026-11-19', 'Write the launch blog post', 60, { reasons: ['insecurity', 'empathy'] }),
    );
    const [flag] = flagsOf(world, 'insecurity');
    expect(flag?.text).toBe(
      'In the last 4 weeks you named insecurity as a reason for 1 IC session (1 h): “Write the launch blog post” on Thu 19 Nov.',
    );
    expect(evidenceOf(flag)).toEqual([['session', 'blog', '2026-11-19']]);
  });

  it.each([
    { name: 'answered no, then done anyway', answer: 'no', linked: true, raised: true },
    { name: 'answered no, and not done', answer: 'no', linked: false, raised: false },
    { name: 'answered yes, then done', answer: 'yes', linked: true, raised: false },
    { name: 'answered " No " (trimmed, any case)', answer: ' No ', linked: true, raised: true },
  ])('the "nobody knew" check: $name', ({ answer, linked, raised }) => {
    const world = withSessions(
      session('talk', '2026-11-20', 'Give the all-hands demo', 120, linked ? { checkId: 'k-demo' } : {}),
    );
    world.checks.push(
      check('k-demo', '2026-11-19', 'Give the all-hands demo', { answers: { 'nobody-knew': answer } }),
    );
    const flags = flagsOf(world, 'insecurity');
    expect(flags.length).toBe(raised ? 1 : 0);
    if (raised) {
      expect(flags[0]?.text).toBe(
        'On Thu 19 Nov you said you would not take on “Give the all-hands demo” if nobody ever knew, and then spent 2 h on it anyway.',
      );
      expect(evidenceOf(flags[0])).toEqual([
        ['check', 'k-demo', '2026-11-19'],
        ['session', 'talk', '2026-11-20'],
      ]);
    }
  });

  it('raises IC rising in the run-up to a review', () => {
    const world = withSessions(
      session('r1', '2026-11-17', 'Ship the pricing page', 240),
      session('r2', '2026-11-19', 'Polish the metrics deck', 240),
      session('r3', '2026-11-25', 'Tune the search index', 240),
    );
    const flags = flagsOf(world, 'insecurity');
    expect(flags).toHaveLength(1);
    // The run-up is 16–26 Nov (11 days): 900 min, 573 min a week; before it 300 min in 14 days.
    expect(flags[0]?.text).toBe(
      'With your review coming on Mon 30 Nov, over the last 11 days your IC time ran at 9.5 h a week, up from 2.5 h a week before that.',
    );
    expect(evidenceOf(flags[0]).map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'week:2026-11-02',
      'week:2026-11-09',
      'week:2026-11-16',
      'week:2026-11-23',
    ]);
    // The latest week also carries the two rates the sentence compares.
    expect(flags[0]?.evidence[3]?.label).toBe(
      'Week of Mon 23 Nov — 5.5 h of IC, in the run-up to your review on Mon 30 Nov; ' +
        '9.5 h a week over the 11 days of the run-up, 2.5 h a week before it',
    );
  });

  it('stays quiet before a review when IC is flat, and for a review with no history before its run-up', () => {
    const world = healthy();
    world.reviewDates = ['2026-11-30', '2026-11-12'];
    world.sessions.push(session('r1', '2026-11-10', 'Ship the pricing page', 600));
    expect(flagsOf(world, 'insecurity')).toEqual([]);
  });
});

describe('insecurity: visible work', () => {
  // The healthy month logs 480 min of IC in the window; no review run-up is raised by these.
  const demo = session('v1', '2026-11-12', 'Build the board demo', 180, { visible: true });
  const launch = session('v2', '2026-11-20', 'Polish the launch page', 150, { visible: true });

  it('raises when visible sessions take a large share of IC time, each as evidence', () => {
    const world = withSessions(demo, launch);
    const [flag, ...rest] = flagsOf(world, 'insecurity');
    expect(rest).toEqual([]);
    // 330 of 810 min is 41%, over the default 40%.
    expect(flag?.severity).toBe('info');
    expect(flag?.text).toBe(
      'In the last 4 weeks 5.5 h of your 13.5 h of IC work (41%) went to things people beyond your team ' +
        'will see: “Build the board demo” on Thu 12 Nov and “Polish the launch page” on Fri 20 Nov.',
    );
    expect(evidenceOf(flag)).toEqual([
      ['session', 'v1', '2026-11-12'],
      ['session', 'v2', '2026-11-20'],
    ]);
    expect(flag?.evidence[0]?.label).toBe(
      'Thu 12 Nov — IC session “Build the board demo”, 3 h (others will see it)',
    );
    expect(flag?.evidence[1]?.label).toBe(
      'Fri 20 Nov — IC session “Polish the launch page”, 2.5 h (others will see it; ' +
        '5.5 h of your 13.5 h of IC in these weeks (41%))',
    );
    expect(flag?.fingerprint).toBe(fingerprint('insecurity', flag!.evidence, 'visible'));
    expect(flagKey('insecurity', flag!.evidence, 'visible')).toBe('insecurity@visible:session:v1,session:v2');
  });

  it.each([
    { name: 'below the share', sessions: [demo, { ...launch, minutes: 120 }], config: {} },
    { name: 'a single visible session, however long', sessions: [{ ...demo, minutes: 600 }], config: {} },
    { name: 'with a higher threshold', sessions: [demo, launch], config: { visibleSharePct: 50 } },
    {
      name: 'for visible work before the window',
      sessions: [
        { ...demo, date: '2026-10-27' },
        { ...launch, date: '2026-10-28' },
      ],
      config: {},
    },
  ])('stays quiet $name', ({ sessions, config }) => {
    const world = withSessions(...sessions);
    world.config = config;
    expect(flagsOf(world, 'insecurity')).toEqual([]);
  });

  it('counts IC estimated from other evidence in the share', () => {
    const world = withSessions(demo, launch);
    // Two hours of commits on a day with nothing logged: 330 of 930 min is 35%.
    world.estimated = { '2026-11-17': 120 };
    expect(flagsOf(world, 'insecurity')).toEqual([]);
  });

  it('changes its fingerprint when another visible session joins the evidence', () => {
    const world = withSessions(demo, launch);
    const before = flagsOf(world, 'insecurity')[0]?.fingerprint;
    world.sessions.push(session('v3', '2026-11-24', 'Rehearse the all-hands talk', 60, { visible: true }));
    const after = flagsOf(world, 'insecurity');
    expect(after).toHaveLength(1);
    expect(flagKey('insecurity', after[0]!.evidence, 'visible')).toBe(
      'insecurity@visible:session:v1,session:v2,session:v3',
    );
    expect(after[0]?.fingerprint).not.toBe(before);
  });

  it('stays apart from the named-insecurity flag on the same sessions', () => {
    const world = withSessions({ ...demo, reasons: ['insecurity'] }, { ...launch, reasons: ['insecurity'] });
    const flags = flagsOf(world, 'insecurity');
    expect(flags.map((f) => f.fingerprint)).toEqual([
      sha256Hex('insecurity:session:v1,session:v2').slice(0, 12),
      sha256Hex('insecurity@visible:session:v1,session:v2').slice(0, 12),
    ]);
  });

  it('refuses a share outside 0–100', () => {
    const world = healthy();
    world.config = { visibleSharePct: 120 };
    expect(() => computeFlags(build(world))).toThrow(
      'The flag setting visibleSharePct must be a number of percent from 0 to 100, not 120.',
    );
  });
});

// ---------------------------------------------------------------- interference

describe('interference: a 1:1 called off on a heavy IC day', () => {
  // In the afternoon, after the morning's pairing session: the two add up to 290 minutes.
  const heavyDay = session('deep', '2026-11-24', 'Rewrite the billing export', 200, {
    startedAt: '2026-11-24T12:00:00.000Z',
  });

  it.each([
    {
      name: 'declined, 290 min of IC',
      over: { declined: true, counted: false },
      extra: [heavyDay],
      text: 'you declined the 1:1 with Priya Sharma “Weekly 1:1”',
    },
    {
      name: 'cancelled, 290 min of IC',
      over: { cancelled: true, counted: false },
      extra: [heavyDay],
      text: 'the 1:1 with Priya Sharma “Weekly 1:1” was cancelled',
    },
    { name: 'declined, 90 min of IC', over: { declined: true, counted: false }, extra: [], text: undefined },
    { name: 'held, 290 min of IC', over: {}, extra: [heavyDay], text: undefined },
    {
      name: 'a declined team meeting',
      over: { declined: true, counted: false, category: 'team-meeting' as const },
      extra: [heavyDay],
      text: undefined,
    },
  ])('$name', ({ over, extra, text }) => {
    const world = withSessions(...extra);
    world.events = world.events.map((e) => (e.key === 'priya-2026-11-24' ? { ...e, ...over } : e));
    const flags = flagsOf(world, 'interference');
    if (text === undefined) {
      expect(flags).toEqual([]);
      return;
    }
    expect(flags).toHaveLength(1);
    expect(flags[0]?.severity).toBe('alert');
    expect(flags[0]?.text).toBe(`On Tue 24 Nov ${text} and you did 4.8 h of IC work that day.`);
    expect(evidenceOf(flags[0])).toEqual([
      ['event', 'priya-2026-11-24', '2026-11-24'],
      ['session', 'deep', '2026-11-24'],
      ['session', 's5', '2026-11-24'],
    ]);
  });

  it('cites the commits when the heavy day was estimated from git', () => {
    const world = healthy();
    world.estimated['2026-11-17'] = 240;
    world.commitDays.push(commitDay('2026-11-17', 'billing', 9));
    world.events = world.events.map((e) =>
      e.key === 'sam-2026-11-17' ? { ...e, declined: true, counted: false } : e,
    );
    const [flag] = flagsOf(world, 'interference');
    expect(evidenceOf(flag)).toEqual([
      ['event', 'sam-2026-11-17', '2026-11-17'],
      ['commit-day', '2026-11-17:billing', '2026-11-17'],
    ]);
    // The commits show the day was heavy; the estimate they give is in the line.
    expect(flag?.evidence[1]?.label).toBe(
      'Tue 17 Nov — 9 commits in billing (about 4 h of IC that day, estimated)',
    );
  });

  it('raises a 1:1 commitment put off from a heavy IC day', () => {
    const world = withSessions(heavyDay);
    world.commitments.push(
      commitment('c-sam', 'one-on-one', 'Growth plan', {
        person: 'Sam',
        due: '2026-11-27',
        postponements: [postponement('p-sam', '2026-11-24T16:00:00.000Z', '2026-11-27', '2026-11-24')],
      }),
    );
    const [flag] = flagsOf(world, 'interference');
    expect(flag?.text).toBe(
      'You put off the 1:1 with Sam “Growth plan” from Tue 24 Nov to Fri 27 Nov, and on Tue 24 Nov you did 4.8 h of IC work.',
    );
    expect(evidenceOf(flag).map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'postponement:p-sam',
      'session:deep',
      'session:s5',
      'commitment:c-sam',
    ]);
  });

  it('raises a 1:1 commitment cancelled on a heavy IC day', () => {
    const world = withSessions(heavyDay);
    world.commitments.push(
      commitment('c-sam', 'one-on-one', 'Growth plan', {
        person: 'Sam',
        due: '2026-11-27',
        status: 'cancelled',
        closedAt: '2026-11-24T16:00:00.000Z',
      }),
    );
    const [flag] = flagsOf(world, 'interference');
    expect(flag?.text).toBe(
      'You cancelled the 1:1 with Sam “Growth plan”, and on Tue 24 Nov you did 4.8 h of IC work.',
    );
    expect(flag?.evidence.map((e) => e.label)).toEqual([
      'Tue 24 Nov — 1:1 with Sam “Growth plan”: cancelled',
      'Tue 24 Nov — IC session “Rewrite the billing export”, 3.3 h',
      'Tue 24 Nov — IC session “Pair on the flaky checkout test”, 1.5 h (4.8 h of IC that day in all)',
    ]);
  });

  it('leaves a 1:1 commitment put off on a light day alone', () => {
    const world = healthy();
    world.commitments.push(
      commitment('c-sam', 'one-on-one', 'Growth plan', {
        person: 'Sam',
        due: '2026-11-27',
        postponements: [postponement('p-sam', '2026-11-24T16:00:00.000Z', '2026-11-27', '2026-11-24')],
      }),
    );
    expect(flagsOf(world, 'interference')).toEqual([]);
  });
});

describe('interference: a report short of 1:1 time', () => {
  it('raises a report whose 1:1s stopped, matched by display name', () => {
    const world = healthy();
    world.events = world.events.filter((e) => !e.key.startsWith('sam-') || e.key === 'sam-2026-11-03');
    const flags = flagsOf(world, 'interference');
    expect(flags).toHaveLength(1);
    // 30 min over the 25 days from 2 to 26 November.
    expect(flags[0]?.text).toBe(
      'Over the last 4 weeks you spent 30 min in 1:1s with Sam Ortiz, 8 min a week, under the 15 min a week every report should get.',
    );
    expect(evidenceOf(flags[0]).map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'week:2026-11-02',
      'event:sam-2026-11-03',
      'week:2026-11-09',
      'week:2026-11-16',
      'week:2026-11-23',
    ]);
    expect(flags[0]?.evidence[2]?.label).toBe(
      'Week of Mon 9 Nov — 0 min of 1:1 time with Sam Ortiz in the calendar',
    );
  });

  it('lists declined 1:1s as evidence but counts no time for them', () => {
    const world = healthy();
    world.commitments = world.commitments.filter((c) => c.id !== 'c-priya');
    world.events = world.events.map((e) =>
      e.key.startsWith('priya-') && e.key !== 'priya-2026-11-03'
        ? { ...e, declined: true, counted: false }
        : e,
    );
    const [flag] = flagsOf(world, 'interference');
    expect(flag?.text).toContain('you spent 30 min in 1:1s with Priya Sharma, 8 min a week');
    expect(flag?.evidence.filter((e) => e.kind === 'event').map((e) => e.label)).toEqual([
      'Tue 3 Nov — “Weekly 1:1” with Priya Sharma',
      'Tue 10 Nov — “Weekly 1:1” with Priya Sharma (declined)',
      'Tue 17 Nov — “Weekly 1:1” with Priya Sharma (declined)',
      'Tue 24 Nov — “Weekly 1:1” with Priya Sharma (declined)',
    ]);
  });

  it('counts a done 1:1 commitment with a first name as 30 min when the calendar shows none', () => {
    const world = healthy();
    world.events = world.events.map((e) =>
      e.key.startsWith('priya-') && e.key !== 'priya-2026-11-03'
        ? { ...e, declined: true, counted: false }
        : e,
    );
    // 30 min held plus the "Career chat" with Priya on 24 Nov: 60 min in 25 days is 16.8 min a week.
    expect(flagsOf(world, 'interference')).toEqual([]);
  });

  it('matches an attendee known only by first name', () => {
    const world = healthy();
    world.events = world.events.map((e) =>
      e.key.startsWith('sam-') ? { ...e, attendees: ['alex@acme.com', 'sam@acme.com'] } : e,
    );
    expect(flagsOf(world, 'interference')).toEqual([]);
  });

  it.each([
    { name: 'no 1:1 at all', done: 0, raised: true },
    { name: 'one done 1:1 commitment (30 min assumed)', done: 1, raised: true },
    { name: 'two done 1:1 commitments', done: 2, raised: false },
  ])('a report with no calendar 1:1s: $name', ({ done, raised }) => {
    const world = healthy();
    world.reports.push('Lee');
    for (let i = 0; i < done; i++) {
      world.commitments.push(
        commitment(`c-lee-${i}`, 'one-on-one', 'Catch-up', {
          person: 'Lee Wong',
          status: 'done',
          closedAt: `2026-11-${10 + i * 7}T10:00:00.000Z`,
        }),
      );
    }
    const flags = flagsOf(world, 'interference');
    expect(flags.length).toBe(raised ? 1 : 0);
    if (done === 0) {
      expect(flags[0]?.text).toBe(
        'You have had no 1:1 time with Lee in the last 4 weeks; every report should get at least 15 min a week.',
      );
    }
  });

  it('gives two neglected reports different fingerprints though their evidence is the same weeks', () => {
    const world = healthy();
    world.reports.push('Lee', 'Kim Park');
    const flags = flagsOf(world, 'interference');
    expect(flags).toHaveLength(2);
    expect(flags[0]?.fingerprint).not.toBe(flags[1]?.fingerprint);
  });
});

describe('interference: decisions overdue while over budget', () => {
  const late = () => commitment('c-hire', 'decision', 'Pick the backend hire', { due: '2026-11-20' });

  it('raises an overdue decision in a week over budget', () => {
    const world = withSessions(session('x', '2026-11-25', 'Rewrite the billing export', 450));
    world.commitments.push(late());
    const flags = flagsOf(world, 'interference');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.text).toBe(
      'You are over your IC budget this week (9 h of 8 h) while a decision is overdue: “Pick the backend hire” (due Fri 20 Nov).',
    );
    expect(evidenceOf(flags[0])).toEqual([
      ['commitment', 'c-hire', '2026-11-20'],
      ['week', '2026-11-23', '2026-11-23'],
    ]);
  });

  it('leaves an overdue decision alone while IC is within budget', () => {
    const world = healthy();
    world.commitments.push(late());
    expect(flagsOf(world, 'interference')).toEqual([]);
  });
});

// ---------------------------------------------------------------- critical path

describe('critical path', () => {
  it.each([
    {
      name: 'checked this week, then done',
      checkDate: '2026-11-23',
      sessionDate: '2026-11-24',
      raised: true,
    },
    {
      name: 'checked earlier, done this week',
      checkDate: '2026-11-09',
      sessionDate: '2026-11-24',
      raised: true,
    },
    { name: 'checked and done weeks ago', checkDate: '2026-11-09', sessionDate: '2026-11-10', raised: false },
    { name: 'checked this week, not done', checkDate: '2026-11-23', sessionDate: undefined, raised: false },
  ])('a critical-path check: $name', ({ checkDate, sessionDate, raised }) => {
    const world = healthy();
    world.checks.push(
      check('k-db', checkDate, 'Migrate the billing database', { criticalPath: true, couldDo: 'Dana' }),
    );
    if (sessionDate) {
      world.sessions.push(
        session('db', sessionDate, 'Migrate the billing database', 120, { checkId: 'k-db' }),
      );
    }
    const flags = flagsOf(world, 'critical-path');
    expect(flags.length).toBe(raised ? 1 : 0);
    if (raised && checkDate === '2026-11-23') {
      expect(flags[0]?.text).toBe(
        'You spent 2 h on “Migrate the billing database” (Tue 24 Nov) although it is on the critical path ' +
          'and your check on Mon 23 Nov said to pair with Dana.',
      );
      expect(evidenceOf(flags[0])).toEqual([
        ['check', 'k-db', '2026-11-23'],
        ['session', 'db', '2026-11-24'],
      ]);
    }
  });

  it('raises work that blocks others', () => {
    const world = withSessions(
      session('db', '2026-11-24', 'Unblock the mobile release', 60, { checkId: 'k-m' }),
    );
    world.checks.push(check('k-m', '2026-11-24', 'Unblock the mobile release', { blocksOthers: true }));
    expect(flagsOf(world, 'critical-path')[0]?.text).toBe(
      'You spent 1 h on “Unblock the mobile release” (Tue 24 Nov) although others are waiting on it.',
    );
  });

  it.each([
    { name: 'assigned by name, in progress', over: {}, raised: true },
    { name: 'assigned by address', over: { assignee: 'Alex@acme.com' }, raised: true },
    { name: 'assigned by the address local part', over: { assignee: 'alex' }, raised: true },
    { name: 'done without a resolution date', over: { status: 'Done' }, raised: false },
    { name: "won't do", over: { status: "Won't Do" }, raised: false },
    { name: 'resolved', over: { resolvedAt: '2026-11-25T10:00:00.000Z' }, raised: false },
    { name: 'assigned to someone else', over: { assignee: 'Dana Lee' }, raised: false },
    { name: 'not on the critical path', over: { criticalPath: false }, raised: false },
  ])('a tracker item: $name', ({ over, raised }) => {
    const world = healthy();
    world.trackerItems.push(trackerItem('BILL-42', { startedAt: '2026-11-16T09:00:00.000Z', ...over }));
    const flags = flagsOf(world, 'critical-path');
    expect(flags.length).toBe(raised ? 1 : 0);
    if (raised) {
      expect(flags[0]?.text).toBe(
        'An item on the critical path is assigned to you and still open: BILL-42 “Move invoices to the new ledger” (In Progress).',
      );
      expect(evidenceOf(flags[0])).toEqual([['tracker-item', 'jira:BILL-42', '2026-11-16']]);
    }
  });
});

// ---------------------------------------------------------------- creep

describe('creep', () => {
  it('raises the same task in 3 of the last 4 weeks, whatever the punctuation', () => {
    const world = withSessions(
      session('d1', '2026-11-03', 'Fix the flaky deploy script', 60),
      session('d2', '2026-11-10', 'fix the flaky deploy-script', 90),
      session('d3', '2026-11-25', 'Fix the flaky deploy script!', 60),
    );
    const flags = flagsOf(world, 'creep');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.severity).toBe('warning');
    expect(flags[0]?.text).toBe(
      'You have worked on “Fix the flaky deploy script!” in 3 of the last 4 weeks (3.5 h over 3 sessions): ' +
        'what began as helping out has become a task you own.',
    );
    expect(evidenceOf(flags[0])).toEqual([
      ['session', 'd1', '2026-11-03'],
      ['session', 'd2', '2026-11-10'],
      ['session', 'd3', '2026-11-25'],
    ]);
  });

  it('leaves a task worked on in 2 weeks alone', () => {
    const world = withSessions(
      session('d1', '2026-11-03', 'Fix the flaky deploy script', 60),
      session('d2', '2026-11-04', 'Fix the flaky deploy script', 60),
      session('d3', '2026-11-25', 'Fix the flaky deploy script', 60),
    );
    expect(flagsOf(world, 'creep')).toEqual([]);
  });

  it('raises a repository committed to in 3 of the last 4 weeks, as info', () => {
    const world = healthy();
    world.commitDays.push(commitDay('2026-11-17', 'api', 2));
    const flags = flagsOf(world, 'creep');
    expect(flags.map((f) => f.severity)).toEqual(['info']);
    expect(flags[0]?.text).toContain('You committed to api in 3 of the last 4 weeks (8 commits on 3 days)');
    expect(evidenceOf(flags[0]).map(([, id]) => id)).toEqual([
      '2026-11-11:api',
      '2026-11-17:api',
      '2026-11-24:api',
    ]);
  });

  it('follows the creepWeeks setting', () => {
    const world = healthy();
    world.config = { creepWeeks: 2 };
    expect(flagsOf(world, 'creep').map((f) => f.evidence.length)).toEqual([2]);
  });
});

// ---------------------------------------------------------------- unwind

describe('unwind not working', () => {
  const unwind = (id: string, date: string, before: number, after: number) =>
    session(id, date, `Refactor ${id}`, 60, {
      reasons: ['unwind'],
      energyBefore: before,
      energyAfter: after,
    });

  it('raises when most of the last 5 unwinding sessions left energy no higher', () => {
    const world = withSessions(
      unwind('u1', '2026-11-19', 3, 2),
      unwind('u2', '2026-11-20', 3, 3),
      unwind('u3', '2026-11-25', 2, 1),
    );
    // The last five: s3 (2→4), s5 (3→4), u1, u2, u3; s2 is older and drops out.
    const [flag] = flagsOf(world, 'unwind-not-working');
    expect(flag?.severity).toBe('info');
    expect(flag?.reason).toBe('unwind');
    expect(flag?.text).toBe(
      'After 3 of your last 5 IC sessions taken to unwind your energy was no higher than before ' +
        '(3 → 2 on Thu 19 Nov, 3 → 3 on Fri 20 Nov and 1 more).',
    );
    expect(evidenceOf(flag).map(([, id]) => id)).toEqual(['s3', 'u1', 'u2', 's5', 'u3']);
    expect(flag?.evidence[1]?.label).toBe('Thu 19 Nov — IC session “Refactor u1”, 1 h (energy 3 → 2)');
  });

  it.each([
    { name: 'half of the last four', extra: [unwind('u1', '2026-11-19', 3, 2)], raised: false },
    {
      name: 'two flat sessions without energies count for nothing',
      extra: [
        unwind('u1', '2026-11-19', 3, 2),
        session('u2', '2026-11-20', 'Refactor u2', 60, { reasons: ['unwind'] }),
        session('u3', '2026-11-21', 'Refactor u3', 60, { reasons: ['unwind'], energyBefore: 3 }),
      ],
      raised: false,
    },
  ])('stays quiet: $name', ({ extra, raised }) => {
    expect(flagsOf(withSessions(...extra), 'unwind-not-working').length).toBe(raised ? 1 : 0);
  });

  it('needs at least 3 rated sessions', () => {
    const world = healthy();
    world.sessions = [unwind('u1', '2026-11-19', 3, 2), unwind('u2', '2026-11-20', 3, 1)];
    expect(flagsOf(world, 'unwind-not-working')).toEqual([]);
  });
});

// ---------------------------------------------------------------- ground truth

describe('ground truth unused', () => {
  const gap = (id: string, date: string) =>
    session(id, date, `Run the onboarding ${id}`, 90, {
      reasons: ['ground-truth'],
      gaps: ['Laptop setup takes two days'],
    });

  it('raises gaps older than 14 days with no action', () => {
    const [flag] = flagsOf(withSessions(gap('g1', '2026-11-05')), 'ground-truth-unused');
    expect(flag?.reason).toBe('ground-truth');
    expect(flag?.text).toBe(
      'A gap you found in IC work more than 14 days ago never became an improvement action: “Laptop setup takes two days” (Thu 5 Nov).',
    );
    expect(evidenceOf(flag)).toEqual([['session', 'g1', '2026-11-05']]);
  });

  it.each([
    { name: 'a recent gap', date: '2026-11-20', action: undefined },
    { name: 'exactly 14 days ago', date: '2026-11-12', action: undefined },
    { name: 'an action still open', date: '2026-11-05', action: 'open' as const },
    { name: 'an action done', date: '2026-11-05', action: 'done' as const },
  ])('stays quiet: $name', ({ date, action }) => {
    const world = withSessions(gap('g1', date));
    if (action) {
      world.actions.push({
        id: 'a2',
        text: 'Script the laptop setup',
        sessionId: 'g1',
        status: action,
        createdAt: `${date}T18:00:00.000Z`,
      });
    }
    expect(flagsOf(world, 'ground-truth-unused')).toEqual([]);
  });
});

// ---------------------------------------------------------------- the whole set

/** A bad month: most flags at once. */
function troubled(): World {
  const world = withSessions(
    session('x1', '2026-11-05', 'Billing export', 400),
    session('x2', '2026-11-12', 'Billing export', 400),
    session('x3', '2026-11-24', 'Billing export', 400, { startedAt: '2026-11-24T13:30:00.000Z' }),
    session('blog', '2026-11-19', 'Write the launch blog post', 60, { reasons: ['insecurity'] }),
    session('g1', '2026-11-05', 'Run the onboarding', 90, { gaps: ['Laptop setup takes two days'] }),
  );
  world.commitments.push(
    commitment('c-talk', 'tough-conversation', 'Missed deadlines', {
      person: 'Sam',
      due: '2026-12-01',
      postponements: [postponement('p1', '2026-11-24T13:00:00.000Z', '2026-12-01', '2026-11-24')],
    }),
    commitment('c-hire', 'decision', 'Pick the backend hire', { due: '2026-11-20' }),
  );
  world.events = world.events.map((e) =>
    e.key === 'priya-2026-11-24' ? { ...e, declined: true, counted: false } : e,
  );
  world.trackerItems.push(trackerItem('BILL-42'));
  world.reports.push('Lee');
  return world;
}

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('computeFlags', () => {
  it('puts the most severe first, then orders by id', () => {
    const flags = computeFlags(build(troubled()));
    expect(flags.map((f) => `${f.severity} ${f.id}`)).toEqual([
      'alert budget',
      'alert critical-path',
      'alert interference',
      'alert interference',
      'warning creep',
      'warning escape',
      'warning insecurity',
      'warning interference',
      'info ground-truth-unused',
    ]);
  });

  it('gives the same flags whatever order the records come in', () => {
    const input = build(troubled());
    const expected = computeFlags(input);
    for (const seed of [1, 7, 42]) {
      const mixed: InsightInput = {
        ...input,
        reports: shuffled(input.reports, seed),
        reviewDates: shuffled(input.reviewDates, seed),
        weeks: shuffled(input.weeks, seed).map((w) => ({ ...w, days: shuffled(w.days, seed) })),
        sessions: shuffled(input.sessions, seed),
        commitments: shuffled(input.commitments, seed),
        events: shuffled(input.events, seed),
        commitDays: shuffled(input.commitDays, seed),
        trackerItems: shuffled(input.trackerItems, seed),
        checks: shuffled(input.checks, seed),
        actions: shuffled(input.actions, seed),
      };
      expect(computeFlags(mixed)).toEqual(expected);
    }
  });

  it('writes every flag as one sentence and sorts its evidence by date', () => {
    for (const flag of computeFlags(build(troubled()))) {
      expect(flag.text).toMatch(/^[A-Z].*\.$/);
      expect(flag.text.slice(0, -1)).not.toMatch(/[.!?]\s/);
      const dates = flag.evidence.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      expect(flag.evidence.length).toBeGreaterThan(0);
    }
  });

  it('refuses a flag setting out of range, naming it', () => {
    const world = healthy();
    world.config = { creepWeeks: 0 };
    const error = (() => {
      try {
        computeFlags(build(world));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'invalid',
      field: 'creepWeeks',
      message: 'The flag setting creepWeeks must be a number of weeks from 1 to 4, not 0.',
    });
  });
});

describe('fingerprints', () => {
  const a: Evidence = { kind: 'session', id: 's1', date: '2026-11-03', label: 'one' };
  const b: Evidence = { kind: 'session', id: 's2', date: '2026-11-10', label: 'two' };
  const c: Evidence = { kind: 'commitment', id: 's2', date: '2026-11-10', label: 'three' };

  it('depends on the flag and the evidence ids, not their order or labels', () => {
    expect(fingerprint('creep', [a, b])).toBe(fingerprint('creep', [b, { ...a, label: 'renamed' }]));
    expect(fingerprint('creep', [a, b])).not.toBe(fingerprint('escape', [a, b]));
    expect(fingerprint('creep', [a, b])).not.toBe(fingerprint('creep', [a, b, c]));
  });

  it('changes when a flag gains a piece of evidence, and only then', () => {
    const world = withSessions(
      session('d1', '2026-11-03', 'Fix the flaky deploy script', 60),
      session('d2', '2026-11-10', 'Fix the flaky deploy script', 60),
      session('d3', '2026-11-17', 'Fix the flaky deploy script', 60),
    );
    const before = flagsOf(world, 'creep')[0]?.fingerprint;
    expect(flagsOf(world, 'creep')[0]?.fingerprint).toBe(before);
    expect(before).toBe(sha256Hex('creep:session:d1,session:d2,session:d3').slice(0, 12));
    world.sessions.push(session('d4', '2026-11-25', 'Fix the flaky deploy script', 60));
    expect(flagsOf(world, 'creep')[0]?.fingerprint).not.toBe(before);
  });
});

describe('FLAG_HELP', () => {
  it('explains every flag', () => {
    expect(Object.keys(FLAG_HELP).sort()).toEqual([...FLAG_IDS].sort());
    for (const id of FLAG_IDS) expect(FLAG_HELP[id].length).toBeGreaterThan(40);
  });
});

// ---------------------------------------------------------------- claims only what the evidence shows

/** A focus block in the calendar: IC by class, counted in the day's estimate. */
function focusBlock(key: string, date: string, fromUtc: string, toUtc: string): ModelEvent {
  return {
    key,
    title: 'Focus: billing export',
    start: `${date}T${fromUtc}:00.000Z`,
    end: `${date}T${toUtc}:00.000Z`,
    category: 'focus',
    timeClass: 'ic',
    counted: true,
    declined: false,
    cancelled: false,
    attendees: [],
  };
}

/** The fields the time model is gaining (`calendar`, `ic`), set on one day of the built input. */
function withDay(input: InsightInput, date: string, extra: Record<string, unknown>): InsightInput {
  return {
    ...input,
    weeks: input.weeks.map((w) => ({
      ...w,
      days: w.days.map((d) => (d.date === date ? ({ ...d, ...extra } as DayModel) : d)),
    })),
  };
}

describe('interference counts IC done, never IC planned', () => {
  /** Today (Thu 26 Nov) the 1:1 with Priya is cancelled; nothing is logged. */
  function cancelledToday(): World {
    const world = healthy();
    world.events.push(oneOnOne('priya-thu', TODAY, PRIYA, { cancelled: true, counted: false }));
    return world;
  }

  it('is not raised when the only IC of the day is a focus block still in the calendar', () => {
    const world = cancelledToday();
    // 15:00–18:00 in Berlin, and it is noon: planned, not done.
    world.events.push(focusBlock('focus-thu', TODAY, '14:00', '17:00'));
    expect(flagsOf(world, 'interference')).toEqual([]);
  });

  it('is raised for a focus block on a day gone by, with the block as its evidence', () => {
    const world = healthy();
    world.events.push(
      oneOnOne('priya-wed', '2026-11-25', PRIYA, { cancelled: true, counted: false }),
      focusBlock('focus-wed', '2026-11-25', '08:00', '12:00'),
    );
    world.estimated['2026-11-25'] = 240;
    const [flag, ...rest] = flagsOf(world, 'interference');
    expect(rest).toEqual([]);
    expect(flag?.text).toBe(
      'On Wed 25 Nov the 1:1 with Priya Sharma “Weekly 1:1” was cancelled and you did 4 h of IC work that day.',
    );
    expect(flag?.evidence.map((e) => e.label)).toEqual([
      'Wed 25 Nov — “Focus: billing export” (about 4 h of IC that day, estimated)',
      'Wed 25 Nov — “Weekly 1:1” with Priya Sharma (cancelled)',
    ]);
  });

  it('is not raised for a heavy day nothing in the evidence shows', () => {
    const world = healthy();
    world.events.push(oneOnOne('priya-wed', '2026-11-25', PRIYA, { cancelled: true, counted: false }));
    // An estimate with neither commits nor IC blocks behind it.
    world.estimated['2026-11-25'] = 240;
    expect(flagsOf(world, 'interference')).toEqual([]);
  });

  // The time model's coming `ic` field: the flag reads `done` and never `planned`.
  it.each([
    { name: 'all of it planned', ic: { logged: 0, inferred: 0, planned: 240, done: 0 }, raised: false },
    { name: '3.5 h done', ic: { logged: 0, inferred: 210, planned: null, done: 210 }, raised: true },
  ])('reads IC done from the new day model: $name', ({ ic, raised }) => {
    const world = cancelledToday();
    world.commitDays.push(commitDay(TODAY, 'billing', 6));
    world.estimated[TODAY] = 240;
    const flags = computeFlags(withDay(build(world), TODAY, { ic, calendar: true })).filter(
      (f) => f.id === 'interference',
    );
    expect(flags.map((f) => f.text)).toEqual(
      raised
        ? [
            'On Thu 26 Nov the 1:1 with Priya Sharma “Weekly 1:1” was cancelled and you did 3.5 h of IC work that day.',
          ]
        : [],
    );
  });

  it('counts only IC done towards this week’s budget', () => {
    const world = healthy();
    // 8 h of focus blocks still ahead on Friday would put the week over budget if they counted.
    world.events.push(focusBlock('focus-fri', '2026-11-27', '07:00', '15:00'));
    expect(flagsOf(world, 'budget')).toEqual([]);
  });
});

describe('1:1 time is judged only where a calendar covers the days', () => {
  it('says nothing about 1:1 time without a calendar', () => {
    const world = healthy();
    world.events = [];
    world.reports.push('Lee');
    expect(flagsOf(world, 'interference')).toEqual([]);
  });

  it('averages over the weeks the calendar covers, and says so', () => {
    const world = healthy();
    world.events = world.events.filter((e) => e.start >= '2026-11-09');
    world.reports.push('Lee');
    const [flag, ...rest] = flagsOf(world, 'interference');
    expect(rest).toEqual([]);
    expect(flag?.text).toBe(
      'You have had no 1:1 time with Lee in the 3 weeks your calendar covers; every report should get at least 15 min a week.',
    );
    expect(evidenceOf(flag).map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'week:2026-11-09',
      'week:2026-11-16',
      'week:2026-11-23',
    ]);
  });

  it('follows the new day model’s calendar field', () => {
    const world = healthy();
    world.reports.push('Lee');
    let input = build(world);
    for (const w of input.weeks) for (const d of w.days) input = withDay(input, d.date, { calendar: false });
    expect(computeFlags(input).filter((f) => f.id === 'interference')).toEqual([]);
  });

  it('shows the total and the weekly average the sentence names', () => {
    const world = healthy();
    world.events = world.events.filter((e) => !e.key.startsWith('sam-') || e.key === 'sam-2026-11-03');
    const [flag] = flagsOf(world, 'interference');
    expect(flag?.evidence.at(-1)?.label).toBe(
      'Week of Mon 23 Nov — 0 min of 1:1 time with Sam Ortiz in the calendar; ' +
        '30 min of 1:1 time with them in the last 4 weeks, 8 min a week',
    );
  });
});

describe('one situation, one flag', () => {
  const putOff = (id: string, at: string) => postponement(id, at, '2026-12-08');

  it('makes one escape flag of a commitment put off three times, with all of it as evidence', () => {
    // 15 min each keeps this week's IC level, so only the bursts can raise escape.
    const world = withSessions(
      session('b1', '2026-11-23', 'Speed up the CI cache', 15, { startedAt: '2026-11-23T09:30:00.000Z' }),
      session('b2', '2026-11-24', 'Tidy the CI config', 15, { startedAt: '2026-11-24T10:00:00.000Z' }),
      session('b3', '2026-11-25', 'Speed up the CI cache', 15, {
        startedAt: undefined,
        createdAt: '2026-11-25T16:00:00.000Z',
      }),
    );
    world.commitments.push(
      commitment('c-vendor', 'decision', 'Drop the old vendor', {
        due: '2026-12-08',
        postponements: [
          putOff('p1', '2026-11-23T09:00:00.000Z'),
          putOff('p2', '2026-11-24T09:00:00.000Z'),
          putOff('p3', '2026-11-25T09:00:00.000Z'),
        ],
      }),
    );
    const flags = flagsOf(world, 'escape');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.text).toBe(
      'You put off the decision “Drop the old vendor” on Mon 23 Nov, Tue 24 Nov and Wed 25 Nov, ' +
        'each time with IC work close behind: on Mon 23 Nov, “Speed up the CI cache” 30 min later, ' +
        'on Tue 24 Nov, “Tidy the CI config” 1 h later and on Wed 25 Nov, “Speed up the CI cache” the same day.',
    );
    expect(evidenceOf(flags[0]).map(([kind, id]) => `${kind}:${id}`)).toEqual([
      'postponement:p1',
      'session:b1',
      'postponement:p2',
      'session:b2',
      'postponement:p3',
      'session:b3',
      'commitment:c-vendor',
    ]);
  });

  it('joins IC right after a postponement to the rising-IC flag about the same conversation', () => {
    const world = withSessions(
      session('x', '2026-11-24', 'Rewrite the billing export', 300, {
        startedAt: '2026-11-24T13:30:00.000Z',
      }),
    );
    world.commitments.push(
      commitment('c-talk', 'tough-conversation', 'Missed deadlines', {
        person: 'Sam',
        due: '2026-12-01',
        postponements: [postponement('p1', '2026-11-24T13:00:00.000Z', '2026-12-01', '2026-11-24')],
      }),
    );
    const flags = flagsOf(world, 'escape');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.severity).toBe('alert');
    expect(flags[0]?.text).toBe(
      'Your IC time rose to 6.5 h this week from 2.2 h a week over the 3 weeks before, while you are putting off ' +
        'the tough conversation with Sam “Missed deadlines” (put off once, followed by IC work on Tue 24 Nov, ' +
        '“Rewrite the billing export” 30 min later).',
    );
    expect(evidenceOf(flags[0]).map(([kind, id]) => `${kind}:${id}`)).toContain('session:x');
  });

  it('keeps escape flags about different commitments apart', () => {
    const world = withSessions(
      session('b1', '2026-11-23', 'Speed up the CI cache', 15, { startedAt: '2026-11-23T09:30:00.000Z' }),
    );
    world.commitments.push(
      commitment('c-a', 'decision', 'Drop the old vendor', {
        postponements: [putOff('p1', '2026-11-23T09:00:00.000Z')],
      }),
      commitment('c-b', 'planning', 'Plan Q1', { postponements: [putOff('p2', '2026-11-23T09:10:00.000Z')] }),
    );
    expect(flagsOf(world, 'escape').map((f) => f.evidence.find((e) => e.kind === 'commitment')?.id)).toEqual([
      'c-a',
      'c-b',
    ]);
  });

  it.each([
    { name: 'the title names the repository', repo: 'search-ranking', days: ['2026-11-05', '2026-11-12'] },
    { name: 'commits on the days of the sessions', repo: 'proto', days: ['2026-11-04', '2026-11-11'] },
  ])('makes one creep flag of sessions and commits about the same work: $name', ({ repo, days }) => {
    const world = withSessions(
      session('p1', '2026-11-04', 'Prototype search ranking', 60),
      session('p2', '2026-11-18', 'Prototype search ranking', 60),
    );
    // With s3 on 11 Nov the sessions span three weeks; so do the commits.
    world.commitDays.push(...days.map((d) => commitDay(d, repo, 4)), commitDay('2026-11-18', repo, 4));
    const flags = flagsOf(world, 'creep');
    expect(flags.map((f) => f.severity)).toEqual(['warning']);
    expect(flags[0]?.text).toBe(
      `You have worked on “Prototype search ranking” in 3 of the last 4 weeks (4 h over 3 sessions, and 12 commits to ${repo} on 3 days): ` +
        'what began as helping out has become a task you own.',
    );
    expect(flags[0]?.evidence.filter((e) => e.kind === 'commit-day')).toHaveLength(3);
  });

  it('keeps creep in a repository apart from unrelated sessions', () => {
    const world = withSessions(
      session('p1', '2026-11-04', 'Prototype search ranking', 60),
      session('p2', '2026-11-18', 'Prototype search ranking', 60),
    );
    world.commitDays.push(commitDay('2026-11-17', 'api', 2));
    expect(flagsOf(world, 'creep').map((f) => f.severity)).toEqual(['warning', 'info']);
  });
});

describe('flag ids', () => {
  it('are the first 12 hex digits of the SHA-256 of the flag and its evidence ids', () => {
    const evidence: Evidence[] = [
      { kind: 'postponement', id: 'p1', date: '2026-11-24', label: 'one' },
      { kind: 'commitment', id: 'c1', date: '2026-11-24', label: 'two' },
      { kind: 'session', id: 's9', date: '2026-11-24', label: 'three' },
    ];
    expect(flagKey('escape', evidence)).toBe('escape:commitment:c1,postponement:p1,session:s9');
    expect(fingerprint('escape', evidence)).toBe('aed20da8b32f');
  });

  it.each([
    { name: 'a short id, as it is', stored: 'aed20da8b32f', id: 'aed20da8b32f' },
    { name: 'a short id typed in capitals', stored: 'AED20DA8B32F', id: 'aed20da8b32f' },
    {
      name: 'the long form earlier versions stored',
      stored: 'escape:commitment:c1,postponement:p1,session:s9',
      id: 'aed20da8b32f',
    },
  ])('read from a stored review: $name', ({ stored, id }) => {
    expect(storedFingerprint(stored)).toBe(id);
  });
});
