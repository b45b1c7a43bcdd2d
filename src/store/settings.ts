import type { Instant } from '../domain/types.js';
import type { Part, Scope } from './scope.js';
import type { SettingStore } from './store.js';

export const settingRecords = {
  async getSetting(scope: Scope, key: string): Promise<unknown> {
    const row = await scope.db
      .selectFrom('settings')
      .select('value')
      .where('owner_id', '=', scope.ownerId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  },

  async putSetting(scope: Scope, key: string, value: unknown, at: Instant): Promise<void> {
    const row = { key, value: JSON.stringify(value), updated_at: at };
    await scope.write((db) =>
      db
        .insertInto('settings')
        .values(scope.own(row))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at }),
        )
        .execute(),
    );
  },
} satisfies Part<SettingStore>;
