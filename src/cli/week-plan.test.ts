import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WeekPlan } from '../domain/week/plan.js';
import { icsOf, LEADER_WEEK_ICS, oneOnOne } from '../test-support/calendar.js';
import { cli, initAna, tempDataDir } from './test-support/run.js';

/**
 * `handson week` lays the week out by day, planned against done: Ana (Berlin, see LEADER_WEEK_ICS)
 * on Wednesday 25 November 2026 at 15:00, with a 1:1 with Priya still ahead on Thursday.
 */

interface Week {
  time: {
    ic: { done: number; planned: number | null };
    leadership: number | null;
    days: { date: string; ic: { done: number }; leadership: number | null }[];
  };
  plan: WeekPlan;
}

async function ana(now: string, calendar = true) {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: now, NO_COLOR: '1' };
  const init = await cli(initAna(), { env: { ...env, HANDSON_NOW: '2026-11-02T08:00:00Z' } });
  expect(init.code).toBe(0);
  if (calendar) {
    for (const [name, ics] of [
      ['work.ics', LEADER_WEEK_ICS],
      ['priya.ics', icsOf(oneOnOne('2026-11-26'))],
    ] as const) {
      writeFileSync(join(data, name), ics);
      expect((await cli(['import', 'ics', join(data, name)], { env })).code).toBe(0);
    }
  }
  return (args: string[]) => cli(args, { env });
}

describe('handson week: this week, planned vs happened', () => {
  it('shows each day planned / done, with what is ahead planned only, and --json equal to the week’s time', async () => {
    const run = await ana('2026-11-25T14:00:00Z');
    const json = await run(['week', '--json']);
    expect(json.stderr).toBe('');
    const week = JSON.parse(json.stdout) as Week;
    const day = (date: string) => week.plan.days.find((d) => d.date === date)!;

    // Tuesday's focus block has passed: done, nothing ahead. Thursday's is ahead: planned, not done.
    expect(day('2026-11-24')).toMatchObject({ when: 'past', ic: { planned: 0, done: 180 } });
    expect(day('2026-11-25').when).toBe('today');
    expect(day('2026-11-26')).toMatchObject({
      when: 'ahead',
      ic: { planned: 180, done: 0 },
      leadership: { planned: 30, done: 0 },
    });
    // Monday's 1:1 and staff meeting happened: leadership done.
    expect(day('2026-11-23').leadership).toEqual({ planned: 0, done: 90 });

    // The one computation: the plan's done is the week's done, as the dashboard shows it.
    expect(week.plan.total.ic.done).toBe(week.time.ic.done);
    expect(week.plan.total.ic.planned).toBe(week.time.ic.planned);
    expect(week.plan.total.leadership.done).toBe(week.time.leadership);
    expect(week.plan.days.map((d) => [d.date, d.ic.done, d.leadership.done])).toEqual(
      week.time.days.map((d) => [d.date, d.ic.done, d.leadership]),
    );

    const human = (await run(['week'])).stdout;
    expect(human).toContain('This week: planned vs happened');
    expect(human).toMatch(/IC planned \/ done\s+Leadership planned \/ done/);
    expect(human).toMatch(/Tue 24 Nov\s+– \/ 3 h\s+– \/ 30 min/);
    expect(human).toMatch(/Wed 25 Nov \(today\)/);
    expect(human).toMatch(/Thu 26 Nov\s+3 h \/ 0 h\s+30 min \/ 0 h/);
    expect(human).toMatch(/Week\s+3 h \/ 3 h\s+30 min \/ 2 h/);
  });

  it('says "no calendar" for the planned time of days no calendar covers, never 0', async () => {
    const run = await ana('2026-11-25T14:00:00Z', false);
    const log = await run([
      'log',
      '--title',
      'Pricing page copy',
      '--minutes',
      '45',
      '--reason',
      'learn-the-function',
      '--date',
      '2026-11-24',
    ]);
    expect(log.stderr).toBe('');
    const week = JSON.parse((await run(['week', '--json'])).stdout) as Week;
    for (const d of week.plan.days) {
      expect(d.calendar).toBe(false);
      expect(d.ic.planned).toBeNull();
      expect(d.leadership).toEqual({ planned: null, done: null });
    }
    expect(week.plan.days.find((d) => d.date === '2026-11-24')!.ic.done).toBe(45);
    const human = (await run(['week'])).stdout;
    expect(human).toMatch(/Tue 24 Nov\s+no calendar \/ 45 min\s+no calendar/);
    expect(human).not.toMatch(/Thu 26 Nov\s+0 h/);
  });
});
