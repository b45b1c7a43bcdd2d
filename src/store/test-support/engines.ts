/**
 * Real stores for tests, one fresh store per `open()`: SQLite always, PostgreSQL when
 * HANDSON_TEST_PG_URL is set. Use it as
 *
 *   describe.each(engines)('%s', (engine) => {   // toString() gives the bare name; '$name' would quote it
 *     const h = useStore(engine);
 *     it('...', async () => { await h().store.saveProfile(...) });
 *   });
 *
 * If HANDSON_TEST_PG_URL is set but the server cannot be reached, `open()` throws and the tests
 * fail: a PostgreSQL run that silently tested nothing would be worse than a red one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach } from 'vitest';
import { openEngine, openStore } from '../open.js';
import { secureTables } from '../row-security.js';
import type { OpenStoreOptions, Store } from '../store.js';

export interface StoreHandle {
  store: Store;
  /** What the store was opened with: pass it (or a variation) to `openStore` to reopen it. */
  options: OpenStoreOptions;
  /** A temp folder owned by this handle (the SQLite file lives here; PostgreSQL runs get one too). */
  dataDir: string;
  databaseUrl?: string;
  pgSchema?: string;
  /** Closes the store (if still open), removes the folder and drops the PostgreSQL schema. */
  cleanup(): Promise<void>;
}

export interface EngineCase {
  name: 'sqlite' | 'postgres';
  open(): Promise<StoreHandle>;
  toString(): string;
}

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'handson-store-'));
}

/** Opens the store, removing the folder again if that fails (the failure still fails the test). */
async function openIn(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  try {
    return await openStore(options);
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}

const sqliteCase: EngineCase = {
  name: 'sqlite',
  toString: () => 'sqlite',
  async open() {
    const dataDir = await freshDir();
    const options: OpenStoreOptions = { dataDir };
    const store = await openIn(dataDir, options);
    return {
      store,
      options,
      dataDir,
      async cleanup() {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

function postgresCase(databaseUrl: string): EngineCase {
  return {
    name: 'postgres',
    toString: () => 'postgres',
    async open() {
      const dataDir = await freshDir();
      const pgSchema = `handson_test_${randomBytes(6).toString('hex')}`;
      const options: OpenStoreOptions = { dataDir, databaseUrl, pgSchema };
      const store = await openIn(dataDir, options);
      return {
        store,
        options,
        dataDir,
        databaseUrl,
        pgSchema,
        async cleanup() {
          await store.close();
          const { db, destroy } = await openEngine(options);
          try {
            await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(db);
          } finally {
            await destroy();
          }
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const engines: EngineCase[] = PG_URL ? [sqliteCase, postgresCase(PG_URL)] : [sqliteCase];

/**
 * PostgreSQL as an organisation's server runs it: the schema migrated and secured by the tables'
 * owner (`secureTables`), and the handle's `options` connecting as a fresh application role
 * (NOSUPERUSER NOBYPASSRLS, not the owner), so row-level security applies to every query made with
 * them. The handle's `store` is the owner's, for set-up and cleanup. Empty without PostgreSQL.
 */
export const securedPostgres: EngineCase[] = PG_URL ? [securedPostgresCase(PG_URL)] : [];

function securedPostgresCase(databaseUrl: string): EngineCase {
  const plain = postgresCase(databaseUrl);
  return {
    name: 'postgres',
    toString: () => 'postgres with row-level security',
    async open() {
      const handle = await plain.open();
      const role = `handson_app_${randomBytes(6).toString('hex')}`;
      const { db, destroy } = await openEngine(handle.options);
      try {
        await sql`create role ${sql.id(role)} login nosuperuser nobypassrls`.execute(db);
        await secureTables(db, role);
      } finally {
        await destroy();
      }
      const url = new URL(databaseUrl);
      url.username = role;
      url.password = '';
      return {
        ...handle,
        options: { ...handle.options, databaseUrl: url.toString() },
        databaseUrl: url.toString(),
        async cleanup() {
          await handle.cleanup();
          const { db, destroy } = await openEngine({ ...handle.options, pgSchema: 'public' });
          try {
            await sql`drop owned by ${sql.id(role)}`.execute(db);
            await sql`drop role if exists ${sql.id(role)}`.execute(db);
          } finally {
            await destroy();
          }
        },
      };
    },
  };
}

/** Registers beforeEach/afterEach for a fresh store per test; call the result inside a test. */
export function useStore(engine: EngineCase): () => StoreHandle {
  let handle: StoreHandle | undefined;
  beforeEach(async () => {
    handle = await engine.open();
  });
  afterEach(async () => {
    const h = handle;
    handle = undefined;
    await h?.cleanup();
  });
  return () => {
    if (handle === undefined) throw new Error('useStore(engine) gives a store only inside a test.');
    return handle;
  };
}
