import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Radicale, vevent } from '../../importers/caldav/test-support/radicale.js';
import { openEngine, openStores, type Stores } from '../../store/open.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { PROFILE, testApi } from '../test-support/api.js';
import { teamDirectory } from './directory.js';
import { type RunningTeamServer, startTeamServer } from './start.js';
import { teamDatabase } from './test-support.js';

/**
 * What the organisation's server fetches: a leader's CalDAV calendar on the internet, never the
 * server's own network. One real Radicale on 127.0.0.1 serves a calendar with one event; the same
 * URL that the local server reads is refused by the organisation's, with the address and why.
 */

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const USERS = { dana: 'dana-secret-123' };
const OWN = 'this server does not fetch from its own network.';

let radicale: Radicale;
let calendar: string;

beforeAll(async () => {
  radicale = await Radicale.start({ users: USERS });
  calendar = await radicale.makeCalendar('dana', { displayName: 'Work' });
  await radicale.put(
    calendar,
    'planning.ics',
    vevent({
      uid: 'planning',
      summary: 'Planning',
      start: '2026-11-24T09:00:00Z',
      end: '2026-11-24T10:00:00Z',
    }),
    'dana',
  );
}, 30_000);
afterAll(async () => {
  await radicale?.stop();
});

type Answer = { data?: unknown; error?: { code: string; message: string; field?: string } };

describe.each(engines)('the local server on %s', (engine) => {
  const h = useStore(engine);

  it('reads a CalDAV calendar on this machine: the leader’s own server', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const added = await api.data<{ name: string; url: string }[]>('calendars', 'add', {
      url: calendar,
      user: 'dana',
      password: USERS.dana,
    });
    expect(added).toMatchObject([{ name: 'Work', url: calendar }]);
    const [report] = await api.data<{ target: string; total: number; error?: string }[]>(
      'calendars',
      'sync',
      {
        password: USERS.dana,
      },
    );
    expect(report).toMatchObject({ target: 'Work', total: 1 });
    expect(report?.error).toBeUndefined();
  });
});

describe.runIf(PG_URL)('an organisation’s server', () => {
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let server: RunningTeamServer;
  let stores: Stores;
  let cookie: string;
  let accountId: string;

  beforeAll(async () => {
    database = await teamDatabase();
    server = await startTeamServer(database.config(PUBLIC), { port: 0 }, () => {});
    stores = await openStores({ dataDir: '.', databaseUrl: database.appUrl, pgSchema: database.schema });
    const owner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
    try {
      const made = await teamDirectory(owner.db).bootstrap('Initech', 'dana@initech.example');
      const accepted = await post('/api/auth/accept', {
        token: made.token,
        name: 'Dana',
        password: 'correct horse battery',
      });
      cookie = accepted.cookie!;
      accountId = String((accepted.body.data as { id: string }).id);
    } finally {
      await owner.destroy();
    }
    expect((await post('/api/profile/init', PROFILE)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await stores?.close();
    await database?.drop();
  });

  async function post(
    path: string,
    json: unknown,
  ): Promise<{ status: number; body: Answer; cookie?: string }> {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method: 'POST',
      headers: {
        origin: PUBLIC,
        'content-type': 'application/json',
        ...(cookie ? { cookie: `__Host-handson_session=${cookie}` } : {}),
      },
      body: JSON.stringify(json),
    });
    const token = /__Host-handson_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return { status: res.status, body: (await res.json()) as Answer, ...(token ? { cookie: token } : {}) };
  }

  it('refuses to add a calendar on its own machine or the cloud’s metadata address, saying which and why', async () => {
    const port = new URL(calendar).port;
    for (const [url, message] of [
      [calendar, `127.0.0.1 is a loopback address; ${OWN}`],
      [`http://localhost:${port}/dana/`, `localhost names this machine; ${OWN}`],
      [`http://2130706433:${port}/dana/`, `127.0.0.1 is a loopback address; ${OWN}`],
      [`http://[::ffff:127.0.0.1]:${port}/dana/`, `::ffff:7f00:1 is a loopback address; ${OWN}`],
      [
        'http://169.254.169.254/latest/meta-data/',
        `169.254.169.254 is a link-local address, where cloud metadata services answer; ${OWN}`,
      ],
      [
        'http://metadata.google.internal/computeMetadata/v1/',
        `metadata.google.internal is a cloud metadata service; ${OWN}`,
      ],
      ['http://10.0.0.7/dav/', `10.0.0.7 is a private-network address; ${OWN}`],
    ] as const) {
      const answer = await post('/api/calendars/add', { url, user: 'dana', password: USERS.dana });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error).toEqual({ code: 'invalid', message, field: 'url' });
    }
    const listed = await post('/api/calendars/list', {});
    expect(listed.body.data).toEqual([]);
  });

  it('refuses to sync a stored calendar that points at its own machine', async () => {
    // As a calendar could arrive with a restored backup: the guard is on the fetch, not only on adding.
    await stores.forOwner(accountId).upsertCalendar({
      name: 'Restored',
      kind: 'caldav',
      url: calendar,
      user: 'dana',
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const answer = await post('/api/calendars/sync', { password: USERS.dana });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject([
      { target: 'Restored', error: `127.0.0.1 is a loopback address; ${OWN}` },
    ]);
  });

  it('says why it does not import git history, instead of a bare 404', async () => {
    const answer = await post('/api/git/import', { path: '/etc' });
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('not-found');
    expect(answer.body.error?.message).toMatch(/^This server does not import git history: .*server's disk/);
  });
});
