import { importHandlers } from '../../app/evidence/imports.js';
import { defineCommand } from '../command.js';
import { table } from '../format.js';

export default defineCommand({
  meta: { name: 'imports', summary: 'The latest imports and what each did.', usage: ['imports [--json]'] },
  async run(cx) {
    const runs = await cx.call(importHandlers.runs, {});
    if (cx.json) return cx.outJson(runs);
    if (runs.length === 0) return cx.out('Nothing imported yet.');
    cx.out(
      table([
        ['WHEN (UTC)', 'SOURCE', 'ADDED', 'UPDATED', 'SAME', 'REMOVED', 'SKIPPED', 'WHAT'],
        ...runs.map((r) => [
          r.at.slice(0, 16).replace('T', ' '),
          r.source,
          String(r.added),
          String(r.updated),
          String(r.unchanged),
          String(r.removed),
          String(r.skipped.reduce((n, s) => n + s.count, 0)),
          r.target,
        ]),
      ]),
    );
  },
});
