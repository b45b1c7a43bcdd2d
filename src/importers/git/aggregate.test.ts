import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type AggregateOptions, aggregateCommits, type CommitLike, GitAggregator } from './aggregate.js';

function c(authoredAt: string, repo = '/code/api', added = 1, removed = 0, merge = false): CommitLike {
  return { repo, authoredAt, added, removed, merge };
}

const berlin: AggregateOptions = { tz: 'Europe/Berlin' };

describe('days', () => {
  it('totals commits per local day and repository', () => {
    const { days } = aggregateCommits(
      [
        c('2026-11-24T16:00:00.000Z', '/code/web', 5, 2),
        c('2026-11-24T08:00:00.000Z', '/code/api', 10, 1),
        c('2026-11-24T22:30:00.000Z', '/code/api', 3, 3), // 23:30 in Berlin: still the 24th
        c('2026-11-24T23:30:00.000Z', '/code/api', 1, 0), // 00:30 on the 25th in Berlin
        c('2026-11-24T12:00:00.000Z', '/code/api', 2, 0),
      ],
      berlin,
    );
    expect(days).toEqual([
      {
        date: '2026-11-24',
        repo: '/code/api',
        commits: 3,
        added: 15,
        removed: 4,
        first: '2026-11-24T08:00:00.000Z',
        last: '2026-11-24T22:30:00.000Z',
      },
      {
        date: '2026-11-24',
        repo: '/code/web',
        commits: 1,
        added: 5,
        removed: 2,
        first: '2026-11-24T16:00:00.000Z',
        last: '2026-11-24T16:00:00.000Z',
      },
      {
        date: '2026-11-25',
        repo: '/code/api',
        commits: 1,
        added: 1,
        removed: 0,
        first: '2026-11-24T23:30:00.000Z',
        last: '2026-11-24T23:30:00.000Z',
      },
    ]);
  });

  // Berlin moves to summer time at 01:00 UTC on 2026-03-29 (a 23-hour day) and back at 01:00 UTC
  // on 2026-10-25 (a 25-hour day).
  it.each([
    ['Europe/Berlin', '2026-03-28T22:59:59.000Z', '2026-03-28'],
    ['Europe/Berlin', '2026-03-28T23:00:00.000Z', '2026-03-29'],
    ['Europe/Berlin', '2026-03-29T21:59:59.000Z', '2026-03-29'],
    ['Europe/Berlin', '2026-03-29T22:00:00.000Z', '2026-03-30'],
    ['Europe/Berlin', '2026-10-24T21:59:59.000Z', '2026-10-24'],
    ['Europe/Berlin', '2026-10-24T22:00:00.000Z', '2026-10-25'],
    ['Europe/Berlin', '2026-10-25T22:59:59.000Z', '2026-10-25'],
    ['Europe/Berlin', '2026-10-25T23:00:00.000Z', '2026-10-26'],
    ['America/New_York', '2026-03-08T04:59:59.000Z', '2026-03-07'],
    ['America/New_York', '2026-03-08T05:00:00.000Z', '2026-03-08'],
    ['America/New_York', '2026-03-09T03:59:59.000Z', '2026-03-08'],
    ['America/New_York', '2026-03-09T04:00:00.000Z', '2026-03-09'],
    ['Asia/Kathmandu', '2026-11-24T18:14:59.000Z', '2026-11-24'],
    ['Asia/Kathmandu', '2026-11-24T18:15:00.000Z', '2026-11-25'],
    // Santiago changes clocks at local midnight: 6 September 2026 begins at 01:00, and on
    // 5 April 2026 the hour after midnight is lived again as 23:xx of the 4th.
    ['America/Santiago', '2026-09-06T03:59:59.000Z', '2026-09-05'],
    ['America/Santiago', '2026-09-06T04:00:00.000Z', '2026-09-06'],
    ['America/Santiago', '2026-04-05T02:59:59.000Z', '2026-04-04'],
    ['America/Santiago', '2026-04-05T03:30:00.000Z', '2026-04-04'],
    ['America/Santiago', '2026-04-05T04:00:00.000Z', '2026-04-05'],
    // Samoa skipped 30 December 2011 altogether.
    ['Pacific/Apia', '2011-12-30T09:59:59.000Z', '2011-12-29'],
    ['Pacific/Apia', '2011-12-30T10:00:00.000Z', '2011-12-31'],
    ['UTC', '2026-11-24T23:59:59.999Z', '2026-11-24'],
  ])('in %s, %s falls on %s', (tz, instant, date) => {
    // Neighbours first, so the remembered day bounds are what decides; each one is checked too.
    const agg = new GitAggregator({ tz });
    const t = Date.parse(instant);
    const steps = [-86_400_000, -3_600_000, -1000, 1000, 3_600_000, 86_400_000, 0];
    for (const d of steps) agg.add(c(new Date(t + d).toISOString(), String(d)));
    const got = new Map(agg.dayTotals().map((d) => [d.repo, d.date]));
    expect(got.get('0')).toBe(date);
    for (const d of steps)
      expect(got.get(String(d)), String(d)).toBe(DateTime.fromMillis(t + d, { zone: tz }).toISODate());
  });

  it('agrees with luxon on the local day of any instant, in any order', () => {
    // Dense steps through a year with every kind of DST change, then a seeded walk with steps from
    // seconds to weeks, so cached day bounds are reused across DST changes and thrown away again.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (const tz of [
      'Europe/Berlin',
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Apia',
    ]) {
      const agg = new GitAggregator({ tz });
      let t = 0;
      const expected = new Map<string, number>();
      const dense = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 17_000; i++) {
        // Every 37 minutes through 2026, then a random walk on to 2040.
        t = i < 14_300 ? dense + i * 37 * 60_000 : t + Math.floor(random() ** 4 * 14 * 86_400_000);
        const at = random() < 0.1 ? t - Math.floor(random() * 5 * 86_400_000) : t;
        const date = DateTime.fromMillis(at, { zone: tz }).toISODate()!;
        expected.set(date, (expected.get(date) ?? 0) + 1);
        agg.add(c(new Date(at).toISOString()));
      }
      const got = new Map(agg.dayTotals().map((d) => [d.date, d.commits]));
      expect(got, tz).toEqual(expected);
    }
  });

  it('spreads a DST day’s commits over the right days in any order', () => {
    const times = [
      '2026-10-25T23:30:00.000Z',
      '2026-10-24T21:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T22:30:00.000Z',
    ];
    const { days } = aggregateCommits(
      times.map((t) => c(t)),
      berlin,
    );
    expect(days.map((d) => [d.date, d.commits])).toEqual([
      ['2026-10-24', 1],
      ['2026-10-25', 3],
      ['2026-10-26', 1],
    ]);
  });
});

describe('sessions', () => {
  it('starts a session 30 minutes before its first commit and ends it at the last', () => {
    const { sessions } = aggregateCommits(
      [c('2026-11-24T10:00:00.000Z'), c('2026-11-24T09:00:00.000Z'), c('2026-11-24T11:30:00.000Z')],
      berlin,
    );
    expect(sessions).toEqual([
      {
        date: '2026-11-24',
        start: '2026-11-24T08:30:00.000Z',
        end: '2026-11-24T11:30:00.000Z',
        minutes: 180,
        commits: 3,
        repos: ['/code/api'],
      },
    ]);
  });

  it.each([
    ['exactly two hours apart: one session', '2026-11-24T11:00:00.000Z', 1],
    ['one minute more than two hours: two sessions', '2026-11-24T11:01:00.000Z', 2],
  ])('%s', (_, second, count) => {
    const { sessions } = aggregateCommits([c('2026-11-24T09:00:00.000Z'), c(second)], berlin);
    expect(sessions).toHaveLength(count);
  });

  it('gives a lone commit a session as long as the lead time', () => {
    const { sessions } = aggregateCommits([c('2026-11-24T09:00:00.000Z')], berlin);
    expect(sessions).toMatchObject([{ start: '2026-11-24T08:30:00.000Z', minutes: 30, commits: 1 }]);
  });

  it('counts time once across repositories', () => {
    const { sessions } = aggregateCommits(
      [c('2026-11-24T09:00:00.000Z', '/code/web'), c('2026-11-24T09:20:00.000Z', '/code/api')],
      berlin,
    );
    expect(sessions).toMatchObject([{ minutes: 50, commits: 2, repos: ['/code/api', '/code/web'] }]);
  });

  it('takes the gap and the lead time from the options', () => {
    const commits = [c('2026-11-24T09:00:00.000Z'), c('2026-11-24T10:00:00.000Z')];
    expect(aggregateCommits(commits, { ...berlin, gapMinutes: 45, leadMinutes: 15 }).sessions).toMatchObject([
      { start: '2026-11-24T08:45:00.000Z', end: '2026-11-24T09:00:00.000Z', minutes: 15 },
      { start: '2026-11-24T09:45:00.000Z', end: '2026-11-24T10:00:00.000Z', minutes: 15 },
    ]);
    expect(aggregateCommits(commits, { ...berlin, leadMinutes: 0 }).sessions).toMatchObject([
      { minutes: 60 },
    ]);
  });

  it('never lets a long lead time reach back into the previous session', () => {
    const { sessions } = aggregateCommits([c('2026-11-24T09:00:00.000Z'), c('2026-11-24T10:00:00.000Z')], {
      ...berlin,
      gapMinutes: 30,
      leadMinutes: 90,
    });
    expect(sessions).toMatchObject([
      { start: '2026-11-24T07:30:00.000Z', end: '2026-11-24T09:00:00.000Z', minutes: 90 },
      { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T10:00:00.000Z', minutes: 60 },
    ]);
  });

  it('dates a session by the local day it began, across midnight and a DST change', () => {
    // 00:10 on 29 March in Berlin (still winter time): the lead time starts it on the 28th.
    const { sessions } = aggregateCommits(
      [c('2026-03-28T23:10:00.000Z'), c('2026-03-29T00:50:00.000Z'), c('2026-03-29T01:20:00.000Z')],
      berlin,
    );
    expect(sessions).toMatchObject([
      {
        date: '2026-03-28',
        start: '2026-03-28T22:40:00.000Z',
        end: '2026-03-29T01:20:00.000Z',
        minutes: 160,
      },
    ]);
  });

  it('counts merges in the day but not as sessions, unless asked', () => {
    const commits = [c('2026-11-24T09:00:00.000Z'), c('2026-11-24T17:00:00.000Z', '/code/api', 0, 0, true)];
    const without = aggregateCommits(commits, berlin);
    expect(without.sessions).toHaveLength(1);
    expect(without.days).toMatchObject([{ commits: 2, last: '2026-11-24T17:00:00.000Z' }]);
    const withMerges = aggregateCommits(commits, { ...berlin, mergesInSessions: true });
    expect(withMerges.sessions).toHaveLength(2);
  });

  it('has nothing to say about no commits', () => {
    expect(aggregateCommits([], berlin)).toEqual({ days: [], sessions: [] });
  });
});

describe('options', () => {
  it.each([
    [{ tz: 'Mars/Olympus' }, /"Mars\/Olympus" is not a time zone/],
    [{ tz: 'UTC', gapMinutes: 0 }, /gap must be a positive/],
    [{ tz: 'UTC', leadMinutes: -5 }, /lead time must be zero or more/],
    [{ tz: 'UTC', gapMinutes: Number.NaN }, /gap must be a positive/],
  ])('refuses %j', (options, message) => {
    expect(() => new GitAggregator(options)).toThrow(message);
  });

  it('refuses a commit time that is not a moment', () => {
    expect(() => aggregateCommits([c('yesterday')], berlin)).toThrow(/"yesterday" is not a moment/);
  });
});
