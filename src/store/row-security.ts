import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryCompiler,
  sql,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.js';
import type { Database } from './tables.js';

/**
 * PostgreSQL Row-Level Security: the second layer under the Store's own owner scoping (decision
 * 0021). Every table that holds an owner's rows gets a policy that shows a connection only the rows
 * of the owner named in its `app.user_id` setting, and no rows at all when that setting is empty
 * or missing. A bug that forgets `where owner_id = …` then returns nothing foreign instead of
 * another leader's journal.
 */

/** The setting the policies read; `nullif` turns "not set" ('') into null, which matches no row. */
const ACTOR = sql`nullif(current_setting('app.user_id', true), '')`;
const POLICY = 'handson_owner_only';

/** The tables of the current schema that hold owners' rows: every one with an `owner_id` column. */
export async function ownedTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'owner_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

/**
 * Run by the role that owns the tables (`handson server migrate`), after the migrations: turns the
 * policies on — FORCE as well, so not even the tables' owner reads past them — and gives the
 * application's role the rights it needs on the schema's tables and nothing more. Safe to run
 * again: policies are replaced, grants repeated.
 */
export async function secureTables(db: Kysely<Database>, applicationRole: string): Promise<string[]> {
  const tables = await ownedTables(db);
  const role = sql.id(applicationRole);
  await db.transaction().execute(async (trx) => {
    await sql`grant usage on schema ${sql.id(await currentSchema(trx))} to ${role}`.execute(trx);
    for (const name of tables) {
      const table = sql.table(name);
      await sql`alter table ${table} enable row level security`.execute(trx);
      await sql`alter table ${table} force row level security`.execute(trx);
      await sql`drop policy if exists ${sql.id(POLICY)} on ${table}`.execute(trx);
      await sql`create policy ${sql.id(POLICY)} on ${table} using (owner_id = ${ACTOR}) with check (owner_id = ${ACTOR})`.execute(
        trx,
      );
      await sql`grant select, insert, update, delete on ${table} to ${role}`.execute(trx);
    }
    // The owners' versions: each owner sees and moves only their own.
    await sql`alter table owners enable row level security`.execute(trx);
    await sql`alter table owners force row level security`.execute(trx);
    await sql`drop policy if exists ${sql.id(POLICY)} on owners`.execute(trx);
    await sql`create policy ${sql.id(POLICY)} on owners using (id = ${ACTOR}) with check (id = ${ACTOR})`.execute(
      trx,
    );
    await sql`grant select, insert, update on owners to ${role}`.execute(trx);
    // The application reads which migrations ran (and refuses a newer schema); it never runs them.
    await sql`grant select on handson_migrations to ${role}`.execute(trx);
  });
  return tables;
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]!.schema;
}

/**
 * The organisation's server refuses to start on a role that would make the policies void: a
 * superuser or a role with BYPASSRLS reads every row regardless, and the tables' owner is the one
 * role that could turn the policies off.
 */
export async function refuseUnsafeRole(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string; superuser: boolean; bypass: boolean; owns: string | number }>`
    select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
      (select count(*) from pg_tables t where t.schemaname = current_schema() and t.tableowner = current_user) as owns
    from pg_roles r where r.rolname = current_user`.execute(db);
  const role = rows[0];
  if (role === undefined) return;
  const why = role.superuser
    ? 'is a superuser'
    : role.bypass
      ? 'can bypass row-level security (BYPASSRLS)'
      : Number(role.owns) > 0
        ? "owns the tables (run migrations with the owner's role, the server with another)"
        : undefined;
  if (why === undefined) return;
  throw new AppError(
    'invalid',
    `The PostgreSQL role "${role.name}" ${why}, so one leader's journal would not be walled off from another's. Connect the server as a role created with NOSUPERUSER NOBYPASSRLS that does not own the tables.`,
    { field: 'HANDSON_DATABASE_URL' },
  );
}

/**
 * A Kysely on the shared pool whose every connection carries `app.user_id` = this owner while it
 * is held: set when the connection is taken from the pool (so whatever a previous holder left is
 * overwritten before the first query) and cleared when it goes back. Transactions run on the held
 * connection, so they see the same owner.
 */
export function kyselyForActor(pool: pg.Pool, ownerId: string): Kysely<Database> {
  return new Kysely<Database>({ dialect: new ActorDialect(pool, ownerId) });
}

class ActorDialect extends PostgresDialect {
  readonly #ownerId: string;
  constructor(pool: pg.Pool, ownerId: string) {
    super({ pool });
    this.#ownerId = ownerId;
  }
  override createDriver(): Driver {
    return new ActorDriver(super.createDriver(), this.#ownerId);
  }
}

const setActor = (ownerId: string) =>
  CompiledQuery.raw(`select set_config('app.user_id', $1, false)`, [ownerId]);

class ActorDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly ownerId: string,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    try {
      await connection.executeQuery(setActor(this.ownerId));
    } catch (e) {
      await this.inner.releaseConnection(connection);
      throw e;
    }
    return connection;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  async savepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(c, name, compile);
  }
  async rollbackToSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(c, name, compile);
  }
  async releaseSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(c, name, compile);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // Cleared on the way back as well; should this fail, the next holder's acquire overwrites it.
    await connection.executeQuery(setActor('')).catch(() => {});
    await this.inner.releaseConnection(connection);
  }
  /** The pool is shared with the other owners' instances and ended by whoever opened it. */
  async destroy(): Promise<void> {}
}

/**
 * `handson server migrate`: run as the role that owns the tables. Brings the schema up to date,
 * then secures it for the application's role, which must exist already and must not be one the
 * policies would not hold against.
 */
export async function prepareForTeam(
  options: { databaseUrl: string; pgSchema?: string | undefined; dataDir: string },
  applicationRole: string,
): Promise<{ applied: number[]; team: number[]; tables: string[] }> {
  const { openEngine } = await import('./open.js');
  const { migrate } = await import('./migrations.js');
  const connection = await openEngine(options);
  try {
    const { rows } = await sql<{ superuser: boolean; bypass: boolean }>`
      select rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = ${applicationRole}`.execute(
      connection.db,
    );
    const role = rows[0];
    if (role === undefined) {
      throw new AppError(
        'invalid',
        `There is no PostgreSQL role "${applicationRole}". Create the server's role first, e.g. CREATE ROLE ${applicationRole} LOGIN PASSWORD '…' NOSUPERUSER NOBYPASSRLS; then run this again.`,
        { field: 'grant-to' },
      );
    }
    if (role.superuser || role.bypass) {
      throw new AppError(
        'invalid',
        `The role "${applicationRole}" ${role.superuser ? 'is a superuser' : 'has BYPASSRLS'}: row-level security would not hold for it. Give the server a role created with NOSUPERUSER NOBYPASSRLS.`,
        { field: 'grant-to' },
      );
    }
    const applied = await migrate(connection.db, connection.engine);
    const { migrateTeam, grantTeamTables } = await import('../server/team/schema.js');
    const team = await migrateTeam(connection.db);
    const tables = await secureTables(connection.db, applicationRole);
    await grantTeamTables(connection.db, applicationRole);
    const { installJobs } = await import('../server/team/mail-jobs.js');
    await installJobs(connection.db, connection.pool!, options.pgSchema, applicationRole);
    return { applied, team, tables };
  } finally {
    await connection.destroy();
  }
}
