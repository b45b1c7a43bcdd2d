import type { Store } from '../../store/store.js';

/**
 * After a change that affects every day (time zone, working hours, classification rules): every
 * day that has a model is marked for recomputing. Kept apart from model.ts so that the profile and
 * rules features can call it without depending on the whole insight layer.
 */
export async function invalidateAllDays(store: Store): Promise<void> {
  const days = (await store.listDayModels()).map((d) => d.date);
  await store.markDirtyDays(days);
}
