import { isModelledDay } from '../../domain/date-range.js';
import type { DayModel } from '../../domain/insight/insight-types.js';
import type { Instant, LocalDate } from '../../domain/types.js';
import { chunks } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { DayModelStore } from '../store.js';

export const dayModelRecords = {
  async markDirtyDays(scope: Scope, dates: LocalDate[]): Promise<void> {
    // Only days that can hold accepted evidence are modelled (MODELLED_DAYS): a mark outside, left by
    // a record from before the range was enforced, would send the time model walking through millennia.
    const unique = [...new Set(dates)].filter(isModelledDay);
    for (const chunk of chunks(unique, 2)) {
      await scope.db
        .insertInto('dirty_days')
        .values(chunk.map((date) => scope.own({ date })))
        .onConflict((oc) => oc.columns(['owner_id', 'date']).doNothing())
        .execute();
    }
  },

  async takeDirtyDays(scope: Scope): Promise<LocalDate[]> {
    // One statement takes exactly the marks it removes: a day marked while it runs is either taken
    // or left for next time, never deleted unseen (a select-then-delete could). One round trip too.
    const rows = await scope.db
      .deleteFrom('dirty_days')
      .where('owner_id', '=', scope.ownerId)
      .returning('date')
      .execute();
    return rows
      .map((r) => r.date)
      .filter(isModelledDay)
      .sort();
  },

  async saveDayModels(scope: Scope, models: DayModel[], at: Instant): Promise<void> {
    for (const chunk of chunks(models, 4)) {
      await scope.db
        .insertInto('day_models')
        .values(chunk.map((m) => scope.own({ date: m.date, model: JSON.stringify(m), updated_at: at })))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'date']).doUpdateSet((eb) => ({
            model: eb.ref('excluded.model'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  },

  async listDayModels(scope: Scope, filter: { from?: LocalDate; to?: LocalDate } = {}): Promise<DayModel[]> {
    let q = scope.db.selectFrom('day_models').select('model').where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    return (await q.orderBy('date').execute()).map((r) => JSON.parse(r.model) as DayModel);
  },

  async earliestEvidence(scope: Scope): Promise<{ session?: LocalDate; commit?: LocalDate }> {
    const [s, c] = await Promise.all([
      scope.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.min('date').as('first'))
        .where('owner_id', '=', scope.ownerId)
        .executeTakeFirst(),
      scope.db
        .selectFrom('commits')
        .select((eb) => eb.fn.min('date').as('first'))
        .where('owner_id', '=', scope.ownerId)
        .executeTakeFirst(),
    ]);
    return {
      ...(s?.first ? { session: String(s.first) } : {}),
      ...(c?.first ? { commit: String(c.first) } : {}),
    };
  },

  async clearDayModels(scope: Scope): Promise<void> {
    await scope.db.deleteFrom('day_models').where('owner_id', '=', scope.ownerId).execute();
  },
} satisfies Part<DayModelStore>;
