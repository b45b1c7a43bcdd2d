import { type Kysely, sql } from 'kysely';
import { isModelledDay } from '../domain/date-range.js';
import type {
  CalendarAttendee,
  CalendarKind,
  CalendarObject,
  CalendarOccurrence,
  CalendarSource,
  CommitDay,
  CommitRecord,
  GitRepoState,
  ImportCounts,
  ImportRun,
  ImportSource,
  StoredOccurrence,
  TrackerItem,
  TrackerSource,
} from '../domain/evidence.js';
import type { DayModel, FlagReview } from '../domain/insight-types.js';
import { localDate as localDateIn, titleKey } from '../domain/time.js';
import type {
  ActionStatus,
  CheckInput,
  CheckRecord,
  CheckResult,
  Commitment,
  CommitmentKind,
  CommitmentStatus,
  IcSession,
  ImprovementAction,
  Instant,
  LocalDate,
  Postponement,
  Profile,
  Reason,
  ReasonKind,
  ReasonQuestion,
  Reflection,
  ReflectionAnswer,
  Role,
} from '../domain/types.js';
import { AppError } from '../errors.js';
import type { LockWait } from './lock-wait.js';
import { spanSeconds } from './migrations.js';
import type { ReasonMinutes, Store } from './store.js';
import type {
  ActionRow,
  CalendarObjectRow,
  CalendarRow,
  CheckRow,
  CommitmentRow,
  CommitRow,
  Database,
  Engine,
  GitStateRow,
  ImportRunRow,
  OccurrenceRow,
  PostponementRow,
  ProfileRow,
  ReasonRow,
  ReflectionRow,
  SessionRow,
  TrackerItemRow,
} from './tables.js';

/**
 * The one Store implementation: both engines run exactly these queries. A Store made for a
 * transaction carries the transaction's Kysely and reuses it for nested `transaction` calls.
 */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #close: (() => Promise<void>) | undefined;
  readonly #lockWait: LockWait | undefined;
  #closed = false;
  /** In a transaction's Store: the owner's version was moved on already (once is enough). */
  #versionMoved = false;

  /**
   * `close` is absent for a Store bound to a transaction (the transaction ends it) and for one of
   * many owners' Stores on one connection (`Stores.close` ends them all).
   */
  constructor(
    db: Kysely<Database>,
    readonly engine: Engine,
    readonly ownerId: string,
    close?: () => Promise<void>,
    lockWait?: LockWait,
  ) {
    this.#db = db;
    this.#close = close;
    this.#lockWait = lockWait;
  }

  /** The row as stored: with its owner. */
  #own<R extends object>(row: R): R & { owner_id: string } {
    return { ...row, owner_id: this.ownerId };
  }

  /**
   * Runs a write of the owner's records in a transaction that also moves the owner's version on
   * (see `dataVersion`), so a cache never outlives the write it missed, and a rolled-back write
   * takes its version change with it. Derived rows (day models, dirty days) do not use this: they
   * are a cache of the records, not a change to them.
   */
  #write<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      const store = tx as KyselyStore;
      if (!store.#versionMoved) {
        await store.#db
          .insertInto('owners')
          .values({ id: this.ownerId, version: 1, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('id').doUpdateSet({ version: sql<number>`owners.version + 1` }))
          .execute();
        store.#versionMoved = true;
      }
      return fn(store.#db);
    });
  }

  // Inside `fn`, use `tx` only: on SQLite the outer Store waits for the one connection that the
  // transaction holds, so calling it from inside `fn` would wait forever.
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return fn(this);
    const run = () =>
      this.#db.transaction().execute((trx) => fn(new KyselyStore(trx, this.engine, this.ownerId)));
    // SQLite: a BEGIN that found another process writing failed before `fn` ran, so the whole
    // transaction is begun again once the lock is free (lock-wait.ts).
    return this.#lockWait ? this.#lockWait.retry(run) : run();
  }

  async dataVersion(): Promise<string> {
    // The owner's own counter, moved on in the same transaction as every write to their records
    // (#write) by any process: other owners' writes on a shared server leave it alone. The owner's
    // id is part of the token, so caches of two owners can never take one for the other.
    const row = await this.#db
      .selectFrom('owners')
      .select('version')
      .where('id', '=', this.ownerId)
      .executeTakeFirst();
    return `${this.ownerId}:${row?.version ?? 0}`;
  }

  async close(): Promise<void> {
    if (this.#close === undefined) {
      throw new Error(
        'This Store (bound to a transaction, or one owner of many) cannot be closed; close what opened it.',
      );
    }
    if (this.#closed) return;
    this.#closed = true;
    await this.#close();
  }

  // ------------------------------------------------------------ profile

  async getProfile(): Promise<Profile | undefined> {
    const row = await this.#db
      .selectFrom('profile')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .executeTakeFirst();
    return row === undefined ? undefined : toProfile(row);
  }

  async saveProfile(profile: Profile): Promise<void> {
    const row = fromProfile(profile);
    await this.#write((db) =>
      db
        .insertInto('profile')
        .values(this.#own(row))
        .onConflict((oc) => oc.column('owner_id').doUpdateSet(row))
        .execute(),
    );
  }

  // ------------------------------------------------------------ reasons

  async listCustomReasons(): Promise<Reason[]> {
    const rows = await this.#db
      .selectFrom('reasons')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .orderBy('id')
      .execute();
    return rows.map(toReason);
  }

  async upsertReason(reason: Reason): Promise<void> {
    const row = fromReason(reason);
    const { id: _id, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('reasons')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  }

  async deleteReason(id: string): Promise<boolean> {
    const result = await this.#write((db) =>
      db.deleteFrom('reasons').where('owner_id', '=', this.ownerId).where('id', '=', id).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  // ------------------------------------------------------------ checks

  async upsertCheck(check: CheckRecord): Promise<void> {
    const row = fromCheck(check);
    const { id: _id, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('checks')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  }

  async getCheck(id: string): Promise<CheckRecord | undefined> {
    const row = await this.#db
      .selectFrom('checks')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toCheck(row);
  }

  async listChecks(
    filter: { from?: LocalDate; to?: LocalDate; limit?: number } = {},
  ): Promise<CheckRecord[]> {
    let q = this.#db.selectFrom('checks').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    q = q.orderBy('at', 'desc').orderBy('id', 'desc');
    if (filter.limit !== undefined) q = q.limit(wholeNumber(filter.limit, 'limit', 0));
    return (await q.execute()).map(toCheck);
  }

  // ------------------------------------------------------------ sessions

  async upsertSession(session: IcSession): Promise<void> {
    const row = fromSession(session);
    const { id: _id, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('sessions')
        .values(this.#own(row))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'id']).doUpdateSet({ ...rest, version: sql<number>`sessions.version + 1` }),
        )
        .execute(),
    );
  }

  async updateSession(session: IcSession, version: number): Promise<boolean> {
    const { id, ...rest } = fromSession(session);
    const expected = wholeNumber(version, 'version', 1);
    const result = await this.#write((db) =>
      db
        .updateTable('sessions')
        .set({ ...rest, version: sql<number>`version + 1` })
        .where('owner_id', '=', this.ownerId)
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async getSession(id: string): Promise<IcSession | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toSession(row);
  }

  async listSessions(
    filter: { from?: LocalDate; to?: LocalDate; titleKey?: string } = {},
  ): Promise<IcSession[]> {
    let q = this.#db.selectFrom('sessions').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.titleKey !== undefined) q = q.where('title_key', '=', filter.titleKey);
    const rows = await q.orderBy('date').orderBy('created_at').orderBy('id').execute();
    return rows.map(toSession);
  }

  async reasonMix(filter: { from: LocalDate; to: LocalDate }): Promise<ReasonMinutes[]> {
    // Grouped by the stored list of reasons (a few distinct lists, however many sessions), which
    // is plain SQL on both engines; each list is then split into its reasons here.
    const rows = await this.#db
      .selectFrom('sessions')
      .select((eb) => ['reasons', eb.fn.sum('minutes').as('minutes'), eb.fn.countAll().as('sessions')])
      .where('owner_id', '=', this.ownerId)
      .where('date', '>=', filter.from)
      .where('date', '<=', filter.to)
      .groupBy('reasons')
      .execute();
    const mix = new Map<string, ReasonMinutes>();
    for (const row of rows) {
      for (const reason of parse<string[]>(row.reasons)) {
        const m = mix.get(reason) ?? { reason, minutes: 0, sessions: 0 };
        m.minutes += Number(row.minutes);
        m.sessions += Number(row.sessions);
        mix.set(reason, m);
      }
    }
    return [...mix.values()].sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  }

  // ------------------------------------------------------------ commitments

  async upsertCommitment(commitment: Commitment): Promise<void> {
    const row = fromCommitment(commitment);
    const { id: _id, ...rest } = row;
    const postponements = commitment.postponements.map((p) => this.#own(fromPostponement(commitment.id, p)));
    await this.#write(async (db) => {
      await db
        .insertInto('commitments')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute();
      if (postponements.length > 0) {
        // A postponement is history: once recorded it is neither changed nor removed, so a
        // record that lacks some of them (an old export, a stale copy) cannot erase them.
        await db
          .insertInto('postponements')
          .values(postponements)
          .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
          .execute();
      }
    });
  }

  async getCommitment(id: string): Promise<Commitment | undefined> {
    const row = await this.#db
      .selectFrom('commitments')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const postponements = await this.#db
      .selectFrom('postponements')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('commitment_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return toCommitment(row, postponements);
  }

  async listCommitments(filter: { status?: CommitmentStatus } = {}): Promise<Commitment[]> {
    let q = this.#db.selectFrom('commitments').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q
      .orderBy('due', (ob) => ob.asc().nullsLast())
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];

    let pq = this.#db.selectFrom('postponements').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.status !== undefined) {
      const status = filter.status;
      pq = pq.where('commitment_id', 'in', (eb) =>
        eb
          .selectFrom('commitments')
          .select('id')
          .where('owner_id', '=', this.ownerId)
          .where('status', '=', status),
      );
    }
    const byCommitment = new Map<string, PostponementRow[]>();
    for (const p of await pq.orderBy('at').orderBy('id').execute()) {
      const list = byCommitment.get(p.commitment_id);
      if (list === undefined) byCommitment.set(p.commitment_id, [p]);
      else list.push(p);
    }
    return rows.map((r) => toCommitment(r, byCommitment.get(r.id) ?? []));
  }

  // ------------------------------------------------------------ actions

  async upsertAction(action: ImprovementAction): Promise<void> {
    const row = fromAction(action);
    const { id: _id, ...rest } = row;
    await this.#write(async (db) => {
      // Checked up front rather than caught: a failed statement would poison a PostgreSQL
      // transaction, and the engines word their foreign-key errors differently.
      if (row.session_id !== null) {
        const session = await db
          .selectFrom('sessions')
          .select('id')
          .where('owner_id', '=', this.ownerId)
          .where('id', '=', row.session_id)
          .executeTakeFirst();
        if (session === undefined) {
          throw new AppError(
            'invalid',
            `The improvement action ${action.id} points to IC session ${row.session_id}, which is not in the store; save the session first.`,
            { field: 'sessionId' },
          );
        }
      }
      await db
        .insertInto('actions')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute();
    });
  }

  async getAction(id: string): Promise<ImprovementAction | undefined> {
    const row = await this.#db
      .selectFrom('actions')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAction(row);
  }

  async listActions(
    filter: { status?: ActionStatus; sessionIds?: readonly string[] } = {},
  ): Promise<ImprovementAction[]> {
    const query = (ids?: readonly string[]) => {
      let q = this.#db.selectFrom('actions').selectAll().where('owner_id', '=', this.ownerId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (ids !== undefined) q = q.where('session_id', 'in', ids);
      return q.orderBy('created_at').orderBy('id').execute();
    };
    if (filter.sessionIds === undefined) return (await query()).map(toAction);
    // Chunks stay under both engines' limits on bound parameters.
    const rows: ActionRow[] = [];
    for (let i = 0; i < filter.sessionIds.length; i += 5000) {
      for (const row of await query(filter.sessionIds.slice(i, i + 5000))) rows.push(row);
    }
    // ISO instants and ids: their order is the same in every collation.
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    if (filter.sessionIds.length > 5000)
      rows.sort((a, b) => byText(a.created_at, b.created_at) || byText(a.id, b.id));
    return rows.map(toAction);
  }

  // ------------------------------------------------------------ reflections

  async upsertReflection(reflection: Reflection): Promise<void> {
    const row = fromReflection(reflection);
    const { id: _id, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('reflections')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  }

  async listReflections(filter: { from?: LocalDate; to?: LocalDate } = {}): Promise<Reflection[]> {
    let q = this.#db.selectFrom('reflections').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    const rows = await q.orderBy('date').orderBy('at').orderBy('id').execute();
    return rows.map(toReflection);
  }

  // ------------------------------------------------------------ evidence: calendars

  async upsertCalendar(calendar: CalendarSource): Promise<void> {
    const row = fromCalendar(calendar);
    const { name: _name, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('calendars')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'name']).doUpdateSet(rest))
        .execute(),
    );
  }

  async getCalendar(name: string): Promise<CalendarSource | undefined> {
    const row = await this.#db
      .selectFrom('calendars')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : toCalendar(row);
  }

  async listCalendars(): Promise<CalendarSource[]> {
    const rows = await this.#db
      .selectFrom('calendars')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .orderBy('name')
      .execute();
    return rows.map(toCalendar);
  }

  async replaceOccurrences(
    calendar: string,
    window: { from: Instant; to: Instant },
    occurrences: CalendarOccurrence[],
  ): Promise<ImportCounts> {
    const from = instant(window.from, 'from');
    const to = instant(window.to, 'to');
    if (to <= from) {
      const message = `The period to replace must end after it starts (from ${from}, to ${to}).`;
      throw new AppError('invalid', message, { field: 'to' });
    }
    // Validated and keyed before the transaction opens, so bad input never holds the write lock.
    const incoming = new Map<string, OccurrenceRow>();
    let earliest = from;
    let latest = '';
    let longest = 0;
    for (const [i, o] of occurrences.entries()) {
      const row = fromOccurrence(calendar, o, i);
      incoming.set(occurrenceKey(row), row);
      if (row.start_at < earliest) earliest = row.start_at;
      if (row.start_at > latest) latest = row.start_at;
      longest = Math.max(longest, spanSeconds(row.start_at, row.end_at));
    }

    return this.#write(async (db) => {
      await requireCalendars(db, this.ownerId, [calendar]);

      // The window, widened to every start given: an event that began before `from` (it overlaps
      // the window, so an importer hands it over) is then compared, not mistaken for a new one.
      const stored = await db
        .selectFrom('occurrences')
        .selectAll()
        .where('owner_id', '=', this.ownerId)
        .where('calendar', '=', calendar)
        .where('start_at', '>=', earliest)
        .where((eb) => eb.or([eb('start_at', '<', to), eb('start_at', '<=', latest)]))
        .execute();
      const storedByKey = new Map(stored.map((r) => [occurrenceKey(r), r]));

      const gone = stored.filter(
        (r) => r.start_at >= from && r.start_at < to && !incoming.has(occurrenceKey(r)),
      );
      const changed: OccurrenceRow[] = [];
      const unseen: OccurrenceRow[] = [];
      let unchanged = 0;
      for (const [key, row] of incoming) {
        const old = storedByKey.get(key);
        if (old === undefined) unseen.push(row);
        else if (sameRow(old, row, OCCURRENCE_COLUMNS)) unchanged++;
        else changed.push(row);
      }

      for (const chunk of chunks(gone, 2)) {
        await deleteOccurrences(db, this.engine, this.ownerId, calendar, chunk);
      }

      let added = 0;
      for (const chunk of chunks(unseen, OCCURRENCE_COLUMNS.length + 1)) {
        const result = await db
          .insertInto('occurrences')
          .values(chunk.map((r) => this.#own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'calendar', 'uid', 'recurrence_id']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      // Not in the widened window yet stored: the event moved here from far away. Rare enough that
      // writing all of `unseen` again, the new rows included, costs less than looking them up.
      const moved = unseen.length - added;
      const writes = moved > 0 ? [...changed, ...unseen] : changed;
      await writeOccurrences(db, this.ownerId, writes);

      await growLongest(db, this.ownerId, calendar, longest);

      return { added, updated: changed.length + moved, unchanged, removed: gone.length, skipped: [] };
    });
  }

  async upsertOccurrences(
    calendar: string,
    occurrences: CalendarOccurrence[],
  ): Promise<ImportCounts & { changed: { start: Instant; end: Instant }[] }> {
    // Validated and keyed before the transaction opens, as in replaceOccurrences.
    const incoming = new Map<string, OccurrenceRow>();
    let longest = 0;
    for (const [i, o] of occurrences.entries()) {
      const row = fromOccurrence(calendar, o, i);
      incoming.set(occurrenceKey(row), row);
      longest = Math.max(longest, spanSeconds(row.start_at, row.end_at));
    }

    return this.#write(async (db) => {
      await requireCalendars(db, this.ownerId, [calendar]);

      // Looked up by key, not by time: a stored copy may sit anywhere in the calendar's history.
      const stored = new Map<string, OccurrenceRow>();
      for (const chunk of chunks([...incoming.values()], 2)) {
        const rows = await occurrencesByKey(db, this.engine, this.ownerId, calendar, chunk);
        for (const r of rows) stored.set(occurrenceKey(r), r);
      }

      const writes: OccurrenceRow[] = [];
      const changed: { start: Instant; end: Instant }[] = [];
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      for (const [key, row] of incoming) {
        const old = stored.get(key);
        if (old !== undefined && sameRow(old, row, OCCURRENCE_COLUMNS)) {
          unchanged++;
          continue;
        }
        if (old === undefined) added++;
        else {
          updated++;
          changed.push({ start: old.start_at, end: old.end_at });
        }
        writes.push(row);
        changed.push({ start: row.start_at, end: row.end_at });
      }

      await writeOccurrences(db, this.ownerId, writes);

      await growLongest(db, this.ownerId, calendar, longest);

      return { added, updated, unchanged, removed: 0, skipped: [], changed };
    });
  }

  async listOccurrences(filter: {
    from: Instant;
    to: Instant;
    calendar?: string;
  }): Promise<StoredOccurrence[]> {
    const from = instant(filter.from, 'from');
    const to = instant(filter.to, 'to');
    // Nothing starting earlier than the longest occurrence before `from` can reach into the
    // window, so the start-time index is read over a bounded range, not the whole history.
    let spans = this.#db
      .selectFrom('calendars')
      .select((eb) => eb.fn.max('longest_seconds').as('longest'))
      .where('owner_id', '=', this.ownerId);
    if (filter.calendar !== undefined) spans = spans.where('name', '=', filter.calendar);
    const longest = Number((await spans.executeTakeFirst())?.longest ?? 0);
    const earliest = new Date(Date.parse(from) - longest * 1000).toISOString();
    let q = this.#db
      .selectFrom('occurrences')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('start_at', '>=', earliest)
      .where('start_at', '<', to)
      // Starting inside the window overlaps it whatever the end, which keeps a zero-length event
      // at `from`; starting earlier, it must still be running after `from`.
      .where((eb) => eb.or([eb('start_at', '>=', from), eb('end_at', '>', from)]));
    if (filter.calendar !== undefined) q = q.where('calendar', '=', filter.calendar);
    const rows = await q
      .orderBy('start_at')
      .orderBy('calendar')
      .orderBy('uid')
      .orderBy('recurrence_id')
      .execute();
    return rows.map(toOccurrence);
  }

  async listCalendarObjects(calendar: string): Promise<CalendarObject[]> {
    const rows = await this.#db
      .selectFrom('calendar_objects')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('calendar', '=', calendar)
      .orderBy('href')
      .execute();
    return rows.map((r) => ({ calendar: r.calendar, href: r.href, etag: r.etag, ics: r.ics }));
  }

  async upsertCalendarObjects(objects: CalendarObject[]): Promise<void> {
    if (objects.length === 0) return;
    const rows = new Map<string, CalendarObjectRow>();
    for (const o of objects) {
      rows.set(json([o.calendar, o.href]), { calendar: o.calendar, href: o.href, etag: o.etag, ics: o.ics });
    }
    await this.#write(async (db) => {
      await requireCalendars(db, this.ownerId, [...new Set(objects.map((o) => o.calendar))]);
      for (const chunk of chunks([...rows.values()], 5)) {
        await db
          .insertInto('calendar_objects')
          .values(chunk.map((r) => this.#own(r)))
          .onConflict((oc) =>
            oc.columns(['owner_id', 'calendar', 'href']).doUpdateSet((eb) => ({
              etag: eb.ref('excluded.etag'),
              ics: eb.ref('excluded.ics'),
            })),
          )
          .execute();
      }
    });
  }

  async deleteCalendarObjects(calendar: string, hrefs: string[]): Promise<void> {
    if (hrefs.length === 0) return;
    await this.#write(async (db) => {
      for (const chunk of chunks([...new Set(hrefs)], 1)) {
        await db
          .deleteFrom('calendar_objects')
          .where('owner_id', '=', this.ownerId)
          .where('calendar', '=', calendar)
          .where('href', 'in', chunk)
          .execute();
      }
    });
  }

  // ------------------------------------------------------------ evidence: git

  async insertCommits(commits: CommitRecord[]): Promise<{ added: number; unchanged: number }> {
    // First one wins, as it would against a stored commit: a commit, once stored, is left alone.
    const rows = new Map<string, CommitRow>();
    for (const [i, c] of commits.entries()) {
      const key = json([c.repo, c.sha]);
      if (!rows.has(key)) rows.set(key, fromCommit(c, i));
    }
    if (rows.size === 0) return { added: 0, unchanged: 0 };
    return this.#write(async (db) => {
      let added = 0;
      for (const chunk of chunks([...rows.values()], COMMIT_COLUMNS + 1)) {
        const result = await db
          .insertInto('commits')
          .values(chunk.map((r) => this.#own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'repo', 'sha']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return { added, unchanged: rows.size - added };
    });
  }

  async relocateCommitDays(tz: string): Promise<number> {
    return this.#write(async (db) => {
      const rows = await db
        .selectFrom('commits')
        .select(['repo', 'sha', 'authored_at', 'date'])
        .where('owner_id', '=', this.ownerId)
        .execute();
      const moved = rows.flatMap((r) => {
        const date = localDateIn(r.authored_at, tz);
        return date === r.date ? [] : [{ repo: r.repo, sha: r.sha, date }];
      });
      // One statement per chunk; both engines take a CTE of VALUES with UPDATE … FROM.
      for (const chunk of chunks(moved, 3)) {
        const values = sql.join(chunk.map((m) => sql`(${m.repo}, ${m.sha}, ${m.date})`));
        await sql`with moved(repo, sha, date) as (values ${values})
          update commits set date = moved.date from moved
          where commits.owner_id = ${this.ownerId}
            and commits.repo = moved.repo and commits.sha = moved.sha`.execute(db);
      }
      return moved.length;
    });
  }

  async listCommits(
    filter: { from?: LocalDate; to?: LocalDate; repo?: string } = {},
  ): Promise<CommitRecord[]> {
    let q = this.#db.selectFrom('commits').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.repo !== undefined) q = q.where('repo', '=', filter.repo);
    const rows = await q.orderBy('authored_at').orderBy('repo').orderBy('sha').execute();
    return rows.map(toCommit);
  }

  async listCommitDays(
    filter: { from?: LocalDate; to?: LocalDate; repo?: string } = {},
  ): Promise<CommitDay[]> {
    let q = this.#db
      .selectFrom('commits')
      .select((eb) => [
        'date',
        'repo',
        eb.fn.countAll<number | string>().as('commits'),
        eb.fn.sum<number | string>('added').as('added'),
        eb.fn.sum<number | string>('removed').as('removed'),
        eb.fn.min('authored_at').as('first'),
        eb.fn.max('authored_at').as('last'),
      ])
      .where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.repo !== undefined) q = q.where('repo', '=', filter.repo);
    const rows = await q.groupBy(['date', 'repo']).orderBy('date').orderBy('repo').execute();
    // PostgreSQL hands back count and sum as bigint text.
    return rows.map((r) => ({
      date: r.date,
      repo: r.repo,
      commits: Number(r.commits),
      added: Number(r.added),
      removed: Number(r.removed),
      first: r.first,
      last: r.last,
    }));
  }

  async getGitState(repo: string): Promise<GitRepoState | undefined> {
    const row = await this.#db
      .selectFrom('git_state')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .where('repo', '=', repo)
      .executeTakeFirst();
    return row === undefined ? undefined : toGitState(row);
  }

  async listGitStates(): Promise<GitRepoState[]> {
    const rows = await this.#db
      .selectFrom('git_state')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .orderBy('repo')
      .execute();
    return rows.map(toGitState);
  }

  async saveGitState(state: GitRepoState): Promise<void> {
    const row: GitStateRow = {
      repo: state.repo,
      path: state.path,
      heads: json(state.heads),
      authors: json(state.authors),
      last_import_at: state.lastImportAt,
    };
    const { repo: _repo, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('git_state')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'repo']).doUpdateSet(rest))
        .execute(),
    );
  }

  // ------------------------------------------------------------ evidence: issue trackers

  async upsertTrackerItems(items: TrackerItem[]): Promise<ImportCounts> {
    const incoming = new Map<string, TrackerItemRow>();
    for (const item of items) {
      const row = fromTrackerItem(item);
      incoming.set(json([row.source, row.key]), row);
    }
    const bySource = new Map<string, string[]>();
    for (const row of incoming.values()) {
      const keys = bySource.get(row.source);
      if (keys === undefined) bySource.set(row.source, [row.key]);
      else keys.push(row.key);
    }

    return this.#write(async (db) => {
      const stored = new Map<string, TrackerItemRow>();
      for (const [source, keys] of bySource) {
        for (const chunk of chunks(keys, 1)) {
          const rows = await db
            .selectFrom('tracker_items')
            .selectAll()
            .where('owner_id', '=', this.ownerId)
            .where('source', '=', source)
            .where('key', 'in', chunk)
            .execute();
          for (const r of rows) stored.set(json([r.source, r.key]), r);
        }
      }

      let added = 0;
      let updated = 0;
      let unchanged = 0;
      const writes: TrackerItemRow[] = [];
      for (const [key, row] of incoming) {
        const old = stored.get(key);
        if (old === undefined) {
          added++;
          writes.push(row);
        } else if (sameRow(old, row, TRACKER_COLUMNS)) {
          unchanged++;
        } else {
          updated++;
          writes.push(row);
        }
      }

      for (const chunk of chunks(writes, TRACKER_COLUMNS.length + 1)) {
        await db
          .insertInto('tracker_items')
          .values(chunk.map((r) => this.#own(r)))
          .onConflict((oc) =>
            oc.columns(['owner_id', 'source', 'key']).doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              status: eb.ref('excluded.status'),
              type: eb.ref('excluded.type'),
              created_at: eb.ref('excluded.created_at'),
              started_at: eb.ref('excluded.started_at'),
              resolved_at: eb.ref('excluded.resolved_at'),
              priority: eb.ref('excluded.priority'),
              labels: eb.ref('excluded.labels'),
              assignee: eb.ref('excluded.assignee'),
              creator: eb.ref('excluded.creator'),
              url: eb.ref('excluded.url'),
              critical_path: eb.ref('excluded.critical_path'),
            })),
          )
          .execute();
      }
      return { added, updated, unchanged, removed: 0, skipped: [] };
    });
  }

  async listTrackerItems(filter: { source?: TrackerSource } = {}): Promise<TrackerItem[]> {
    let q = this.#db.selectFrom('tracker_items').selectAll().where('owner_id', '=', this.ownerId);
    if (filter.source !== undefined) q = q.where('source', '=', filter.source);
    const rows = await q.orderBy('source').orderBy('created_at').orderBy('key').execute();
    return rows.map(toTrackerItem);
  }

  // ------------------------------------------------------------ import log

  // ------------------------------------------------------------ insight: day models

  async markDirtyDays(dates: LocalDate[]): Promise<void> {
    // Only days that can hold accepted evidence are modelled (MODELLED_DAYS): a mark outside, left by
    // a record from before the range was enforced, would send the time model walking through millennia.
    const unique = [...new Set(dates)].filter(isModelledDay);
    for (const chunk of chunks(unique, 2)) {
      await this.#db
        .insertInto('dirty_days')
        .values(chunk.map((date) => this.#own({ date })))
        .onConflict((oc) => oc.columns(['owner_id', 'date']).doNothing())
        .execute();
    }
  }

  async takeDirtyDays(): Promise<LocalDate[]> {
    return this.transaction(async (tx) => {
      const db = (tx as KyselyStore).#db;
      const rows = await db
        .selectFrom('dirty_days')
        .select('date')
        .where('owner_id', '=', this.ownerId)
        .orderBy('date')
        .execute();
      if (rows.length > 0) await db.deleteFrom('dirty_days').where('owner_id', '=', this.ownerId).execute();
      return rows.map((r) => r.date).filter(isModelledDay);
    });
  }

  async saveDayModels(models: DayModel[], at: Instant): Promise<void> {
    for (const chunk of chunks(models, 4)) {
      await this.#db
        .insertInto('day_models')
        .values(chunk.map((m) => this.#own({ date: m.date, model: JSON.stringify(m), updated_at: at })))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'date']).doUpdateSet((eb) => ({
            model: eb.ref('excluded.model'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async listDayModels(filter: { from?: LocalDate; to?: LocalDate } = {}): Promise<DayModel[]> {
    let q = this.#db.selectFrom('day_models').select('model').where('owner_id', '=', this.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    return (await q.orderBy('date').execute()).map((r) => JSON.parse(r.model) as DayModel);
  }

  async earliestEvidence(): Promise<{ session?: LocalDate; commit?: LocalDate }> {
    const [s, c] = await Promise.all([
      this.#db
        .selectFrom('sessions')
        .select((eb) => eb.fn.min('date').as('first'))
        .where('owner_id', '=', this.ownerId)
        .executeTakeFirst(),
      this.#db
        .selectFrom('commits')
        .select((eb) => eb.fn.min('date').as('first'))
        .where('owner_id', '=', this.ownerId)
        .executeTakeFirst(),
    ]);
    return {
      ...(s?.first ? { session: String(s.first) } : {}),
      ...(c?.first ? { commit: String(c.first) } : {}),
    };
  }

  async clearDayModels(): Promise<void> {
    await this.#db.deleteFrom('day_models').where('owner_id', '=', this.ownerId).execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.#write(async (db) => {
      // The improvement actions a session's gaps produced outlive it: they are the leader's own words.
      await db
        .updateTable('actions')
        .set({ session_id: null })
        .where('owner_id', '=', this.ownerId)
        .where('session_id', '=', id)
        .execute();
      await db.deleteFrom('sessions').where('owner_id', '=', this.ownerId).where('id', '=', id).execute();
    });
  }

  // ------------------------------------------------------------ insight: flag reviews

  async saveFlagReview(review: FlagReview): Promise<void> {
    const row = {
      fingerprint: review.fingerprint,
      flag_id: review.flagId,
      status: review.status,
      note: review.note ?? null,
      at: review.at,
    };
    const { fingerprint: _f, ...rest } = row;
    await this.#write((db) =>
      db
        .insertInto('flag_reviews')
        .values(this.#own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'fingerprint']).doUpdateSet(rest))
        .execute(),
    );
  }

  async listFlagReviews(): Promise<FlagReview[]> {
    const rows = await this.#db
      .selectFrom('flag_reviews')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .orderBy('at')
      .orderBy('fingerprint')
      .execute();
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      flagId: r.flag_id as FlagReview['flagId'],
      status: r.status as FlagReview['status'],
      ...(r.note === null ? {} : { note: r.note }),
      at: r.at,
    }));
  }

  async getSetting(key: string): Promise<unknown> {
    const row = await this.#db
      .selectFrom('settings')
      .select('value')
      .where('owner_id', '=', this.ownerId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  async putSetting(key: string, value: unknown, at: Instant): Promise<void> {
    const row = { key, value: JSON.stringify(value), updated_at: at };
    await this.#write((db) =>
      db
        .insertInto('settings')
        .values(this.#own(row))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at }),
        )
        .execute(),
    );
  }

  async addImportRun(run: ImportRun): Promise<void> {
    // A run is history, like a postponement: adding the same id again (a backup imported twice)
    // keeps the record already there.
    await this.#write((db) =>
      db
        .insertInto('import_runs')
        .values(this.#own(fromImportRun(run)))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
        .execute(),
    );
  }

  async addImportRuns(runs: ImportRun[]): Promise<{ added: number; unchanged: number }> {
    // The first of two runs with one id wins, as the stored one does.
    const rows = new Map<string, ImportRunRow>();
    for (const run of runs) if (!rows.has(run.id)) rows.set(run.id, fromImportRun(run));
    if (rows.size === 0) return { added: 0, unchanged: 0 };
    return this.#write(async (db) => {
      let added = 0;
      for (const chunk of chunks([...rows.values()], IMPORT_RUN_COLUMNS + 1)) {
        const result = await db
          .insertInto('import_runs')
          .values(chunk.map((r) => this.#own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return { added, unchanged: rows.size - added };
    });
  }

  async listImportRuns(filter: { limit?: number } = {}): Promise<ImportRun[]> {
    let q = this.#db
      .selectFrom('import_runs')
      .selectAll()
      .where('owner_id', '=', this.ownerId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc');
    if (filter.limit !== undefined) q = q.limit(wholeNumber(filter.limit, 'limit', 0));
    return (await q.execute()).map(toImportRun);
  }
}

// ================================================================ row <-> record
//
// Optional fields are written as NULL and read back as absent keys (never `undefined` or
// `null` values), so a record read from either engine serialises to the same JSON.

function nullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** `{ key: value }` when the column holds a value, `{}` when it is NULL. */
function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function num(value: number | null): number | null {
  // Defensive: a driver may hand back numeric text for some column types.
  return value === null ? null : Number(value);
}

// PostgreSQL's `integer`; SQLite would take more.
const MAX_INT = 2_147_483_647;

/**
 * The engines disagree on numbers SQLite would silently accept (2.5 or 2^40 in an integer
 * column, NaN turning into NULL); refusing them here keeps both engines behaving the same.
 */
function wholeNumber(value: number, field: string, min?: number): number {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_INT || (min !== undefined && value < min)) {
    throw new AppError(
      'invalid',
      `${field} must be a whole number${min === undefined ? '' : ` of at least ${min}`}, not ${value}.`,
      { field },
    );
  }
  return value;
}

function finiteNumber(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new AppError('invalid', `${field} must be a finite number, not ${value}.`, { field });
  }
  return value;
}

function optionalWhole(value: number | undefined, field: string): number | null {
  return value === undefined ? null : wholeNumber(value, field);
}

// JSON columns are written only by this file from typed records, so reading them back as those
// types is safe; the schema (not a validator) is what keeps foreign data out.
function json(value: unknown): string {
  return JSON.stringify(value);
}
function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

function fromProfile(p: Profile): ProfileRow {
  return {
    name: p.name,
    role: p.role,
    reports: wholeNumber(p.reports, 'reports', 0),
    tz: p.tz,
    emails: json(p.emails),
    budget_pct: p.budgetPct === undefined ? null : finiteNumber(p.budgetPct, 'budgetPct'),
    weekly_hours: finiteNumber(p.weeklyHours, 'weeklyHours'),
    new_to_function_since: nullable(p.newToFunctionSince),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toProfile(r: ProfileRow): Profile {
  return {
    name: r.name,
    role: r.role as Role,
    reports: Number(r.reports),
    tz: r.tz,
    emails: parse<string[]>(r.emails),
    ...opt('budgetPct', num(r.budget_pct)),
    weeklyHours: Number(r.weekly_hours),
    ...opt('newToFunctionSince', r.new_to_function_since),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function fromReason(r: Reason): ReasonRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    questions: json(r.questions),
    signals: json(r.signals),
    builtin: r.builtin ? 1 : 0,
  };
}

function toReason(r: ReasonRow): Reason {
  return {
    id: r.id,
    kind: r.kind as ReasonKind,
    title: r.title,
    summary: r.summary,
    questions: parse<ReasonQuestion[]>(r.questions),
    signals: parse<string[]>(r.signals),
    builtin: Number(r.builtin) === 1,
  };
}

function fromCheck(c: CheckRecord): CheckRow {
  return {
    id: c.id,
    at: c.at,
    date: c.date,
    input: json(c.input),
    result: json(c.result),
    verdict: c.result.verdict,
  };
}

function toCheck(r: CheckRow): CheckRecord {
  return {
    id: r.id,
    at: r.at,
    date: r.date,
    input: parse<CheckInput>(r.input),
    result: parse<CheckResult>(r.result),
  };
}

function fromSession(s: IcSession): Omit<SessionRow, 'version'> {
  return {
    id: s.id,
    date: s.date,
    started_at: nullable(s.startedAt),
    minutes: wholeNumber(s.minutes, 'minutes', 0),
    title: s.title,
    title_key: titleKey(s.title),
    reasons: json(s.reasons),
    energy_before: optionalWhole(s.energyBefore, 'energyBefore'),
    energy_after: optionalWhole(s.energyAfter, 'energyAfter'),
    gaps: json(s.gaps),
    notes: nullable(s.notes),
    check_id: nullable(s.checkId),
    visible: flag(s.visible === true),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function toSession(r: SessionRow): IcSession {
  return {
    id: r.id,
    date: r.date,
    ...opt('startedAt', r.started_at),
    minutes: Number(r.minutes),
    title: r.title,
    reasons: parse<string[]>(r.reasons),
    ...opt('energyBefore', num(r.energy_before)),
    ...opt('energyAfter', num(r.energy_after)),
    gaps: parse<string[]>(r.gaps),
    ...opt('notes', r.notes),
    ...opt('checkId', r.check_id),
    // Only a visible session says so, which keeps the JSON of every other session as it was.
    ...(isSet(r.visible) ? { visible: true } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function fromCommitment(c: Commitment): CommitmentRow {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    person: nullable(c.person),
    due: nullable(c.due),
    status: c.status,
    created_at: c.createdAt,
    closed_at: nullable(c.closedAt),
  };
}

function fromPostponement(commitmentId: string, p: Postponement): PostponementRow {
  return {
    id: p.id,
    commitment_id: commitmentId,
    at: p.at,
    from_due: nullable(p.fromDue),
    to_due: p.toDue,
    why: nullable(p.why),
  };
}

function toPostponement(r: PostponementRow): Postponement {
  return { id: r.id, at: r.at, ...opt('fromDue', r.from_due), toDue: r.to_due, ...opt('why', r.why) };
}

function toCommitment(r: CommitmentRow, postponements: PostponementRow[]): Commitment {
  return {
    id: r.id,
    kind: r.kind as CommitmentKind,
    title: r.title,
    ...opt('person', r.person),
    ...opt('due', r.due),
    status: r.status as CommitmentStatus,
    createdAt: r.created_at,
    ...opt('closedAt', r.closed_at),
    postponements: postponements.map(toPostponement),
  };
}

function fromAction(a: ImprovementAction): ActionRow {
  return {
    id: a.id,
    text: a.text,
    session_id: nullable(a.sessionId),
    status: a.status,
    created_at: a.createdAt,
    done_at: nullable(a.doneAt),
  };
}

function toAction(r: ActionRow): ImprovementAction {
  return {
    id: r.id,
    text: r.text,
    ...opt('sessionId', r.session_id),
    status: r.status as ActionStatus,
    createdAt: r.created_at,
    ...opt('doneAt', r.done_at),
  };
}

function fromReflection(r: Reflection): ReflectionRow {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: json(r.answers) };
}

function toReflection(r: ReflectionRow): Reflection {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: parse<ReflectionAnswer[]>(r.answers) };
}

// ================================================================ evidence: rows <-> records

/**
 * Bound parameters per multi-row statement: well under SQLite's limit (32,766) and PostgreSQL's
 * (65,535). One statement per row would make a 100,000-commit import take minutes; statements
 * bigger than this measured no faster on either engine. Each SQLite statement runs on the one
 * thread without a break, so they are kept small enough (~8 ms) for the server to answer reads
 * between them (decision 0014): 10,000 made reads wait up to 60 ms each, and the 100,000-commit
 * import measured the same (1.49× vs 1.60× raw git log in one run of `npm run bench -- git`).
 */
const MAX_PARAMS = 2_000;

function chunks<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Whether a stored row holds what `fresh` would write. Integer columns may come back as numbers
 * or numeric text depending on the driver, so numbers are compared as numbers.
 */
function sameRow<R>(stored: R, fresh: R, columns: readonly (keyof R)[]): boolean {
  return columns.every((c) => {
    const a = stored[c];
    const b = fresh[c];
    if (a === b) return true;
    if (a === null || b === null) return false;
    return (typeof a === 'number' || typeof b === 'number') && Number(a) === Number(b);
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Windows and overlaps are decided by comparing instants as text, which is only right when every
 * instant is written in the one form the domain uses; anything else is refused, not misplaced.
 */
function instant(value: string, field: string): Instant {
  if (typeof value !== 'string' || !INSTANT.test(value)) {
    throw new AppError(
      'invalid',
      `${field} must be a UTC instant with milliseconds, like 2026-11-25T13:06:24.000Z, not "${String(value)}".`,
      { field },
    );
  }
  return value;
}

function localDate(value: string, field: string): LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) {
    throw new AppError('invalid', `${field} must be a date like 2026-11-25, not "${String(value)}".`, {
      field,
    });
  }
  return value;
}

function flag(value: boolean): number {
  return value ? 1 : 0;
}

function isSet(value: number | string): boolean {
  return Number(value) === 1;
}

/** Evidence that points to a calendar needs the calendar first: the tables say so with a foreign key. */
async function requireCalendars(db: Kysely<Database>, owner: string, names: string[]): Promise<void> {
  const found = new Set<string>();
  for (const chunk of chunks(names, 1)) {
    const rows = await db
      .selectFrom('calendars')
      .select('name')
      .where('owner_id', '=', owner)
      .where('name', 'in', chunk)
      .execute();
    for (const r of rows) found.add(r.name);
  }
  const missing = names.find((n) => !found.has(n));
  if (missing !== undefined) {
    throw new AppError(
      'not-found',
      `There is no calendar named "${missing}" in the store; add the calendar before importing its events.`,
      { field: 'calendar' },
    );
  }
}

// Occurrences by key: a join with the keys, not `(uid, recurrence_id) in (values …)`. On a table
// PostgreSQL has no statistics for yet (a calendar's first import, all in one transaction) it
// plans that as comparing every stored occurrence with every key — 5 s per thousand keys once the
// owner went in front of the key — while a join is hashed or looked up by index (under 50 ms).
// VALUES names its columns column1, column2 on both engines.
type OccurrenceKey = Pick<OccurrenceRow, 'uid' | 'recurrence_id'>;

async function occurrencesByKey(
  db: Kysely<Database>,
  engine: Engine,
  owner: string,
  calendar: string,
  keys: readonly OccurrenceKey[],
): Promise<OccurrenceRow[]> {
  const pairs = sql.join(keys.map((r) => sql`(${r.uid}, ${r.recurrence_id})`));
  // SQLite runs the join the other way round (every stored occurrence against the keys: 30 s for
  // 30,000), and plans the IN by index.
  const query =
    engine === 'postgres'
      ? sql<OccurrenceRow>`select o.* from (values ${pairs}) as k
          join occurrences o on o.owner_id = ${owner} and o.calendar = ${calendar}
            and o.uid = k.column1 and o.recurrence_id = k.column2`
      : sql<OccurrenceRow>`select * from occurrences where owner_id = ${owner} and calendar = ${calendar}
          and (uid, recurrence_id) in (values ${pairs})`;
  return (await query.execute(db)).rows;
}

async function deleteOccurrences(
  db: Kysely<Database>,
  engine: Engine,
  owner: string,
  calendar: string,
  keys: readonly OccurrenceKey[],
): Promise<void> {
  const pairs = sql.join(keys.map((r) => sql`(${r.uid}, ${r.recurrence_id})`));
  // DELETE … USING is PostgreSQL's join for a delete; SQLite has none, and plans the IN by index.
  const query =
    engine === 'postgres'
      ? sql`delete from occurrences as o using (values ${pairs}) as k
          where o.owner_id = ${owner} and o.calendar = ${calendar}
            and o.uid = k.column1 and o.recurrence_id = k.column2`
      : sql`delete from occurrences where owner_id = ${owner} and calendar = ${calendar}
          and (uid, recurrence_id) in (values ${pairs})`;
  await query.execute(db);
}

/** Inserts the rows, or overwrites every column of the stored copy with the same key. */
async function writeOccurrences(
  db: Kysely<Database>,
  owner: string,
  rows: readonly OccurrenceRow[],
): Promise<void> {
  for (const chunk of chunks(rows, OCCURRENCE_COLUMNS.length + 1)) {
    await db
      .insertInto('occurrences')
      .values(chunk.map((r) => ({ ...r, owner_id: owner })))
      .onConflict((oc) =>
        oc.columns(['owner_id', 'calendar', 'uid', 'recurrence_id']).doUpdateSet((eb) => ({
          start_at: eb.ref('excluded.start_at'),
          end_at: eb.ref('excluded.end_at'),
          all_day: eb.ref('excluded.all_day'),
          start_date: eb.ref('excluded.start_date'),
          end_date: eb.ref('excluded.end_date'),
          title: eb.ref('excluded.title'),
          location: eb.ref('excluded.location'),
          organizer: eb.ref('excluded.organizer'),
          attendees: eb.ref('excluded.attendees'),
          declined: eb.ref('excluded.declined'),
          cancelled: eb.ref('excluded.cancelled'),
          recurring: eb.ref('excluded.recurring'),
          transparent: eb.ref('excluded.transparent'),
        })),
      )
      .execute();
  }
}

/**
 * Raises the calendar's longest-occurrence bound to `longest` seconds if it is lower. It only ever
 * grows (see migration 4): listOccurrences relies on it as a lower bound for window reads.
 */
async function growLongest(db: Kysely<Database>, owner: string, calendar: string, longest: number) {
  await db
    .updateTable('calendars')
    .set({ longest_seconds: longest })
    .where('owner_id', '=', owner)
    .where('name', '=', calendar)
    .where('longest_seconds', '<', longest)
    .execute();
}

/** The row as the source describes it; `longest_seconds` is the store's own bookkeeping. */
function fromCalendar(c: CalendarSource): Omit<CalendarRow, 'longest_seconds'> {
  return {
    name: c.name,
    kind: c.kind,
    url: nullable(c.url),
    user_name: nullable(c.user),
    sync_token: nullable(c.syncToken),
    ctag: nullable(c.ctag),
    last_sync_at: nullable(c.lastSyncAt),
    covered_from: nullable(c.coverage?.from),
    covered_to: nullable(c.coverage?.to),
    created_at: c.createdAt,
  };
}

function toCalendar(r: Omit<CalendarRow, 'longest_seconds'>): CalendarSource {
  return {
    name: r.name,
    kind: r.kind as CalendarKind,
    ...opt('url', r.url),
    ...opt('user', r.user_name),
    ...opt('syncToken', r.sync_token),
    ...opt('ctag', r.ctag),
    ...opt('lastSyncAt', r.last_sync_at),
    ...(r.covered_from !== null && r.covered_to !== null
      ? { coverage: { from: r.covered_from, to: r.covered_to } }
      : {}),
    createdAt: r.created_at,
  };
}

const OCCURRENCE_COLUMNS = [
  'calendar',
  'uid',
  'recurrence_id',
  'start_at',
  'end_at',
  'all_day',
  'start_date',
  'end_date',
  'title',
  'location',
  'organizer',
  'attendees',
  'declined',
  'cancelled',
  'recurring',
  'transparent',
] as const satisfies readonly (keyof OccurrenceRow)[];

function occurrenceKey(r: Pick<OccurrenceRow, 'uid' | 'recurrence_id'>): string {
  return json([r.uid, r.recurrence_id]);
}

function fromOccurrence(calendar: string, o: CalendarOccurrence, index: number): OccurrenceRow {
  const at = `occurrences[${index}]`;
  const start = instant(o.start, `${at}.start`);
  const end = instant(o.end, `${at}.end`);
  if (end < start) {
    throw new AppError(
      'invalid',
      `The event "${o.uid}" ends (${end}) before it starts (${start}); an event must not end before it starts.`,
      { field: `${at}.end` },
    );
  }
  return {
    calendar,
    uid: o.uid,
    recurrence_id: o.recurrenceId === undefined ? '' : instant(o.recurrenceId, `${at}.recurrenceId`),
    start_at: start,
    end_at: end,
    all_day: flag(o.allDay),
    start_date: nullable(o.startDate),
    end_date: nullable(o.endDate),
    title: o.title,
    location: nullable(o.location),
    organizer: nullable(o.organizer),
    attendees: json(
      o.attendees.map((a) => ({
        email: a.email,
        partstat: a.partstat,
        ...(a.name === undefined ? {} : { name: a.name }),
      })),
    ),
    declined: flag(o.declined),
    cancelled: flag(o.cancelled),
    recurring: flag(o.recurring),
    transparent: flag(o.transparent),
  };
}

function toOccurrence(r: OccurrenceRow): StoredOccurrence {
  return {
    calendar: r.calendar,
    uid: r.uid,
    ...opt('recurrenceId', r.recurrence_id === '' ? null : r.recurrence_id),
    start: r.start_at,
    end: r.end_at,
    allDay: isSet(r.all_day),
    ...opt('startDate', r.start_date),
    ...opt('endDate', r.end_date),
    title: r.title,
    ...opt('location', r.location),
    ...opt('organizer', r.organizer),
    attendees: parse<CalendarAttendee[]>(r.attendees),
    declined: isSet(r.declined),
    cancelled: isSet(r.cancelled),
    recurring: isSet(r.recurring),
    transparent: isSet(r.transparent),
  };
}

const COMMIT_COLUMNS = 10;

function fromCommit(c: CommitRecord, index: number): CommitRow {
  const at = `commits[${index}]`;
  return {
    repo: c.repo,
    sha: c.sha,
    date: localDate(c.date, `${at}.date`),
    authored_at: instant(c.authoredAt, `${at}.authoredAt`),
    author_email: c.authorEmail,
    subject: c.subject,
    added: wholeNumber(c.added, `${at}.added`, 0),
    removed: wholeNumber(c.removed, `${at}.removed`, 0),
    files: wholeNumber(c.files, `${at}.files`, 0),
    merge: flag(c.merge),
  };
}

function toCommit(r: CommitRow): CommitRecord {
  return {
    repo: r.repo,
    sha: r.sha,
    authorEmail: r.author_email,
    authoredAt: r.authored_at,
    date: r.date,
    subject: r.subject,
    added: Number(r.added),
    removed: Number(r.removed),
    files: Number(r.files),
    merge: isSet(r.merge),
  };
}

const TRACKER_COLUMNS = [
  'source',
  'key',
  'title',
  'status',
  'type',
  'created_at',
  'started_at',
  'resolved_at',
  'priority',
  'labels',
  'assignee',
  'creator',
  'url',
  'critical_path',
] as const satisfies readonly (keyof TrackerItemRow)[];

function fromTrackerItem(t: TrackerItem): TrackerItemRow {
  return {
    source: t.source,
    key: t.key,
    title: t.title,
    status: t.status,
    type: nullable(t.type),
    created_at: t.createdAt,
    started_at: nullable(t.startedAt),
    resolved_at: nullable(t.resolvedAt),
    priority: nullable(t.priority),
    labels: json(t.labels),
    assignee: nullable(t.assignee),
    creator: nullable(t.creator),
    url: nullable(t.url),
    critical_path: flag(t.criticalPath),
  };
}

function toTrackerItem(r: TrackerItemRow): TrackerItem {
  return {
    source: r.source as TrackerSource,
    key: r.key,
    title: r.title,
    status: r.status,
    ...opt('type', r.type),
    createdAt: r.created_at,
    ...opt('startedAt', r.started_at),
    ...opt('resolvedAt', r.resolved_at),
    ...opt('priority', r.priority),
    labels: parse<string[]>(r.labels),
    ...opt('assignee', r.assignee),
    ...opt('creator', r.creator),
    ...opt('url', r.url),
    criticalPath: isSet(r.critical_path),
  };
}

function toGitState(row: GitStateRow): GitRepoState {
  return {
    repo: row.repo,
    path: row.path,
    heads: parse<string[]>(row.heads),
    authors: parse<string[]>(row.authors),
    lastImportAt: row.last_import_at,
  };
}

const IMPORT_RUN_COLUMNS = 9;

function fromImportRun(run: ImportRun): ImportRunRow {
  return {
    id: run.id,
    source: run.source,
    target: run.target,
    at: run.at,
    added: wholeNumber(run.added, 'added', 0),
    updated: wholeNumber(run.updated, 'updated', 0),
    unchanged: wholeNumber(run.unchanged, 'unchanged', 0),
    removed: wholeNumber(run.removed, 'removed', 0),
    skipped: json(run.skipped.map((s) => ({ why: s.why, count: wholeNumber(s.count, 'skipped.count', 0) }))),
  };
}

function toImportRun(r: ImportRunRow): ImportRun {
  return {
    id: r.id,
    source: r.source as ImportSource,
    target: r.target,
    at: r.at,
    added: Number(r.added),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    removed: Number(r.removed),
    skipped: parse<{ why: string; count: number }[]>(r.skipped),
  };
}
