import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { openEngine } from '../../store/open.js';
import { prepareForTeam } from '../../store/row-security.js';
import { createTeamApp } from './app.js';
import { type TeamConfig, teamConfig } from './config.js';
import { teamDirectory } from './directory.js';
import { jobsSchemaOf } from './mail-jobs.js';
import { openTeamServices } from './start.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/** A fresh schema migrated by the owner (superuser here) and a server role to run as. */
export async function teamDatabase() {
  const schema = `handson_team_${randomBytes(5).toString('hex')}`;
  const role = `handson_app_${randomBytes(5).toString('hex')}`;
  const admin = await openEngine({ dataDir: '.', databaseUrl: PG_URL! });
  await sql`create role ${sql.id(role)} login nosuperuser nobypassrls`.execute(admin.db);
  await admin.destroy();
  await prepareForTeam({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: schema }, role);
  const url = new URL(PG_URL!);
  url.username = role;
  return {
    schema,
    appUrl: url.toString(),
    /** The server's settings for this database, people reaching it at `publicUrl`. */
    config(publicUrl: string): TeamConfig {
      return teamConfig({
        HANDSON_DATABASE_URL: url.toString(),
        HANDSON_DATABASE_SCHEMA: schema,
        HANDSON_PUBLIC_URL: publicUrl,
      });
    },
    async drop() {
      const { db, destroy } = await openEngine({ dataDir: '.', databaseUrl: PG_URL! });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
        await sql`drop schema if exists ${sql.id(jobsSchemaOf(schema))} cascade`.execute(db);
        await sql`drop owned by ${sql.id(role)}`.execute(db);
        await sql`drop role if exists ${sql.id(role)}`.execute(db);
      } finally {
        await destroy();
      }
    },
  };
}

export type Answer = {
  status: number;
  body: { data?: Record<string, unknown>; error?: { code: string; message: string } };
  /** The session token the answer set, if it set one. */
  cookie?: string;
};

export interface CallOptions {
  json?: unknown;
  cookie?: string;
  /** The Origin header: the public address unless given; null sends none. */
  origin?: string | null;
  contentType?: string;
  raw?: string;
}

/** Calls a running organisation's server over a real socket, as a browser of `publicUrl` would. */
export function teamCaller(publicUrl: string) {
  return async function call(
    server: { port: number },
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.origin !== null) headers['origin'] = options.origin ?? publicUrl;
    if (options.cookie) headers['cookie'] = `__Host-handson_session=${options.cookie}`;
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = options.raw ?? JSON.stringify(options.json ?? {});
    }
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers, body });
    const setCookie = res.headers.get('set-cookie') ?? '';
    const token = /__Host-handson_session=([^;]*)/.exec(setCookie)?.[1];
    const text = await res.text();
    return {
      status: res.status,
      body: (res.headers.get('content-type') ?? '').includes('json')
        ? (JSON.parse(text) as Answer['body'])
        : ({ text } as Answer['body']),
      ...(token ? { cookie: token } : {}),
    };
  };
}

/** A browser's cookies for this one site, as the server sets and clears them. */
export class Jar {
  readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (/Max-Age=0\b/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export type JarAnswer = {
  status: number;
  body: { data?: Record<string, unknown>; error?: { code: string; message: string; field?: string } };
};

/** Someone signed in to an in-process server: their session, and a push token of their own. */
export interface Member {
  name: string;
  accountId: string;
  cookie: string;
  pushToken: string;
}

export interface InProcessAnswer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are walked freely by tests.
  data: any;
}

/**
 * An organisation's server in this process on a fresh database (Hono's `app.request`, no socket),
 * opened as `handson server` opens it (openTeamServices), on the given clock. Two callers: `call`
 * carries a browser-like cookie jar; `request` carries a signed-in Member's session (and their push
 * token on /api/push/*), and reads an event stream for a moment (its backlog) before hanging up —
 * fast enough to call every route thousands of times.
 */
export async function teamInProcess(
  publicUrl: string,
  clock?: () => Date,
  key?: Uint8Array,
  more: Partial<TeamConfig> = {},
) {
  const database = await teamDatabase();
  const config: TeamConfig = { ...database.config(publicUrl), secretKey: key, ...more };
  const services = await openTeamServices(config, () => {}, clock);
  const tablesOwner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
  const make = (over: Partial<Parameters<typeof createTeamApp>[0]> = {}) =>
    createTeamApp({
      ...services,
      publicUrl: new URL(publicUrl),
      ...(clock === undefined ? {} : { now: clock }),
      log: () => {},
      ...over,
    }) as unknown as Hono;
  const app = make();

  async function request(
    on: Hono,
    method: 'GET' | 'POST',
    path: string,
    as: Member | undefined,
    json?: unknown,
  ): Promise<InProcessAnswer> {
    const headers: Record<string, string> = { origin: publicUrl };
    if (as !== undefined) {
      headers['cookie'] = `__Host-handson_session=${as.cookie}`;
      if (path.startsWith('/api/push/')) headers['authorization'] = `Bearer ${as.pushToken}`;
    }
    if (method === 'POST') headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const res = await on.request(`${publicUrl}${path}`, {
      method,
      headers,
      signal: controller.signal,
      ...(method === 'POST' ? { body: JSON.stringify(json ?? {}) } : {}),
    });
    let text: string;
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      // A stream never ends by itself: read what it sends at once (its backlog), then hang up.
      const reader = res.body!.getReader();
      const chunks: string[] = [];
      const decoder = new TextDecoder();
      const until = Date.now() + 300;
      while (Date.now() < until) {
        const next = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), until - Date.now())),
        ]);
        if (next === null || next.done) break;
        chunks.push(decoder.decode(next.value));
      }
      controller.abort();
      await reader.cancel().catch(() => {});
      text = chunks.join('');
    } else text = await res.text();
    let data: unknown;
    try {
      data = (JSON.parse(text) as { data?: unknown }).data;
    } catch {
      data = undefined;
    }
    return { status: res.status, text, data };
  }

  const post = (as: Member, path: string, json: unknown) => request(app, 'POST', path, as, json);

  /** Accepts an invitation link (or a bootstrap token), signs in, and gets a push token by the device flow. */
  async function join(name: string, link: string): Promise<Member> {
    const token = link.includes('#token=') ? link.split('#token=')[1]! : link;
    const res = await app.request(`${publicUrl}/api/auth/accept`, {
      method: 'POST',
      headers: { origin: publicUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ token, name, password: 'a long enough password' }),
    });
    if (res.status !== 200) throw new Error(`accept: ${res.status} ${await res.text()}`);
    const cookie = /__Host-handson_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    const accountId = ((await res.json()) as { data: { id: string } }).data.id;
    const member: Member = { name, accountId, cookie, pushToken: '' };
    const started = await post(member, '/api/device/start', { name: `${name}'s laptop` });
    await post(member, '/api/device/approve', { userCode: started.data.userCode });
    member.pushToken = (
      await post(member, '/api/device/token', { deviceCode: started.data.deviceCode })
    ).data.token;
    return member;
  }

  return {
    app,
    services,
    /** The server's settings: another instance opens on the same schema with them. */
    config,
    engine: services.engine,
    directory: services.directory,
    make,
    request,
    post,
    join,
    async call(
      jar: Jar,
      method: 'GET' | 'POST',
      path: string,
      json?: unknown,
      origin = publicUrl,
    ): Promise<JarAnswer> {
      const headers: Record<string, string> = { origin, cookie: jar.header() };
      if (method === 'POST') headers['content-type'] = 'application/json';
      const res = await app.request(path, {
        method,
        headers,
        ...(method === 'POST' ? { body: JSON.stringify(json ?? {}) } : {}),
      });
      jar.take(res);
      return { status: res.status, body: (await res.json()) as JarAnswer['body'] };
    },
    /** A new organisation and its first admin, signed in. */
    async firstAdmin(name: string, adminEmail: string, adminName = 'Admin'): Promise<Member> {
      const made = await teamDirectory(tablesOwner.db).bootstrap(name, adminEmail);
      return join(adminName, made.token);
    },
    /** The admin invites `email`, who joins as `name`. */
    async invite(admin: Member, email: string, name: string, role: 'member' | 'admin' = 'member') {
      const invited = await post(admin, '/api/org/invite', { email, role });
      return join(name, invited.data.link);
    },
    async close() {
      await services.close();
      await tablesOwner.destroy();
      await database.drop();
    },
  };
}
