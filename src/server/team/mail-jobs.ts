import { CompiledQuery, type Kysely, sql } from 'kysely';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';

/**
 * The organisation's job queue: pg-boss 10 (the last line that runs on Node 20), in a schema of
 * its own beside the team's (`<schema>_boss`), so its tables (`job`, `queue`, `version`, …) never
 * meet the journal's. pg-boss creates tables — for its schema and for each queue — and the server's
 * role may create nothing, so `handson server migrate` installs it as the tables' owner and grants
 * the server's role rows, not DDL; the server then starts pg-boss with `migrate: false`.
 */

/** The one queue: every email the server sends is a job here, kind in its data. */
export const MAIL_QUEUE = 'handson-mail';

export function jobsSchemaOf(teamSchema: string | undefined): string {
  return `${teamSchema ?? 'public'}_boss`;
}

/** pg-boss speaks to PostgreSQL through this one function: our pool, or a transaction of ours. */
function executor(run: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>): PgBoss.Db {
  return { executeSql: (text, values) => run(text, values ?? []) as Promise<{ rows: never[] }> };
}

export function poolExecutor(pool: pg.Pool): PgBoss.Db {
  return executor((text, values) => pool.query(text, values));
}

/** Jobs sent through this run in `db`'s transaction: they exist only if it commits. */
export function transactionExecutor(db: Kysely<Database>): PgBoss.Db {
  return executor(async (text, values) => {
    const result = await db.executeQuery(CompiledQuery.raw(text, values));
    return { rows: result.rows as unknown[] };
  });
}

/**
 * As the tables' owner: installs (or upgrades) pg-boss in its schema, makes the queue, and grants
 * `role` what pg-boss does at run time — rows in its tables, never creating or dropping one.
 * Safe to run again.
 */
export async function installJobs(
  db: Kysely<Database>,
  pool: pg.Pool,
  teamSchema: string | undefined,
  role: string,
) {
  const schema = jobsSchemaOf(teamSchema);
  const boss = new PgBoss({
    db: poolExecutor(pool),
    schema,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    if ((await boss.getQueue(MAIL_QUEUE)) === null) await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE });
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
  await sql`grant usage on schema ${sql.id(schema)} to ${sql.id(role)}`.execute(db);
  // The queue's partition was made just now: grant on every table of the schema, old and new.
  await sql`grant select, insert, update, delete on all tables in schema ${sql.id(schema)} to ${sql.id(role)}`.execute(
    db,
  );
}

export interface JobsOptions {
  pool: pg.Pool;
  teamSchema: string | undefined;
  /** How often an idle worker looks for a job (pg-boss allows no less than 0.5 s). */
  pollSeconds?: number;
}

/** pg-boss as the server's role runs it: no migrations, maintenance on (archiving, expiry). */
export async function startJobs(options: JobsOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    db: poolExecutor(options.pool),
    schema: jobsSchemaOf(options.teamSchema),
    migrate: false,
    supervise: true,
    schedule: false,
  });
  try {
    await boss.start();
  } catch (e) {
    throw new AppError(
      'invalid',
      "This database's job queue is not set up yet (or was set up by an older Hands-on): run `handson server migrate --grant-to ROLE` with the tables' owner first.",
      { cause: e },
    );
  }
  return boss;
}
