import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../store/open.js';
import { teamConfig } from './config.js';
import { LINK_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, teamDirectory } from './directory.js';
import { PAIR_FAILURES, signInLimits } from './limits.js';
import { type RunningTeamServer, startTeamServer } from './start.js';
import { teamCaller, teamDatabase } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

describe('the server’s environment', () => {
  it('names every missing or wrong setting at once', () => {
    expect(() => teamConfig({})).toThrow(
      /HANDSON_DATABASE_URL: required.*; HANDSON_PUBLIC_URL: required: the address people open/,
    );
    expect(() =>
      teamConfig({ HANDSON_DATABASE_URL: 'mysql://x', HANDSON_PUBLIC_URL: 'http://handson.example.org' }),
    ).toThrow(
      /expected a postgres:\/\/ URL.*expected an https:\/\/ address \(http:\/\/ only for localhost\)/,
    );
    expect(() =>
      teamConfig({ HANDSON_DATABASE_URL: 'postgres://a@b/c', HANDSON_PUBLIC_URL: 'https://x.example/app' }),
    ).toThrow(/without a path or query/);
    const ok = teamConfig({
      HANDSON_DATABASE_URL: 'postgres://a@b/c',
      HANDSON_PUBLIC_URL: 'http://localhost:4800',
    });
    expect(ok.publicUrl.origin).toBe('http://localhost:4800');
  });
});

describe.runIf(PG_URL)('an organisation’s server, two instances on one database', () => {
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let one: RunningTeamServer;
  let two: RunningTeamServer;
  let owner: Awaited<ReturnType<typeof openEngine>>;
  const log: string[] = [];

  beforeAll(async () => {
    database = await teamDatabase();
    const config = teamConfig({
      HANDSON_DATABASE_URL: database.appUrl,
      HANDSON_DATABASE_SCHEMA: database.schema,
      HANDSON_PUBLIC_URL: PUBLIC,
    });
    one = await startTeamServer(config, { port: 0 }, (l) => log.push(l));
    two = await startTeamServer(config, { port: 0 }, (l) => log.push(l));
    owner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
  }, 60_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await owner?.destroy();
    await database?.drop();
  });

  const call = teamCaller(PUBLIC);

  /** Bootstraps an organisation; its admin accepts on instance one. */
  async function organisation(name: string, email: string) {
    const made = await teamDirectory(owner.db).bootstrap(name, email);
    const accepted = await call(one, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: `Admin of ${name}`, password: 'correct horse battery' },
    });
    expect(accepted.status).toBe(200);
    return { cookie: accepted.cookie!, token: made.token, id: String(accepted.body.data!['id']) };
  }

  it('signs in on one instance and the session works on the other', async () => {
    const admin = await organisation('Acme', 'ana@acme.example');
    expect(admin.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await call(two, 'GET', '/api/auth/me', { cookie: admin.cookie });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ email: 'ana@acme.example', role: 'admin' });

    // A journal written through one instance is read through the other.
    const saved = await call(one, 'POST', '/api/profile/init', {
      cookie: admin.cookie,
      json: {
        name: 'Ana',
        role: 'engineering-manager',
        reports: 6,
        tz: 'Europe/Berlin',
        emails: ['ana@acme.example'],
      },
    });
    expect(saved.status).toBe(200);
    const shown = await call(two, 'GET', '/api/profile/show', { cookie: admin.cookie });
    expect(shown.body.data!['profile']).toMatchObject({ name: 'Ana', reports: 6 });

    // The invitation link is spent.
    const again = await call(two, 'POST', '/api/auth/accept', {
      json: { token: admin.token, name: 'Mallory', password: 'another long password' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error!.message).toContain('used already');
  });

  it('gives each member their own journal and admins no way into it', async () => {
    const admin = await organisation('Globex', 'gil@globex.example');
    await call(one, 'POST', '/api/profile/init', {
      cookie: admin.cookie,
      json: { name: 'Gil', role: 'director', reports: 3, tz: 'UTC', emails: ['gil@globex.example'] },
    });
    await call(one, 'POST', '/api/reflections/add', {
      cookie: admin.cookie,
      json: { text: 'GIL-PRIVATE-MARKER' },
    });

    const invite = await call(one, 'POST', '/api/org/invite', {
      cookie: admin.cookie,
      json: { email: 'mo@globex.example', role: 'member' },
    });
    expect(invite.status).toBe(200);
    const link = String(invite.body.data!['link']);
    expect(link).toMatch(/^https:\/\/handson\.example\.org\/accept#token=/);
    const member = await call(two, 'POST', '/api/auth/accept', {
      json: { token: link.split('#token=')[1], name: 'Mo', password: 'a long member password' },
    });
    expect(member.status).toBe(200);

    // Mo has a journal of his own, empty; nothing of Gil's is in any answer to him.
    const profile = await call(two, 'GET', '/api/profile/show', { cookie: member.cookie });
    expect(profile.body.error?.code).toBe('no-profile');
    const reflections = await call(two, 'GET', '/api/reflections/list', { cookie: member.cookie });
    expect(reflections.body.data).toEqual([]);
    expect(JSON.stringify(reflections.body)).not.toContain('GIL-PRIVATE-MARKER');
    // Accounts are the admins' business only.
    expect((await call(two, 'GET', '/api/org/members', { cookie: member.cookie })).status).toBe(403);
    const members = await call(two, 'GET', '/api/org/members', { cookie: admin.cookie });
    expect((members.body.data as unknown as { name: string }[]).map((m) => m.name)).toEqual([
      'Admin of Globex',
      'Mo',
    ]);
    // An admin is in no one else's journal either: the admin's own list holds only their own.
    const adminsOwn = await call(two, 'GET', '/api/reflections/list', { cookie: admin.cookie });
    expect((adminsOwn.body.data as unknown as { text: string }[]).map((r) => r.text)).toEqual([
      'GIL-PRIVATE-MARKER',
    ]);

    // Disabling Mo on one instance ends his session on the other at the next request.
    const disabled = await call(one, 'POST', '/api/org/disable', {
      cookie: admin.cookie,
      json: { accountId: member.body.data!['id'] },
    });
    expect(disabled.status).toBe(200);
    expect((await call(two, 'GET', '/api/auth/me', { cookie: member.cookie })).status).toBe(401);
    const back = await call(one, 'POST', '/api/auth/sign-in', {
      json: { email: 'mo@globex.example', password: 'a long member password' },
    });
    expect(back.status).toBe(401);
  });

  it('answers a wrong password and an unknown address alike', async () => {
    await organisation('Initech', 'ida@initech.example');
    const wrong = await call(one, 'POST', '/api/auth/sign-in', {
      json: { email: 'ida@initech.example', password: 'not the password' },
    });
    const unknown = await call(one, 'POST', '/api/auth/sign-in', {
      json: { email: 'nobody@initech.example', password: 'not the password' },
    });
    expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
    expect(wrong.status).toBe(401);
    const right = await call(two, 'POST', '/api/auth/sign-in', {
      json: { email: 'IDA@initech.example', password: 'correct horse battery' },
    });
    expect(right.status).toBe(200);
  });

  it('counts failed sign-ins across both instances, per address and client', async () => {
    await organisation('Wonka', 'willy@wonka.example');
    const attempt = (server: RunningTeamServer, password: string) =>
      call(server, 'POST', '/api/auth/sign-in', { json: { email: 'willy@wonka.example', password } });
    for (let i = 0; i < PAIR_FAILURES; i++) {
      expect((await attempt(i % 2 === 0 ? one : two, `guess number ${i}`)).status).toBe(401);
    }
    // The same pair from another client is counted apart (seeded directly: both instances see 127.0.0.1).
    const other = signInLimits(owner.pool!, database.schema);
    for (let i = 0; i < PAIR_FAILURES; i++) await other.failed('willy@wonka.example', '203.0.113.7');
    // The limit is used up on both instances, even for the right password, and says so plainly.
    const blocked = await attempt(one, 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error!.message).toMatch(
      /^Too many sign-in attempts from here\. Try again in 15 minutes/,
    );
    expect((await attempt(two, 'correct horse battery')).status).toBe(429);
    // An unknown address is limited the same way, so a 429 tells nothing about who has an account.
    for (let i = 0; i < PAIR_FAILURES; i++) {
      await call(one, 'POST', '/api/auth/sign-in', {
        json: { email: 'ghost@wonka.example', password: `g${i}` },
      });
    }
    const ghost = await call(two, 'POST', '/api/auth/sign-in', {
      json: { email: 'ghost@wonka.example', password: 'anything at all' },
    });
    expect([ghost.status, ghost.body]).toEqual([blocked.status, blocked.body]);

    // Someone else's guesses lock only their own attempts: Willy, from his own machine, signs in.
    const limits = signInLimits(owner.pool!, database.schema);
    await expect(limits.check('willy@wonka.example', '203.0.113.7')).rejects.toThrow(/Too many/);
    await expect(limits.check('willy@wonka.example', '198.51.100.20')).resolves.toBeUndefined();
    // No address is kept in clear in the limits table.
    const { rows } = await sql<{ key: string }>`select key from team_rate_limits`.execute(owner.db);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.key).join(' ')).not.toContain('@');
  });

  it('refuses cross-site changes, form posts and text/plain', async () => {
    const admin = await organisation('Umbrella', 'uma@umbrella.example');
    const note = { text: 'planted' };
    const crossSite = await call(one, 'POST', '/api/reflections/add', {
      cookie: admin.cookie,
      json: note,
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await call(one, 'POST', '/api/reflections/add', {
      cookie: admin.cookie,
      json: note,
      origin: null,
    });
    expect(noOrigin.status).toBe(403);
    const form = await call(one, 'POST', '/api/reflections/add', {
      cookie: admin.cookie,
      contentType: 'application/x-www-form-urlencoded',
      raw: 'text=planted',
    });
    expect(form.status).toBe(415);
    const plain = await call(one, 'POST', '/api/reflections/add', {
      cookie: admin.cookie,
      contentType: 'text/plain',
      raw: JSON.stringify(note),
    });
    expect(plain.status).toBe(415);
    const list = await call(one, 'GET', '/api/reflections/list', { cookie: admin.cookie });
    expect(list.body.data).toEqual([]);
  });

  it('keeps nothing in the database that signs anyone in', async () => {
    const admin = await organisation('Hooli', 'hal@hooli.example');
    const { rows: sessions } = await sql<{
      token_hash: string;
    }>`select token_hash from team_sessions`.execute(owner.db);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.map((s) => s.token_hash)).not.toContain(admin.cookie);
    for (const s of sessions) {
      expect((await call(one, 'GET', '/api/auth/me', { cookie: s.token_hash })).status).toBe(401);
    }
    const { rows: links } = await sql<{ token_hash: string }>`select token_hash from team_links`.execute(
      owner.db,
    );
    expect(links.map((l) => l.token_hash)).not.toContain(admin.token);
    const { rows: accounts } = await sql<{
      password_hash: string;
    }>`select password_hash from team_accounts`.execute(owner.db);
    for (const a of accounts) expect(a.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(log.join('\n')).not.toContain(admin.cookie);
  });

  it('signs out everywhere at once', async () => {
    const admin = await organisation('Vandelay', 'art@vandelay.example');
    const second = await call(two, 'POST', '/api/auth/sign-in', {
      json: { email: 'art@vandelay.example', password: 'correct horse battery' },
    });
    const out = await call(two, 'POST', '/api/auth/sign-out-everywhere', { cookie: second.cookie });
    expect(out.body.data).toEqual({ signedOut: 2 });
    expect((await call(one, 'GET', '/api/auth/me', { cookie: admin.cookie })).status).toBe(401);
  });

  it('does not offer what would reach the server’s own disk', async () => {
    const admin = await organisation('Soylent', 'sol@soylent.example');
    expect(
      (await call(one, 'POST', '/api/git/import', { cookie: admin.cookie, json: { path: '/etc' } })).status,
    ).toBe(404);
  });

  it('ends idle and old sessions, and links after ten minutes', async () => {
    let at = new Date('2026-12-01T09:00:00Z');
    const directory = teamDirectory(owner.db, () => at);
    const made = await directory.bootstrap('Clocked', 'cleo@clocked.example');
    const { session } = await directory.acceptInvitation(made.token, 'Cleo', 'correct horse battery');
    at = new Date(at.getTime() + SESSION_IDLE_MS - 60_000);
    expect(await directory.sessionAccount(session.token)).toBeDefined();
    at = new Date(at.getTime() + SESSION_IDLE_MS - 60_000);
    expect(await directory.sessionAccount(session.token)).toBeDefined();
    at = new Date(at.getTime() + SESSION_IDLE_MS);
    expect(await directory.sessionAccount(session.token)).toBeUndefined();

    // Used every hour, a session still ends at its absolute limit.
    const fresh = await directory.signIn('cleo@clocked.example', 'correct horse battery');
    const started = at.getTime();
    while (at.getTime() < started + SESSION_ABSOLUTE_MS - 3_600_000) {
      at = new Date(at.getTime() + 3_600_000);
      expect(await directory.sessionAccount(fresh.session.token)).toBeDefined();
    }
    at = new Date(started + SESSION_ABSOLUTE_MS);
    expect(await directory.sessionAccount(fresh.session.token)).toBeUndefined();

    const account = (await directory.signIn('cleo@clocked.example', 'correct horse battery')).account;
    const link = await directory.invite(account, 'late@clocked.example', 'member');
    at = new Date(at.getTime() + LINK_MS);
    await expect(directory.acceptInvitation(link.token, 'Late', 'correct horse battery')).rejects.toThrow(
      /more than 10 minutes old/,
    );
  }, 30_000);
});
