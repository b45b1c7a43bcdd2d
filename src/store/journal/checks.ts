import { sql } from 'kysely';
import type { CheckInput, CheckRecord, CheckResult, LocalDate } from '../../domain/types.js';
import { json, parse, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { CheckStore } from '../store.js';
import type { CheckRow } from '../tables.js';

export const checkRecords = {
  async upsertCheck(scope: Scope, check: CheckRecord): Promise<void> {
    const row = fromCheck(check);
    const { id: _id, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('checks')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  },

  async getCheck(scope: Scope, id: string): Promise<CheckRecord | undefined> {
    const row = await scope.db
      .selectFrom('checks')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toCheck(row);
  },

  async listChecks(
    scope: Scope,
    filter: { from?: LocalDate; to?: LocalDate; limit?: number } = {},
  ): Promise<CheckRecord[]> {
    let q = scope.db.selectFrom('checks').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    q = q.orderBy('at', 'desc').orderBy('id', 'desc');
    if (filter.limit !== undefined) q = q.limit(wholeNumber(filter.limit, 'limit', 0));
    return (await q.execute()).map(toCheck);
  },

  async deleteCheck(scope: Scope, id: string): Promise<boolean> {
    return scope.write(async (db) => {
      // The sessions a check led to are the leader's logged work: they outlive the check, unlinked.
      // Their version moves on, so an edit made from the linked session is refused, not replayed.
      await db
        .updateTable('sessions')
        .set({ check_id: null, version: sql<number>`version + 1` })
        .where('owner_id', '=', scope.ownerId)
        .where('check_id', '=', id)
        .execute();
      const result = await db
        .deleteFrom('checks')
        .where('owner_id', '=', scope.ownerId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  },
} satisfies Part<CheckStore>;

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
