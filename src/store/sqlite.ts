import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { AppError } from '../errors.js';
import { makePrivateFolder } from './data-folder.js';
import { BUSY_TIMEOUT_MS, isSqliteBusy, LockBusy, LockWait, type LockWaitOptions } from './lock-wait.js';
import { sqliteBinding } from './sqlite-binding.js';
import { isEncryptedFile, sqliteFile } from './sqlite-file.js';
import type { EngineConnection, Database as Tables } from './tables.js';

export { isEncryptedFile, SQLITE_FILE, sqliteFile } from './sqlite-file.js';

export interface SqliteOptions {
  dataDir: string;
  key?: string | undefined;
  createEncrypted?: boolean | undefined;
  lockWait?: LockWaitOptions | undefined;
}

/**
 * Opens `<dataDir>/handson.db`, unlocking it first when it is encrypted. Every way this can go
 * wrong that a user can fix (no key, wrong key, folder not writable) becomes an AppError.
 */
export async function openSqlite(options: SqliteOptions): Promise<EngineConnection> {
  const key = options.key === '' ? undefined : options.key;
  if (options.createEncrypted && key === undefined) {
    throw new AppError(
      'invalid',
      'An encrypted store needs a passphrase: set HANDSON_KEY or run the command in a terminal to type one.',
    );
  }

  const file = sqliteFile(options.dataDir);
  prepareFile(options.dataDir, file);
  const encrypted = isEncryptedFile(file);
  const isNew = statSync(file).size === 0;

  if (encrypted && key === undefined) {
    throw new AppError(
      'store-locked',
      `The store in ${options.dataDir} is encrypted: set HANDSON_KEY or run the command in a terminal to type the passphrase.`,
    );
  }
  if (!encrypted && !isNew && key !== undefined) {
    throw new AppError(
      'invalid',
      `The store in ${options.dataDir} is not encrypted, yet a passphrase was given: unset HANDSON_KEY to open it (encrypting an existing store is not supported).`,
    );
  }

  const lockWait = new LockWait(options.lockWait);
  let sqlite: Database.Database;
  try {
    sqlite = new (sqliteBinding())(file);
  } catch (e) {
    throw new AppError('store-unreachable', `Could not open the store file ${file}: ${messageOf(e)}.`, {
      cause: e,
    });
  }

  try {
    // A key given for a store that does not exist yet means "create it encrypted": a passphrase
    // the user typed must never end up protecting nothing.
    if (key !== undefined) sqlite.key(Buffer.from(key, 'utf8'));
    // The first read decrypts page 1: this is where a wrong key shows up.
    try {
      sqlite.prepare('select count(*) from sqlite_master').get();
    } catch (e) {
      if (encrypted && sqliteCode(e) === 'SQLITE_NOTADB') {
        throw new AppError(
          'wrong-key',
          `The passphrase does not open the encrypted store in ${options.dataDir}; check HANDSON_KEY or type it again.`,
          { cause: e },
        );
      }
      throw e;
    }
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await switchToWal(sqlite, lockWait);
    sqlite.pragma('foreign_keys = ON');
  } catch (e) {
    sqlite.close();
    if (e instanceof AppError) throw e;
    throw new AppError('store-unreachable', `Could not open the store file ${file}: ${messageOf(e)}.`, {
      cause: e,
    });
  }

  const db = new Kysely<Tables>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, lockWait),
  });
  return { engine: 'sqlite', db, destroy: () => db.destroy(), lockWait };
}

/**
 * Kysely's driver prepares every statement it runs, and better-sqlite3 compiles SQL on each
 * prepare; the server runs the same few dozen queries over and over, and compiling them was a
 * quarter of a dashboard request. So compiled statements are kept, the least recently used
 * dropped beyond `size` (bulk inserts produce one text per chunk length). Safe because the driver
 * runs a statement to completion before the next (`all`/`run`); nothing here streams rows.
 */
function withStatementCache(sqlite: Database.Database, size = 256): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt !== undefined) {
        // Re-inserted so the map's order is least recently used first.
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/**
 * WAL is a property of the file, so this only does work the first time. That first switch needs
 * an exclusive lock and SQLite reports SQLITE_BUSY at once rather than waiting for it, which
 * happens when two processes open a brand-new store together; so wait and retry here.
 */
function switchToWal(sqlite: Database.Database, lockWait: LockWait): Promise<void> {
  return lockWait.retry(async () => {
    if (sqlite.pragma('journal_mode', { simple: true }) !== 'wal') sqlite.pragma('journal_mode = WAL');
  });
}

/** Creates the folder (0700) and an empty file (0600) before SQLite does, so both start private. */
function prepareFile(dataDir: string, file: string): void {
  try {
    makePrivateFolder(dataDir);
    if (!existsSync(file)) {
      // SQLite gives the -wal and -shm files the mode of the database file.
      closeSync(openSync(file, 'a', 0o600));
    }
  } catch (e) {
    throw new AppError('store-unreachable', `Could not create the store in ${dataDir}: ${messageOf(e)}.`, {
      cause: e,
    });
  }
}

/**
 * Kysely's SQLite driver starts transactions with a plain BEGIN, which takes the write lock only
 * at the first write; if another process wrote in between, SQLite fails at once instead of
 * waiting. BEGIN IMMEDIATE takes the lock up front. When another process holds it, the BEGIN
 * fails with LockBusy and the Store waits and begins again (lock-wait.ts) with the connection
 * released, so this process's reads go on meanwhile. A single statement outside a transaction
 * that meets the lock is retried in place.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #lockWait: LockWait;
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(config: SqliteDialectConfig, lockWait: LockWait) {
    super(config);
    this.#lockWait = lockWait;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    let outer = this.#wrapped.get(inner);
    if (outer === undefined) {
      outer = new WaitingConnection(inner, this.#lockWait);
      this.#wrapped.set(inner, outer);
    }
    return outer;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      // The wrapped connection would wait here holding the connection; go to the inner one.
      const inner = connection instanceof WaitingConnection ? connection.inner : connection;
      await inner.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (e) {
      throw isSqliteBusy(e) ? new LockBusy(e) : e;
    }
  }
}

/** A connection whose statements wait for the write lock (see ImmediateSqliteDriver). */
class WaitingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly lockWait: LockWait,
  ) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // async: the driver's statements throw synchronously, and retry() needs a rejection.
    return this.lockWait.retry(async () => this.inner.executeQuery<R>(query));
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #lockWait: LockWait;
  constructor(config: SqliteDialectConfig, lockWait: LockWait) {
    super(config);
    this.#config = config;
    this.#lockWait = lockWait;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#lockWait);
  }
}

function sqliteCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
}
