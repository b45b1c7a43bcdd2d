import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { kyselyStore } from '../../store/kysely-store.js';
import type { Stores } from '../../store/open.js';
import { openEngine } from '../../store/open.js';
import { kyselyForActor, onePerRequest } from '../../store/row-security.js';
import { openApiPath } from '../openapi.js';
import { routesOf } from '../routes.js';
import { ID_FIELDS, probeBody } from '../test-support/probe.js';
import { TEAM_FEATURES, TEAM_ROUTES } from './app.js';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

type Actor = 'OWNER' | 'COACH' | 'MEMBER' | 'ADMIN';
interface Person extends Member {
  who: Actor;
}

/** Every string under an `id` key, anywhere in an answer. */
function idsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') into.add(v);
      else idsIn(v, into);
    }
  }
  return into;
}

/** One route as the router serves it, with what it takes. */
interface Probe {
  method: 'GET' | 'POST';
  path: string;
  input: ZodType | undefined;
}

describe.runIf(PG_URL)('every route of the organisation’s server, called by four people', () => {
  let services: Awaited<ReturnType<typeof teamInProcess>>['services'];
  let app: Hono;
  const people = {} as Record<Actor, Person>;
  /** The ids of everything each person wrote, and of the coaching and its shares. */
  const ids = new Set<string>();
  let liveShare: string;
  let revokedShare: string;
  let coaching: string;

  let team: Awaited<ReturnType<typeof teamInProcess>>;
  const request: Awaited<ReturnType<typeof teamInProcess>>['request'] = (...args) => team.request(...args);
  const post = (as: Person, path: string, json: unknown) => team.post(as, path, json);

  /** A journal with a marker in every kind of record; the answer's ids are kept for probing. */
  async function seed(p: Person) {
    const mark = (what: string) => `PRIVATE-${p.who}-${what}`;
    const ok = async (path: string, json: unknown) => {
      const a = await post(p, path, json);
      expect(a.status, `${p.who} ${path}: ${a.text}`).toBe(200);
      return a;
    };
    await ok('/api/profile/init', {
      name: mark('NAME'),
      role: 'engineering-manager',
      reports: 4,
      tz: 'UTC',
      emails: [`${mark('EMAIL')}@piedpiper.example`],
    });
    await ok('/api/reflections/add', { text: mark('REFLECTION') });
    await ok('/api/commitments/add', {
      kind: 'tough-conversation',
      title: mark('COMMITMENT'),
      person: mark('PERSON'),
    });
    await ok('/api/journal/log', {
      title: mark('SESSION'),
      minutes: 120,
      reasons: ['unwind'],
      date: '2026-12-01',
    });
    await ok('/api/check/run', { title: mark('CHECK'), hours: 3, reasons: ['unwind'] });
    await ok('/api/people/add', { people: [{ name: mark('REPORT') }] });
    for (const list of ['reflections', 'commitments', 'journal', 'check', 'people']) {
      idsIn((await request(app, 'GET', `/api/${list}/list`, p)).data, ids);
    }
  }

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC);
    services = team.services;
    app = team.app;
    people.ADMIN = {
      ...(await team.firstAdmin('Pied Piper', 'admin@piedpiper.example', 'ADMIN Person')),
      who: 'ADMIN',
    };
    for (const who of ['OWNER', 'COACH', 'MEMBER'] as const) {
      const joined = await team.invite(
        people.ADMIN,
        `${who.toLowerCase()}@piedpiper.example`,
        `${who} Person`,
      );
      people[who] = { ...joined, who };
    }
    for (const p of Object.values(people)) await seed(p);

    // The owner asks the coach, who accepts; one reflection stays shared, one is shared and revoked.
    coaching = (await post(people.OWNER, '/api/coaching/invite', { email: 'coach@piedpiper.example' })).data
      .id;
    expect((await post(people.COACH, '/api/coaching/accept', { id: coaching })).status).toBe(200);
    const shareReflection = async (text: string) => {
      const added = await post(people.OWNER, '/api/reflections/add', { text });
      ids.add(added.data.id);
      const shared = await post(people.OWNER, '/api/shares/add', {
        coachingId: coaching,
        item: { kind: 'reflection', id: added.data.id },
      });
      expect(shared.status, shared.text).toBe(200);
      return shared.data.id as string;
    };
    liveShare = await shareReflection('SHARED-REFLECTION');
    revokedShare = await shareReflection('REVOKED-REFLECTION');
    expect((await post(people.OWNER, '/api/shares/revoke', { id: revokedShare })).status).toBe(200);
    expect(
      (await post(people.COACH, '/api/shares/comment', { id: liveShare, body: 'SHARED-COMMENT' })).status,
    ).toBe(200);
    for (const id of [coaching, liveShare, revokedShare]) ids.add(id);
  }, 120_000);
  afterAll(async () => {
    await team?.close();
  });

  /** What `who` must never read: others' private records, a revoked item, and a shared one unless it is theirs to see. */
  function forbidden(who: Actor, coachingEnded = false): RegExp {
    const others = (['OWNER', 'COACH', 'MEMBER', 'ADMIN'] as const).filter((a) => a !== who);
    const words = others.map((a) => `PRIVATE-${a}-`);
    if (who !== 'OWNER') words.push('REVOKED-');
    if (who !== 'OWNER' && (who !== 'COACH' || coachingEnded)) words.push('SHARED-REFLECTION');
    if (who !== 'OWNER' && who !== 'COACH') words.push('SHARED-COMMENT');
    return new RegExp(words.join('|'));
  }

  /** Every route the router serves and the API document lists, with what it takes. */
  function enumerate(): Probe[] {
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path !== '*').map((r) => `${r.method} ${r.path}`),
    );
    return [...served].map((key) => {
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const feature = routesOf(TEAM_FEATURES).find((r) => r.path === path || r.filePath === path);
      return { method, path, input: feature?.handler.input ?? TEAM_ROUTES[key]?.input };
    });
  }

  /** Ends the caller's own session or token: kept for last, or the rest would prove nothing. */
  const ENDS_ITSELF = new Set([
    'POST /api/auth/sign-out',
    'POST /api/auth/sign-out-everywhere',
    'POST /api/push/forget',
  ]);
  /** Legitimately undoes the coaching under test, when its leader or coach calls it: tried at the end. */
  const ENDS_COACHING = new Set(['POST /api/coaching/end', 'POST /api/shares/revoke']);

  /** Calls every route as `who` with every seeded id; returns how many calls reached a use case. */
  async function sweep(on: Hono, who: Actor, routes: readonly Probe[], coachingEnded = false) {
    const as = people[who];
    const markers = forbidden(who, coachingEnded);
    let calls = 0;
    let reached = 0;
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (ENDS_ITSELF.has(key)) continue;
      if (ENDS_COACHING.has(key) && (who === 'OWNER' || who === 'COACH') && !coachingEnded) continue;
      const takesId =
        r.path.includes(':') || Object.keys(probeBody(r.input, 'x')).some((k) => ID_FIELDS.has(k));
      for (const id of takesId ? [...ids, 'no-such-id'] : ['no-such-id']) {
        const body = probeBody(r.input, id);
        let path = r.path.replace(/:[A-Za-z_]+/g, encodeURIComponent(id));
        if (r.method === 'GET') {
          const query = new URLSearchParams();
          for (const [k, v] of Object.entries(body)) {
            if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
              query.set(k, String(v));
          }
          if ([...query].length > 0) path += `?${query}`;
        }
        const a = await request(on, r.method, path, as, body);
        calls++;
        const what = `${who} ${r.method} ${path} ${JSON.stringify(body)}`;
        expect(a.status, `${what}: ${a.text.slice(0, 300)}`).not.toBe(500);
        expect(a.text, what).not.toMatch(markers);
        if (![400, 401, 403, 415].includes(a.status)) reached++;
      }
    }
    return { calls, reached };
  }

  it('has a policy and a description for every route it serves, and serves every route it describes', async () => {
    const doc = (await request(app, 'GET', '/api/openapi.json', undefined)).text;
    const paths = (JSON.parse(doc) as { paths: Record<string, Record<string, { 'x-access'?: string }>> })
      .paths;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const served = enumerate().map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(new Set(documented)).toEqual(new Set(served));
    const feature = new Set(
      routesOf(TEAM_FEATURES).flatMap((r) => [`POST ${r.path}`, `GET ${r.path}`, `GET ${r.filePath}`]),
    );
    const unpolicied = enumerate()
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !feature.has(key) && TEAM_ROUTES[key] === undefined);
    expect(unpolicied).toEqual([]);
    for (const [path, item] of Object.entries(paths)) {
      for (const [m, op] of Object.entries(item)) expect(op['x-access'], `${m} ${path}`).toBeTruthy();
    }
    expect(served.length).toBeGreaterThan(100);
  });

  it('draws the dashboard’s charts from the caller’s own journal', async () => {
    const res = await app.request(
      `${PUBLIC}/api/charts/ic-share.svg?from=2026-11-30&to=2026-12-06&width=600`,
      {
        headers: { cookie: `__Host-handson_session=${people.OWNER.cookie}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg/);
    expect((await app.request(`${PUBLIC}/api/charts/ic-share.svg`)).status).toBe(401);
  });

  it('shows the coach what was shared, and no one else anything of it', async () => {
    const withMe = await request(app, 'GET', '/api/shares/with-me', people.COACH);
    expect(idsIn(withMe.data)).toContain(liveShare);
    expect(idsIn(withMe.data)).not.toContain(revokedShare);
    const item = await request(app, 'GET', `/api/shares/item/${liveShare}`, people.COACH);
    expect(item.status).toBe(200);
    expect(item.text).toContain('SHARED-REFLECTION');
    expect(item.text).toContain('SHARED-COMMENT');
    for (const who of ['COACH', 'MEMBER', 'ADMIN'] as const) {
      expect((await request(app, 'GET', `/api/shares/item/${revokedShare}`, people[who])).status).toBe(404);
    }
    for (const who of ['MEMBER', 'ADMIN'] as const) {
      expect((await request(app, 'GET', `/api/shares/item/${liveShare}`, people[who])).status).toBe(404);
    }
  });

  it('holds with the application’s own scoping skipped: row-level security alone keeps the journal', async () => {
    const owner = people.OWNER.accountId;
    const pool = services.engine.pool!;
    // Requests hold a connection of their own, as the server's do (Stores.perRequest): the broken
    // Stores' queries run on it, the control's on connections from the pool.
    const second = await openEngine({
      dataDir: '.',
      databaseUrl: team.config.databaseUrl,
      pgSchema: team.config.databaseSchema,
    });
    const perRequest = onePerRequest(second.pool!, second.db);
    // Stores whose every query names the OWNER's rows — the bug of a query scoped to the wrong
    // person — on connections that tell PostgreSQL who is really asking. Each still says it is the
    // caller's, so the use cases' own check (the caller owns the journal) lets the bug through.
    const misScoped = (actor: (caller: string) => string): Stores => ({
      engine: 'postgres',
      forOwner: (caller) => ({
        ...kyselyStore(kyselyForActor(pool, actor(caller)), 'postgres', owner),
        ownerId: caller,
      }),
      perRequest,
      close: async () => {},
    });
    const broken = team.make({ stores: misScoped((caller) => caller) });
    // The control: the same mis-scoped Stores on connections naming the owner hand the owner's
    // journal to anyone — so below, it is the policies that hold, not a probe that missed.
    const open = team.make({ stores: misScoped(() => owner) });
    expect((await request(open, 'GET', '/api/reflections/list', people.MEMBER)).text).toContain(
      'PRIVATE-OWNER-REFLECTION',
    );

    const journalRoutes = enumerate().filter((r) => routesOf(TEAM_FEATURES).some((f) => f.path === r.path));
    let calls = 0;
    for (const who of ['MEMBER', 'ADMIN', 'COACH'] as const) {
      const markers = /PRIVATE-OWNER-|SHARED-|REVOKED-/;
      for (const r of journalRoutes) {
        for (const id of [...ids].slice(0, 6)) {
          const a = await request(broken, r.method, r.path, people[who], probeBody(r.input, id));
          calls++;
          // A write the policy refused fails as the bug it is (500); nothing of the owner's comes back.
          expect(a.text, `${who} ${r.method} ${r.path}`).not.toMatch(markers);
        }
      }
    }
    expect(calls).toBeGreaterThan(500);
    // The owner's journal is whole: nothing above wrote to it.
    expect((await request(app, 'GET', '/api/reflections/list', people.OWNER)).text).toContain(
      'PRIVATE-OWNER-REFLECTION',
    );
    // The broken Stores' queries did run on the requests' own connections.
    expect(second.pool!.totalCount).toBeGreaterThan(0);
    await second.destroy();
  }, 300_000);
  it('gives no one anything of anyone else’s, on any route, with any id', async () => {
    const routes = enumerate();
    let calls = 0;
    let reached = 0;
    for (const who of ['MEMBER', 'ADMIN', 'COACH'] as const) {
      const swept = await sweep(app, who, routes);
      calls += swept.calls;
      reached += swept.reached;
    }
    // The coach ends the coaching: what was shared in it is gone for them, on every route.
    expect((await post(people.COACH, '/api/coaching/end', { id: coaching })).status).toBe(200);
    expect((await request(app, 'GET', `/api/shares/item/${liveShare}`, people.COACH)).status).toBe(404);
    for (const who of ['COACH', 'MEMBER'] as const) {
      const swept = await sweep(
        app,
        who,
        routes.filter((r) => /^\/api\/(shares|coaching|events|push)/.test(r.path)),
        true,
      );
      calls += swept.calls;
    }
    // And the owner, whose own everything is, reads nothing of the others'.
    const swept = await sweep(app, 'OWNER', routes, true);
    calls += swept.calls;
    reached += swept.reached;
    // Most probes got past validation to the use case, so the ids were really looked up.
    expect(calls).toBeGreaterThan(3000);
    expect(reached / calls).toBeGreaterThan(0.5);
  }, 600_000);
});
