import type { Commitment, CommitmentKind, CommitmentStatus, Postponement } from '../../domain/types.js';
import { nullable, opt } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { CommitmentStore } from '../store.js';
import type { CommitmentRow, PostponementRow } from '../tables.js';

export const commitmentRecords = {
  async upsertCommitment(scope: Scope, commitment: Commitment): Promise<void> {
    const row = fromCommitment(commitment);
    const { id: _id, ...rest } = row;
    const postponements = commitment.postponements.map((p) => scope.own(fromPostponement(commitment.id, p)));
    await scope.write(async (db) => {
      await db
        .insertInto('commitments')
        .values(scope.own(row))
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
  },

  async getCommitment(scope: Scope, id: string): Promise<Commitment | undefined> {
    const row = await scope.db
      .selectFrom('commitments')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const postponements = await scope.db
      .selectFrom('postponements')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('commitment_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return toCommitment(row, postponements);
  },

  async listCommitments(scope: Scope, filter: { status?: CommitmentStatus } = {}): Promise<Commitment[]> {
    let q = scope.db.selectFrom('commitments').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q
      .orderBy('due', (ob) => ob.asc().nullsLast())
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];

    let pq = scope.db.selectFrom('postponements').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.status !== undefined) {
      const status = filter.status;
      pq = pq.where('commitment_id', 'in', (eb) =>
        eb
          .selectFrom('commitments')
          .select('id')
          .where('owner_id', '=', scope.ownerId)
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
  },
} satisfies Part<CommitmentStore>;

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
