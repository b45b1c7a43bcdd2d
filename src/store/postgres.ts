import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors.js';
import { kyselyForActor, onePerRequest } from './row-security.js';
import type { EngineConnection, Database as Tables } from './tables.js';

export interface PostgresOptions {
  databaseUrl: string;
  /** Default `public`. */
  pgSchema?: string | undefined;
}

// Lowercase only: the name goes into search_path unquoted, where PostgreSQL folds case.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgres(options: PostgresOptions): Promise<EngineConnection> {
  const schema = options.pgSchema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new AppError(
      'invalid',
      `The PostgreSQL schema name "${schema}" is not usable: use lowercase letters, digits and underscores, starting with a letter or underscore.`,
      { field: 'pgSchema' },
    );
  }
  const where = describeServer(options.databaseUrl);

  const { connectionString, serverOptions } = withSearchPath(options.databaseUrl, schema);
  const pool = new pg.Pool({
    connectionString,
    options: serverOptions,
    connectionTimeoutMillis: 10_000,
    max: 5,
  });
  // An idle connection dropped by the server would otherwise crash the process with an
  // unhandled 'error' event; the next query reports the problem to the user instead.
  pool.on('error', () => {});

  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Checked before creating: CREATE SCHEMA demands the CREATE privilege even when the
    // schema exists, which an organisation's application role often lacks.
    const { rows } = await sql<{
      found: number;
    }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) {
      try {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      } catch (e) {
        // Two processes creating the schema at once: the loser's catalog insert conflicts.
        if (pgCode(e) !== '23505' && pgCode(e) !== '42P06') throw e;
      }
    }
  } catch (e) {
    await db.destroy().catch(() => {});
    if (e instanceof AppError) throw e;
    throw new AppError('store-unreachable', `Could not connect to PostgreSQL at ${where}: ${messageOf(e)}.`, {
      cause: e,
    });
  }
  // The pool of requests' own connections (row-security.ts, onePerRequest): made on first use, so
  // only a server that serves requests opens it. Its queue is where requests wait their turn, so it
  // waits longer than the ordinary pool before a request goes on without one.
  let own: pg.Pool | undefined;
  const ownPool = () => {
    if (own === undefined) {
      own = new pg.Pool({
        connectionString,
        options: serverOptions,
        connectionTimeoutMillis: 30_000,
        max: 10,
      });
      own.on('error', () => {});
    }
    return own;
  };
  let perRequest: ReturnType<typeof onePerRequest> | undefined;
  return {
    engine: 'postgres',
    db,
    destroy: async () => {
      await db.destroy();
      await own?.end();
    },
    forOwner: (ownerId) => kyselyForActor(pool, ownerId),
    perRequest: (whose, work) => {
      perRequest ??= onePerRequest(ownPool(), db);
      return perRequest(whose, work);
    },
    pool,
  };
}

/**
 * Every pooled connection gets the schema as its search_path, so the one set of unqualified
 * queries serves any schema (tests give each run its own). pg lets `?options=` in the URL win
 * over the `options` setting, so URL options are moved out and kept in front of ours.
 */
function withSearchPath(
  databaseUrl: string,
  schema: string,
): { connectionString: string; serverOptions: string } {
  const ours = `-c search_path=${schema}`;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return { connectionString: databaseUrl, serverOptions: ours };
  }
  const theirs = url.searchParams.get('options');
  if (theirs === null) return { connectionString: databaseUrl, serverOptions: ours };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), serverOptions: `${theirs} ${ours}` };
}

/** `host:port` for messages: never the whole URL, which may carry a password. */
export function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}

function pgCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return messageOf(e.errors[0]);
  const message = e instanceof Error ? e.message : String(e);
  return (message || (pgCode(e) ?? 'unknown error')).replace(/\.$/, '');
}
