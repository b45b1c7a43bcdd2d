import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

/**
 * A grant that ends by itself. Every surface that asks "can the coach read this now" (the read,
 * the coach's list, a comment, the leader's list and the access log) must agree at the same
 * instant, on the server's clock.
 */
describe.runIf(PG_URL)('a share with an expiry time', () => {
  let at = new Date('2026-12-02T11:00:00Z');
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let leader: Member;
  let coach: Member;
  let coachingId: string;
  let reflectionId: string;

  const ok = async (as: Member, method: 'GET' | 'POST', path: string, json?: unknown) => {
    const a = await team.request(team.app, method, path, as, json);
    expect(a.status, `${path}: ${a.text}`).toBe(200);
    return a.data as never;
  };
  const views = async () =>
    ((await ok(leader, 'GET', '/api/shares/access-log')) as { action: string }[]).filter(
      (e) => e.action === 'view',
    ).length;

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC, () => at);
    const admin = await team.firstAdmin('Acme', 'admin@acme.example');
    leader = await team.invite(admin, 'ana@acme.example', 'Ana');
    coach = await team.invite(admin, 'cora@acme.example', 'Cora');
    await ok(leader, 'POST', '/api/profile/init', {
      name: 'Ana',
      role: 'engineering-manager',
      reports: 4,
      tz: 'UTC',
      emails: ['ana@acme.example'],
    });
    coachingId = (
      (await ok(leader, 'POST', '/api/coaching/invite', { email: 'cora@acme.example' })) as { id: string }
    ).id;
    await ok(coach, 'POST', '/api/coaching/accept', { id: coachingId });
    reflectionId = (
      (await ok(leader, 'POST', '/api/reflections/add', { text: 'for an hour only' })) as { id: string }
    ).id;
  }, 120_000);
  afterAll(async () => {
    await team?.close();
  });

  it('refuses an expiry that has already passed, naming the field', async () => {
    const a = await team.request(team.app, 'POST', '/api/shares/add', leader, {
      coachingId,
      item: { kind: 'reflection', id: reflectionId },
      expiresAt: '2026-12-02T10:59:59Z',
    });
    expect(a.status).toBe(400);
    expect(a.text).toContain('expiresAt');
  });

  it('is read until its time, then refused everywhere at once, and nothing more is logged', async () => {
    const share = (await ok(leader, 'POST', '/api/shares/add', {
      coachingId,
      item: { kind: 'reflection', id: reflectionId },
      expiresAt: '2026-12-02T13:00:00Z',
    })) as { id: string; live: boolean };
    expect(share.live).toBe(true);

    at = new Date('2026-12-02T12:59:59Z');
    await ok(coach, 'GET', `/api/shares/item/${share.id}`);
    expect(((await ok(coach, 'GET', '/api/shares/with-me')) as { id: string }[]).map((s) => s.id)).toEqual([
      share.id,
    ]);
    expect(await views()).toBe(1);

    // At its expiry time exactly, it is over.
    at = new Date('2026-12-02T13:00:00Z');
    const read = await team.request(team.app, 'GET', `/api/shares/item/${share.id}`, coach);
    expect(read.status).toBe(404);
    expect(read.text).not.toContain('for an hour only');
    expect(await ok(coach, 'GET', '/api/shares/with-me')).toEqual([]);
    const comment = await team.request(team.app, 'POST', '/api/shares/comment', coach, {
      id: share.id,
      body: 'too late',
    });
    expect(comment.status).toBe(404);
    // The refused read is not a view.
    expect(await views()).toBe(1);

    // The leader still reads their own item and sees the grant as over, with its time.
    await ok(leader, 'GET', `/api/shares/item/${share.id}`);
    const mine = (await ok(leader, 'GET', '/api/shares/mine')) as {
      id: string;
      live: boolean;
      expiresAt: string | null;
      views: number;
    }[];
    expect(mine.find((s) => s.id === share.id)).toMatchObject({
      live: false,
      expiresAt: '2026-12-02T13:00:00.000Z',
      views: 1,
    });

    // An expired share does not block sharing the item again: a new grant, live again.
    const again = (await ok(leader, 'POST', '/api/shares/add', {
      coachingId,
      item: { kind: 'reflection', id: reflectionId },
    })) as { id: string; live: boolean };
    expect(again.id).not.toBe(share.id);
    expect(again.live).toBe(true);
    await ok(coach, 'GET', `/api/shares/item/${again.id}`);
    expect(await views()).toBe(2);
  });
});
