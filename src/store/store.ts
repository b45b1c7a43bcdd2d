import type {
  ActionStatus,
  CheckRecord,
  Commitment,
  CommitmentStatus,
  IcSession,
  ImprovementAction,
  LocalDate,
  Profile,
  Reason,
  Reflection,
} from '../domain/types.js';

/**
 * The one persistence interface. SQLite (the embedded default) and PostgreSQL implement it
 * with the same Kysely queries and the same migrations; `store.contract.test.ts` runs one
 * suite against both.
 *
 * Every `upsert*` inserts or replaces the record with that id — the app uses it both for
 * ordinary writes and for `handson import`, which is why import is idempotent.
 * Lists are ordered deterministically (documented per method) so an export is stable.
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';

  /** Runs `fn` in one transaction: everything it writes lands, or nothing does. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  getProfile(): Promise<Profile | undefined>;
  saveProfile(profile: Profile): Promise<void>;

  /** Custom reasons only (built-ins live in the domain), ordered by id. */
  listCustomReasons(): Promise<Reason[]>;
  upsertReason(reason: Reason): Promise<void>;

  upsertCheck(check: CheckRecord): Promise<void>;
  getCheck(id: string): Promise<CheckRecord | undefined>;
  /** Newest first (by `at`, then id). `from`/`to` are inclusive local dates. */
  listChecks(filter?: { from?: LocalDate; to?: LocalDate; limit?: number }): Promise<CheckRecord[]>;

  upsertSession(session: IcSession): Promise<void>;
  getSession(id: string): Promise<IcSession | undefined>;
  /**
   * Ordered by date, then createdAt, then id. `from`/`to` are inclusive local dates.
   * `titleKey` matches sessions whose normalised title (see domain `titleKey`) is equal.
   */
  listSessions(filter?: { from?: LocalDate; to?: LocalDate; titleKey?: string }): Promise<IcSession[]>;

  /** Writes the commitment and its postponements (postponements are added, never removed). */
  upsertCommitment(commitment: Commitment): Promise<void>;
  getCommitment(id: string): Promise<Commitment | undefined>;
  /** Ordered by due date (none last), then createdAt, then id. */
  listCommitments(filter?: { status?: CommitmentStatus }): Promise<Commitment[]>;

  upsertAction(action: ImprovementAction): Promise<void>;
  getAction(id: string): Promise<ImprovementAction | undefined>;
  /** Ordered by createdAt, then id. */
  listActions(filter?: { status?: ActionStatus }): Promise<ImprovementAction[]>;

  upsertReflection(reflection: Reflection): Promise<void>;
  /** Ordered by date, then at, then id. */
  listReflections(filter?: { from?: LocalDate; to?: LocalDate }): Promise<Reflection[]>;
}

export interface OpenStoreOptions {
  /** A `postgres://` URL: use PostgreSQL. Otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder holding `handson.db` (created if missing). */
  dataDir: string;
  /** Passphrase for an encrypted SQLite store. */
  key?: string | undefined;
  /** Create an encrypted store with `key` if none exists yet (`handson init --encrypt`). */
  createEncrypted?: boolean;
  /** PostgreSQL only: the schema to use (tests give each run its own). Default `public`. */
  pgSchema?: string | undefined;
}
