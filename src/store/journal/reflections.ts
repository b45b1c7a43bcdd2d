import type { LocalDate, Reflection, ReflectionAnswer } from '../../domain/types.js';
import { json, parse } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ReflectionStore } from '../store.js';
import type { ReflectionRow } from '../tables.js';

export const reflectionRecords = {
  async upsertReflection(scope: Scope, reflection: Reflection): Promise<void> {
    const row = fromReflection(reflection);
    const { id: _id, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('reflections')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  },

  async getReflection(scope: Scope, id: string): Promise<Reflection | undefined> {
    const row = await scope.db
      .selectFrom('reflections')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toReflection(row);
  },

  async listReflections(
    scope: Scope,
    filter: { from?: LocalDate; to?: LocalDate } = {},
  ): Promise<Reflection[]> {
    let q = scope.db.selectFrom('reflections').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    const rows = await q.orderBy('date').orderBy('at').orderBy('id').execute();
    return rows.map(toReflection);
  },

  async deleteReflection(scope: Scope, id: string): Promise<boolean> {
    const result = await scope.write((db) =>
      db
        .deleteFrom('reflections')
        .where('owner_id', '=', scope.ownerId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  },
} satisfies Part<ReflectionStore>;

function fromReflection(r: Reflection): ReflectionRow {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: json(r.answers) };
}

function toReflection(r: ReflectionRow): Reflection {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: parse<ReflectionAnswer[]>(r.answers) };
}
