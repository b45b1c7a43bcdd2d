import type { ColumnType, Kysely } from 'kysely';
import type pg from 'pg';
import type { LockWait } from './lock-wait.js';
import type { PerRequest } from './row-security.js';

/**
 * The rows as they sit in the database, identical on SQLite and PostgreSQL: instants and local
 * dates are text (so they round-trip byte for byte), lists and objects are JSON text, flags and
 * counts are integers. `kysely-store.ts` is the only place that turns these into domain records.
 */

export interface ProfileRow {
  name: string;
  role: string;
  reports: number;
  tz: string;
  /** JSON: string[] */
  emails: string;
  budget_pct: number | null;
  weekly_hours: number;
  new_to_function_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReasonRow {
  id: string;
  kind: string;
  title: string;
  summary: string;
  /** JSON: ReasonQuestion[] */
  questions: string;
  /** JSON: string[] */
  signals: string;
  builtin: number;
}

export interface CheckRow {
  id: string;
  at: string;
  date: string;
  /** JSON: CheckInput */
  input: string;
  /** JSON: CheckResult */
  result: string;
  /** Copied out of `result` so reports can filter without parsing JSON. */
  verdict: string;
}

export interface SessionRow {
  id: string;
  date: string;
  started_at: string | null;
  minutes: number;
  title: string;
  title_key: string;
  /** JSON: string[] */
  reasons: string;
  energy_before: number | null;
  energy_after: number | null;
  /** JSON: string[] */
  gaps: string;
  notes: string | null;
  check_id: string | null;
  /** 1 when others beyond the team will see the work, else 0. Migration 5. */
  visible: number;
  created_at: string;
  updated_at: string;
  /** Moves on with every write of the session, from 1. Migration 8. */
  version: number;
}

export interface CommitmentRow {
  id: string;
  kind: string;
  title: string;
  person: string | null;
  due: string | null;
  status: string;
  created_at: string;
  closed_at: string | null;
  /** `week` or `month` for a repeating commitment, with `recurrence_every`. Migration 12. */
  recurrence_unit: string | null;
  recurrence_every: number | null;
  series_id: string | null;
  scheduled_at: string | null;
  scheduled_minutes: number | null;
  /** Moves on with every write of the commitment, from 1. Migration 10. */
  version: number;
}

export interface PostponementRow {
  id: string;
  commitment_id: string;
  at: string;
  from_due: string | null;
  to_due: string;
  why: string | null;
}

export interface ActionRow {
  id: string;
  text: string;
  session_id: string | null;
  status: string;
  created_at: string;
  done_at: string | null;
}

export interface ReflectionRow {
  id: string;
  date: string;
  at: string;
  text: string;
  /** JSON: ReflectionAnswer[] */
  answers: string;
}

// ------------------------------------------------------------------ evidence (migration 2)

export interface CalendarRow {
  name: string;
  kind: string;
  url: string | null;
  /** `user` is a reserved word in PostgreSQL. */
  user_name: string | null;
  sync_token: string | null;
  ctag: string | null;
  last_sync_at: string | null;
  created_at: string;
  /** The longest occurrence this calendar ever held (seconds): bounds window reads. Migration 4. */
  longest_seconds: ColumnType<number, number | undefined, number>;
  /** The stretch the calendar speaks for (instants). Migration 6. */
  covered_from: string | null;
  covered_to: string | null;
}

export interface OccurrenceRow {
  calendar: string;
  uid: string;
  /** '' for an occurrence that is not an instance of a recurring event: a key column cannot be NULL. */
  recurrence_id: string;
  start_at: string;
  end_at: string;
  all_day: number;
  start_date: string | null;
  end_date: string | null;
  title: string;
  location: string | null;
  organizer: string | null;
  /** JSON: CalendarAttendee[] */
  attendees: string;
  declined: number;
  cancelled: number;
  recurring: number;
  transparent: number;
}

export interface CalendarObjectRow {
  calendar: string;
  href: string;
  etag: string;
  ics: string;
}

export interface CommitRow {
  repo: string;
  sha: string;
  /** The leader's local day of `authored_at`. */
  date: string;
  authored_at: string;
  author_email: string;
  subject: string;
  added: number;
  removed: number;
  files: number;
  merge: number;
}

export interface GitStateRow {
  repo: string;
  path: string;
  /** JSON: string[] */
  heads: string;
  /** JSON: string[] */
  authors: string;
  last_import_at: string;
}

export interface TrackerItemRow {
  source: string;
  key: string;
  title: string;
  status: string;
  type: string | null;
  created_at: string;
  started_at: string | null;
  resolved_at: string | null;
  priority: string | null;
  /** JSON: string[] */
  labels: string;
  assignee: string | null;
  creator: string | null;
  url: string | null;
  critical_path: number;
}

export interface ImportRunRow {
  id: string;
  source: string;
  target: string;
  at: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** JSON: { why: string; count: number }[] */
  skipped: string;
}

export interface MigrationRow {
  version: number;
  name: string;
  applied_at: string;
}

/**
 * Every table but the migrations' and the owners' holds one column more than its row type:
 * `owner_id`, first in every key (migration 9). The Store adds it on every write and filters by it on
 * every read, so the row types (and the code turning rows into records) never see it.
 */
type Owned<Row> = Row & { owner_id: string };

export interface OwnerRow {
  id: string;
  /** Moves on with every write to the owner's records (see Store.dataVersion). */
  version: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface Database {
  handson_migrations: MigrationRow;
  owners: OwnerRow;
  profile: Owned<ProfileRow>;
  reasons: Owned<ReasonRow>;
  checks: Owned<CheckRow>;
  // Rows written by code from before migration 5 leave `visible` to its default (not visible).
  sessions: Owned<
    Omit<SessionRow, 'visible' | 'version'> & {
      visible: ColumnType<number, number | undefined, number>;
      version: ColumnType<number, number | undefined, number>;
    }
  >;
  // Rows written by code from before migration 10 leave `version` to its default (1).
  commitments: Owned<
    Omit<CommitmentRow, 'version'> & { version: ColumnType<number, number | undefined, number> }
  >;
  postponements: Owned<PostponementRow>;
  actions: Owned<ActionRow>;
  reflections: Owned<ReflectionRow>;
  calendars: Owned<CalendarRow>;
  occurrences: Owned<OccurrenceRow>;
  calendar_objects: Owned<CalendarObjectRow>;
  commits: Owned<CommitRow>;
  git_state: Owned<GitStateRow>;
  tracker_items: Owned<TrackerItemRow>;
  import_runs: Owned<ImportRunRow>;
  settings: Owned<SettingRow>;
  day_models: Owned<DayModelRow>;
  dirty_days: Owned<{ date: string }>;
  flag_reviews: Owned<FlagReviewRow>;
  people: Owned<PersonRow>;
}

export type Engine = 'sqlite' | 'postgres';

/** An open engine, before migrations: what `open.ts` turns into a Store. */
export interface EngineConnection {
  engine: Engine;
  db: Kysely<Database>;
  destroy(): Promise<void>;
  /** SQLite: how a writer waits for another process's write lock (see lock-wait.ts). */
  lockWait?: LockWait | undefined;
  /**
   * PostgreSQL: a Kysely on the same pool whose connections carry the owner for the row-level
   * security policies (row-security.ts), so a query that forgot its owner still sees only theirs.
   */
  forOwner?: ((ownerId: string) => Kysely<Database>) | undefined;
  /** PostgreSQL: runs a request with one connection for that owner's queries (row-security.ts). */
  perRequest?: PerRequest | undefined;
  /** PostgreSQL: the pool itself, for the few libraries that take one (the server's rate limits). */
  pool?: pg.Pool | undefined;
}

export interface SettingRow {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
}

export interface DayModelRow {
  date: string;
  /** JSON: DayModel */
  model: string;
  updated_at: string;
}

export interface FlagReviewRow {
  fingerprint: string;
  flag_id: string;
  status: string;
  note: string | null;
  at: string;
}

/** Migration 11. */
export interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  relation: string;
  one_on_one_every: number;
  created_at: string;
  updated_at: string;
}
