import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import { openEngine, openStores } from '../../store/open.js';
import { prepareForTeam } from '../../store/row-security.js';
import { createTeamApp } from './app.js';
import { type TeamConfig, teamConfig } from './config.js';
import { teamDirectory } from './directory.js';
import { eventChannel } from './events.js';
import { signInLimits } from './limits.js';
import { teamPush } from './push.js';
import { teamSharing } from './sharing.js';
import type { SoftAuthenticator } from './soft-authenticator.js';

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

/**
 * An organisation's server in this process on a fresh database, answering `app.request()` on the
 * given clock, and a browser-like caller: each call carries a jar's cookies and keeps what is set.
 */
export async function teamInProcess(publicUrl: string, clock: () => Date, key?: Uint8Array) {
  const database = await teamDatabase();
  const options = { dataDir: '.', databaseUrl: database.appUrl, pgSchema: database.schema };
  const engine = await openEngine(options);
  const stores = await openStores(options);
  const directory = teamDirectory(engine.db, clock, key);
  const app = createTeamApp({
    stores,
    directory,
    publicUrl: new URL(publicUrl),
    limits: signInLimits(engine.pool!, database.schema),
    sharing: teamSharing(engine.db, engine.pool!, eventChannel(database.schema), clock),
    push: teamPush(engine.db, clock),
    now: clock,
    log: () => {},
  });
  return {
    engine,
    directory,
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
    async close() {
      await stores.close();
      await engine.destroy();
      await database.drop();
    },
  };
}

/**
 * A describe block's organisation server (teamInProcess), made before its tests and dropped after,
 * on a clock the tests move as a person would, with a secret key so second factors can be set up.
 */
export function teamSuite(publicUrl: string) {
  let team: Awaited<ReturnType<typeof teamInProcess>> | undefined;
  let at = new Date('2026-12-01T09:00:00Z');
  const key = new Uint8Array(randomBytes(32));
  const clock = () => at;
  beforeAll(async () => {
    team = await teamInProcess(publicUrl, clock, key);
  }, 60_000);
  afterAll(async () => {
    await team?.close();
  });
  const running = () => {
    if (team === undefined)
      throw new Error('the team server is not running: use teamSuite() inside describe');
    return team;
  };
  const call = (...args: Parameters<Awaited<ReturnType<typeof teamInProcess>>['call']>) =>
    running().call(...args);
  return {
    key,
    clock,
    later(ms: number) {
      at = new Date(at.getTime() + ms);
    },
    call,
    get engine() {
      return running().engine;
    },
    get directory() {
      return running().directory;
    },
    /** Settings → Add a passkey: options from the server, the authenticator's answer back. */
    async addPasskey(jar: Jar, device: SoftAuthenticator, name = 'Work laptop', origin = publicUrl) {
      const options = await call(jar, 'POST', '/api/auth/passkeys/options');
      expect(options.status).toBe(200);
      const response = device.create(options.body.data as unknown as PublicKeyCredentialCreationOptionsJSON, {
        origin,
      });
      return call(jar, 'POST', '/api/auth/passkeys/add', { name, response });
    },
    /** The sign-in page's "Sign in with a passkey": a challenge for whoever asks. */
    async signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const options = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in/options');
      expect(options.status).toBe(200);
      return options.body.data as unknown as PublicKeyCredentialRequestOptionsJSON;
    },
    /** A new organisation whose first admin has joined; the admin's browser is signed in. */
    async organisation(name: string, email: string, password = 'correct horse battery') {
      const made = await running().directory.bootstrap(name, email);
      const jar = new Jar();
      const joined = await call(jar, 'POST', '/api/auth/accept', { token: made.token, name, password });
      expect(joined.status).toBe(200);
      return { jar, email, id: String(joined.body.data!['id']) };
    },
  };
}
