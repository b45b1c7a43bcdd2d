import type { FlagReview } from '../../domain/insight/insight-types.js';
import type { Part, Scope } from '../scope.js';
import type { FlagReviewStore } from '../store.js';

export const flagReviewRecords = {
  async saveFlagReview(scope: Scope, review: FlagReview): Promise<void> {
    const row = {
      fingerprint: review.fingerprint,
      flag_id: review.flagId,
      status: review.status,
      note: review.note ?? null,
      at: review.at,
    };
    const { fingerprint: _f, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('flag_reviews')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'fingerprint']).doUpdateSet(rest))
        .execute(),
    );
  },

  async listFlagReviews(scope: Scope): Promise<FlagReview[]> {
    const rows = await scope.db
      .selectFrom('flag_reviews')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('at')
      .orderBy('fingerprint')
      .execute();
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      flagId: r.flag_id as FlagReview['flagId'],
      status: r.status as FlagReview['status'],
      ...(r.note === null ? {} : { note: r.note }),
      at: r.at,
    }));
  },
} satisfies Part<FlagReviewStore>;
