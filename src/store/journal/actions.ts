import type { ActionStatus, ImprovementAction } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { nullable, opt } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ActionStore } from '../store.js';
import type { ActionRow } from '../tables.js';

export const actionRecords = {
  async upsertAction(scope: Scope, action: ImprovementAction): Promise<void> {
    const row = fromAction(action);
    const { id: _id, ...rest } = row;
    await scope.write(async (db) => {
      // Checked up front rather than caught: a failed statement would poison a PostgreSQL
      // transaction, and the engines word their foreign-key errors differently.
      if (row.session_id !== null) {
        const session = await db
          .selectFrom('sessions')
          .select('id')
          .where('owner_id', '=', scope.ownerId)
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
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute();
    });
  },

  async getAction(scope: Scope, id: string): Promise<ImprovementAction | undefined> {
    const row = await scope.db
      .selectFrom('actions')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toAction(row);
  },

  async listActions(
    scope: Scope,
    filter: { status?: ActionStatus; sessionIds?: readonly string[] } = {},
  ): Promise<ImprovementAction[]> {
    const query = (ids?: readonly string[]) => {
      let q = scope.db.selectFrom('actions').selectAll().where('owner_id', '=', scope.ownerId);
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
  },
} satisfies Part<ActionStore>;

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
