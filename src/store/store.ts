import type {
  CalendarObject,
  CalendarOccurrence,
  CalendarSource,
  CommitDay,
  CommitRecord,
  GitRepoState,
  ImportCounts,
  ImportRun,
  StoredOccurrence,
  TrackerItem,
  TrackerSource,
} from '../domain/evidence/evidence.js';
import type { DayModel, FlagReview } from '../domain/insight/insight-types.js';
import type {
  ActionStatus,
  CheckRecord,
  Commitment,
  CommitmentStatus,
  IcSession,
  ImprovementAction,
  Instant,
  LocalDate,
  Person,
  Profile,
  Reason,
  Reflection,
} from '../domain/types.js';
import type { LockWaitOptions } from './lock-wait.js';

/** What every Store is: its engine, its owner, its transactions and its data version. */
export interface StoreBase {
  readonly engine: 'sqlite' | 'postgres';

  /** Whose journal this Store reads and writes: every query is limited to this owner's rows. */
  readonly ownerId: string;

  /** Runs `fn` in one transaction: everything it writes lands, or nothing does. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  close(): Promise<void>;

  /**
   * A token that changes whenever this owner's records may have changed since it was last read, by
   * this Store or by any other process; equal tokens mean nothing of theirs was written in between.
   * One tiny query, so results derived from the data can be cached under it. It names the owner, so
   * two owners' tokens never match, and other owners' writes leave it alone (decision 0017).
   */
  dataVersion(): Promise<string>;
}

/** The leader's profile: one per owner. */
export interface ProfileStore {
  getProfile(): Promise<Profile | undefined>;

  saveProfile(profile: Profile): Promise<void>;
}

/** Reasons the leader added to the built-in ones. */
export interface ReasonStore {
  /** Custom reasons only (built-ins live in the domain), ordered by id. */
  listCustomReasons(): Promise<Reason[]>;

  upsertReason(reason: Reason): Promise<void>;

  /** Removes the custom reason with exactly this id; false when there is none. */
  deleteReason(id: string): Promise<boolean>;
}

/** Checks of IC tasks, with their verdicts. */
export interface CheckStore {
  upsertCheck(check: CheckRecord): Promise<void>;

  getCheck(id: string): Promise<CheckRecord | undefined>;

  /** Newest first (by `at`, then id). `from`/`to` are inclusive local dates. */
  listChecks(filter?: { from?: LocalDate; to?: LocalDate; limit?: number }): Promise<CheckRecord[]>;

  /**
   * Removes the check with this id; false when there is none. The sessions that name it stay, no
   * longer linked to it (their version moves on): the work was done whatever the check said.
   */
  deleteCheck(id: string): Promise<boolean>;
}

/** IC sessions: the journal's time entries. */
export interface SessionStore {
  upsertSession(session: IcSession): Promise<void>;

  /**
   * Writes an edit of a stored session only if it is still at `version` (moving it on by one);
   * false when another write came first, and nothing is written.
   */
  updateSession(session: IcSession, version: number): Promise<boolean>;

  getSession(id: string): Promise<IcSession | undefined>;

  /**
   * Ordered by date, then createdAt, then id. `from`/`to` are inclusive local dates.
   * `titleKey` matches sessions whose normalised title (see domain `titleKey`) is equal.
   */
  listSessions(filter?: { from?: LocalDate; to?: LocalDate; titleKey?: string }): Promise<IcSession[]>;

  /**
   * Logged minutes and sessions per reason over [from, to] (inclusive local dates), ordered by
   * reason. A session counts toward each reason it lists. Added up by the database, so a report
   * over years reads one row per distinct list of reasons rather than every session.
   */
  reasonMix(filter: { from: LocalDate; to: LocalDate }): Promise<ReasonMinutes[]>;

  /** Removes a session; improvement actions made from its gaps stay, no longer linked to it. */
  deleteSession(id: string): Promise<void>;
}

/** Leadership commitments and their postponements. */
export interface CommitmentStore {
  /**
   * Writes the commitment and its postponements (postponements are added, never removed), moving
   * its version on when it was stored already.
   */
  upsertCommitment(commitment: Commitment): Promise<void>;

  /**
   * Writes a change of a stored commitment and its postponements (added, never removed) only if it
   * is still at `version`, moving it on by one; false when another write came first, and nothing is
   * written.
   */
  updateCommitment(commitment: Commitment, version: number): Promise<boolean>;

  getCommitment(id: string): Promise<Commitment | undefined>;

  /** Ordered by due date (none last), then createdAt, then id. */
  listCommitments(filter?: { status?: CommitmentStatus }): Promise<Commitment[]>;
}

/** Improvement actions made from gaps. */
export interface ActionStore {
  upsertAction(action: ImprovementAction): Promise<void>;

  getAction(id: string): Promise<ImprovementAction | undefined>;

  /** Ordered by createdAt, then id. */
  /** Oldest first; `sessionIds`: only the actions that came from these sessions. */
  listActions(filter?: {
    status?: ActionStatus;
    sessionIds?: readonly string[];
  }): Promise<ImprovementAction[]>;
}

/** Weekly reflections. */
export interface ReflectionStore {
  upsertReflection(reflection: Reflection): Promise<void>;

  getReflection(id: string): Promise<Reflection | undefined>;

  /** Ordered by date, then at, then id. */
  listReflections(filter?: { from?: LocalDate; to?: LocalDate }): Promise<Reflection[]>;

  /** Removes the reflection with this id; false when there is none. */
  deleteReflection(id: string): Promise<boolean>;
}

/** Calendars and the raw CalDAV objects they were read from. */
export interface CalendarStore {
  upsertCalendar(calendar: CalendarSource): Promise<void>;

  getCalendar(name: string): Promise<CalendarSource | undefined>;

  /** Ordered by name. */
  listCalendars(): Promise<CalendarSource[]>;

  /** Raw CalDAV objects of a calendar, ordered by href. */
  listCalendarObjects(calendar: string): Promise<CalendarObject[]>;

  upsertCalendarObjects(objects: CalendarObject[]): Promise<void>;

  deleteCalendarObjects(calendar: string, hrefs: string[]): Promise<void>;
}

/** Calendar events, one row per occurrence. */
export interface OccurrenceStore {
  /**
   * Makes the stored occurrences of `calendar` whose start lies in [from, to) exactly
   * `occurrences`, matched by uid + recurrenceId: new ones are added, changed ones updated, the
   * rest of that window removed. Occurrences of the calendar outside the window are untouched,
   * as are other calendars. Counts say what happened (`skipped` is left empty for the caller).
   */
  replaceOccurrences(
    calendar: string,
    window: { from: Instant; to: Instant },
    occurrences: CalendarOccurrence[],
  ): Promise<ImportCounts>;

  /**
   * Adds the occurrences of `calendar` not stored yet and updates the stored ones that differ,
   * matched by uid + recurrenceId. Unlike `replaceOccurrences` nothing is removed: a backup brought
   * in must not drop events the store learnt since. `changed` holds where each added or updated
   * occurrence lies (an updated one also where it lay before), so the caller can mark those days.
   */
  upsertOccurrences(
    calendar: string,
    occurrences: CalendarOccurrence[],
  ): Promise<ImportCounts & { changed: { start: Instant; end: Instant }[] }>;

  /** Occurrences overlapping [from, to), ordered by start, then calendar, uid, recurrenceId. */
  listOccurrences(filter: { from: Instant; to: Instant; calendar?: string }): Promise<StoredOccurrence[]>;
}

/** Commits read from git repositories. */
export interface CommitStore {
  /** Adds the commits not stored yet (matched by repo + sha); the others are left as they are. */
  insertCommits(commits: CommitRecord[]): Promise<{ added: number; unchanged: number }>;

  /**
   * Gives every commit the local day of its `authoredAt` in `tz` (after the leader's time zone
   * changed: the day was fixed at import). Returns how many moved to another day.
   */
  relocateCommitDays(tz: string): Promise<number>;

  /** Ordered by authoredAt, then repo, then sha. `from`/`to` are inclusive local dates. */
  listCommits(filter?: { from?: LocalDate; to?: LocalDate; repo?: string }): Promise<CommitRecord[]>;

  /** Per local day and repository (merges included), ordered by date then repo. */
  listCommitDays(filter?: { from?: LocalDate; to?: LocalDate; repo?: string }): Promise<CommitDay[]>;
}

/** Where each repository's last import stopped. */
export interface GitStateStore {
  getGitState(repo: string): Promise<GitRepoState | undefined>;

  /** Ordered by repo. */
  listGitStates(): Promise<GitRepoState[]>;

  saveGitState(state: GitRepoState): Promise<void>;
}

/** Issue-tracker items. */
export interface TrackerStore {
  /** Inserts or replaces items by source + key; counts added / updated / unchanged. */
  upsertTrackerItems(items: TrackerItem[]): Promise<ImportCounts>;

  /** Ordered by source, then createdAt, then key. */
  listTrackerItems(filter?: { source?: TrackerSource }): Promise<TrackerItem[]>;
}

/** The log of imports. */
export interface ImportRunStore {
  addImportRun(run: ImportRun): Promise<void>;

  /** `addImportRun` for many at once: runs whose id is stored already are left as they are. */
  addImportRuns(runs: ImportRun[]): Promise<{ added: number; unchanged: number }>;

  /** Newest first. */
  listImportRuns(filter?: { limit?: number }): Promise<ImportRun[]>;
}

/** Derived day models and the days to recompute: a cache of the records, never the truth. */
export interface DayModelStore {
  /** Notes that these days' evidence changed; their day models are recomputed on the next refresh. */
  markDirtyDays(dates: LocalDate[]): Promise<void>;

  /** Returns the days marked dirty (ordered) and clears the marks, in one transaction. */
  takeDirtyDays(): Promise<LocalDate[]>;

  /** Inserts or replaces the model of each day. */
  saveDayModels(models: DayModel[], at: Instant): Promise<void>;

  /** Ordered by date; `from`/`to` inclusive. */
  listDayModels(filter?: { from?: LocalDate; to?: LocalDate }): Promise<DayModel[]>;

  /** The first day of logged sessions and of commits (a calendar's first day is its coverage). */
  earliestEvidence(): Promise<{ session?: LocalDate; commit?: LocalDate }>;

  clearDayModels(): Promise<void>;
}

/** What the leader said about each flag. */
export interface FlagReviewStore {
  /** Inserts or replaces the review of the flag with this fingerprint. */
  saveFlagReview(review: FlagReview): Promise<void>;

  /** Ordered by `at`, then fingerprint. */
  listFlagReviews(): Promise<FlagReview[]>;
}

/** The people the leader holds 1:1s with. */
export interface PersonStore {
  /** Ordered by name, then id. */
  listPeople(): Promise<Person[]>;

  /** Inserts or replaces the person with this id. */
  upsertPerson(person: Person): Promise<void>;

  /** Removes the person with this id; false when there is none. */
  deletePerson(id: string): Promise<boolean>;
}

/** Small JSON documents the leader edits as a whole. */
export interface SettingStore {
  /** A small JSON document stored under `key` (e.g. `classification-rules`), or undefined. */
  getSetting(key: string): Promise<unknown>;

  putSetting(key: string, value: unknown, at: Instant): Promise<void>;
}

/**
 * The one persistence interface, made of one small interface per record kind (above), each
 * implemented in its own file (journal/*, evidence/*, insight/*, settings.ts) so a use case can
 * name just the kinds it needs. SQLite (the embedded default) and PostgreSQL run the same Kysely
 * queries and migrations; the contract tests run one suite against both, and
 * `owners.contract.test.ts` checks every member with two owners in one database.
 *
 * Every `upsert*` inserts or replaces the record with that id — the app uses it both for
 * ordinary writes and for `handson import`, which is why import is idempotent.
 * Lists are ordered deterministically (documented per method) so an export is stable.
 */
export interface Store
  extends StoreBase,
    ProfileStore,
    ReasonStore,
    CheckStore,
    SessionStore,
    CommitmentStore,
    ActionStore,
    ReflectionStore,
    CalendarStore,
    OccurrenceStore,
    CommitStore,
    GitStateStore,
    TrackerStore,
    ImportRunStore,
    DayModelStore,
    FlagReviewStore,
    PersonStore,
    SettingStore {}

/** The owner of a single-user store (the CLI, `handson serve`): every row it ever wrote is theirs. */
export const LOCAL_OWNER = 'local';

/** Logged IC time with one reason (see `Store.reasonMix`). */
export interface ReasonMinutes {
  reason: string;
  minutes: number;
  sessions: number;
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
  /** SQLite only: how long to wait for another process's write lock, and who to tell meanwhile. */
  lockWait?: LockWaitOptions | undefined;
}
