import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupHandlers } from '../app/backup/backup.js';
import { makeContext } from '../app/context.js';
import { invoke } from '../app/handler.js';
import { type ImportContext, icsImporter, TRACKER_IMPORTERS } from '../importers/importer.js';
import { engines, type StoreHandle } from '../store/test-support/engines.js';
import { corpusFiles, outcome, outcomeAsync, withinMs } from './fuzz.js';

/**
 * The seed corpus (fuzz-corpus/, one folder per reader): small files for the hard cases of
 * issue 14, each run through its reader with the property the fuzz tests check — a result or a
 * one-line AppError, in bounded time. A file whose name starts with "refused-" must be refused.
 * Add a file here when a bug report or a fuzz run finds a new kind of bad input.
 */

const context: ImportContext = {
  emails: ['dana@example.com'],
  names: ['Dana Ortiz'],
  logins: ['dortiz'],
  tz: 'Europe/Berlin',
  window: { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
};

function expectRefusedIfNamed(name: string, ok: boolean): void {
  if (name.startsWith('refused-')) expect(ok, `${name} should be refused`).toBe(false);
}

describe('the ICS corpus', () => {
  it.each(corpusFiles('ics'))('$name is read or refused on one line', ({ name, bytes }) => {
    const r = withinMs(5_000, () =>
      outcome(() => icsImporter.read({ name, bytes }, context), ['import-invalid']),
    );
    expectRefusedIfNamed(name, r.ok);
    if (r.ok) for (const s of r.value.skipped) expect(s.why).not.toMatch(/[\r\n]/);
  });
});

describe.each(['jira', 'linear', 'github'] as const)('the %s corpus', (source) => {
  it.each(corpusFiles(source))('$name is read or refused on one line', ({ name, bytes }) => {
    const r = withinMs(5_000, () =>
      outcome(() => TRACKER_IMPORTERS[source].read({ name, bytes }, context), ['import-invalid', 'invalid']),
    );
    expectRefusedIfNamed(name, r.ok);
  });
});

describe('the backup corpus', () => {
  let handle: StoreHandle;
  beforeAll(async () => {
    handle = await engines.find((e) => e.name === 'sqlite')!.open();
  });
  afterAll(() => handle.cleanup());

  it.each(corpusFiles('backup'))(
    '$name is imported, or refused on one line leaving the store as it was',
    async ({ name, bytes }) => {
      const ctx = makeContext(handle.store, () => new Date('2026-11-27T17:00:00Z'));
      const before = await invoke(backupHandlers.export, ctx, {});
      const document: unknown = JSON.parse(bytes.toString('utf8'));
      const r = await outcomeAsync(
        () => invoke(backupHandlers.import, ctx, { document }),
        ['invalid', 'import-invalid', 'conflict'],
      );
      expectRefusedIfNamed(name, r.ok);
      if (!r.ok) expect(await invoke(backupHandlers.export, ctx, {})).toStrictEqual(before);
    },
  );
});
