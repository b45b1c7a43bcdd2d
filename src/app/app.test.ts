import { describe, expect, it } from 'vitest';
import { ics, vevent } from '../importers/ics/test-support/calendar.js';
import type { Store } from '../store/store.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { actionsHandlers } from './actions/actions.js';
import { backupHandlers } from './backup/backup.js';
import { addEvidence, CALDAV_PASSWORD } from './backup/test-support/evidence.js';
import { checkHandlers } from './check/check.js';
import { commitmentsHandlers } from './commitments/commitments.js';
import { type AppContext, makeContext } from './context.js';
import { importHandlers } from './evidence/imports.js';
import { invoke } from './handler.js';
import { journalHandlers } from './journal/journal.js';
import { profileHandlers } from './profile/profile.js';
import { reasonsHandlers } from './reasons/reasons.js';
import { reflectionsHandlers } from './reflections/reflections.js';
import { rulesHandlers } from './rules/rules.js';
import { clock } from './test-support/clock.js';
import { weekHandlers } from './week/week.js';

/**
 * The context's store, except that a write of a commitment waits until `go` settles, having called
 * `reached` first: two changes running at once then both read before either writes, which on
 * PostgreSQL (where transactions interleave) leaves the write itself to tell them apart.
 */
function pausedBeforeWrite(ctx: AppContext, reached: () => void, go: Promise<void>): AppContext {
  const pause = (s: Store): Store => ({
    ...s,
    transaction: (fn) => s.transaction((tx) => fn(pause(tx))),
    async updateCommitment(commitment, version) {
      reached();
      await go;
      return s.updateCommitment(commitment, version);
    },
  });
  return { ...ctx, store: pause(ctx.store) };
}

/** Of changes made at once, the one written: exactly one is, and every other is told of the conflict. */
async function onlyOneWritten<T>(changes: Promise<T>[]): Promise<T> {
  const outcomes = await Promise.allSettled(changes);
  const kept = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  expect(kept).toHaveLength(1);
  for (const o of outcomes) {
    if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'conflict', field: 'version' });
  }
  return kept[0]!;
}

const PROFILE = {
  name: 'Ana',
  role: 'product-manager' as const,
  reports: 5,
  tz: 'Europe/Berlin',
  emails: ['Ana@Example.com'],
  budgetPct: 20,
  weeklyHours: 40,
};

describe.each(engines)('handlers on $name', (engine) => {
  const h = useStore(engine);

  async function leader(
    at = '2026-11-25T09:00:00Z',
  ): Promise<{ ctx: AppContext; time: ReturnType<typeof clock> }> {
    const time = clock(at);
    const ctx = makeContext(h().store, time.now);
    await invoke(profileHandlers.init, ctx, PROFILE);
    return { ctx, time };
  }

  it('gives the PRD-for-search case a delegate verdict to Priya, naming the growth and escape rules', async () => {
    const { ctx, time } = await leader('2026-11-23T08:00:00Z');
    // Two tough conversations, each postponed once (to dates that are not yet overdue).
    for (const person of ['Sam', 'Lee']) {
      const c = await invoke(commitmentsHandlers.add, ctx, {
        kind: 'tough-conversation',
        title: `Talk to ${person} about missed deadlines`,
        person,
        due: '2026-11-24',
      });
      await invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-03', why: 'busy week' });
    }
    // 6 of the 8-hour budget already used this week (Monday 23 to Sunday 29 November).
    await invoke(journalHandlers.log, ctx, {
      title: 'Prototype the importer',
      minutes: 360,
      reasons: ['unwind'],
    });
    time.set('2026-11-25T10:00:00Z');

    const result = await invoke(checkHandlers.run, ctx, {
      title: 'Write the PRD for search',
      hours: 6,
      reasons: ['love-of-building'],
      couldDo: 'Priya',
      grows: true,
      maturity: 'some',
    });
    expect(result.verdict).toBe('delegate');
    expect(result.to).toBe('Priya');
    expect(result.level).toBeDefined();
    const rules = result.lines.map((l) => l.rule);
    expect(rules.some((r) => /growth|grow/.test(r))).toBe(true);
    expect(rules.some((r) => /escape/.test(r))).toBe(true);
    const escapeLine = result.lines.find((l) => /escape/.test(l.rule))!;
    expect(escapeLine.text).toContain('Sam');

    const saved = await invoke(checkHandlers.list, ctx, {});
    expect(saved.map((c) => c.id)).toEqual([result.id]);
    expect(saved[0]!.result.verdict).toBe('delegate');
  });

  it('counts the focus time left this week from now: a passed morning no longer counts', async () => {
    // A calendar with only a Monday-evening event: Mon–Fri 09:00–18:00 (Berlin) are free. At 18:00
    // on Wednesday the day is over, so Thursday and Friday hold the 18 h ahead.
    const { ctx, time } = await leader('2026-11-25T17:00:00Z');
    const task = { title: 'Rewrite the billing service', hours: 20, reasons: ['love-of-building'] };
    const withoutCalendar = await invoke(checkHandlers.run, ctx, task);
    // No calendar: free time is unknown, and the check says nothing about it rather than guess.
    expect(withoutCalendar.lines.map((l) => l.rule)).not.toContain('no-focus-ahead');
    const file = ics(
      ...vevent('drinks@test', 'DTSTART:20261123T190000Z', 'DTEND:20261123T200000Z', 'SUMMARY:Drinks'),
    );
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'work.ics', bytes: new TextEncoder().encode(file) }],
    });
    const late = await invoke(checkHandlers.run, ctx, task);
    const line = late.lines.find((l) => l.rule === 'no-focus-ahead');
    expect(line?.text).toContain('leaves 18 h');
    // The same task checked that morning: the whole of Wednesday is still ahead (27 h).
    time.set('2026-11-25T08:00:00Z');
    const early = await invoke(checkHandlers.run, ctx, task);
    expect(early.lines.map((l) => l.rule)).not.toContain('no-focus-ahead');
    const wider = await invoke(checkHandlers.run, ctx, { ...task, hours: 30 });
    expect(wider.lines.find((l) => l.rule === 'no-focus-ahead')?.text).toContain('leaves 27 h');
  });

  it('reads the due date: the focus time before it, or that the task is already late', async () => {
    // Wednesday 18:00 in Berlin, a calendar with Mon–Fri free: Thursday holds 9 h, Friday 9 more.
    const { ctx } = await leader('2026-11-25T17:00:00Z');
    const task = { title: 'Migrate the invoices', hours: 12, reasons: ['love-of-building'] };
    const rules = (r: { lines: { rule: string }[] }) => r.lines.map((l) => l.rule);
    // Without a calendar nothing is known about the time before Thursday: no claim is made.
    expect(rules(await invoke(checkHandlers.run, ctx, { ...task, due: '2026-11-26' }))).not.toContain(
      'squeezed-before-due',
    );
    const file = ics(
      ...vevent('drinks@test', 'DTSTART:20261123T190000Z', 'DTEND:20261123T200000Z', 'SUMMARY:Drinks'),
    );
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'work.ics', bytes: new TextEncoder().encode(file) }],
    });
    const thursday = await invoke(checkHandlers.run, ctx, { ...task, due: '2026-11-26' });
    const line = thursday.lines.find((l) => l.rule === 'squeezed-before-due');
    expect(line?.text).toContain('due 2026-11-26');
    expect(line?.text).toContain('leaves 9 h');
    // The week as a whole is not short (18 h ahead), and the line about the week is not repeated.
    expect(rules(thursday)).not.toContain('no-focus-ahead');
    // Due on Friday, 18 h before it: room enough.
    expect(rules(await invoke(checkHandlers.run, ctx, { ...task, due: '2026-11-27' }))).not.toContain(
      'squeezed-before-due',
    );
    // Due next week: the calendar says nothing about the days past this one, so nothing is claimed.
    const later = await invoke(checkHandlers.run, ctx, { ...task, hours: 30, due: '2026-12-02' });
    expect(rules(later)).not.toContain('squeezed-before-due');
    expect(rules(later)).toContain('no-focus-ahead');
    const late = await invoke(checkHandlers.run, ctx, { ...task, due: '2026-11-20' });
    expect(late.lines.find((l) => l.rule === 'already-late')?.text).toContain('due 2026-11-20');
    expect(rules(late)).not.toContain('squeezed-before-due');
  });

  it('turns gaps found into improvement actions and tracks them to done', async () => {
    const { ctx } = await leader();
    const { session, actions } = await invoke(journalHandlers.log, ctx, {
      title: 'Ship the onboarding fix',
      start: '09:00',
      end: '11:30',
      reasons: ['ground-truth'],
      energyBefore: 2,
      energyAfter: 4,
      gaps: ['Release checklist is out of date', 'Staging data is stale'],
    });
    expect(session.minutes).toBe(150);
    // 09:00 in Berlin in November is 08:00 UTC.
    expect(session.startedAt).toBe('2026-11-25T08:00:00.000Z');
    expect(actions.map((a) => a.text)).toEqual(['Release checklist is out of date', 'Staging data is stale']);
    await invoke(actionsHandlers.done, ctx, { id: actions[0]!.id });
    const open = await invoke(actionsHandlers.list, ctx, { status: 'open' });
    expect(open.map((a) => a.text)).toEqual(['Staging data is stale']);
    await expect(invoke(actionsHandlers.done, ctx, { id: actions[0]!.id })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('edits a session (new gaps become actions) and deletes one, keeping its actions', async () => {
    const { ctx, time } = await leader();
    const { session } = await invoke(journalHandlers.log, ctx, {
      title: 'Spike',
      minutes: 60,
      reasons: ['unwind'],
      gaps: ['no docs'],
    });
    time.set('2026-11-25T10:00:00Z');
    const edited = await invoke(journalHandlers.edit, ctx, {
      id: session.id,
      date: '2026-11-24',
      start: '14:00',
      end: '15:30',
      reasons: ['ground-truth'],
      gaps: ['no docs', 'flaky CI'],
    });
    expect(edited.session).toMatchObject({
      date: '2026-11-24',
      minutes: 90,
      startedAt: '2026-11-24T13:00:00.000Z',
      reasons: ['ground-truth'],
      gaps: ['no docs', 'flaky CI'],
    });
    expect(edited.actions.map((a) => a.text)).toEqual(['flaky CI']);
    await expect(
      invoke(journalHandlers.edit, ctx, { id: session.id, minutes: 30, start: '10:00', end: '11:00' }),
    ).rejects.toMatchObject({ field: 'minutes' });
    await invoke(journalHandlers.delete, ctx, { id: session.id });
    expect(await invoke(journalHandlers.list, ctx, {})).toEqual([]);
    expect((await invoke(actionsHandlers.list, ctx, {})).map((a) => [a.text, a.sessionId])).toEqual([
      ['no docs', undefined],
      ['flaky CI', undefined],
    ]);
    await expect(invoke(journalHandlers.delete, ctx, { id: session.id })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('refuses an edit made from an older version of a session: the first stays, nothing is lost', async () => {
    const { ctx } = await leader();
    const { session } = await invoke(journalHandlers.log, ctx, {
      title: 'Spike',
      minutes: 60,
      reasons: ['unwind'],
    });
    expect(session.version).toBe(1);
    // Two editors opened version 1; the first saves.
    const first = await invoke(journalHandlers.edit, ctx, {
      id: session.id,
      title: 'Spike: auth',
      version: 1,
    });
    expect(first.session.version).toBe(2);
    await expect(
      invoke(journalHandlers.edit, ctx, { id: session.id, notes: 'from the other tab', version: 1 }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'version' });
    expect(await ctx.store.getSession(session.id)).toMatchObject({ title: 'Spike: auth', version: 2 });
    expect((await ctx.store.getSession(session.id))?.notes).toBeUndefined();
    // At the same moment: exactly one of two edits from version 2 is written, the other is told.
    const outcomes = await Promise.allSettled([
      invoke(journalHandlers.edit, ctx, { id: session.id, minutes: 90, version: 2 }),
      invoke(journalHandlers.edit, ctx, { id: session.id, minutes: 30, version: 2 }),
    ]);
    const kept = outcomes.filter((o) => o.status === 'fulfilled');
    expect(kept).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    const stored = await ctx.store.getSession(session.id);
    expect(stored).toMatchObject({ version: 3, title: 'Spike: auth' });
    expect(stored?.minutes).toBe(kept[0]!.status === 'fulfilled' ? kept[0]!.value.session.minutes : NaN);
    // An edit that names no version is made on what is stored when it runs.
    expect(
      (await invoke(journalHandlers.edit, ctx, { id: session.id, notes: 'later' })).session.version,
    ).toBe(4);
  });

  it('marks a session others will see, keeps the mark through other edits, and clears it', async () => {
    const { ctx } = await leader();
    const { session } = await invoke(journalHandlers.log, ctx, {
      title: 'Prepare the board demo',
      minutes: 90,
      reasons: ['love-of-building'],
      visible: true,
    });
    expect(session.visible).toBe(true);
    const plain = await invoke(journalHandlers.log, ctx, {
      title: 'Fix CI',
      minutes: 30,
      reasons: ['unwind'],
    });
    expect('visible' in plain.session).toBe(false);
    await invoke(journalHandlers.edit, ctx, { id: session.id, minutes: 120 });
    expect((await ctx.store.getSession(session.id))?.visible).toBe(true);
    const cleared = await invoke(journalHandlers.edit, ctx, { id: session.id, visible: false });
    expect(cleared.session.visible).toBeUndefined();
    // Not visible is the absence of the mark, in the store as in the JSON the handlers send.
    expect(JSON.stringify(await invoke(journalHandlers.list, ctx, {}))).not.toContain('visible');
    await invoke(journalHandlers.edit, ctx, { id: plain.session.id, visible: true });
    const marks = (await invoke(journalHandlers.list, ctx, {})).map((s) => [s.title, s.visible]);
    expect(marks.sort()).toEqual([
      ['Fix CI', true],
      ['Prepare the board demo', undefined],
    ]);
    await expect(
      invoke(journalHandlers.log, ctx, {
        title: 'x',
        minutes: 30,
        reasons: ['unwind'],
        visible: 'yes' as never,
      }),
    ).rejects.toMatchObject({
      code: 'invalid',
      field: 'visible',
      message: expect.stringContaining('true or false'),
    });
  });

  it('refuses bad input with the field and what is expected, writing nothing', async () => {
    const { ctx } = await leader();
    await expect(
      invoke(journalHandlers.log, ctx, { title: 'x', minutes: 30, reasons: ['no-such-reason'] }),
    ).rejects.toMatchObject({
      code: 'invalid',
      field: 'reasons',
      message: expect.stringContaining('unknown reason'),
    });
    await expect(invoke(journalHandlers.log, ctx, { title: 'x', reasons: ['unwind'] })).rejects.toMatchObject(
      {
        field: 'minutes',
      },
    );
    await expect(
      invoke(checkHandlers.run, ctx, { title: 'x', hours: -1, reasons: ['unwind'] }),
    ).rejects.toMatchObject({ field: 'hours', message: expect.stringContaining('greater than 0') });
    await expect(
      invoke(commitmentsHandlers.add, ctx, { kind: 'chat' as never, title: 'x' }),
    ).rejects.toMatchObject({ field: 'kind', message: expect.stringContaining('one-on-one') });
    expect(await invoke(journalHandlers.list, ctx, {})).toEqual([]);
    expect(await invoke(commitmentsHandlers.list, ctx, {})).toEqual([]);
  });

  it('keeps every postponement with its date, new due date and why', async () => {
    const { ctx, time } = await leader();
    const c = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'decision',
      title: 'Pick the search vendor',
      due: '2026-11-27',
    });
    await invoke(commitmentsHandlers.postpone, ctx, {
      id: c.id,
      to: '2026-12-04',
      why: 'waiting for numbers',
    });
    time.set('2026-11-26T09:00:00Z');
    const twice = await invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-11' });
    expect(twice.postponements).toEqual([
      expect.objectContaining({
        fromDue: '2026-11-27',
        toDue: '2026-12-04',
        why: 'waiting for numbers',
        at: '2026-11-25T09:00:00.000Z',
      }),
      expect.objectContaining({ fromDue: '2026-12-04', toDue: '2026-12-11', at: '2026-11-26T09:00:00.000Z' }),
    ]);
    await expect(
      invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-01' }),
    ).rejects.toMatchObject({
      field: 'to',
    });
    await invoke(commitmentsHandlers.done, ctx, { id: c.id });
    const [stored] = await invoke(commitmentsHandlers.list, ctx, {});
    expect(stored!.status).toBe('done');
    expect(stored!.postponements).toHaveLength(2);
  });

  it('refuses a change of a commitment made from an older version: the first stays, nothing is lost', async () => {
    const { ctx } = await leader();
    const c = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'decision',
      title: 'Pick the search vendor',
      due: '2026-11-27',
    });
    expect(c.version).toBe(1);
    // Two tabs listed version 1; the first postpones it.
    const moved = await invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-04', version: 1 });
    expect(moved.version).toBe(2);
    const stale = [
      () =>
        invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-11', why: 'tab 2', version: 1 }),
      () => invoke(commitmentsHandlers.done, ctx, { id: c.id, version: 1 }),
      () => invoke(commitmentsHandlers.cancel, ctx, { id: c.id, version: 1 }),
    ];
    for (const change of stale) {
      await expect(change()).rejects.toMatchObject({
        code: 'conflict',
        field: 'version',
        message: `Commitment "${c.id}" was changed since you opened it; nothing was saved. Look at it again (\`handson commitments list\`) and make your change on what is there now.`,
      });
    }
    const after = await ctx.store.getCommitment(c.id);
    expect(after).toMatchObject({ status: 'open', due: '2026-12-04', version: 2 });
    expect(after?.postponements.map((p) => p.toDue)).toEqual(['2026-12-04']);

    // At the same moment: of two postpones from version 2, exactly one is written, the other is told.
    const kept = await onlyOneWritten([
      invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-11', why: 'one', version: 2 }),
      invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-18', why: 'other', version: 2 }),
    ]);
    const stored = await ctx.store.getCommitment(c.id);
    expect(stored).toMatchObject({ due: kept.due, version: 3 });
    // The winner's postponement is kept after the first one; the loser's is nowhere. Both were made
    // at the same instant, so they are compared by their due dates.
    expect(stored?.postponements.map((p) => p.toDue).sort()).toEqual(['2026-12-04', kept.due]);

    // A change that names no version (the CLI's) is made on what is stored when it runs.
    expect(await invoke(commitmentsHandlers.done, ctx, { id: c.id })).toMatchObject({
      status: 'done',
      version: 4,
    });
  });

  // SQLite lets one writing transaction in at a time, so there the second reads what the first wrote.
  it.runIf(engine.name === 'postgres')(
    'writes only one of two changes that read the same version of a commitment at once',
    async () => {
      const { ctx } = await leader();
      const c = await invoke(commitmentsHandlers.add, ctx, {
        kind: 'review',
        title: 'Review Lea',
        due: '2026-11-27',
      });
      let read = 0;
      let bothRead = () => {};
      const go = new Promise<void>((resolve) => (bothRead = resolve));
      const paused = pausedBeforeWrite(ctx, () => ++read === 2 && bothRead(), go);
      // Neither names a version (as from the CLI): only the write itself can find the other came first.
      const kept = await onlyOneWritten([
        invoke(commitmentsHandlers.postpone, paused, { id: c.id, to: '2026-12-04', why: 'one' }),
        invoke(commitmentsHandlers.postpone, paused, { id: c.id, to: '2026-12-11', why: 'other' }),
      ]);
      const stored = await ctx.store.getCommitment(c.id);
      expect(stored).toMatchObject({ due: kept.due, version: 2 });
      expect(stored?.postponements.map((p) => p.toDue)).toEqual([kept.due]);
    },
  );

  it('moves commits to the new local days when the leader changes time zone', async () => {
    const { ctx } = await leader();
    const late = {
      repo: 'api',
      sha: 'c0ffee',
      authorEmail: 'ana@example.com',
      // 23:30 in Berlin on Tuesday; already Wednesday in Tokyo.
      authoredAt: '2026-11-24T22:30:00.000Z',
      date: '2026-11-24',
      subject: 'Fix the flaky deploy',
      added: 3,
      removed: 1,
      files: 1,
      merge: false,
    };
    await ctx.store.insertCommits([late]);
    await invoke(profileHandlers.init, ctx, { ...PROFILE, tz: 'Asia/Tokyo' });
    expect((await ctx.store.listCommits()).map((c) => c.date)).toEqual(['2026-11-25']);
    // Other changes to the profile leave the days alone.
    await invoke(profileHandlers.init, ctx, { ...PROFILE, tz: 'Asia/Tokyo', reports: 6 });
    expect((await ctx.store.listCommits()).map((c) => c.date)).toEqual(['2026-11-25']);
  });

  it('sums the week in the leader’s time zone, across the DST change', async () => {
    // New York: DST ends Sunday 2026-11-01 at 02:00. That Sunday belongs to the week of 26 Oct.
    const time = clock('2026-11-01T23:30:00-05:00');
    const ctx = makeContext(h().store, time.now);
    await invoke(profileHandlers.init, ctx, { ...PROFILE, tz: 'America/New_York' });
    await invoke(journalHandlers.log, ctx, { title: 'Late fix', minutes: 60, reasons: ['unwind'] });
    const week = await invoke(weekHandlers.summary, ctx, {});
    expect(week.week).toEqual({ start: '2026-10-26', end: '2026-11-01' });
    expect(week.time.ic.done).toBe(60);
    time.set('2026-11-02T00:30:00-05:00');
    const next = await invoke(weekHandlers.summary, ctx, {});
    expect(next.week.start).toBe('2026-11-02');
    expect(next.time.ic.done).toBe(0);
  });

  it('reports the week: budget use, reasons mix, commitments health, open actions, checks', async () => {
    const { ctx } = await leader();
    await invoke(journalHandlers.log, ctx, {
      title: 'A',
      minutes: 120,
      reasons: ['empathy', 'ground-truth'],
      gaps: ['g'],
    });
    await invoke(journalHandlers.log, ctx, {
      title: 'B',
      minutes: 60,
      reasons: ['ground-truth'],
      energyBefore: 2,
      energyAfter: 3,
    });
    await invoke(commitmentsHandlers.add, ctx, { kind: 'one-on-one', title: '1:1 Priya', due: '2026-11-20' });
    await invoke(checkHandlers.run, ctx, { title: 'C', hours: 1, reasons: ['empathy'] });
    const w = await invoke(weekHandlers.summary, ctx, {});
    expect(w.time.ic).toEqual({ logged: 180, inferred: 0, planned: null, done: 180 });
    expect(w.time).toMatchObject({ leadership: null, focus: null, coverage: { days: 7, calendarDays: 0 } });
    expect(w.ic).toMatchObject({
      sessions: 2,
      budgetMinutes: 480,
      budgetHours: 8,
      budgetUsedPct: 38,
      overBudget: false,
    });
    expect(w.reasons).toEqual([
      { reason: 'ground-truth', minutes: 180, sessions: 2 },
      { reason: 'empathy', minutes: 120, sessions: 1 },
    ]);
    expect(w.energyDelta).toBe(1);
    expect(w.commitments.healthy).toBe(false);
    expect(w.commitments.overdue.map((c) => c.title)).toEqual(['1:1 Priya']);
    expect(w.actions.open).toHaveLength(1);
    expect(w.checks).toHaveLength(1);
  });

  it('exports, imports into a new store, and exports the same document again; a second import changes nothing', async () => {
    const { ctx } = await leader();
    await invoke(reasonsHandlers.add, ctx, {
      id: 'pairing-practice',
      kind: 'good',
      title: 'Practise pairing',
      questions: ['Who learns?'],
    });
    const c = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'feedback',
      title: 'Feedback to Lee “quotes” ünïcode',
      due: '2026-11-26',
    });
    await invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-01', why: "it's hard" });
    const check = await invoke(checkHandlers.run, ctx, {
      title: 'Fix CI',
      hours: 2,
      reasons: ['pairing-practice'],
    });
    await invoke(journalHandlers.log, ctx, {
      title: 'Fix CI',
      minutes: 45,
      reasons: ['pairing-practice'],
      gaps: ['flaky test'],
      checkId: check.id,
      notes: 'line1\nline2',
      visible: true,
    });
    await invoke(reflectionsHandlers.add, ctx, {
      text: 'Good week',
      answers: [{ prompt: 'What did you avoid?', answer: 'Lee' }],
    });
    await invoke(rulesHandlers.save, ctx, {
      text: JSON.stringify({
        version: 1,
        rules: [{ id: 'pairing', when: { titleAny: ['pairing'] }, category: 'focus' }],
      }),
    });
    await invoke(profileHandlers.init, ctx, {
      ...PROFILE,
      workingHours: { days: [1, 2, 3, 4], start: '08:00', end: '16:00' },
    });
    // The evidence too: a calendar file, a CalDAV calendar, a git repository, GitHub issues, the import log.
    const evidence = await addEvidence(ctx, 'ana@example.com');
    const first = await invoke(backupHandlers.export, ctx, {});
    expect(JSON.stringify(first)).not.toContain(CALDAV_PASSWORD);
    expect(first.sessions.map((s) => s.visible)).toEqual([true]);
    const evidenceRecords = Object.values(evidence.counts).reduce((a, b) => a + b, 0);

    const other = await engine.open();
    try {
      const ctx2 = makeContext(other.store, () => new Date('2026-12-01T00:00:00Z'));
      const summary = await invoke(backupHandlers.import, ctx2, { document: first });
      expect(summary.added).toBe(1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + evidenceRecords);
      for (const [kind, n] of Object.entries(evidence.counts)) {
        expect([kind, summary.byKind[kind as keyof typeof summary.byKind]]).toEqual([
          kind,
          { added: n, updated: 0, unchanged: 0 },
        ]);
      }
      const second = await invoke(backupHandlers.export, ctx2, {});
      expect({ ...second, exportedAt: 'x' }).toEqual({ ...first, exportedAt: 'x' });
      const again = await invoke(backupHandlers.import, ctx2, { document: first });
      expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 9 + evidenceRecords });
    } finally {
      await other.cleanup();
      evidence.repo.remove();
    }
  });

  it('refuses a damaged export whole: nothing is written', async () => {
    const { ctx } = await leader();
    await invoke(journalHandlers.log, ctx, { title: 'A', minutes: 30, reasons: ['unwind'] });
    const doc = await invoke(backupHandlers.export, ctx, {});
    const other = await engine.open();
    try {
      const ctx2 = makeContext(other.store);
      const broken = {
        ...doc,
        sessions: [...doc.sessions, { ...doc.sessions[0], id: 'zz', minutes: 'lots' }],
      };
      await expect(invoke(backupHandlers.import, ctx2, { document: broken })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringContaining('sessions.1.minutes'),
      });
      expect(await other.store.getProfile()).toBeUndefined();
      expect(await other.store.listSessions()).toEqual([]);
      await expect(
        invoke(backupHandlers.import, ctx2, { document: { ...doc, version: 99 } }),
      ).rejects.toMatchObject({ message: expect.stringContaining('newer Hands-on') });
    } finally {
      await other.cleanup();
    }
  });
});
