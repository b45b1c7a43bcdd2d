import { type Kysely, sql } from 'kysely';
import { inHistoryOrder } from '../../domain/commitments/put-off.js';
import type {
  Commitment,
  CommitmentKind,
  CommitmentStatus,
  Postponement,
  RecurrenceUnit,
} from '../../domain/types.js';
import { nullable, num, opt, optionalWhole, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { CommitmentStore } from '../store.js';
import type { CommitmentRow, Database, PostponementRow } from '../tables.js';

export const commitmentRecords = {
  async upsertCommitment(scope: Scope, commitment: Commitment): Promise<void> {
    const row = fromCommitment(commitment);
    const { id: _id, ...rest } = row;
    await scope.write(async (db) => {
      // A whole-record write (a backup brought in) is a change too: it moves the version on, so a
      // change started before it is refused rather than written over it.
      await db
        .insertInto('commitments')
        .values(scope.own(row))
        .onConflict((oc) =>
          oc
            .columns(['owner_id', 'id'])
            .doUpdateSet({ ...rest, version: sql<number>`commitments.version + 1` }),
        )
        .execute();
      await addPostponements(scope, db, commitment);
    });
  },

  async updateCommitment(scope: Scope, commitment: Commitment, version: number): Promise<boolean> {
    const { id, ...rest } = fromCommitment(commitment);
    const expected = wholeNumber(version, 'version', 1);
    return scope.write(async (db) => {
      // Compare and swap in one statement: of two changes read at the same version, the database
      // lets one update the row; the other finds the version moved on and writes nothing.
      const result = await db
        .updateTable('commitments')
        .set({ ...rest, version: sql<number>`version + 1` })
        .where('owner_id', '=', scope.ownerId)
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await addPostponements(scope, db, commitment);
      return true;
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

/**
 * A postponement is history: once recorded it is neither changed nor removed, so a record that
 * lacks some of them (an old export, a stale copy) cannot erase them.
 */
async function addPostponements(scope: Scope, db: Kysely<Database>, commitment: Commitment): Promise<void> {
  if (commitment.postponements.length === 0) return;
  await db
    .insertInto('postponements')
    .values(commitment.postponements.map((p) => scope.own(fromPostponement(commitment.id, p))))
    .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
    .execute();
}

function fromCommitment(c: Commitment): Omit<CommitmentRow, 'version'> {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    person: nullable(c.person),
    due: nullable(c.due),
    status: c.status,
    created_at: c.createdAt,
    closed_at: nullable(c.closedAt),
    recurrence_unit: nullable(c.recurrence?.unit),
    recurrence_every:
      c.recurrence === undefined ? null : wholeNumber(c.recurrence.every, 'recurrence.every', 1),
    series_id: nullable(c.seriesId),
    scheduled_at: nullable(c.scheduledAt),
    scheduled_minutes: optionalWhole(c.scheduledMinutes, 'scheduledMinutes'),
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
    // Same-millisecond postponements are put in the order the due date moved, not the random id's.
    postponements: inHistoryOrder(postponements.map(toPostponement)),
    ...(r.recurrence_unit !== null && r.recurrence_every !== null
      ? { recurrence: { unit: r.recurrence_unit as RecurrenceUnit, every: Number(r.recurrence_every) } }
      : {}),
    ...opt('seriesId', r.series_id),
    ...opt('scheduledAt', r.scheduled_at),
    ...opt('scheduledMinutes', num(r.scheduled_minutes)),
    version: Number(r.version),
  };
}
