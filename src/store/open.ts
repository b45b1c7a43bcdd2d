import { AppError } from '../errors.js';
import { KyselyStore } from './kysely-store.js';
import { migrate } from './migrations.js';
import type { OpenStoreOptions, Store } from './store.js';
import type { EngineConnection } from './tables.js';

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the engine the options point at, without migrating. The engine modules are imported
 * lazily: the SQLite CLI never pays for loading `pg`, nor PostgreSQL for the native SQLite addon.
 */
export async function openEngine(options: OpenStoreOptions): Promise<EngineConnection> {
  if (isPostgresUrl(options.databaseUrl)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres({ databaseUrl: options.databaseUrl, pgSchema: options.pgSchema });
  }
  const { openSqlite } = await import('./sqlite.js');
  return openSqlite({
    dataDir: options.dataDir,
    key: options.key,
    createEncrypted: options.createEncrypted,
    lockWait: options.lockWait,
  });
}

/** Opens the store, brings its schema up to date, and refuses a store written by a newer version. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const connection = await openEngine(options);
  try {
    const run = () => migrate(connection.db, connection.engine);
    await (connection.lockWait ? connection.lockWait.retry(run) : run());
  } catch (e) {
    await connection.destroy().catch(() => {});
    throw asStoreProblem(e);
  }
  return new KyselyStore(connection.db, connection.engine, connection.destroy, connection.lockWait);
}

/**
 * Setting up tables fails for reasons a user can fix — a PostgreSQL role without the right to
 * create tables, a read-only or full disk — and those deserve a sentence, not a stack trace.
 * Anything else is a bug and stays as it is.
 */
function asStoreProblem(e: unknown): unknown {
  if (e instanceof AppError || !(e instanceof Error) || !('code' in e)) return e;
  const fixable: Record<string, string> = {
    '42501': 'the PostgreSQL role may not create or change tables in this schema',
    SQLITE_READONLY: 'the store file or its folder is read-only',
    SQLITE_FULL: 'the disk is full',
    SQLITE_CANTOPEN: 'the store file cannot be opened',
  };
  const why = typeof e.code === 'string' ? fixable[e.code] : undefined;
  if (why === undefined) return e;
  return new AppError('store-unreachable', `Could not set up the store's tables: ${why} (${e.message}).`, {
    cause: e,
  });
}
