import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryCompiler,
  type QueryResult,
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
 * connection, so they see the same owner. Inside `onePerRequest`, one connection serves the
 * owner's queries for the whole request (below).
 */
export function kyselyForActor(pool: pg.Pool, ownerId: string): Kysely<Database> {
  return new Kysely<Database>({ dialect: new ActorDialect(pool, ownerId) });
}

/**
 * One connection per request for the signed-in person's journal. Taking a connection from the pool
 * costs two extra round trips to PostgreSQL (naming the owner, then clearing it); per query, that
 * was two thirds of the round trips a dashboard read made, and on a loaded server most of its time.
 *
 * The connection comes from a pool of its own, taken as the request starts, before it holds any
 * other: a request may then wait for the ordinary pool while holding it, but nothing that holds an
 * ordinary connection ever waits for this pool, so the two cannot deadlock. Its queue also bounds
 * how many requests work on journals at once; the others wait their turn holding nothing. Should a
 * turn not come within the pool's time-out, the request runs as it would without one.
 *
 * The request's queries share the connection; node-pg runs them one after another on it, as
 * PostgreSQL would on any one connection. A transaction needs the connection to itself: it takes
 * it once the queries already on it are done, and while it runs, other queries (and a second
 * transaction) take connections of their own from the ordinary pool. Nothing waits on a
 * transaction, so this cannot deadlock with code that queries outside one.
 *
 * Kysely gets a Lease from every acquire, never the connection itself, so that a lease can still
 * move to a connection of its own when its transaction begins.
 */
interface Held {
  readonly connection: DatabaseConnection;
  giveBack(): Promise<void>;
  /** Leases on it now. */
  users: number;
  /** The lease whose transaction has it. */
  transaction?: Lease;
  /** Wakes that transaction once the queries before it are done. */
  drained?: (() => void) | undefined;
  /** The last query sent on it: the next waits for it (node-pg will stop queueing them itself). */
  tail: Promise<unknown>;
}

interface RequestScope {
  readonly ownerId: string;
  readonly held: Held;
  /** Whether a Kysely on this pool may use the held connection: one to the same database, as the same role. */
  serves(pool: pg.Pool): boolean;
  ended: boolean;
  /** The owner's data version as the request's first statement read it, until it may have moved. */
  version: string | undefined;
}

/** What decides where a pool's connections go and as whom: its address, role and server options. */
const destination = (pool: pg.Pool): string => {
  const o = pool.options as pg.PoolConfig;
  return JSON.stringify([o.connectionString, o.options, o.host, o.port, o.user, o.database]);
};

const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Whose request it is: an owner the caller already knows, or a query that finds them — the
 * organisation's server's session check, whose row's `ownerColumn` is the signed-in account. The
 * query then also names that owner on the request's connection, in the same round trip.
 */
export type Whose = string | { readonly query: CompiledQuery; readonly ownerColumn: string };

/**
 * `(whose, request) => …`: runs the request with one connection for that owner's queries. The
 * request is handed the row the query found (undefined when it found none, or for a known owner).
 */
export type PerRequest = <T>(
  whose: Whose,
  work: (found: Record<string, unknown> | undefined) => Promise<T>,
) => Promise<T>;

/**
 * The finding query, wrapped so that the same statement names whoever it found — or no one, when it
 * found no row: a connection is never left naming the previous request's owner. The query must
 * find at most one row.
 */
function findingAndNaming(whose: Exclude<Whose, string>): CompiledQuery {
  let byText = wrapped.get(whose.ownerColumn);
  if (byText === undefined) {
    byText = new Map();
    wrapped.set(whose.ownerColumn, byText);
  }
  let text = byText.get(whose.query.sql);
  if (text === undefined) {
    text = namingText(whose);
    if (byText.size < MOST_STATEMENTS) byText.set(whose.query.sql, text);
  }
  return CompiledQuery.raw(text, [...whose.query.parameters]);
}

/**
 * Wrapped texts by owner column and finding query. The same string each time: a finding query
 * compiled once (the session check) is then wrapped, and its statement named, without hashing its
 * text again on every request.
 */
const wrapped = new Map<string, Map<string, string>>();

function namingText(whose: Exclude<Whose, string>): string {
  if (!/^[a-z_]+$/.test(whose.ownerColumn)) throw new Error(`not a column name: ${whose.ownerColumn}`);
  // The owner's data version comes in the same round trip (see `knownVersion`). The subquery names
  // the owner first (set_config is volatile, so PostgreSQL keeps it a subquery evaluated before the
  // outer row); and should it ever read before the naming, the owners' policy would show it no row
  // (the id asked for is not the one named), never another owner's: the version is then read as
  // usual.
  return `select (select o.version from owners o where o.id = named.handson_actor) as handson_version, named.*
     from (select set_config('app.user_id', coalesce(found.${whose.ownerColumn}::text, ''), false) as handson_actor, found.*
       from (select 1) as one left join (${whose.query.sql}) as found on true) as named`;
}

/**
 * The data version of `ownerId` as the request's first statement read it, while nothing since in
 * the request can have moved it: the request has begun no transaction for that owner (every write
 * of an owner's records is one, Scope.write). Undefined otherwise: the caller reads it again. A
 * version read at the start of the request is read before anything the request reads, which is
 * all a cache key needs (app/memo.ts).
 */
export function knownVersion(ownerId: string): string | undefined {
  const scope = requestScope.getStore();
  if (scope === undefined || scope.ended || scope.ownerId !== ownerId) return undefined;
  return scope.version;
}

/**
 * A request with no connection of its own (SQLite, or none came in time): a known owner's request
 * just runs; a finding query runs on `db` and its row is handed to the request.
 */
export async function perRequestWithout<T>(
  db: Kysely<Database>,
  whose: Whose,
  work: (found: Record<string, unknown> | undefined) => Promise<T>,
): Promise<T> {
  if (typeof whose === 'string') return work(undefined);
  const { rows } = await db.executeQuery<Record<string, unknown>>(whose.query);
  return work(rows[0]);
}

/**
 * @param own the pool only this function takes connections from.
 * @param ordinary where a finding query runs when no connection of `own` came in time.
 */
export function onePerRequest(own: pg.Pool, ordinary?: Kysely<Database>): PerRequest {
  // Every Kysely of the server that names an owner (the journal's, sharing's, proposals') may use the
  // request's connection, as long as its pool reaches the same database as the same role.
  const ours = destination(own);
  const same = new WeakMap<pg.Pool, boolean>();
  const serves = (pool: pg.Pool) => {
    let yes = same.get(pool);
    if (yes === undefined) {
      yes = destination(pool) === ours;
      same.set(pool, yes);
    }
    return yes;
  };
  /** Without a connection of its own, the request runs as it would without this (per query). */
  const without: PerRequest = (whose, work) => {
    if (typeof whose !== 'string' && ordinary === undefined)
      throw new Error('a finding query needs the ordinary pool to fall back on');
    return perRequestWithout(ordinary!, whose, work);
  };
  return async (whose, work) => {
    let connection: ClientConnection | undefined;
    let ownerId: string | undefined;
    let found: Record<string, unknown> | undefined;
    let version: string | undefined;
    try {
      connection = new ClientConnection(await own.connect());
      if (typeof whose === 'string') {
        await connection.executeQuery(setActor(whose));
        ownerId = whose;
      } else {
        const { rows } = await connection.executeQuery<Record<string, unknown>>(findingAndNaming(whose));
        const named = rows[0]?.['handson_actor'];
        if (typeof named === 'string' && named !== '') {
          ownerId = named;
          const { handson_actor: _, handson_version: v, ...row } = rows[0]!;
          found = row;
          if (v !== null && v !== undefined) version = `${named}:${v}`;
        }
      }
    } catch {
      connection?.giveBack(true);
      return without(whose, work);
    }
    const taken = connection;
    // No one found: nothing of the request needs the connection (it names no one now).
    if (ownerId === undefined) {
      taken.giveBack();
      return work(undefined);
    }
    const held: Held = {
      connection: taken,
      users: 0,
      tail: Promise.resolve(),
      // Not cleared on the way back, unlike the ordinary pool's: only this function takes
      // connections from `own`, and it names the owner (or no one) before anything else runs on one.
      giveBack: async () => taken.giveBack(),
    };
    const scope: RequestScope = { ownerId, held, serves, ended: false, version };
    try {
      return await requestScope.run(scope, () => work(found));
    } finally {
      scope.ended = true;
      // A query the request did not wait for gives it back when it is done (ActorDriver.#leave).
      if (held.users === 0) void held.giveBack();
    }
  };
}

/**
 * Statement names by text: the same statement has the same name on every connection. Bounded: a
 * statement whose text varies (a list of ids inlined) would otherwise be kept on every connection
 * forever; past the bound, new texts run unprepared.
 */
const statementNames = new Map<string, string>();
const MOST_STATEMENTS = 200;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MOST_STATEMENTS) {
    name = `handson_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A connection of the requests' own pool, as Kysely uses one (the same answers as its
 * PostgresConnection), whose statements with parameters are prepared: parsed and planned once on
 * the connection instead of on every request. Every request runs the same few statements — the
 * session check first — and planning was most of PostgreSQL's work (measured with pgbench on the
 * session check: 7,210 statements a second planned each time, 50,960 prepared). Statements
 * without parameters (begin, commit) run as they are.
 */
class ClientConnection implements DatabaseConnection {
  #broken = false;
  constructor(private readonly client: pg.PoolClient) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const values = [...query.parameters];
    const name = values.length > 0 ? statementName(query.sql) : undefined;
    const result = await this.#run(() =>
      name === undefined
        ? this.client.query(query.sql, values)
        : this.client.query({ name, text: query.sql, values }),
    );
    return shaped<R>(result);
  }
  // biome-ignore lint/correctness/useYield: Kysely's own connection refuses streams without a cursor too.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not offered on a request’s connection');
  }
  /** A failure that is not PostgreSQL's answer (no SQLSTATE) may have left the connection unusable. */
  async #run(send: () => Promise<pg.QueryResult>): Promise<pg.QueryResult> {
    try {
      return await send();
    } catch (e) {
      if (
        !(e instanceof Error) ||
        !('code' in e) ||
        typeof e.code !== 'string' ||
        !/^[0-9A-Z]{5}$/.test(e.code)
      )
        this.#broken = true;
      throw e;
    }
  }
  /** Destroyed, not pooled, when given back. */
  broken(): void {
    this.#broken = true;
  }
  giveBack(broken = false): void {
    this.client.release(broken || this.#broken ? true : undefined);
  }
}

/** node-pg's result as Kysely's PostgresConnection gives it. */
function shaped<R>(result: pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command }] as R[] };
  return {
    numAffectedRows:
      command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
        ? BigInt(rowCount ?? 0)
        : undefined,
    rows: (rows ?? []) as R[],
  };
}

class Lease implements DatabaseConnection {
  constructor(
    public target: DatabaseConnection,
    /** The request's connection this lease is on; undefined for one taken from the pool for it alone. */
    public held: Held | undefined,
    public readonly scope: RequestScope | undefined,
  ) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const held = this.held;
    if (held === undefined) return this.target.executeQuery(query);
    const target = this.target;
    const result = held.tail.then(() => target.executeQuery<R>(query));
    held.tail = result.catch(() => {});
    return result;
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.target.streamQuery(query, chunkSize);
  }
}

class ActorDialect extends PostgresDialect {
  readonly #ownerId: string;
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool, ownerId: string) {
    super({ pool });
    this.#pool = pool;
    this.#ownerId = ownerId;
  }
  override createDriver(): Driver {
    return new ActorDriver(super.createDriver(), this.#pool, this.#ownerId);
  }
}

const ROLLBACK = CompiledQuery.raw('rollback');

const setActor = (ownerId: string) =>
  CompiledQuery.raw(`select set_config('app.user_id', $1, false)`, [ownerId]);

const leaseOf = (c: DatabaseConnection): Lease => {
  if (!(c instanceof Lease)) throw new Error('a connection this driver did not lend');
  return c;
};

class ActorDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly pool: pg.Pool,
    private readonly ownerId: string,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  /** A connection from the pool, naming this owner until it goes back. */
  async #fresh(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    try {
      await connection.executeQuery(setActor(this.ownerId));
    } catch (e) {
      await this.inner.releaseConnection(connection);
      throw e;
    }
    return connection;
  }
  async #giveBack(connection: DatabaseConnection): Promise<void> {
    // Cleared on the way back as well; should this fail, the next holder's acquire overwrites it.
    await connection.executeQuery(setActor('')).catch(() => {});
    await this.inner.releaseConnection(connection);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = requestScope.getStore();
    const held =
      scope?.ended === false && scope.ownerId === this.ownerId && scope.serves(this.pool)
        ? scope.held
        : undefined;
    if (held === undefined || held.transaction !== undefined) {
      return new Lease(await this.#fresh(), undefined, scope);
    }
    held.users++;
    return new Lease(held.connection, held, scope);
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const lease = leaseOf(c);
    // A write of this owner's records may follow: the version read at the start no longer holds.
    const scope = requestScope.getStore();
    if (scope?.ownerId === this.ownerId) scope.version = undefined;
    const held = lease.held;
    if (held !== undefined) {
      if (held.transaction === undefined) {
        held.transaction = lease;
        while (held.users > 1) await new Promise<void>((wake) => (held.drained = wake));
      } else {
        // Another transaction has the request's connection: this one takes its own.
        lease.target = await this.#fresh();
        lease.held = undefined;
        await this.#leave(held, lease.scope);
      }
    }
    try {
      await this.inner.beginTransaction(lease.target, settings);
    } catch (e) {
      this.#ended(lease);
      throw e;
    }
  }
  /** The transaction on `lease` is over: the request's connection is for sharing again. */
  #ended(lease: Lease): void {
    if (lease.held?.transaction === lease) lease.held.transaction = undefined;
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    const lease = leaseOf(c);
    try {
      await this.inner.commitTransaction(lease.target);
    } finally {
      this.#ended(lease);
    }
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const lease = leaseOf(c);
    try {
      // The request's connection is not Kysely's own: it is rolled back here, and a failed
      // rollback marks it broken (ClientConnection) so that it is not given to another request.
      if (lease.target instanceof ClientConnection) {
        const target = lease.target;
        await target.executeQuery(ROLLBACK).catch((e) => {
          target.broken();
          throw e;
        });
      } else await this.inner.rollbackTransaction(lease.target);
    } finally {
      this.#ended(lease);
    }
  }
  async savepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(leaseOf(c).target, name, compile);
  }
  async rollbackToSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(leaseOf(c).target, name, compile);
  }
  async releaseSavepoint(
    c: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(leaseOf(c).target, name, compile);
  }
  /** A lease on the request's connection is done; the last one after the request ended gives it back. */
  #leave(held: Held, scope: RequestScope | undefined): Promise<void> | undefined {
    held.users--;
    if (held.users <= 1 && held.drained !== undefined) {
      held.drained();
      held.drained = undefined;
    }
    if (held.users > 0) return undefined;
    return scope === undefined || scope.ended ? held.giveBack() : undefined;
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const lease = leaseOf(c);
    const held = lease.held;
    if (held === undefined) return this.#giveBack(lease.target);
    this.#ended(lease);
    await this.#leave(held, lease.scope);
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
