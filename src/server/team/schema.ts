import { type Kysely, sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';

/**
 * The organisation's own tables — organisations, accounts, sign-in sessions, one-time links —
 * beside the journal's. They exist only on an organisation's server (PostgreSQL), so they have
 * their own numbered steps, run by `handson server migrate` after the journal's, and never touch a
 * leader's local SQLite file.
 *
 * Secrets are never stored in clear: a session or link token is kept as its SHA-256 only, a password
 * as its Argon2id hash, and an authenticator app's secret sealed under the server's key, so a dump
 * of these tables signs nobody in.
 */
interface TeamMigration {
  version: number;
  name: string;
  up(db: Kysely<Database>): Promise<void>;
}

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'organisations, accounts, sessions and one-time links',
    async up(db) {
      await sql`create table team_organisations (
        id text primary key,
        name text not null,
        require_second_factor boolean not null default false,
        created_at timestamptz not null
      )`.execute(db);
      await sql`create table team_accounts (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        email text not null,
        name text not null,
        role text not null check (role in ('admin', 'member', 'guest')),
        password_hash text not null,
        disabled_at timestamptz,
        created_at timestamptz not null
      )`.execute(db);
      // One account per address, whatever its case: "Ana@x" and "ana@x" are one person.
      await sql`create unique index team_accounts_email on team_accounts (lower(email))`.execute(db);
      await sql`create table team_sessions (
        token_hash text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
      await sql`create index team_sessions_account on team_sessions (account_id)`.execute(db);
      await sql`create table team_links (
        token_hash text primary key,
        purpose text not null check (purpose in ('invitation', 'recovery')),
        organisation_id text not null references team_organisations (id),
        email text not null,
        role text not null check (role in ('admin', 'member', 'guest')),
        created_by text references team_accounts (id),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )`.execute(db);
    },
  },
  {
    version: 2,
    name: 'sign-in rate limits, shared by every instance',
    async up(db) {
      // The shape rate-limiter-flexible's PostgreSQL store expects; made here because the server's
      // role may not create tables. Keys hold no address in clear (see limits.ts).
      await sql`create table team_rate_limits (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`.execute(db);
    },
  },
  {
    version: 3,
    name: 'second factor: authenticator-app secrets, recovery codes and half-finished sign-ins',
    async up(db) {
      // The secret is sealed with HANDSON_SECRET_KEY (second-factor.ts); recovery codes and the
      // half sign-in's token are kept as SHA-256 only. `last_used_step` makes each code single use.
      await sql`create table team_second_factors (
        account_id text primary key references team_accounts (id) on delete cascade,
        secret text not null,
        created_at timestamptz not null,
        confirmed_at timestamptz,
        last_used_step bigint
      )`.execute(db);
      await sql`create table team_recovery_codes (
        account_id text not null references team_accounts (id) on delete cascade,
        code_hash text not null,
        used_at timestamptz,
        primary key (account_id, code_hash)
      )`.execute(db);
      await sql`create table team_pending_sign_ins (
        token_hash text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        attempts integer not null default 0,
        created_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
    },
  },
];

const TEAM_TABLES = [
  'team_organisations',
  'team_accounts',
  'team_sessions',
  'team_links',
  'team_rate_limits',
  'team_second_factors',
  'team_recovery_codes',
  'team_pending_sign_ins',
] as const;

/** Applies the team steps not yet applied, in one transaction; returns their versions. */
export async function migrateTeam(db: Kysely<Database>): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('handson-team-migrations'), hashtext(current_schema()))`.execute(
      trx,
    );
    await sql`create table if not exists handson_team_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null)`.execute(trx);
    const { rows } = await sql<{ version: number }>`select version from handson_team_migrations`.execute(trx);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const latest = Math.max(...TEAM_MIGRATIONS.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      throw new AppError(
        'store-too-new',
        `This server's database was set up by a newer Hands-on (team schema v${newest}; this version knows up to v${latest}); upgrade Hands-on.`,
      );
    }
    const done: number[] = [];
    for (const m of TEAM_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await m.up(trx);
      await sql`insert into handson_team_migrations (version, name, applied_at) values (${m.version}, ${m.name}, now())`.execute(
        trx,
      );
      done.push(m.version);
    }
    return done;
  });
}

/** What the server's role may do with the team tables: read and write rows, never change tables. */
export async function grantTeamTables(db: Kysely<Database>, role: string): Promise<void> {
  for (const t of TEAM_TABLES) {
    await sql`grant select, insert, update, delete on ${sql.table(t)} to ${sql.id(role)}`.execute(db);
  }
  await sql`grant select on handson_team_migrations to ${sql.id(role)}`.execute(db);
}

/** The server refuses to start on a database whose team tables are missing or older than it. */
export async function teamSchemaReady(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    found: string | null;
  }>`select to_regclass('handson_team_migrations')::text as found`.execute(db);
  if (rows[0]?.found == null) return false;
  const applied = await sql<{ version: number }>`select version from handson_team_migrations`.execute(db);
  const have = new Set(applied.rows.map((r) => Number(r.version)));
  return TEAM_MIGRATIONS.every((m) => have.has(m.version));
}
