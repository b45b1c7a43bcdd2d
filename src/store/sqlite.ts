import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { Kysely } from 'kysely';
import { AppError } from '../errors.js';
import { makePrivateFolder } from './data-folder.js';
import { BUSY_TIMEOUT_MS, LockWait, type LockWaitOptions } from './lock-wait.js';
import { sqliteBinding } from './sqlite-binding.js';
import { RoutedSqliteDialect } from './sqlite-driver.js';
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

  const writer = sqlite;
  const openReader = () => {
    const reader = new (sqliteBinding())(file);
    if (key !== undefined) reader.key(Buffer.from(key, 'utf8'));
    reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // It only ever reads; this makes sure of it.
    reader.pragma('query_only = ON');
    return reader;
  };
  const db = new Kysely<Tables>({ dialect: new RoutedSqliteDialect({ writer, openReader, lockWait }) });
  return { engine: 'sqlite', db, destroy: () => db.destroy(), lockWait };
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

function sqliteCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
}
