import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openEngine } from '../../store/open.js';
import { prepareForTeam } from '../../store/row-security.js';
import { type TeamConfig, teamConfig } from './config.js';

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
