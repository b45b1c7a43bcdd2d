import { type Kysely, sql } from 'kysely';
import type {
  CalendarAttendee,
  CalendarOccurrence,
  ImportCounts,
  StoredOccurrence,
} from '../../domain/evidence/evidence.js';
import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { giveTurn } from '../../turns.js';
import { spanSeconds } from '../migrations.js';
import { chunks, flag, instant, isSet, json, nullable, opt, parse, sameRow } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { OccurrenceStore } from '../store.js';
import type { Database, Engine, OccurrenceRow } from '../tables.js';
import { requireCalendars } from './calendars.js';

/** Rows checked between two looks at whether the event loop is due a turn (about 2 ms of work). */
const TURN_CHECK_ROWS = 1_000;
/** Rows a list reads per statement. */
const LIST_PAGE_ROWS = 10_000;

/**
 * The rows to write, validated and keyed before any transaction opens, so bad input never holds
 * the write lock; with the earliest and latest start and the longest span. Checking 200,000 rows
 * takes about half a second, so the event loop gets its turns meanwhile (`handson serve` answers).
 */
async function keyedRows(
  calendar: string,
  occurrences: readonly CalendarOccurrence[],
): Promise<{ incoming: Map<string, OccurrenceRow>; first?: Instant; latest: Instant; longest: number }> {
  const incoming = new Map<string, OccurrenceRow>();
  let first: Instant | undefined;
  let latest = '';
  let longest = 0;
  for (const [i, o] of occurrences.entries()) {
    if (i % TURN_CHECK_ROWS === 0) await giveTurn();
    const row = fromOccurrence(calendar, o, i);
    incoming.set(occurrenceKey(row), row);
    if (first === undefined || row.start_at < first) first = row.start_at;
    if (row.start_at > latest) latest = row.start_at;
    longest = Math.max(longest, spanSeconds(row.start_at, row.end_at));
  }
  return { incoming, ...(first === undefined ? {} : { first }), latest, longest };
}

export const occurrenceRecords = {
  async replaceOccurrences(
    scope: Scope,
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
    const { incoming, first, latest, longest } = await keyedRows(calendar, occurrences);
    const earliest = first !== undefined && first < from ? first : from;

    return scope.write(async (db) => {
      await requireCalendars(db, scope.ownerId, [calendar]);

      // The window, widened to every start given: an event that began before `from` (it overlaps
      // the window, so an importer hands it over) is then compared, not mistaken for a new one.
      const stored = await db
        .selectFrom('occurrences')
        .selectAll()
        .where('owner_id', '=', scope.ownerId)
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
        await deleteOccurrences(db, scope.engine, scope.ownerId, calendar, chunk);
      }

      let added = 0;
      for (const chunk of chunks(unseen, OCCURRENCE_COLUMNS.length + 1)) {
        const result = await db
          .insertInto('occurrences')
          .values(chunk.map((r) => scope.own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'calendar', 'uid', 'recurrence_id']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      // Not in the widened window yet stored: the event moved here from far away. Rare enough that
      // writing all of `unseen` again, the new rows included, costs less than looking them up.
      const moved = unseen.length - added;
      const writes = moved > 0 ? [...changed, ...unseen] : changed;
      await writeOccurrences(db, scope.ownerId, writes);

      await growLongest(db, scope.ownerId, calendar, longest);

      return { added, updated: changed.length + moved, unchanged, removed: gone.length, skipped: [] };
    });
  },

  async upsertOccurrences(
    scope: Scope,
    calendar: string,
    occurrences: CalendarOccurrence[],
  ): Promise<ImportCounts & { changed: { start: Instant; end: Instant }[] }> {
    const { incoming, longest } = await keyedRows(calendar, occurrences);

    return scope.write(async (db) => {
      await requireCalendars(db, scope.ownerId, [calendar]);

      // Looked up by key, not by time: a stored copy may sit anywhere in the calendar's history.
      const stored = new Map<string, OccurrenceRow>();
      for (const chunk of chunks([...incoming.values()], 2)) {
        const rows = await occurrencesByKey(db, scope.engine, scope.ownerId, calendar, chunk);
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

      await writeOccurrences(db, scope.ownerId, writes);

      await growLongest(db, scope.ownerId, calendar, longest);

      return { added, updated, unchanged, removed: 0, skipped: [], changed };
    });
  },

  async listOccurrences(
    scope: Scope,
    filter: {
      from: Instant;
      to: Instant;
      calendar?: string;
    },
  ): Promise<StoredOccurrence[]> {
    const from = instant(filter.from, 'from');
    const to = instant(filter.to, 'to');
    // Nothing starting earlier than the longest occurrence before `from` can reach into the
    // window, so the start-time index is read over a bounded range, not the whole history.
    let spans = scope.db
      .selectFrom('calendars')
      .select((eb) => eb.fn.max('longest_seconds').as('longest'))
      .where('owner_id', '=', scope.ownerId);
    if (filter.calendar !== undefined) spans = spans.where('name', '=', filter.calendar);
    const longest = Number((await spans.executeTakeFirst())?.longest ?? 0);
    const earliest = new Date(Date.parse(from) - longest * 1000).toISOString();
    let q = scope.db
      .selectFrom('occurrences')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('start_at', '>=', earliest)
      .where('start_at', '<', to)
      // Starting inside the window overlaps it whatever the end, which keeps a zero-length event
      // at `from`; starting earlier, it must still be running after `from`.
      .where((eb) => eb.or([eb('start_at', '>=', from), eb('end_at', '>', from)]));
    if (filter.calendar !== undefined) q = q.where('calendar', '=', filter.calendar);
    // Read in pages, in key order, with a turn for the event loop between them: a rebuild lists
    // 200,000 occurrences, and one statement returning them all held the server for a second.
    const out: StoredOccurrence[] = [];
    let after: OccurrenceRow | undefined;
    for (;;) {
      const last = after;
      const page = await (last === undefined
        ? q
        : q.where((eb) =>
            eb(
              eb.refTuple('start_at', 'calendar', 'uid', 'recurrence_id'),
              '>',
              eb.tuple(last.start_at, last.calendar, last.uid, last.recurrence_id),
            ),
          )
      )
        .orderBy('start_at')
        .orderBy('calendar')
        .orderBy('uid')
        .orderBy('recurrence_id')
        .limit(LIST_PAGE_ROWS)
        .execute();
      for (const r of page) out.push(toOccurrence(r));
      if (page.length < LIST_PAGE_ROWS) return out;
      after = page[page.length - 1];
      await giveTurn();
    }
  },
} satisfies Part<OccurrenceStore>;

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
