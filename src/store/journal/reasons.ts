import type { Reason, ReasonKind, ReasonQuestion } from '../../domain/types.js';
import { json, parse } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ReasonStore } from '../store.js';
import type { ReasonRow } from '../tables.js';

export const reasonRecords = {
  async listCustomReasons(scope: Scope): Promise<Reason[]> {
    const rows = await scope.db
      .selectFrom('reasons')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('id')
      .execute();
    return rows.map(toReason);
  },

  async upsertReason(scope: Scope, reason: Reason): Promise<void> {
    const row = fromReason(reason);
    const { id: _id, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('reasons')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  },

  async deleteReason(scope: Scope, id: string): Promise<boolean> {
    const result = await scope.write((db) =>
      db.deleteFrom('reasons').where('owner_id', '=', scope.ownerId).where('id', '=', id).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  },
} satisfies Part<ReasonStore>;

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
