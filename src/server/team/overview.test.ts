import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const WEEK = '2026-11-23';

describe.runIf(PG_URL)('the organisation’s overview', () => {
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let admin: Member;
  const people: Member[] = [];
  /** Each person's IC minutes, logged on the Tuesday of WEEK. */
  const minutes = [60, 240, 90, 600, 150, 1400];

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC);
    admin = await team.firstAdmin('Initech', 'bill@initech.example', 'Bill');
    for (const [i, m] of minutes.entries()) {
      const p = await team.invite(admin, `p${i}@initech.example`, `Person ${i}`);
      const init = await team.post(p, '/api/profile/init', {
        name: `Person ${i}`,
        role: 'engineering-manager',
        reports: 5,
        tz: 'UTC',
        emails: [`p${i}@initech.example`],
      });
      expect(init.status, init.text).toBe(200);
      const logged = await team.post(p, '/api/journal/log', {
        title: 'Fix the build',
        minutes: m,
        reasons: ['ground-truth'],
        date: '2026-11-24',
      });
      expect(logged.status, logged.text).toBe(200);
      people.push(p);
    }
  }, 120_000);
  afterAll(async () => {
    await team?.close();
  });

  const overview = async (as: Member) => {
    const a = await team.request(team.app, 'GET', `/api/org/overview?week=${WEEK}`, as);
    expect(a.status, a.text).toBe(200);
    return a.data;
  };
  const countMe = (p: Member, on: boolean) => team.post(p, '/api/org/overview/me', { countMe: on });
  /** A person's IC done that week, from their own weekly review. */
  const icDone = async (p: Member) =>
    (await team.request(team.app, 'GET', `/api/insight/weeklyReview?week=${WEEK}`, p)).data.time.ic
      .done as number;

  it('counts no one until they choose to be counted, and shows nothing made from fewer than five', async () => {
    expect((await overview(admin)).counted).toBe(0);
    expect((await team.request(team.app, 'GET', '/api/org/overview/me', people[0]!)).data).toEqual({
      countMe: false,
    });
    for (const p of people.slice(0, 4)) expect((await countMe(p, true)).status).toBe(200);
    const four = await overview(people[5]!);
    expect(four.counted).toBe(4);
    expect(four.icHoursDone).toEqual({
      value: null,
      counted: 4,
      reason: 'Shown once at least 5 people are counted; 4 are so far.',
    });
    expect(four.overBudget.value).toBeNull();
    // Nothing of any one person's week is in the answer.
    expect(JSON.stringify(four)).not.toMatch(/"(60|240|90|600)"|\b1\.5\b|\b10\b/);
  });

  it('from the fifth person on, gives the median of their own weekly reviews’ numbers', async () => {
    await countMe(people[4]!, true);
    const five = await overview(admin);
    expect(five.counted).toBe(5);
    expect(five.week).toEqual({ start: WEEK, end: '2026-11-29' });
    const done = (await Promise.all(people.slice(0, 5).map(icDone))).sort((a, b) => a - b);
    expect(done).toEqual([60, 90, 150, 240, 600]);
    // The sixth, who did not choose to be counted, logged 1400 minutes: not in the median.
    expect(five.icHoursDone).toEqual({ value: done[2]! / 60, counted: 5 });
    const budget = (await team.request(team.app, 'GET', `/api/insight/weeklyReview?week=${WEEK}`, people[0]!))
      .data.week.budgetMinutes as number;
    expect(five.overBudget).toEqual({ value: done.filter((d) => d > budget).length, counted: 5 });
    expect(five.budgetUsedPercent).toEqual({ value: Math.round((100 * done[2]!) / budget), counted: 5 });
    // No calendar was imported: leadership time is not known, not zero.
    expect(five.leadershipHours.value).toBeNull();
    expect(five.leadershipHours.counted).toBe(0);
    // Every member sees the same overview as an admin.
    expect(await overview(people[5]!)).toEqual(five);
  });

  it('stops counting someone who says so, or whose account is disabled', async () => {
    await countMe(people[0]!, false);
    expect((await overview(admin)).counted).toBe(4);
    await countMe(people[0]!, true);
    expect((await overview(admin)).counted).toBe(5);
    expect((await team.post(admin, '/api/org/disable', { accountId: people[1]!.accountId })).status).toBe(
      200,
    );
    const after = await overview(admin);
    expect(after.counted).toBe(4);
    expect(after.icHoursDone.value).toBeNull();
  });
});
