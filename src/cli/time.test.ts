import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEADER_WEEK_ICS } from '../test-support/calendar.js';
import { cli, initAna, tempDataDir } from './test-support/run.js';

/**
 * The stories that showed the time model lying, told through the CLI as a leader meets them:
 * Ana, an engineering manager with 7 reports in Berlin, with a normal calendar (see
 * LEADER_WEEK_ICS), in the week of Monday 23 November 2026.
 */

interface Time {
  ic: { logged: number; inferred: number; planned: number | null; done: number };
  leadership: number | null;
  focus: number | null;
  fragmented: number | null;
  coverage: { days: number; calendarDays: number };
  days: { date: string; calendar: boolean; focus: number | null; ic: Time['ic'] }[];
}

function ana(now: string, options: { calendar?: boolean } = {}) {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: now, NO_COLOR: '1' };
  const run = (args: string[]) => cli(args, { env });
  const json = async <T>(args: string[]): Promise<T> => {
    const r = await run([...args, '--json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as T;
  };
  const setup = async () => {
    // Set up on Monday 2 November, three weeks before the week looked at.
    const init = cli(initAna(), { env: { ...env, HANDSON_NOW: '2026-11-02T08:00:00Z' } });
    expect((await init).code).toBe(0);
    if (options.calendar !== false) {
      const file = join(data, 'work.ics');
      writeFileSync(file, LEADER_WEEK_ICS);
      expect((await run(['import', 'ics', file])).code).toBe(0);
    }
  };
  return { run, json, setup };
}

describe('the time model as a leader meets it in the CLI', () => {
  it('on Monday at 08:00 nothing is done yet: the week’s focus blocks are planned, and the check knows it', async () => {
    const { run, json, setup } = ana('2026-11-23T07:00:00Z');
    await setup();
    const week = await json<{ time: Time; ic: { budgetUsedPct: number } }>(['week']);
    expect(week.time.ic).toEqual({ logged: 0, inferred: 0, planned: 360, done: 0 });
    expect(week.ic.budgetUsedPct).toBe(0);
    const human = (await run(['week'])).stdout;
    expect(human).toContain('0 h done · 6 h planned');
    // A one-hour pairing is not over a budget that nothing has used yet.
    const check = await json<{ verdict: string; lines: { rule: string }[] }>([
      'check',
      '--title',
      'Pair with Mei on the flaky test',
      '--hours',
      '1',
      '--reason',
      'empathy',
    ]);
    expect(check.lines.map((l) => l.rule)).not.toContain('budget');
    expect(check.verdict).not.toBe('delegate');
  });

  it('on Thursday at 17:00 the passed focus blocks are done, and logging an hour does not lower it', async () => {
    const { run, json, setup } = ana('2026-11-26T16:00:00Z');
    await setup();
    const before = await json<{ time: Time }>(['review']);
    expect(before.time.ic).toEqual({ logged: 0, inferred: 360, planned: 0, done: 360 });
    const logged = await run(['log', '--title', 'Pair with Mei', '--minutes', '60', '--reason', 'empathy']);
    expect(logged.code).toBe(0);
    const after = await json<{ time: Time }>(['review']);
    expect(after.time.ic).toEqual({ logged: 60, inferred: 300, planned: 0, done: 360 });
    const thursday = (t: Time) => t.days.find((d) => d.date === '2026-11-26')!.ic.done;
    expect(thursday(after.time)).toBeGreaterThanOrEqual(thursday(before.time));
  });

  it('busy time is busy: the dentist day keeps no long block, the offsite day no focus at all', async () => {
    const { json, setup } = ana('2026-11-29T20:00:00Z');
    await setup();
    const review = await json<{
      week: {
        days: {
          date: string;
          longestBlockMinutes: number;
          focusMinutes: number;
          fragmentedMinutes: number;
        }[];
      };
    }>(['review', '--week', '2026-11-23']);
    const day = (date: string) => review.week.days.find((d) => d.date === date)!;
    // Wednesday: lunch 12–13 and the dentist 15–16:30 split 09–18 into 3 h, 2 h and 1.5 h.
    expect(day('2026-11-25')).toMatchObject({
      longestBlockMinutes: 180,
      focusMinutes: 300,
      fragmentedMinutes: 90,
    });
    // Friday: the all-day offsite takes the whole working day.
    expect(day('2026-11-27')).toMatchObject({
      longestBlockMinutes: 0,
      focusMinutes: 0,
      fragmentedMinutes: 0,
    });
  });

  it('a new user with no calendar sees "no calendar", not 45 h of focus, and no comparison with before', async () => {
    const { run, json, setup } = ana('2026-11-25T10:00:00Z', { calendar: false });
    await setup();
    const week = await json<{ time: Time }>(['week']);
    expect(week.time).toMatchObject({ focus: null, fragmented: null, leadership: null });
    expect(week.time.coverage).toEqual({ days: 7, calendarDays: 0 });
    const human = (await run(['week'])).stdout;
    expect(human).toContain('Focus         no calendar');
    expect(human).not.toMatch(/45 h/);
    const report = await json<{
      report: { metrics: { id: string; value: number | null }[]; previous: { evidence: boolean } };
    }>(['report', '--from', '2026-11-02', '--to', '2026-11-22', '--format', 'json']);
    expect(report.report.metrics.find((m) => m.id === 'focus')!.value).toBeNull();
    // Set up on 2 November: the three weeks before it are before Ana's history.
    expect(report.report.previous.evidence).toBe(false);
    const term = (await run(['report', '--from', '2026-11-02', '--to', '2026-11-22'])).stdout;
    expect(term).toContain('nothing to compare with');
    expect(term).not.toMatch(/Focus[^\n]*↓/);
  });

  it('week --date shows a past week as it stood: commitments added later are not in it', async () => {
    const { run, json, setup } = ana('2026-11-25T10:00:00Z');
    await setup();
    await run([
      'commitments',
      'add',
      '--kind',
      'decision',
      '--title',
      'Pick the on-call tool',
      '--due',
      '2026-11-27',
    ]);
    const past = await json<{ commitments: { open: number }; time: Time }>(['week', '--date', '2026-11-11']);
    expect(past.commitments.open).toBe(0);
    expect(past.time.ic.planned).toBe(0);
    const now = await json<{ commitments: { open: number } }>(['week']);
    expect(now.commitments.open).toBe(1);
  });
});
