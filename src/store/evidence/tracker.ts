import type { ImportCounts, TrackerItem, TrackerSource } from '../../domain/evidence/evidence.js';
import { chunks, flag, isSet, json, nullable, opt, parse, sameRow } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { TrackerStore } from '../store.js';
import type { TrackerItemRow } from '../tables.js';

export const trackerRecords = {
  async upsertTrackerItems(scope: Scope, items: TrackerItem[]): Promise<ImportCounts> {
    const incoming = new Map<string, TrackerItemRow>();
    for (const item of items) {
      const row = fromTrackerItem(item);
      incoming.set(json([row.source, row.key]), row);
    }
    const bySource = new Map<string, string[]>();
    for (const row of incoming.values()) {
      const keys = bySource.get(row.source);
      if (keys === undefined) bySource.set(row.source, [row.key]);
      else keys.push(row.key);
    }

    return scope.write(async (db) => {
      const stored = new Map<string, TrackerItemRow>();
      for (const [source, keys] of bySource) {
        for (const chunk of chunks(keys, 1)) {
          const rows = await db
            .selectFrom('tracker_items')
            .selectAll()
            .where('owner_id', '=', scope.ownerId)
            .where('source', '=', source)
            .where('key', 'in', chunk)
            .execute();
          for (const r of rows) stored.set(json([r.source, r.key]), r);
        }
      }

      let added = 0;
      let updated = 0;
      let unchanged = 0;
      const writes: TrackerItemRow[] = [];
      for (const [key, row] of incoming) {
        const old = stored.get(key);
        if (old === undefined) {
          added++;
          writes.push(row);
        } else if (sameRow(old, row, TRACKER_COLUMNS)) {
          unchanged++;
        } else {
          updated++;
          writes.push(row);
        }
      }

      for (const chunk of chunks(writes, TRACKER_COLUMNS.length + 1)) {
        await db
          .insertInto('tracker_items')
          .values(chunk.map((r) => scope.own(r)))
          .onConflict((oc) =>
            oc.columns(['owner_id', 'source', 'key']).doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              status: eb.ref('excluded.status'),
              type: eb.ref('excluded.type'),
              created_at: eb.ref('excluded.created_at'),
              started_at: eb.ref('excluded.started_at'),
              resolved_at: eb.ref('excluded.resolved_at'),
              priority: eb.ref('excluded.priority'),
              labels: eb.ref('excluded.labels'),
              assignee: eb.ref('excluded.assignee'),
              creator: eb.ref('excluded.creator'),
              url: eb.ref('excluded.url'),
              critical_path: eb.ref('excluded.critical_path'),
            })),
          )
          .execute();
      }
      return { added, updated, unchanged, removed: 0, skipped: [] };
    });
  },

  async listTrackerItems(scope: Scope, filter: { source?: TrackerSource } = {}): Promise<TrackerItem[]> {
    let q = scope.db.selectFrom('tracker_items').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.source !== undefined) q = q.where('source', '=', filter.source);
    const rows = await q.orderBy('source').orderBy('created_at').orderBy('key').execute();
    return rows.map(toTrackerItem);
  },
} satisfies Part<TrackerStore>;

const TRACKER_COLUMNS = [
  'source',
  'key',
  'title',
  'status',
  'type',
  'created_at',
  'started_at',
  'resolved_at',
  'priority',
  'labels',
  'assignee',
  'creator',
  'url',
  'critical_path',
] as const satisfies readonly (keyof TrackerItemRow)[];

function fromTrackerItem(t: TrackerItem): TrackerItemRow {
  return {
    source: t.source,
    key: t.key,
    title: t.title,
    status: t.status,
    type: nullable(t.type),
    created_at: t.createdAt,
    started_at: nullable(t.startedAt),
    resolved_at: nullable(t.resolvedAt),
    priority: nullable(t.priority),
    labels: json(t.labels),
    assignee: nullable(t.assignee),
    creator: nullable(t.creator),
    url: nullable(t.url),
    critical_path: flag(t.criticalPath),
  };
}

function toTrackerItem(r: TrackerItemRow): TrackerItem {
  return {
    source: r.source as TrackerSource,
    key: r.key,
    title: r.title,
    status: r.status,
    ...opt('type', r.type),
    createdAt: r.created_at,
    ...opt('startedAt', r.started_at),
    ...opt('resolvedAt', r.resolved_at),
    ...opt('priority', r.priority),
    labels: parse<string[]>(r.labels),
    ...opt('assignee', r.assignee),
    ...opt('creator', r.creator),
    ...opt('url', r.url),
    criticalPath: isSet(r.critical_path),
  };
}
