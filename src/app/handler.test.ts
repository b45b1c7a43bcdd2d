import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Reason } from '../domain/types.js';
import { AppError } from '../errors.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { checkHandlers } from './check/check.js';
import { type AppContext, makeContext } from './context.js';
import { importHandlers } from './evidence/imports.js';
import { type Handler, type HandlerMap, handler, invoke, parseInput } from './handler.js';
import { FEATURES } from './index.js';
import { refreshDayModels } from './insight/model.js';
import { journalHandlers } from './journal/journal.js';
import { profileHandlers } from './profile/profile.js';
import { rulesHandlers } from './rules/rules.js';
import { weekHandlers } from './week/week.js';

const schema = z.object({
  title: z.string().trim().min(1, 'expected a non-empty title'),
  hours: z.number().gt(0, 'expected more than 0 hours').lt(100, 'expected under 100 hours'),
  emails: z.array(z.email('expected an email address')),
});

function refusal(raw: unknown): AppError {
  try {
    parseInput(schema, raw);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the input to be refused');
}

describe('validation at the edge', () => {
  it('names every bad field, once each, in the order of the input', () => {
    const e = refusal({ title: ' ', hours: -1, emails: ['a@x.com', 'nope'] });
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('title');
    expect(e.problems).toEqual([
      { field: 'title', message: 'expected a non-empty title' },
      { field: 'hours', message: 'expected more than 0 hours' },
      { field: 'emails.1', message: 'expected an email address' },
    ]);
    expect(e.message).toBe(
      'title: expected a non-empty title; hours: expected more than 0 hours; emails.1: expected an email address',
    );
    expect(e.toJSON().problems).toHaveLength(3);
  });

  it('keeps one bad field as one plain message, with no list', () => {
    const e = refusal({ title: 'Fine', hours: 0, emails: [] });
    expect(e.message).toBe('hours: expected more than 0 hours');
    expect(e.field).toBe('hours');
    expect(e.problems).toEqual([]);
    expect(e.toJSON()).toEqual({ code: 'invalid', message: e.message, field: 'hours' });
  });
});

describe('lists in a request are bounded', () => {
  // One POST with 100,000 gaps used to create 100,000 actions (issue 14, class 2).
  const many = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
  const log = { title: 'Pair with Mei', minutes: 60, reasons: ['unwind'] };
  it.each([
    ['log gaps', journalHandlers.log.input, { ...log, gaps: many(100_000, (i) => `gap ${i}`) }, 'gaps', 20],
    [
      'log reasons',
      journalHandlers.log.input,
      { ...log, reasons: many(1000, () => 'unwind') },
      'reasons',
      20,
    ],
    [
      'check reasons',
      checkHandlers.run.input,
      { title: 'Fix the build', hours: 2, reasons: many(1000, () => 'unwind') },
      'reasons',
      20,
    ],
    [
      'ics files',
      importHandlers.ics.input,
      { files: many(1000, (i) => ({ name: `${i}.ics`, bytes: new Uint8Array(1) })) },
      'files',
      100,
    ],
    [
      'rule test attendees',
      rulesHandlers.test.input,
      { title: 'x', attendees: many(10_000, (i) => `p${i}@example.com`) },
      'attendees',
      500,
    ],
  ])('%s', (_, schema, raw, field, max) => {
    let refused: unknown;
    try {
      parseInput(schema as z.ZodType, raw);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(AppError);
    const e = refused as AppError;
    expect(e.field).toBe(field);
    expect(e.message).toContain(`${field}: expected at most ${max} `);
  });
});

const AT = '2026-11-20T10:00:00.000Z';
const NOW = () => new Date(AT);
const reason: Reason = {
  id: 'mentor',
  kind: 'good',
  title: 'Mentoring',
  summary: 'Pairing to teach.',
  questions: [],
  signals: [],
  builtin: false,
};

describe('every handler declares who may call it and what it writes', () => {
  const all = Object.entries(FEATURES).flatMap(([feature, handlers]) =>
    Object.entries(handlers as HandlerMap).map(([name, h]) => [`${feature}.${name}`, h] as const),
  );
  it.each(all)('%s', (_, h) => {
    expect(['owner']).toContain(h.access);
    // Either it only reads, or it names the kinds of records it writes: never both, never neither.
    expect(h.readOnly === true).toBe(h.touches === undefined);
    if (h.readOnly) expect(h.transaction).toBeUndefined();
  });
});

describe.each(engines)('invoke on %s', (engine) => {
  const h = useStore(engine);

  async function owner(): Promise<AppContext> {
    const ctx = makeContext(h().store, NOW);
    await invoke(profileHandlers.init, ctx, {
      name: 'Ana',
      role: 'product-manager',
      reports: 5,
      tz: 'Europe/Berlin',
      emails: ['ana@example.com'],
      budgetPct: 20,
      weeklyHours: 40,
    });
    return ctx;
  }

  it('refuses anyone but the owner before reading the input, and writes nothing', async () => {
    const ctx = await owner();
    const stranger = { ...ctx, actor: { id: 'someone-else' } };
    // The input is wrong too: a refused caller is not told how to get it right.
    const refused = await invoke(journalHandlers.log, stranger, { title: '' } as never).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('forbidden');
    expect((refused as AppError).httpStatus).toBe(403);
    await expect(
      invoke(journalHandlers.log, stranger, { title: 'Pair', minutes: 30, reasons: ['unwind'] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // Reads are refused the same way.
    await expect(invoke(journalHandlers.list, stranger, {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await ctx.store.listSessions()).toEqual([]);
    // The owner is let in.
    await invoke(journalHandlers.log, ctx, { title: 'Pair', minutes: 30, reasons: ['unwind'] });
    expect(await invoke(journalHandlers.list, ctx, {})).toHaveLength(1);
  });

  it('runs a writing handler in one transaction: a failure part way leaves nothing', async () => {
    const ctx = await owner();
    const halfway = {
      access: 'owner',
      touches: ['reasons'],
      summary: 'Writes, then fails.',
      input: z.object({}),
      async run(c) {
        await c.store.upsertReason(reason);
        throw new AppError('conflict', 'not after all');
      },
    } satisfies Handler<z.ZodObject, never>;
    await expect(invoke(halfway, ctx, {})).rejects.toThrow('not after all');
    expect(await ctx.store.listCustomReasons()).toEqual([]);
    // A handler that manages its own transactions keeps what it finished.
    await expect(invoke({ ...halfway, transaction: 'own' }, ctx, {})).rejects.toThrow('not after all');
    expect(await ctx.store.listCustomReasons()).toEqual([reason]);
  });

  it('fails as a bug, writing nothing, when a handler writes what it does not declare', async () => {
    const ctx = await owner();
    const sly = handler({
      access: 'owner',
      touches: ['journal'],
      summary: 'Declares the journal, writes a reason.',
      input: z.object({}),
      async run(c) {
        await c.store.upsertReason(reason);
      },
    });
    const e = await invoke(sly, ctx, {}).catch((x) => x);
    expect(e).not.toBeInstanceOf(AppError);
    expect(String(e)).toMatch(/upsertReason writes reasons records/);
    expect(await ctx.store.listCustomReasons()).toEqual([]);
  });

  it('gives a read-only handler a store that refuses writes, and the same store each time', async () => {
    const ctx = await owner();
    const peek = handler({
      access: 'owner',
      readOnly: true,
      summary: 'Says it only reads, writes a reason.',
      input: z.object({}),
      async run(c) {
        await c.store.upsertReason(reason);
      },
    });
    await expect(invoke(peek, ctx, {})).rejects.toThrow(/upsertReason writes reasons records/);
    expect(await ctx.store.listCustomReasons()).toEqual([]);
    // Results cached per store (memo.ts) are found again by the next call: the week is not recomputed.
    const first = await invoke(weekHandlers.summary, ctx, { date: '2026-11-18' });
    expect(await invoke(weekHandlers.summary, ctx, { date: '2026-11-18' })).toBe(first);
  });

  it('keeps a kept answer until a write, the minute or the input moves on', async () => {
    let clock = NOW();
    const ctx = { ...(await owner()), now: () => clock };
    let runs = 0;
    const count = handler({
      access: 'owner',
      readOnly: true,
      kept: true,
      summary: 'Counts the sessions it finds.',
      input: z.object({ on: z.string().optional() }),
      async run(c) {
        runs++;
        return { sessions: (await c.store.listSessions()).length, at: c.now().toISOString() };
      },
    });
    const first = await invoke(count, ctx, {});
    expect(await invoke(count, ctx, {})).toBe(first);
    expect(runs).toBe(1);
    // A write by anyone moves the data version: the next answer is computed again, and right.
    await invoke(journalHandlers.log, ctx, { title: 'Pair', minutes: 30, reasons: ['unwind'] });
    expect(await invoke(count, ctx, {})).toMatchObject({ sessions: 1 });
    expect(runs).toBe(2);
    // Another input is another answer; the clock's next minute too, though nothing was written.
    await invoke(count, ctx, { on: 'x' });
    expect(runs).toBe(3);
    clock = new Date(clock.getTime() + 60_000);
    expect((await invoke(count, ctx, { on: 'x' })).at).toBe(clock.toISOString());
    expect(runs).toBe(4);
    // A failure is not kept.
    const flaky = handler({
      access: 'owner',
      readOnly: true,
      kept: true,
      summary: 'Fails once.',
      input: z.object({}),
      async run() {
        runs++;
        if (runs === 5) throw new AppError('conflict', 'not this time');
        return runs;
      },
    });
    await expect(invoke(flaky, ctx, {})).rejects.toThrow('not this time');
    expect(await invoke(flaky, ctx, {})).toBe(6);
  });

  it('marks the days a handler changed, without the handler saying so', async () => {
    const ctx = await owner();
    await ctx.store.takeDirtyDays();
    await invoke(journalHandlers.log, ctx, {
      title: 'Pair',
      date: '2026-11-18',
      minutes: 30,
      reasons: ['unwind'],
    });
    // The refresh finds that day marked, and stores its model.
    expect(await refreshDayModels(ctx)).toBe(1);
    expect((await ctx.store.listDayModels()).map((d) => d.date)).toEqual(['2026-11-18']);
    // Rules shape every day that has a model.
    await invoke(rulesHandlers.save, ctx, { text: '{ "version": 1, "rules": [] }' });
    expect(await ctx.store.takeDirtyDays()).toEqual(['2026-11-18']);
  });
});
