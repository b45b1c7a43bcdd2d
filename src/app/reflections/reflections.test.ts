import { describe, expect, it } from 'vitest';
import { engines, useStore } from '../../store/test-support/engines.js';
import { checkHandlers as check } from '../check/check.js';
import { type AppContext, makeContext } from '../context.js';
import { invoke } from '../handler.js';
import { journalHandlers as journal } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { clock } from '../test-support/clock.js';
import { reflectionsHandlers as reflections } from './reflections.js';

const PROFILE = {
  name: 'Ana',
  role: 'engineering-manager' as const,
  reports: 7,
  tz: 'Europe/Berlin',
  emails: ['ana@example.com'],
};

describe.each(engines)('changing reflections and checks on %s', (engine) => {
  const h = useStore(engine);

  async function leader(): Promise<AppContext> {
    const ctx = makeContext(h().store, clock('2026-11-25T09:00:00Z').now);
    await invoke(profileHandlers.init, ctx, PROFILE);
    return ctx;
  }

  it('edits a reflection’s text, answers and date, keeping when it was written, then deletes it', async () => {
    const ctx = await leader();
    const r = await invoke(reflections.add, ctx, { text: 'I took the task because it felt safe.' });
    const edited = await invoke(reflections.edit, ctx, {
      id: r.id,
      date: '2026-11-21',
      answers: [{ prompt: 'What did you avoid?', answer: 'The talk with Sam.' }],
    });
    expect(edited).toStrictEqual({
      ...r,
      date: '2026-11-21',
      answers: [{ prompt: 'What did you avoid?', answer: 'The talk with Sam.' }],
    });
    expect(await invoke(reflections.list, ctx, {})).toStrictEqual([edited]);
    // Emptied of everything it said, it would be a blank page: deleting is the way.
    await expect(invoke(reflections.edit, ctx, { id: r.id, text: '', answers: [] })).rejects.toMatchObject({
      code: 'invalid',
      field: 'text',
    });
    expect(await invoke(reflections.delete, ctx, { id: r.id })).toStrictEqual({ deleted: edited });
    expect(await invoke(reflections.list, ctx, {})).toStrictEqual([]);
    const gone = {
      code: 'not-found',
      message: `There is no reflection "${r.id}"; see \`handson reflect list\`.`,
    };
    await expect(invoke(reflections.edit, ctx, { id: r.id, text: 'x' })).rejects.toMatchObject(gone);
    await expect(invoke(reflections.delete, ctx, { id: r.id })).rejects.toMatchObject(gone);
  });

  it('renames a check but refuses to change its answers, saying why', async () => {
    const ctx = await leader();
    const c = await invoke(check.run, ctx, {
      title: 'Fix the flaky test',
      hours: 3,
      reasons: ['ground-truth'],
    });
    const renamed = await invoke(check.edit, ctx, { id: c.id, title: 'Fix the flaky checkout test' });
    expect(renamed.input.title).toBe('Fix the flaky checkout test');
    expect(renamed.result).toStrictEqual((await ctx.store.getCheck(c.id))?.result);
    expect(renamed.result.verdict).toBe(c.verdict);
    await expect(
      invoke(check.edit, ctx, { id: c.id, title: 'Again', hours: 1 } as never),
    ).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('Only the title of a check can be changed'),
    });
    expect((await ctx.store.getCheck(c.id))?.input).toMatchObject({
      title: 'Fix the flaky checkout test',
      hours: 3,
    });
  });

  it('deletes a check and keeps the work logged for it, unlinked', async () => {
    const ctx = await leader();
    const c = await invoke(check.run, ctx, {
      title: 'Fix the flaky test',
      hours: 3,
      reasons: ['ground-truth'],
    });
    const { session } = await invoke(journal.log, ctx, {
      title: 'Fix the flaky test',
      minutes: 90,
      reasons: ['ground-truth'],
      checkId: c.id,
    });
    const { deleted } = await invoke(check.delete, ctx, { id: c.id });
    expect(deleted.id).toBe(c.id);
    expect(await invoke(check.list, ctx, {})).toStrictEqual([]);
    const kept = await ctx.store.getSession(session.id);
    expect(kept).toMatchObject({ title: 'Fix the flaky test', minutes: 90 });
    expect(kept).not.toHaveProperty('checkId');
    await expect(invoke(check.delete, ctx, { id: c.id })).rejects.toMatchObject({
      code: 'not-found',
      message: `There is no check "${c.id}"; see \`handson check list\`.`,
    });
  });
});
