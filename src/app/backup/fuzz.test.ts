import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type StoreHandle } from '../../store/test-support/engines.js';
import { icsOf, oneOnOne } from '../../test-support/calendar.js';
import { applyJsonEdits, jsonEdit, outcomeAsync } from '../../test-support/fuzz.js';
import { commitmentsHandlers } from '../commitments/commitments.js';
import { type AppContext, makeContext } from '../context.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { reasonsHandlers } from '../reasons/reasons.js';
import { backupHandlers } from './backup.js';
import type { ExportDocument } from './document.js';

/**
 * Issue 14: a backup is a file a person may have edited by hand. Whatever it holds, importing it
 * either succeeds or is refused with an AppError on one line, and a refused import leaves the
 * store exactly as it was (a full export before and after are equal). SQLite only, and few runs:
 * each run writes to a real store.
 */

const NOW = () => new Date('2026-11-27T17:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);
const sqlite = engines.find((e) => e.name === 'sqlite')!;

let source: StoreHandle;
let target: StoreHandle;
let doc: ExportDocument;

beforeAll(async () => {
  source = await sqlite.open();
  const ctx = makeContext(source.store, NOW);
  await invoke(profileHandlers.init, ctx, {
    name: 'Dana',
    role: 'engineering-manager',
    reports: 5,
    tz: 'UTC',
    emails: ['dana@example.com'],
    budgetPct: 10,
  });
  await invoke(reasonsHandlers.add, ctx, { id: 'hero-mode', kind: 'watch-out', title: 'Being the hero' });
  await invoke(importHandlers.ics, ctx, {
    files: [{ name: 'work.ics', bytes: enc(icsOf(oneOnOne('2026-11-23'), oneOnOne('2026-11-26'))) }],
  });
  await invoke(journalHandlers.log, ctx, {
    title: 'Spike',
    minutes: 30,
    reasons: ['unwind', 'hero-mode'],
    gaps: ['No runbook'],
  });
  await invoke(commitmentsHandlers.add, ctx, { kind: 'decision', title: 'Vendor', due: '2026-11-30' });
  doc = await invoke(backupHandlers.export, ctx, {});
  target = await sqlite.open();
});

afterAll(async () => {
  await source?.cleanup();
  await target?.cleanup();
});

/** Imports `document` into the target store; checks the property and says what happened. */
async function importChecked(ctx: AppContext, document: unknown): Promise<void> {
  const before = await invoke(backupHandlers.export, ctx, {});
  const r = await outcomeAsync(
    () => invoke(backupHandlers.import, ctx, { document }),
    ['invalid', 'import-invalid', 'conflict'],
  );
  if (!r.ok) expect(await invoke(backupHandlers.export, ctx, {}), r.error.message).toStrictEqual(before);
}

describe('importing an edited backup (issue 14)', () => {
  it('imports it or refuses it on one line and leaves the store as it was', async () => {
    const ctx = makeContext(target.store, NOW);
    await fc.assert(
      fc.asyncProperty(fc.array(jsonEdit(), { minLength: 1, maxLength: 4 }), async (edits) => {
        // Through JSON, as a file is read: `__proto__` stays an own key, as JSON.parse makes it.
        const edited: unknown = JSON.parse(JSON.stringify(applyJsonEdits(doc, edits)) ?? 'null');
        await importChecked(ctx, edited);
      }),
      { numRuns: 50 },
    );
  });
});
