import { type Kysely, sql } from 'kysely';
import { calendarRecords } from './evidence/calendars.js';
import { commitRecords } from './evidence/commits.js';
import { gitStateRecords } from './evidence/git-state.js';
import { importRunRecords } from './evidence/import-runs.js';
import { occurrenceRecords } from './evidence/occurrences.js';
import { trackerRecords } from './evidence/tracker.js';
import { dayModelRecords } from './insight/days.js';
import { flagReviewRecords } from './insight/flag-reviews.js';
import { actionRecords } from './journal/actions.js';
import { checkRecords } from './journal/checks.js';
import { commitmentRecords } from './journal/commitments.js';
import { personRecords } from './journal/people.js';
import { profileRecords } from './journal/profile.js';
import { reasonRecords } from './journal/reasons.js';
import { reflectionRecords } from './journal/reflections.js';
import { sessionRecords } from './journal/sessions.js';
import type { LockWait } from './lock-wait.js';
import { knownVersion } from './row-security.js';
import { bind, type Scope } from './scope.js';
import { settingRecords } from './settings.js';
import type {
  ActionStore,
  CalendarStore,
  CheckStore,
  CommitmentStore,
  CommitStore,
  DayModelStore,
  FlagReviewStore,
  GitStateStore,
  ImportRunStore,
  OccurrenceStore,
  PersonStore,
  ProfileStore,
  ReasonStore,
  ReflectionStore,
  SessionStore,
  SettingStore,
  Store,
  TrackerStore,
} from './store.js';
import type { Database, Engine } from './tables.js';

/**
 * The one Store implementation: both engines run exactly these queries, kept by record kind in
 * journal/*, evidence/*, insight/* and settings.ts. A Store is made for one owner; one made for a
 * transaction carries the transaction's Kysely and reuses it for nested `transaction` calls.
 *
 * `close` is absent for a Store bound to a transaction (the transaction ends it) and for one of
 * many owners' Stores on one connection (`Stores.close` ends them all).
 */
export function kyselyStore(
  db: Kysely<Database>,
  engine: Engine,
  ownerId: string,
  close?: () => Promise<void>,
  lockWait?: LockWait,
): Store {
  // In a transaction's Store: the owner's version was moved on already (once per transaction is enough).
  let versionMoved = false;
  let closed = false;

  // Inside `fn`, use `tx` only: on SQLite the outer Store waits for the one connection that the
  // transaction holds, so calling it from inside `fn` would wait forever.
  function transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (db.isTransaction) return fn(store);
    const run = () => db.transaction().execute((trx) => fn(kyselyStore(trx, engine, ownerId)));
    // SQLite: a BEGIN that found another process writing failed before `fn` ran, so the whole
    // transaction is begun again once the lock is free (lock-wait.ts).
    return lockWait ? lockWait.retry(run) : run();
  }

  const scope: Scope = {
    db,
    engine,
    ownerId,
    own: (row) => ({ ...row, owner_id: ownerId }),
    transaction: (fn) => transaction((tx) => fn(scopeOf(tx).db)),
    write: (fn) =>
      transaction(async (tx) => {
        const inner = scopeOf(tx);
        await inner.moveVersion();
        return fn(inner.db);
      }),
  };

  const store: Store = {
    engine,
    ownerId,
    transaction,

    async dataVersion() {
      // The owner's own counter, moved on in the same transaction as every write to their records
      // (Scope.write) by any process: other owners' writes on a shared server leave it alone. The
      // owner's id is part of the token, so caches of two owners can never take one for the other.
      // The organisation's server read it with the request's session check (row-security.ts).
      const known = knownVersion(ownerId);
      if (known !== undefined) return known;
      const row = await db
        .selectFrom('owners')
        .select('version')
        .where('id', '=', ownerId)
        .executeTakeFirst();
      return `${ownerId}:${row?.version ?? 0}`;
    },

    async close() {
      if (close === undefined) {
        throw new Error(
          'This Store (bound to a transaction, or one owner of many) cannot be closed; close what opened it.',
        );
      }
      if (closed) return;
      closed = true;
      await close();
    },

    ...bind<ProfileStore>(scope, profileRecords),
    ...bind<ReasonStore>(scope, reasonRecords),
    ...bind<CheckStore>(scope, checkRecords),
    ...bind<SessionStore>(scope, sessionRecords),
    ...bind<CommitmentStore>(scope, commitmentRecords),
    ...bind<ActionStore>(scope, actionRecords),
    ...bind<ReflectionStore>(scope, reflectionRecords),
    ...bind<CalendarStore>(scope, calendarRecords),
    ...bind<OccurrenceStore>(scope, occurrenceRecords),
    ...bind<CommitStore>(scope, commitRecords),
    ...bind<GitStateStore>(scope, gitStateRecords),
    ...bind<TrackerStore>(scope, trackerRecords),
    ...bind<ImportRunStore>(scope, importRunRecords),
    ...bind<DayModelStore>(scope, dayModelRecords),
    ...bind<FlagReviewStore>(scope, flagReviewRecords),
    ...bind<PersonStore>(scope, personRecords),
    ...bind<SettingStore>(scope, settingRecords),
  };

  async function moveVersion(): Promise<void> {
    if (versionMoved) return;
    await db
      .insertInto('owners')
      .values({ id: ownerId, version: 1, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ version: sql<number>`owners.version + 1` }))
      .execute();
    versionMoved = true;
  }
  internals.set(store, { db, moveVersion });
  return store;
}

/** What a transaction's Store lends the Store that began it: its connection and its version mark. */
const internals = new WeakMap<Store, { db: Kysely<Database>; moveVersion(): Promise<void> }>();

function scopeOf(tx: Store): { db: Kysely<Database>; moveVersion(): Promise<void> } {
  const found = internals.get(tx);
  if (found === undefined) throw new Error('A transaction handed over a Store this module did not make.');
  return found;
}
