import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const NOW = new Date('2026-11-26T10:00:30Z');

/**
 * What a request costs in round trips to PostgreSQL — the organisation's server's limit under load
 * (decisions 0032, 0033). Counted at node-pg's `Client.query`, in this test's process only.
 */
describe.runIf(PG_URL)('round trips to PostgreSQL per request', () => {
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let leader: Member;
  let coach: Member;
  let shareId: string;
  const sent: string[] = [];
  let counting = false;
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC, () => NOW);
    const admin = await team.firstAdmin('Initech', 'bill@initech.example', 'Bill');
    leader = await team.invite(admin, 'lee@initech.example', 'Lee');
    coach = await team.invite(admin, 'cora@initech.example', 'Cora');
    await team.post(leader, '/api/profile/init', {
      name: 'Lee',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['lee@initech.example'],
    });
    for (const date of ['2026-11-17', '2026-11-18', '2026-11-24']) {
      await team.post(leader, '/api/journal/log', {
        title: 'Fix CI',
        date,
        minutes: 90,
        reasons: ['escape'],
      });
    }
    const coaching = await team.post(leader, '/api/coaching/invite', { email: 'cora@initech.example' });
    await team.post(coach, '/api/coaching/accept', { id: coaching.data.id });
    const share = await team.post(leader, '/api/shares/add', {
      coachingId: coaching.data.id,
      item: { kind: 'review', week: '2026-11-16' },
    });
    expect(share.status, share.text).toBe(200);
    shareId = share.data.id;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) {
        const q = args[0] as string | { text: string };
        sent.push(typeof q === 'string' ? q : q.text);
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterEach(() => {
    counting = false;
    sent.length = 0;
  });
  afterAll(async () => {
    pg.Client.prototype.query = query;
    await team?.close();
  });

  async function count(send: () => Promise<{ status: number; text: string }>): Promise<number> {
    sent.length = 0;
    counting = true;
    const answer = await send();
    counting = false;
    expect(answer.status, answer.text).toBe(200);
    return sent.length;
  }

  it('answers a warm dashboard request with one: the session, the naming and the data version together', async () => {
    const dashboard = [
      () => team.post(leader, '/api/week/summary', {}),
      () => team.post(leader, '/api/insight/report', { from: '2026-10-05', to: '2026-11-26' }),
      () => team.post(leader, '/api/insight/flags', {}),
    ];
    for (const send of dashboard) await send();
    for (const send of dashboard) expect(await count(send)).toBe(1);
    // A write moves the version: the next read computes again (more queries), then is warm again.
    await team.post(leader, '/api/journal/log', {
      title: 'Pair',
      date: '2026-11-25',
      minutes: 30,
      reasons: ['unwind'],
    });
    expect(await count(dashboard[0]!)).toBeGreaterThan(1);
    expect(await count(dashboard[0]!)).toBe(1);
  });

  it('reads a shared item with two: the session, then the item with its view logged, thread and names', async () => {
    expect(await count(() => team.request(team.app, 'GET', `/api/shares/item/${shareId}`, coach))).toBe(2);
  });
});
