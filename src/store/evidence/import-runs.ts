import type { ImportRun, ImportSource } from '../../domain/evidence/evidence.js';
import { chunks, json, parse, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ImportRunStore } from '../store.js';
import type { ImportRunRow } from '../tables.js';

export const importRunRecords = {
  async addImportRun(scope: Scope, run: ImportRun): Promise<void> {
    // A run is history, like a postponement: adding the same id again (a backup imported twice)
    // keeps the record already there.
    await scope.write((db) =>
      db
        .insertInto('import_runs')
        .values(scope.own(fromImportRun(run)))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
        .execute(),
    );
  },

  async addImportRuns(scope: Scope, runs: ImportRun[]): Promise<{ added: number; unchanged: number }> {
    // The first of two runs with one id wins, as the stored one does.
    const rows = new Map<string, ImportRunRow>();
    for (const run of runs) if (!rows.has(run.id)) rows.set(run.id, fromImportRun(run));
    if (rows.size === 0) return { added: 0, unchanged: 0 };
    return scope.write(async (db) => {
      let added = 0;
      for (const chunk of chunks([...rows.values()], IMPORT_RUN_COLUMNS + 1)) {
        const result = await db
          .insertInto('import_runs')
          .values(chunk.map((r) => scope.own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'id']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return { added, unchanged: rows.size - added };
    });
  },

  async listImportRuns(scope: Scope, filter: { limit?: number } = {}): Promise<ImportRun[]> {
    let q = scope.db
      .selectFrom('import_runs')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc');
    if (filter.limit !== undefined) q = q.limit(wholeNumber(filter.limit, 'limit', 0));
    return (await q.execute()).map(toImportRun);
  },
} satisfies Part<ImportRunStore>;

const IMPORT_RUN_COLUMNS = 9;

function fromImportRun(run: ImportRun): ImportRunRow {
  return {
    id: run.id,
    source: run.source,
    target: run.target,
    at: run.at,
    added: wholeNumber(run.added, 'added', 0),
    updated: wholeNumber(run.updated, 'updated', 0),
    unchanged: wholeNumber(run.unchanged, 'unchanged', 0),
    removed: wholeNumber(run.removed, 'removed', 0),
    skipped: json(run.skipped.map((s) => ({ why: s.why, count: wholeNumber(s.count, 'skipped.count', 0) }))),
  };
}

function toImportRun(r: ImportRunRow): ImportRun {
  return {
    id: r.id,
    source: r.source as ImportSource,
    target: r.target,
    at: r.at,
    added: Number(r.added),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    removed: Number(r.removed),
    skipped: parse<{ why: string; count: number }[]>(r.skipped),
  };
}
