import { describe, expect, it } from 'vitest';
import { BUILTIN_REASONS } from '../reasons/reasons.js';
import { CheckInputSchema } from '../records.js';
import type { CheckRecord, CheckResult, IcSession } from '../types.js';
import { unbackedClaims } from './flags/test-support/backed.js';
import { computeFlags } from './flags.js';
import { DEFAULT_FLAG_CONFIG, type InsightInput } from './insight-types.js';

/** A Thursday; with no week models the flag window is this week and the three before it. */
const TODAY = '2026-11-26';

function check(id: string, date: string, title: string, result: Omit<CheckResult, 'lines'>): CheckRecord {
  return {
    id,
    at: `${date}T08:30:00.000Z`,
    date,
    input: CheckInputSchema.parse({ title, hours: 6, reasons: ['ground-truth'] }),
    result: { ...result, lines: [] },
  };
}

function session(id: string, date: string, minutes: number, checkId?: string): IcSession {
  return {
    id,
    date,
    startedAt: `${date}T08:00:00.000Z`,
    minutes,
    title: `Work ${id}`,
    reasons: ['ground-truth'],
    gaps: [],
    ...(checkId !== undefined ? { checkId } : {}),
    createdAt: `${date}T17:00:00.000Z`,
    updatedAt: `${date}T17:00:00.000Z`,
  };
}

function input(checks: CheckRecord[], sessions: IcSession[]): InsightInput {
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
    reports: ['Priya'],
    reviewDates: [],
    weeks: [],
    sessions,
    commitments: [],
    events: [],
    commitDays: [],
    trackerItems: [],
    checks,
    actions: [],
    reasons: BUILTIN_REASONS,
    config: DEFAULT_FLAG_CONFIG,
  };
}

function adviceFlags(data: InsightInput) {
  const flags = computeFlags(data).filter((f) => f.id === 'advice-ignored');
  for (const f of flags) expect(unbackedClaims(f, data), f.text).toEqual([]);
  return flags;
}

const DELEGATE = check('k1', '2026-11-10', 'Rewrite billing', {
  verdict: 'delegate',
  to: 'Priya',
  level: 'consult',
});
const BOX = check('k2', '2026-11-18', 'Tune the alerts', { verdict: 'time-box', hours: 6 });
const PAUSE = check('k3', '2026-11-19', 'Redo the roadmap deck', { verdict: 'pause-and-reflect' });

describe('the advice-ignored flag', () => {
  it('raises when two checks advised handing over or a time-box and the work went ahead past it', () => {
    const data = input(
      [DELEGATE, BOX, PAUSE],
      [
        session('s1', '2026-11-11', 16 * 60, 'k1'),
        session('s2', '2026-11-12', 8 * 60, 'k1'),
        session('s3', '2026-11-19', 9 * 60, 'k2'),
        // Paused, and nothing linked since: advice kept.
        session('s4', '2026-11-20', 60),
      ],
    );
    const [flag, ...more] = adviceFlags(data);
    expect(more).toEqual([]);
    expect(flag).toMatchObject({ severity: 'warning' });
    expect(flag!.text).toBe(
      'In the last 4 weeks you went past your check’s advice twice: ' +
        '“Rewrite billing” (advised to delegate to Priya — done anyway, 24 h) and ' +
        '“Tune the alerts” (over the time-box: 9 h of 6 h).',
    );
    expect(flag!.evidence.map((e) => `${e.kind}:${e.id}`).sort()).toEqual(
      ['check:k1', 'check:k2', 'session:s1', 'session:s2', 'session:s3'].sort(),
    );
  });

  it('stays quiet for one overruled check, advice kept, work within a time-box, or checks before the window', () => {
    const old = check('k0', '2026-10-20', 'Old thing', { verdict: 'delegate' });
    const data = input(
      [old, DELEGATE, BOX, PAUSE],
      [
        session('s0', '2026-10-21', 120, 'k0'),
        session('s1', '2026-11-11', 16 * 60, 'k1'),
        session('s3', '2026-11-19', 5 * 60, 'k2'),
      ],
    );
    expect(adviceFlags(data)).toEqual([]);
    // Work dated after today does not count yet.
    expect(
      adviceFlags(
        input(
          [DELEGATE, PAUSE],
          [session('s1', '2026-11-11', 60, 'k1'), session('s5', '2026-11-27', 60, 'k3')],
        ),
      ),
    ).toEqual([]);
  });
});
