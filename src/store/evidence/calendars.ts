import type { Kysely } from 'kysely';
import type { CalendarKind, CalendarObject, CalendarSource } from '../../domain/evidence/evidence.js';
import { AppError } from '../../errors.js';
import { chunks, json, nullable, opt } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { CalendarStore } from '../store.js';
import type { CalendarObjectRow, CalendarRow, Database } from '../tables.js';

export const calendarRecords = {
  async upsertCalendar(scope: Scope, calendar: CalendarSource): Promise<void> {
    const row = fromCalendar(calendar);
    const { name: _name, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('calendars')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'name']).doUpdateSet(rest))
        .execute(),
    );
  },

  async getCalendar(scope: Scope, name: string): Promise<CalendarSource | undefined> {
    const row = await scope.db
      .selectFrom('calendars')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? undefined : toCalendar(row);
  },

  async listCalendars(scope: Scope): Promise<CalendarSource[]> {
    const rows = await scope.db
      .selectFrom('calendars')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('name')
      .execute();
    return rows.map(toCalendar);
  },

  async listCalendarObjects(scope: Scope, calendar: string): Promise<CalendarObject[]> {
    const rows = await scope.db
      .selectFrom('calendar_objects')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('calendar', '=', calendar)
      .orderBy('href')
      .execute();
    return rows.map((r) => ({ calendar: r.calendar, href: r.href, etag: r.etag, ics: r.ics }));
  },

  async upsertCalendarObjects(scope: Scope, objects: CalendarObject[]): Promise<void> {
    if (objects.length === 0) return;
    const rows = new Map<string, CalendarObjectRow>();
    for (const o of objects) {
      rows.set(json([o.calendar, o.href]), { calendar: o.calendar, href: o.href, etag: o.etag, ics: o.ics });
    }
    await scope.write(async (db) => {
      await requireCalendars(db, scope.ownerId, [...new Set(objects.map((o) => o.calendar))]);
      for (const chunk of chunks([...rows.values()], 5)) {
        await db
          .insertInto('calendar_objects')
          .values(chunk.map((r) => scope.own(r)))
          .onConflict((oc) =>
            oc.columns(['owner_id', 'calendar', 'href']).doUpdateSet((eb) => ({
              etag: eb.ref('excluded.etag'),
              ics: eb.ref('excluded.ics'),
            })),
          )
          .execute();
      }
    });
  },

  async deleteCalendarObjects(scope: Scope, calendar: string, hrefs: string[]): Promise<void> {
    if (hrefs.length === 0) return;
    await scope.write(async (db) => {
      for (const chunk of chunks([...new Set(hrefs)], 1)) {
        await db
          .deleteFrom('calendar_objects')
          .where('owner_id', '=', scope.ownerId)
          .where('calendar', '=', calendar)
          .where('href', 'in', chunk)
          .execute();
      }
    });
  },
} satisfies Part<CalendarStore>;

/** Evidence that points to a calendar needs the calendar first: the tables say so with a foreign key. */
export async function requireCalendars(db: Kysely<Database>, owner: string, names: string[]): Promise<void> {
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
