import { AppError } from '../errors.js';
import { kyselyStore } from './kysely-store.js';
import { migrate } from './migrations.js';
import { type PerRequest, perRequestWithout } from './row-security.js';
import { LOCAL_OWNER, type OpenStoreOptions, type Store } from './store.js';
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

/**
 * Many owners' journals on one connection (an organisation's server): each `forOwner` Store reads
 * and writes only that owner's rows. One Store object per owner is kept, so caches held per Store
 * (app/memo.ts) survive from one request to the next.
 */
export interface Stores {
  readonly engine: Store['engine'];
  forOwner(ownerId: string): Store;
  /**
   * Runs a request so that the owner's queries in it share one connection (PostgreSQL; see
   * row-security.ts `onePerRequest`), the owner known or found by a query on that connection.
   * Without one (SQLite), it just runs the request.
   */
  perRequest: PerRequest;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, and refuses one written by a newer version. */
export async function openStores(options: OpenStoreOptions): Promise<Stores> {
  const connection = await migrated(options);
  const stores = new Map<string, Store>();
  return {
    engine: connection.engine,
    forOwner(ownerId) {
      const id = ownerIdOf(ownerId);
      let store = stores.get(id);
      if (store === undefined) {
        // Two layers: the Store scopes every query by owner, and on PostgreSQL the connection also
        // names the owner, which the row-level security policies of a secured schema enforce.
        const db = connection.forOwner?.(id) ?? connection.db;
        store = kyselyStore(db, connection.engine, id, undefined, connection.lockWait);
        stores.set(id, store);
      }
      return store;
    },
    perRequest: (whose, work) => {
      if (connection.perRequest !== undefined) {
        return connection.perRequest(typeof whose === 'string' ? ownerIdOf(whose) : whose, work);
      }
      return perRequestWithout(connection.db, whose, work);
    },
    close: connection.destroy,
  };
}

/** The single-user store (the CLI, `handson serve`): the local owner's journal; closing it closes all. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const connection = await migrated(options);
  return kyselyStore(connection.db, connection.engine, LOCAL_OWNER, connection.destroy, connection.lockWait);
}

async function migrated(options: OpenStoreOptions): Promise<EngineConnection> {
  const connection = await openEngine(options);
  try {
    const run = () => migrate(connection.db, connection.engine);
    await (connection.lockWait ? connection.lockWait.retry(run) : run());
  } catch (e) {
    await connection.destroy().catch(() => {});
    throw asStoreProblem(e);
  }
  return connection;
}

/** An owner id is a key in every table: plain, short text, never empty. */
function ownerIdOf(id: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9._:@-]{1,200}$/.test(id)) {
    throw new AppError('invalid', 'An owner id must be 1 to 200 letters, digits or . _ : @ - characters.', {
      field: 'ownerId',
    });
  }
  return id;
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
