import { describe, expect, it } from 'vitest';
import { followThroughLine } from '../present/follow-through.js';
import type { CheckRecord, CheckResult, IcSession } from '../types.js';
import { followThrough, linkSuggestions } from './follow-through.js';

const TODAY = '2026-11-25';

function check(
  id: string,
  date: string,
  result: Omit<CheckResult, 'lines'>,
  title = `Task ${id}`,
): CheckRecord {
  return {
    id,
    at: `${date}T09:00:00.000Z`,
    date,
    input: {
      title,
      hours: 6,
      criticalPath: false,
      blocksOthers: false,
      grows: false,
      reasons: ['ground-truth'],
      answers: {},
    },
    result: { ...result, lines: [] },
  };
}

function session(
  id: string,
  date: string,
  minutes: number,
  checkId?: string,
  title = 'Some work',
): IcSession {
  return {
    id,
    date,
    minutes,
    title,
    reasons: ['ground-truth'],
    gaps: [],
    ...(checkId !== undefined ? { checkId } : {}),
    createdAt: `${date}T10:00:00.000Z`,
    updatedAt: `${date}T10:00:00.000Z`,
    version: 1,
  };
}

/** The one check's follow-through as of today. */
function one(c: CheckRecord, sessions: IcSession[]) {
  const [f] = followThrough([c], sessions, TODAY);
  return f!;
}

describe('followThrough', () => {
  it('says a check taken as advised, with the hours linked to it', () => {
    const f = one(check('c1', '2026-11-20', { verdict: 'take' }), [
      session('s1', '2026-11-20', 120, 'c1'),
      session('s2', '2026-11-23', 90, 'c1'),
      session('s3', '2026-11-23', 600),
    ]);
    expect(f).toMatchObject({
      outcome: 'taken',
      minutes: 210,
      sessionIds: ['s1', 's2'],
      adviceIgnored: false,
    });
    expect(f.text).toBe('taken as advised, 3.5 h');
  });

  it('compares a time-boxed check with its time-box, within and over', () => {
    const c = check('c1', '2026-11-20', { verdict: 'time-box', hours: 6 });
    const within = one(c, [session('s1', '2026-11-21', 300, 'c1')]);
    expect(within).toMatchObject({ outcome: 'within-time-box', timeBoxHours: 6, adviceIgnored: false });
    expect(within.text).toBe('time-boxed: 5 h of 6 h');
    const over = one(c, [session('s1', '2026-11-21', 300, 'c1'), session('s2', '2026-11-22', 240, 'c1')]);
    expect(over).toMatchObject({ outcome: 'over-time-box', adviceIgnored: true });
    expect(over.text).toBe('over the time-box: 9 h of 6 h');
  });

  it('says a delegated check with nothing logged since was delegated', () => {
    const f = one(check('c1', '2026-11-18', { verdict: 'delegate', to: 'Priya', level: 'consult' }), []);
    expect(f).toMatchObject({ outcome: 'delegated', daysSince: 7, adviceIgnored: false });
    expect(f.text).toBe('delegated to Priya (no hours logged since)');
  });

  it('says when advice to delegate was not taken, with the hours', () => {
    const c = check(
      'c1',
      '2026-11-16',
      { verdict: 'delegate', to: 'Priya', level: 'consult' },
      'Rewrite billing',
    );
    const f = one(c, [session('s1', '2026-11-17', 16 * 60, 'c1'), session('s2', '2026-11-24', 8 * 60, 'c1')]);
    expect(f).toMatchObject({ outcome: 'done-anyway', minutes: 24 * 60, adviceIgnored: true });
    expect(f.text).toBe('advised to delegate to Priya — done anyway, 24 h');
    expect(followThroughLine(f)).toBe(
      '2026-11-16 “Rewrite billing” — delegate to Priya: advised to delegate to Priya — done anyway, 24 h',
    );
  });

  it('says a pause was kept, or that the work was done anyway', () => {
    const c = check('c1', '2026-11-20', { verdict: 'pause-and-reflect' });
    expect(one(c, []).text).toBe('paused (no hours logged since)');
    const done = one(c, [session('s1', '2026-11-21', 150, 'c1')]);
    expect(done).toMatchObject({ outcome: 'done-anyway', adviceIgnored: true });
    expect(done.text).toBe('paused — then done anyway, 2.5 h');
  });

  it('says pairing advice with the hours worked, without claiming a pairing nobody saw', () => {
    const f = one(check('c1', '2026-11-20', { verdict: 'pair', to: 'Dana' }), [
      session('s1', '2026-11-20', 45, 'c1'),
    ]);
    expect(f).toMatchObject({ outcome: 'taken', adviceIgnored: false });
    expect(f.text).toBe('worked on it, 45 min (advised to pair with Dana)');
  });

  it('says nothing yet for a check from today, and not known for an older one', () => {
    const today = one(check('c1', TODAY, { verdict: 'delegate', to: 'Priya' }), []);
    expect(today).toMatchObject({ outcome: 'nothing-yet', daysSince: 0 });
    expect(today.text).toBe('nothing logged yet');
    const older = one(check('c2', '2026-11-22', { verdict: 'take' }), []);
    expect(older).toMatchObject({ outcome: 'not-known', daysSince: 3, minutes: 0 });
    expect(older.text).toBe('nothing logged on it in the 3 days since — not known whether it was done');
    expect(one(check('c3', '2026-11-24', { verdict: 'take' }), []).text).toBe(
      'nothing logged on it in the day since — not known whether it was done',
    );
  });

  it('leaves out sessions dated after today', () => {
    const f = one(check('c1', '2026-11-20', { verdict: 'delegate' }), [
      session('s1', '2026-11-26', 60, 'c1'),
    ]);
    expect(f).toMatchObject({ outcome: 'delegated', minutes: 0 });
    expect(f.text).toBe('delegated (no hours logged since)');
  });
});

describe('linkSuggestions', () => {
  const c1 = check('c1', '2026-11-18', { verdict: 'delegate', to: 'Priya' }, 'Fix the flaky deploy!');
  const c2 = check('c2', '2026-11-22', { verdict: 'take' }, 'fix the flaky deploy');

  it('proposes unlinked sessions with the same title words, on or after the check', () => {
    const suggestions = linkSuggestions(
      [c1, c2],
      [
        session('before', '2026-11-17', 60, undefined, 'Fix the flaky deploy'),
        session('after1', '2026-11-19', 60, undefined, 'the flaky deploy: fix'),
        session('after2', '2026-11-23', 90, undefined, 'Fix the flaky deploy'),
        session('linked', '2026-11-23', 90, 'c1', 'Fix the flaky deploy'),
        session('other', '2026-11-23', 90, undefined, 'Fix the deploy'),
      ],
    );
    expect(suggestions.map((s) => [s.sessionId, s.checkId])).toEqual([
      ['after1', 'c1'],
      // The latest check before the session: the advice fresh when the work was done.
      ['after2', 'c2'],
    ]);
    expect(suggestions[0]).toMatchObject({ minutes: 60, version: 1, checkTitle: 'Fix the flaky deploy!' });
  });
});
