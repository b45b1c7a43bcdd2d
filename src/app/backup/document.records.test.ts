import { describe, expect, it, vi } from 'vitest';
import { engines, useStore } from '../../store/test-support/engines.js';
import { checkHandlers } from '../check/check.js';
import { makeContext } from '../context.js';
import { invoke } from '../handler.js';
import { profileHandlers } from '../profile/profile.js';
import { backupHandlers } from './backup.js';
import { parseDocument } from './document.js';
import { backup } from './test-support/document.js';

/**
 * The backup document is the records' schemas made strict, so a field added to a record travels in
 * a backup without a line written in document.ts (decision 0015). This file adds fields the way a
 * developer would in domain/records.ts — a check input a rule could read, a profile field — and
 * everything else is the real code: the check handler, the store, export, import, document.ts.
 */
vi.mock('../../domain/records.js', async (importOriginal) => {
  const { z } = await import('zod');
  const records = await importOriginal<typeof import('../../domain/records.js')>();
  const input = records.CheckInputSchema.safeExtend({ stakeholders: z.number().int().min(0).default(0) });
  return {
    ...records,
    CheckInputSchema: input,
    CheckRecordSchema: records.CheckRecordSchema.extend({ input }),
    ProfileSchema: records.ProfileSchema.extend({ pronouns: z.string().optional() }),
  };
});

const NOW = () => new Date('2026-11-25T10:00:00Z');
/** A task as the CLI or the web would send it, with the new input. */
const task = { title: 'Fix the build', hours: 2, reasons: ['ground-truth'], stakeholders: 3 };

/** The small backup, with fields added to its profile and its check's input. */
function backupWith(profile: Record<string, unknown>, input: Record<string, unknown>) {
  const doc = backup();
  Object.assign(doc.profile, profile);
  Object.assign(doc.checks[0]!.input, input);
  return doc;
}

describe('a field added to a record schema', () => {
  it('is read from a backup and written again as it was', () => {
    const doc = parseDocument(backupWith({ pronouns: 'she/her' }, { stakeholders: 4 }));
    expect(doc.profile).toMatchObject({ pronouns: 'she/her' });
    expect(doc.checks[0]!.input).toMatchObject({ stakeholders: 4 });
    expect(parseDocument(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('is checked as the record checks it, and a misspelt one is refused by name', () => {
    expect(() => parseDocument(backupWith({}, { stakeholders: -1 }))).toThrow(
      /^checks\.0\.input\.stakeholders: .*-1/,
    );
    expect(() => parseDocument(backupWith({}, { stakeholder: 4 }))).toThrow(
      /^checks\.0\.input: Unrecognized key: "stakeholder"/,
    );
    expect(() => parseDocument(backupWith({ pronoun: 'she/her' }, {}))).toThrow(
      /^profile: Unrecognized key: "pronoun"/,
    );
  });

  describe.each(engines)('on %s', (engine) => {
    const source = useStore(engine);

    it('goes from the check, through the store and a backup, into another Hands-on', async () => {
      const ctx = makeContext(source().store, NOW);
      await invoke(profileHandlers.init, ctx, {
        name: 'Dana',
        role: 'engineering-manager',
        reports: 5,
        tz: 'UTC',
        emails: ['dana@example.com'],
      });
      await invoke(checkHandlers.run, ctx, task);
      const doc = await invoke(backupHandlers.export, ctx, {});
      expect(doc.checks[0]!.input).toMatchObject({ stakeholders: 3 });

      const target = await engine.open();
      try {
        const other = makeContext(target.store, NOW);
        await invoke(backupHandlers.import, other, { document: JSON.parse(JSON.stringify(doc)) });
        const [check] = await target.store.listChecks();
        expect(check!.input).toMatchObject({ stakeholders: 3 });
        const again = await invoke(backupHandlers.export, other, {});
        expect(again.checks).toEqual(doc.checks);
      } finally {
        await target.cleanup();
      }
    });
  });
});
