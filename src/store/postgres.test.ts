import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { openEngine, openStore } from './open.js';
import { engines, useStore } from './test-support/engines.js';

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got: ${String(e)}`);
  }
  throw new Error('expected an AppError, but the call succeeded');
}

describe('opening PostgreSQL', () => {
  it('names the server, and not the password, when it cannot connect', async () => {
    const err = await appErrorOf(
      openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://ada:s3cret@127.0.0.1:1/handson' }),
    );
    expect(err.code).toBe('store-unreachable');
    expect(err.message).toContain('127.0.0.1:1');
    expect(err.message).toMatch(/could not connect/i);
    expect(err.message).not.toContain('s3cret');
  });

  it.each(['Mixed', 'has space', 'semi;colon', '1starts_with_digit', ''])(
    'refuses the schema name %j before connecting',
    async (pgSchema) => {
      const err = await appErrorOf(
        openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://127.0.0.1:1/x', pgSchema }),
      );
      expect(err.code).toBe('invalid');
      expect(err.field).toBe('pgSchema');
    },
  );
});

const pgCase = engines.find((e) => e.name === 'postgres');

describe.runIf(pgCase !== undefined)('PostgreSQL store', () => {
  const h = useStore(pgCase ?? engines[0]!);

  it('lets several processes open a new schema at once: one migrates, the others wait and find it done', async () => {
    const { options } = h();
    const fresh = { ...options, pgSchema: `${options.pgSchema}_race` };
    const conn = await openEngine(options);
    try {
      const stores = await Promise.all([openStore(fresh), openStore(fresh), openStore(fresh)]);
      await Promise.all(stores.map((s) => s.close()));
      const { rows } = await sql<{
        version: number;
      }>`select version from ${sql.id(fresh.pgSchema, 'handson_migrations')} order by version`.execute(
        conn.db,
      );
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await sql`drop schema if exists ${sql.id(fresh.pgSchema)} cascade`.execute(conn.db);
      await conn.destroy();
    }
  });

  it('sorts and compares every text column byte by byte, as SQLite does, whatever the database locale', async () => {
    const { options } = h();
    const conn = await openEngine(options);
    try {
      const { rows } = await sql<{ column: string; collation: string | null }>`
        select table_name || '.' || column_name as column, collation_name as collation
        from information_schema.columns
        where table_schema = ${options.pgSchema} and data_type = 'text' and table_name <> 'handson_migrations'`.execute(
        conn.db,
      );
      expect(rows.length).toBeGreaterThan(30);
      expect(rows.filter((r) => r.collation !== 'C')).toEqual([]);
    } finally {
      await conn.destroy();
    }
  });

  it('keeps the search_path when the URL carries its own server options', async () => {
    const { options } = h();
    const url = new URL(options.databaseUrl ?? '');
    url.searchParams.set('options', '-c statement_timeout=5000');
    const store = await openStore({ ...options, databaseUrl: url.toString() });
    try {
      expect(await store.listCustomReasons()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('explains, without a stack trace, when the role may not create the tables', async () => {
    const { options } = h();
    const role = `${options.pgSchema}_noddl`;
    const schema = `${options.pgSchema}_locked`;
    const conn = await openEngine(options);
    try {
      await sql`create role ${sql.id(role)} login`.execute(conn.db);
      await sql`create schema ${sql.id(schema)}`.execute(conn.db);
      await sql`grant usage on schema ${sql.id(schema)} to ${sql.id(role)}`.execute(conn.db);
      const url = new URL(options.databaseUrl ?? '');
      url.username = role;
      const err = await appErrorOf(openStore({ ...options, databaseUrl: url.toString(), pgSchema: schema }));
      expect(err.code).toBe('store-unreachable');
      expect(err.message).toContain('may not create');
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(conn.db);
      await sql`drop role if exists ${sql.id(role)}`.execute(conn.db);
      await conn.destroy();
    }
  });

  it('keeps each schema to itself', async () => {
    const { store, options } = h();
    await store.upsertReason({
      id: 'mine',
      kind: 'good',
      title: 'Mine',
      summary: 's',
      questions: [],
      signals: [],
      builtin: false,
    });
    const other = { ...options, pgSchema: `${options.pgSchema}_other` };
    const conn = await openEngine(options);
    try {
      const second = await openStore(other);
      expect(await second.listCustomReasons()).toEqual([]);
      await second.close();
    } finally {
      await sql`drop schema if exists ${sql.id(other.pgSchema)} cascade`.execute(conn.db);
      await conn.destroy();
    }
  });
});
