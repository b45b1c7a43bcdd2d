import { sql } from 'kysely';
import { titleKey } from '../../domain/time.js';
import type { IcSession, LocalDate } from '../../domain/types.js';
import { flag, isSet, json, nullable, num, opt, optionalWhole, parse, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ReasonMinutes, SessionStore } from '../store.js';
import type { SessionRow } from '../tables.js';

export const sessionRecords = {
  async upsertSession(scope: Scope, session: IcSession): Promise<void> {
    const row = fromSession(session);
    const { id: _id, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('sessions')
        .values(scope.own(row))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'id']).doUpdateSet({ ...rest, version: sql<number>`sessions.version + 1` }),
        )
        .execute(),
    );
  },

  async updateSession(scope: Scope, session: IcSession, version: number): Promise<boolean> {
    const { id, ...rest } = fromSession(session);
    const expected = wholeNumber(version, 'version', 1);
    const result = await scope.write((db) =>
      db
        .updateTable('sessions')
        .set({ ...rest, version: sql<number>`version + 1` })
        .where('owner_id', '=', scope.ownerId)
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  },

  async getSession(scope: Scope, id: string): Promise<IcSession | undefined> {
    const row = await scope.db
      .selectFrom('sessions')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toSession(row);
  },

  async listSessions(
    scope: Scope,
    filter: { from?: LocalDate; to?: LocalDate; titleKey?: string } = {},
  ): Promise<IcSession[]> {
    let q = scope.db.selectFrom('sessions').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.titleKey !== undefined) q = q.where('title_key', '=', filter.titleKey);
    const rows = await q.orderBy('date').orderBy('created_at').orderBy('id').execute();
    return rows.map(toSession);
  },

  async reasonMix(scope: Scope, filter: { from: LocalDate; to: LocalDate }): Promise<ReasonMinutes[]> {
    // Grouped by the stored list of reasons (a few distinct lists, however many sessions), which
    // is plain SQL on both engines; each list is then split into its reasons here.
    const rows = await scope.db
      .selectFrom('sessions')
      .select((eb) => ['reasons', eb.fn.sum('minutes').as('minutes'), eb.fn.countAll().as('sessions')])
      .where('owner_id', '=', scope.ownerId)
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
  },

  async deleteSession(scope: Scope, id: string): Promise<void> {
    await scope.write(async (db) => {
      // The improvement actions a session's gaps produced outlive it: they are the leader's own words.
      await db
        .updateTable('actions')
        .set({ session_id: null })
        .where('owner_id', '=', scope.ownerId)
        .where('session_id', '=', id)
        .execute();
      await db.deleteFrom('sessions').where('owner_id', '=', scope.ownerId).where('id', '=', id).execute();
    });
  },
} satisfies Part<SessionStore>;

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
