import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../store/open.js';
import { kyselyForActor } from '../../store/row-security.js';
import { teamConfig } from './config.js';
import { teamDirectory } from './directory.js';
import { SHARING_ROUTES } from './sharing-routes.js';
import { type RunningTeamServer, startTeamServer } from './start.js';
import { type Answer, teamCaller, teamDatabase } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const call = teamCaller(PUBLIC);
const data = <T>(a: Answer) => a.body.data as unknown as T;

describe.runIf(PG_URL)('coaching and sharing, item by item, on two instances', () => {
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let one: RunningTeamServer;
  let two: RunningTeamServer;
  let owner: Awaited<ReturnType<typeof openEngine>>;
  let app: Awaited<ReturnType<typeof openEngine>>;

  beforeAll(async () => {
    database = await teamDatabase();
    const config = teamConfig({
      HANDSON_DATABASE_URL: database.appUrl,
      HANDSON_DATABASE_SCHEMA: database.schema,
      HANDSON_PUBLIC_URL: PUBLIC,
    });
    one = await startTeamServer(config, { port: 0 }, () => {});
    two = await startTeamServer(config, { port: 0 }, () => {});
    owner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
    app = await openEngine({ dataDir: '.', databaseUrl: database.appUrl, pgSchema: database.schema });
  }, 60_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await owner?.destroy();
    await app?.destroy();
    await database?.drop();
  });

  const post = (who: { cookie: string }, path: string, json: unknown) =>
    call(one, 'POST', path, { cookie: who.cookie, json });
  const startJournal = (who: { cookie: string }, name: string) =>
    post(who, '/api/profile/init', {
      name,
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['peter@example.org'],
    });

  /** An organisation with its admin, a leader, a coach (a guest) and another member, all signed in. */
  async function organisation(domain: string) {
    const made = await teamDirectory(owner.db).bootstrap(domain, `bill@${domain}`);
    const admin = await call(one, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: 'Bill', password: 'correct horse battery' },
    });
    const join = async (email: string, name: string, role: 'member' | 'guest') => {
      const invite = await call(one, 'POST', '/api/org/invite', {
        cookie: admin.cookie!,
        json: { email, role },
      });
      const accepted = await call(two, 'POST', '/api/auth/accept', {
        json: {
          token: String(invite.body.data!['link']).split('#token=')[1],
          name,
          password: `${name} has a long password`,
        },
      });
      expect(accepted.status).toBe(200);
      return { cookie: accepted.cookie!, id: String(accepted.body.data!['id']) };
    };
    return {
      admin: { cookie: admin.cookie!, id: String(admin.body.data!['id']) },
      leader: await join(`peter@${domain}`, 'Peter', 'member'),
      coach: await join(`joanna@${domain}`, 'Joanna', 'guest'),
      other: await join(`milton@${domain}`, 'Milton', 'member'),
    };
  }

  it('shows a coach exactly the items shared, frozen, until they are revoked on any instance', async () => {
    const { admin, leader, coach, other } = await organisation('initech.example');
    const as = (who: { cookie: string }, server = one) => ({
      get: (path: string) => call(server, 'GET', path, { cookie: who.cookie }),
      post: (path: string, json: unknown) => call(server, 'POST', path, { cookie: who.cookie, json }),
    });
    const peter = as(leader);
    const joanna = as(coach, two);
    await peter.post('/api/profile/init', {
      name: 'Peter',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['peter@initech.example'],
    });
    await peter.post('/api/journal/log', {
      title: 'PETER-SESSION TPS report fixes',
      minutes: 90,
      reasons: ['unwind'],
      date: '2026-12-01',
    });
    const secret = data<{ id: string }>(
      await peter.post('/api/reflections/add', { text: 'PETER-SECRET never shared', date: '2026-12-02' }),
    );
    const open = data<{ id: string }>(
      await peter.post('/api/reflections/add', {
        text: 'I took the TPS work to avoid Lumbergh',
        date: '2026-12-02',
      }),
    );

    // Peter asks Joanna to coach him; nothing can be shared before she accepts.
    const asked = await peter.post('/api/coaching/invite', { email: 'JOANNA@initech.example' });
    expect(asked.status).toBe(200);
    const coaching = data<{ id: string; status: string; coach: { name: string } }>(asked);
    expect(coaching).toMatchObject({ status: 'invited', coach: { name: 'Joanna' } });
    expect(JSON.stringify(asked.body)).not.toContain('@');
    const early = await peter.post('/api/shares/add', {
      coachingId: coaching.id,
      item: { kind: 'reflection', id: open.id },
    });
    expect(early.status).toBe(409);
    // Only the person asked can accept.
    expect((await as(other).post('/api/coaching/accept', { id: coaching.id })).status).toBe(404);
    expect(
      data<{ status: string }>(await joanna.post('/api/coaching/accept', { id: coaching.id })).status,
    ).toBe('active');

    // One reflection and one weekly review; nothing else.
    const reflection = await peter.post('/api/shares/add', {
      coachingId: coaching.id,
      item: { kind: 'reflection', id: open.id },
    });
    expect(reflection.status).toBe(200);
    const review = await peter.post('/api/shares/add', {
      coachingId: coaching.id,
      item: { kind: 'review', week: '2026-12-02' },
    });
    expect(review.status).toBe(200);
    const again = await peter.post('/api/shares/add', {
      coachingId: coaching.id,
      item: { kind: 'review', week: '2026-11-30' },
    });
    expect(again.status).toBe(409);
    const reflectionId = data<{ id: string }>(reflection).id;
    const reviewId = data<{ id: string }>(review).id;

    const withMe = data<{ title: string; leader: { name: string } }[]>(
      await joanna.get('/api/shares/with-me'),
    );
    expect(withMe.map((s) => s.title).sort()).toEqual([
      'Reflection of 2026-12-02',
      'Weekly review, week of 2026-11-30',
    ]);
    const read = await joanna.get(`/api/shares/item/${reflectionId}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('to avoid Lumbergh');
    expect(JSON.stringify(read.body)).not.toContain('PETER-SECRET');

    // The review's numbers are the ones Peter's own review shows: one computation for both.
    const shared = data<{ content: { time: unknown; answers: unknown[] } }>(
      await joanna.get(`/api/shares/item/${reviewId}`),
    );
    const own = data<{ time: unknown }>(await peter.get('/api/insight/weeklyReview?week=2026-11-30'));
    expect(shared.content.time).toEqual(own.time);
    expect(JSON.stringify(shared)).not.toContain('PETER-SECRET');

    // Nobody else reads them: not another member, not an admin.
    for (const stranger of [as(other, two), as(admin)]) {
      for (const id of [reflectionId, reviewId]) {
        const a = await stranger.get(`/api/shares/item/${id}`);
        expect(a.status).toBe(404);
        expect(JSON.stringify(a.body)).not.toMatch(/Lumbergh|PETER-/);
      }
      expect(data<unknown[]>(await stranger.get('/api/shares/with-me'))).toEqual([]);
      expect((await stranger.post('/api/shares/comment', { id: reviewId, body: 'hi' })).status).toBe(404);
    }

    // A thread per item, read by both.
    expect(
      (await joanna.post('/api/shares/comment', { id: reviewId, body: 'What did Lumbergh ask for?' })).status,
    ).toBe(200);
    await peter.post('/api/shares/comment', { id: reviewId, body: 'A cover sheet.' });
    const thread = data<{ comments: { author: { name: string }; body: string }[] }>(
      await peter.get(`/api/shares/item/${reviewId}`),
    );
    expect(thread.comments.map((c) => `${c.author.name}: ${c.body}`)).toEqual([
      'Joanna: What did Lumbergh ask for?',
      'Peter: A cover sheet.',
    ]);

    // Peter edits the reflection: his list says it changed; Joanna keeps the version shared until he shares the update.
    await peter.post('/api/reflections/edit', {
      id: open.id,
      text: 'I took the TPS work to avoid a talk with Lumbergh',
    });
    const mine = data<{ id: string; current: string; views: number; version: number }[]>(
      await peter.get('/api/shares/mine'),
    );
    expect(mine.find((s) => s.id === reflectionId)).toMatchObject({
      current: 'changed',
      version: 1,
      views: 1,
    });
    expect(mine.find((s) => s.id === reviewId)).toMatchObject({ current: 'same', views: 1 });
    expect(JSON.stringify(await joanna.get(`/api/shares/item/${reflectionId}`))).not.toContain('a talk with');
    expect(
      data<{ version: number }>(await peter.post('/api/shares/update', { id: reflectionId })).version,
    ).toBe(2);
    expect(JSON.stringify(await joanna.get(`/api/shares/item/${reflectionId}`))).toContain('a talk with');

    // Revoked on instance one; the next read on instance two is refused.
    const revoked = await peter.post('/api/shares/revoke', { id: reflectionId });
    expect(data<{ live: boolean }>(revoked).live).toBe(false);
    const gone = await joanna.get(`/api/shares/item/${reflectionId}`);
    expect(gone.status).toBe(404);
    expect(JSON.stringify(gone.body)).not.toContain('Lumbergh');
    expect(data<{ id: string }[]>(await joanna.get('/api/shares/with-me')).map((s) => s.id)).toEqual([
      reviewId,
    ]);
    expect(
      (await joanna.post('/api/shares/comment', { id: reflectionId, body: 'still there?' })).status,
    ).toBe(404);

    // Peter reads who saw what, when, which version, through what; Joanna has no log of his.
    const logged = data<
      { action: string; actor: { name: string }; version: number; via: string; title: string }[]
    >(await peter.get('/api/shares/access-log'));
    expect(
      logged
        .filter((e) => e.title === 'Reflection of 2026-12-02')
        .map((e) => `${e.action} ${e.actor.name} v${e.version}`),
    ).toEqual([
      'share Peter v1',
      'view Joanna v1',
      'view Joanna v1',
      'update Peter v2',
      'view Joanna v2',
      'revoke Peter v2',
    ]);
    expect(new Set(logged.map((e) => e.via))).toEqual(new Set(['api']));
    expect(data<unknown[]>(await joanna.get('/api/shares/access-log'))).toEqual([]);
    const csv = await call(one, 'GET', '/api/shares/access-log.csv', { cookie: leader.cookie });
    const lines = String((csv.body as unknown as { text: string }).text)
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('at,action,item,kind,share id,who,version,through');
    expect(lines.length).toBe(logged.length + 1);

    // Joanna ends the coaching: what was left is revoked too.
    const ended = data<{ revoked: number; coaching: { status: string } }>(
      await joanna.post('/api/coaching/end', { id: coaching.id }),
    );
    expect(ended).toMatchObject({ revoked: 1, coaching: { status: 'ended' } });
    expect((await joanna.get(`/api/shares/item/${reviewId}`)).status).toBe(404);
    expect(data<unknown[]>(await joanna.get('/api/shares/with-me'))).toEqual([]);
    // Peter still reads his own items, with the thread.
    expect((await peter.get(`/api/shares/item/${reviewId}`)).status).toBe(200);
    expect(secret.id).toBeTruthy();
  }, 120_000);

  it('keeps the access log append-only and walls shares off in the database itself', async () => {
    const { leader, coach, other } = await organisation('initrode.example');
    await startJournal(leader, 'Peter');
    const r = data<{ id: string }>(
      await post(leader, '/api/reflections/add', { text: 'MARKER-SHARED', date: '2026-12-02' }),
    );
    const coaching = data<{ id: string }>(
      await post(leader, '/api/coaching/invite', { email: 'joanna@initrode.example' }),
    );
    await post(coach, '/api/coaching/accept', { id: coaching.id });
    const share = data<{ id: string }>(
      await post(leader, '/api/shares/add', {
        coachingId: coaching.id,
        item: { kind: 'reflection', id: r.id },
      }),
    );
    await call(two, 'GET', `/api/shares/item/${share.id}`, { cookie: coach.cookie });

    // The server's own role cannot rewrite or erase the log, whoever it says it is.
    const asLeader = kyselyForActor(app.pool!, leader.id);
    await expect(sql`update team_access_log set action = 'share'`.execute(asLeader)).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql`delete from team_access_log`.execute(asLeader)).rejects.toThrow(/permission denied/);
    await expect(sql`delete from team_shares`.execute(asLeader)).rejects.toThrow(/permission denied/);

    // Row-level security, with the application's own scoping left out of the queries.
    const rows = async (actor: string, table: string) =>
      (await sql<{ id: string }>`select * from ${sql.table(table)}`.execute(kyselyForActor(app.pool!, actor)))
        .rows.length;
    expect(await rows(other.id, 'team_shares')).toBe(0);
    expect(await rows(other.id, 'team_coaching')).toBe(0);
    expect(await rows(other.id, 'team_access_log')).toBe(0);
    expect(await rows(coach.id, 'team_shares')).toBe(1);
    expect(await rows(coach.id, 'team_access_log')).toBe(0);
    expect(await rows(leader.id, 'team_access_log')).toBe(2);
    // No actor named: nothing at all.
    expect((await sql`select * from team_shares`.execute(app.db)).rows.length).toBe(0);
    // A coach cannot put a revoked share back, nor make one up in the leader's name.
    await post(leader, '/api/shares/revoke', { id: share.id });
    expect(await rows(coach.id, 'team_shares')).toBe(0);
    const asCoach = kyselyForActor(app.pool!, coach.id);
    const back = await sql`update team_shares set revoked_at = null where id = ${share.id}`.execute(asCoach);
    expect(Number(back.numAffectedRows)).toBe(0);
    await expect(
      sql`insert into team_shares (id, organisation_id, leader_id, coach_id, coaching_id, kind, item_key, title, version, snapshot, shared_at, updated_at)
        values ('forged', (select organisation_id from team_coaching where id = ${coaching.id}), ${leader.id}, ${coach.id},
          ${coaching.id}, 'reflection', 'x', 'forged', 1, '{}'::jsonb, now(), now())`.execute(asCoach),
    ).rejects.toThrow(/row-level security/);
  }, 60_000);

  it('answers every sharing route to strangers without a trace of the items', async () => {
    const { admin, leader, coach, other } = await organisation('penetrode.example');
    await startJournal(leader, 'MARKER-NAME');
    const r = data<{ id: string }>(
      await post(leader, '/api/reflections/add', { text: 'MARKER-REFLECTION', date: '2026-12-02' }),
    );
    const coaching = data<{ id: string }>(
      await post(leader, '/api/coaching/invite', { email: 'joanna@penetrode.example' }),
    );
    await post(coach, '/api/coaching/accept', { id: coaching.id });
    const live = data<{ id: string }>(
      await post(leader, '/api/shares/add', {
        coachingId: coaching.id,
        item: { kind: 'reflection', id: r.id },
      }),
    );
    await post(coach, '/api/shares/comment', { id: live.id, body: 'MARKER-COMMENT' });
    const ids = [r.id, coaching.id, live.id];
    let calls = 0;
    for (const stranger of [other, admin]) {
      // The event stream never ends by itself; the stream test shows strangers hear nothing on it.
      for (const route of Object.keys(SHARING_ROUTES).filter((r) => r !== 'GET /api/events')) {
        const [method, path] = route.split(' ') as ['GET' | 'POST', string];
        for (const id of ['', ...ids]) {
          const a =
            method === 'GET'
              ? await call(two, 'GET', path.replace(':id', id || 'none'), { cookie: stranger.cookie })
              : await call(two, 'POST', path, {
                  cookie: stranger.cookie,
                  json: id ? { id, coachingId: id, item: { kind: 'reflection', id: r.id }, body: 'x' } : {},
                });
          calls++;
          expect(a.status, `${route} ${id}`).not.toBe(500);
          expect(JSON.stringify(a.body), `${route} ${id}`).not.toMatch(/MARKER-/);
        }
      }
    }
    expect(calls).toBe(2 * (Object.keys(SHARING_ROUTES).length - 1) * 4);
    // The coach still has it, and the stranger's "end" did not end it.
    expect((await call(one, 'GET', `/api/shares/item/${live.id}`, { cookie: coach.cookie })).status).toBe(
      200,
    );
  }, 120_000);

  /** An open event stream, read as a browser's EventSource would. */
  async function stream(server: RunningTeamServer, cookie: string, lastEventId?: string) {
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${server.port}/api/events`, {
      headers: {
        cookie: `__Host-handson_session=${cookie}`,
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const parse = (block: string) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      return {
        event: field('event'),
        id: field('id'),
        data: JSON.parse(field('data') ?? '{}') as { shareId?: string },
      };
    };
    return {
      /** The next event named `name`, skipping others; fails after 5 s. */
      async next(name: string) {
        const deadline = Date.now() + 5000;
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const e = parse(block);
            if (e.event === name) return e;
            continue;
          }
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`no ${name} event within 5 s`);
          const chunk = await Promise.race([
            reader.read(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error(`no ${name} event within 5 s`)), left),
            ),
          ]);
          if (chunk.done) throw new Error('the stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
        }
      },
      close: () => abort.abort(),
    };
  }

  it('tells the coach’s open page on the other instance, at once, and replays what a cut stream missed', async () => {
    const { leader, coach } = await organisation('chotchkies.example');
    await startJournal(leader, 'Peter');
    const r = data<{ id: string }>(
      await post(leader, '/api/reflections/add', { text: 'Flair', date: '2026-12-02' }),
    );
    const joanna = await stream(two, coach.cookie);
    await joanna.next('ready');
    const coaching = data<{ id: string }>(
      await post(leader, '/api/coaching/invite', { email: 'joanna@chotchkies.example' }),
    );
    const asked = await joanna.next('coaching-changed');
    await post(coach, '/api/coaching/accept', { id: coaching.id });
    const share = data<{ id: string }>(
      await post(leader, '/api/shares/add', {
        coachingId: coaching.id,
        item: { kind: 'reflection', id: r.id },
      }),
    );
    expect((await joanna.next('share-added')).data.shareId).toBe(share.id);
    await post(leader, '/api/shares/revoke', { id: share.id });
    const revoked = await joanna.next('share-revoked');
    expect(revoked.data.shareId).toBe(share.id);
    // Ids only: nothing of the item travels on the stream.
    expect(JSON.stringify(revoked)).not.toContain('Flair');
    joanna.close();

    // Reconnecting with the last id it saw, a page gets what came after, in order.
    const again = await stream(one, coach.cookie, asked.id);
    expect((await again.next('share-added')).id).not.toBe(undefined);
    expect((await again.next('share-revoked')).data.shareId).toBe(share.id);
    again.close();
    // Nobody else hears it.
    const other = await stream(two, leader.cookie, '0');
    await other.next('ready');
    await expect(other.next('share-added')).rejects.toThrow(/no share-added event/);
    other.close();
  }, 60_000);

  it('takes pushes from a laptop signed in by a device code, for the token’s owner only', async () => {
    const { leader, coach, other } = await organisation('bobs.example');
    const laptop = (path: string, json: unknown, token?: string) =>
      fetch(`http://127.0.0.1:${one.port}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(json),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { data?: Record<string, unknown> },
      }));
    // The laptop asks for a code (no cookie, no Origin); the leader approves it in the browser.
    const started = await laptop('/api/device/start', { name: 'Peter’s laptop' });
    expect(started.status).toBe(200);
    const { deviceCode, userCode } = started.body.data as { deviceCode: string; userCode: string };
    expect(userCode).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    expect(
      data<{ status: string }>((await laptop('/api/device/token', { deviceCode })) as Answer).status,
    ).toBe('pending');
    expect(
      (await post(leader, '/api/device/approve', { userCode: userCode.toLowerCase().replace('-', ' ') }))
        .status,
    ).toBe(200);
    const collected = await laptop('/api/device/token', { deviceCode });
    const token = String(collected.body.data!['token']);
    expect((await laptop('/api/device/token', { deviceCode })).status).toBe(400);
    // Stored hashed only.
    const { rows } = await sql<{ token_hash: string }>`select token_hash from team_push_tokens`.execute(
      owner.db,
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(token);

    const coaching = data<{ id: string }>(
      await post(leader, '/api/coaching/invite', { email: 'joanna@bobs.example' }),
    );
    await post(coach, '/api/coaching/accept', { id: coaching.id });
    const item = {
      kind: 'reflection',
      key: 'r-1',
      title: 'Reflection of 2026-12-02',
      content: { text: 'From the laptop' },
    };
    const pushed = await laptop('/api/push/share', { with: 'joanna@bobs.example', item }, token);
    expect(pushed.status).toBe(200);
    expect(pushed.body.data!['outcome']).toBe('shared');
    const shareId = (pushed.body.data!['share'] as { id: string }).id;
    expect(
      (await laptop('/api/push/share', { with: 'joanna@bobs.example', item }, token)).body.data!['outcome'],
    ).toBe('unchanged');
    const changed = { ...item, content: { text: 'From the laptop, edited' } };
    expect(
      (await laptop('/api/push/share', { with: 'joanna@bobs.example', item: changed }, token)).body.data![
        'outcome'
      ],
    ).toBe('updated');
    const read = data<{ leader: { name: string }; content: { text: string }; version: number }>(
      await call(two, 'GET', `/api/shares/item/${shareId}`, { cookie: coach.cookie }),
    );
    expect(read).toMatchObject({
      leader: { name: 'Peter' },
      content: { text: 'From the laptop, edited' },
      version: 2,
    });
    // Only to the token owner's own coaches; the token opens nothing else.
    expect((await laptop('/api/push/share', { with: 'milton@bobs.example', item }, token)).status).toBe(404);
    expect((await call(one, 'GET', '/api/shares/mine', { cookie: token })).status).toBe(401);
    const me = await fetch(`http://127.0.0.1:${one.port}/api/shares/mine`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(401);
    expect(other.id).toBeTruthy();
    // Revoked in the web app: the next push is refused on any instance.
    const tokens = data<{ id: string }[]>(
      await call(two, 'GET', '/api/push/tokens', { cookie: leader.cookie }),
    );
    await call(two, 'POST', '/api/push/tokens/revoke', {
      cookie: leader.cookie,
      json: { id: tokens[0]!.id },
    });
    expect((await laptop('/api/push/share', { with: 'joanna@bobs.example', item }, token)).status).toBe(401);
  }, 60_000);
});
