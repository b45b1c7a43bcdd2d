import { describe, expect, it } from 'vitest';
import { flagKey } from '../../domain/insight/flags.js';
import { BUILTIN_REASONS } from '../../domain/reasons/reasons.js';
import { openStore } from '../../store/open.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { icsOf, oneOnOne } from '../../test-support/calendar.js';
import { commitmentsHandlers } from '../commitments/commitments.js';
import { makeContext } from '../context.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { reflectionsHandlers } from '../reflections/reflections.js';
import { clock } from '../test-support/clock.js';
import { weekHandlers } from '../week/week.js';
import { insightHandlers } from './insight.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe.each(engines)('insight on $name', (engine) => {
  const h = useStore(engine);

  async function leader() {
    const time = clock('2026-11-23T08:00:00Z');
    const ctx = makeContext(h().store, time.now);
    await invoke(profileHandlers.init, ctx, {
      name: 'Dana',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['dana@example.com'],
      budgetPct: 10,
      // Her own 40 h week (the working hours would make 45 h): a 4 h budget.
      weeklyHours: 40,
    });
    return { ctx, time };
  }

  /** A tough conversation with Sam due Tue 24 Nov, put off at `at` to Tue 1 Dec. */
  async function putOffTalk(
    { ctx, time }: Awaited<ReturnType<typeof leader>>,
    at: string,
    why?: string,
  ): Promise<{ id: string }> {
    const talk = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'tough-conversation',
      title: 'Talk to Sam about on-call',
      person: 'Sam',
      due: '2026-11-24',
    });
    time.set(at);
    await invoke(commitmentsHandlers.postpone, ctx, {
      id: talk.id,
      to: '2026-12-01',
      ...(why ? { why } : {}),
    });
    return talk;
  }

  it('raises escape after a postponement, keeps a dismissal for that evidence, and raises it again on new evidence', async () => {
    const world = await leader();
    const { ctx, time } = world;
    const talk = await putOffTalk(world, '2026-11-24T09:00:00Z', 'busy');
    await invoke(journalHandlers.log, ctx, {
      title: 'Refactor billing',
      start: '10:00',
      end: '13:00',
      reasons: ['love-of-building'],
    });

    const first = await invoke(insightHandlers.flags, ctx, {});
    // IC rising while the talk waits, and IC right after putting it off: one situation, one flag.
    const [escapeFlag, ...more] = first.flags.filter((f) => f.id === 'escape');
    expect(more).toEqual([]);
    expect(escapeFlag!.text).toContain('Talk to Sam about on-call');
    expect(escapeFlag!.text).toContain('“Refactor billing” 1 h later');
    expect(new Set(escapeFlag!.evidence.map((e) => e.kind))).toEqual(
      new Set(['week', 'commitment', 'postponement', 'session']),
    );

    await invoke(insightHandlers.reviewFlag, ctx, {
      fingerprint: escapeFlag!.fingerprint,
      status: 'dismissed',
      note: 'planned',
    });
    const after = await invoke(insightHandlers.flags, ctx, {});
    expect(after.flags.find((f) => f.fingerprint === escapeFlag!.fingerprint)).toBeUndefined();
    expect(after.dismissed).toBe(1);

    // Put off again, and code again right after: new evidence, so the flag is back.
    time.set('2026-11-25T09:00:00Z');
    await invoke(commitmentsHandlers.postpone, ctx, { id: talk.id, to: '2026-12-08' });
    await invoke(journalHandlers.log, ctx, {
      title: 'Refactor billing',
      start: '10:00',
      end: '11:00',
      reasons: ['love-of-building'],
    });
    const again = await invoke(insightHandlers.flags, ctx, {});
    expect(again.flags.some((f) => f.id === 'escape' && f.evidence.some((e) => e.kind === 'session'))).toBe(
      true,
    );
    await expect(
      invoke(insightHandlers.reviewFlag, ctx, { fingerprint: 'nope:x', status: 'dismissed' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('computes flags once per data version, and again after any write, in this process or another', async () => {
    const { time } = await leader();
    // Counts the reads of raw evidence, to tell a cached answer from a computed one.
    let reads = 0;
    const real = h().store;
    const store = new Proxy(real, {
      get(target, prop) {
        if (prop === 'listOccurrences') reads += 1;
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const ctx = makeContext(store, time.now);
    const talk = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'tough-conversation',
      title: 'Talk to Sam about on-call',
      due: '2026-11-24',
    });
    time.set('2026-11-24T09:00:00Z');
    await invoke(commitmentsHandlers.postpone, ctx, { id: talk.id, to: '2026-12-01', why: 'busy' });

    const first = await invoke(insightHandlers.flags, ctx, {});
    const weekBefore = await invoke(weekHandlers.summary, ctx, {});
    const computed = reads;
    expect(computed).toBeGreaterThan(0);
    expect(await invoke(insightHandlers.flags, ctx, {})).toStrictEqual(first);
    await invoke(insightHandlers.weeklyReview, ctx, {});
    // On PostgreSQL any write on the server (other test files run in parallel) may start a new
    // version, so the "nothing read again" half is checked on SQLite only.
    if (real.engine === 'sqlite') expect(reads).toBe(computed);

    // Another process codes right after the postponement: the next answer must show it.
    const other = await openStore(h().options);
    try {
      await invoke(journalHandlers.log, makeContext(other, time.now), {
        title: 'Refactor billing',
        start: '10:00',
        end: '13:00',
        reasons: ['love-of-building'],
      });
    } finally {
      await other.close();
    }
    const after = await invoke(insightHandlers.flags, ctx, {});
    expect(reads).toBeGreaterThan(computed);
    // The week summary, kept the same way, sees the other process's session too.
    expect((await invoke(weekHandlers.summary, ctx, {})).time.ic.done).toBe(weekBefore.time.ic.done + 180);
    expect(after.flags.some((f) => f.id === 'escape' && f.evidence.some((e) => e.kind === 'session'))).toBe(
      true,
    );
    expect(first.flags.some((f) => f.id === 'escape' && f.evidence.some((e) => e.kind === 'session'))).toBe(
      false,
    );
  });

  it('walks the weekly review: numbers from the model, flags, prompts from the reasons; answers become a reflection', async () => {
    const { ctx, time } = await leader();
    time.set('2026-11-27T17:00:00Z');
    await invoke(importHandlers.ics, ctx, {
      files: [
        {
          name: 'work.ics',
          bytes: enc(icsOf(oneOnOne('2026-11-23'), oneOnOne('2026-11-26', 'CANCELLED'))),
        },
      ],
    });
    await invoke(journalHandlers.log, ctx, {
      title: 'Spike search',
      date: '2026-11-26',
      start: '09:00',
      end: '13:00',
      reasons: ['unwind'],
      energyBefore: 3,
      energyAfter: 2,
    });
    const review = await invoke(insightHandlers.weeklyReview, ctx, {});
    expect(review.week).toMatchObject({
      start: '2026-11-23',
      icMinutes: 240,
      budgetMinutes: 240,
      budgetUsedPct: 100,
    });
    expect(review.week.leadership?.['one-on-one']).toBe(30);
    const interference = review.flags.find((f) => f.id === 'interference');
    expect(interference?.evidence.some((e) => e.kind === 'event' && e.date === '2026-11-26')).toBe(true);
    expect(review.prompts.some((p) => p.reason === 'unwind')).toBe(true);

    const saved = await invoke(insightHandlers.saveReview, ctx, {
      week: '2026-11-23',
      answers: [{ prompt: review.prompts[0]!.prompt, answer: 'Tired; coding did not help.' }],
      flags: [{ fingerprint: interference!.fingerprint, status: 'acknowledged', note: 'Rebook Priya' }],
    });
    expect(saved.reflection?.answers).toEqual([
      { prompt: review.prompts[0]!.prompt, answer: 'Tired; coding did not help.' },
    ]);
    expect(await invoke(reflectionsHandlers.list, ctx, {})).toHaveLength(1);
    const flags = await invoke(insightHandlers.flags, ctx, {});
    expect(flags.flags.find((f) => f.fingerprint === interference!.fingerprint)?.acknowledged?.note).toBe(
      'Rebook Priya',
    );
  });

  it('keeps applying a review stored under the long fingerprint of an earlier version, and takes either form', async () => {
    const world = await leader();
    const { ctx } = world;
    await putOffTalk(world, '2026-11-24T09:00:00Z');
    await invoke(journalHandlers.log, ctx, {
      title: 'Refactor billing',
      start: '10:00',
      end: '11:00',
      reasons: ['love-of-building'],
    });
    const [flag] = (await invoke(insightHandlers.flags, ctx, {})).flags.filter((f) => f.id === 'escape');
    expect(flag!.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    // What a version before short ids stored for this very flag.
    await ctx.store.saveFlagReview({
      fingerprint: flagKey('escape', flag!.evidence),
      flagId: 'escape',
      status: 'acknowledged',
      note: 'seen it',
      at: '2026-11-24T12:00:00.000Z',
    });
    const view = await invoke(insightHandlers.flags, ctx, {});
    expect(view.flags.find((f) => f.fingerprint === flag!.fingerprint)?.acknowledged).toEqual({
      at: '2026-11-24T12:00:00.000Z',
      note: 'seen it',
    });
    expect(view.toLookAt).toBe(view.flags.length - 1);

    // The long form is still taken as an id; the review is stored under the short one.
    const saved = await invoke(insightHandlers.reviewFlag, ctx, {
      fingerprint: flagKey('escape', flag!.evidence),
      status: 'dismissed',
    });
    expect(saved.fingerprint).toBe(flag!.fingerprint);
    const after = await invoke(insightHandlers.flags, ctx, {});
    expect(after.flags.some((f) => f.fingerprint === flag!.fingerprint)).toBe(false);
    expect(after.dismissed).toBe(1);
  });

  it('counts acknowledged and dismissed flags out of the flags to look at', async () => {
    const { ctx, time } = await leader();
    time.set('2026-11-27T17:00:00Z');
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'work.ics', bytes: enc(icsOf(oneOnOne('2026-11-26', 'CANCELLED'))) }],
    });
    await invoke(journalHandlers.log, ctx, {
      title: 'Spike search',
      date: '2026-11-26',
      start: '09:00',
      end: '14:00',
      reasons: ['love-of-building'],
    });
    const before = await invoke(insightHandlers.flags, ctx, {});
    expect(before.toLookAt).toBe(before.flags.length);
    expect(before.flags.length).toBeGreaterThanOrEqual(2);
    const [first, second] = before.flags;
    await invoke(insightHandlers.reviewFlag, ctx, {
      fingerprint: first!.fingerprint,
      status: 'acknowledged',
    });
    await invoke(insightHandlers.reviewFlag, ctx, { fingerprint: second!.fingerprint, status: 'dismissed' });
    const after = await invoke(insightHandlers.flags, ctx, {});
    expect(after.flags).toHaveLength(before.flags.length - 1);
    expect(after.toLookAt).toBe(before.flags.length - 2);
    expect((await invoke(insightHandlers.weeklyReview, ctx, {})).toLookAt).toBe(after.toLookAt);
  });

  it('asks the week’s own questions, naming what happened, and none of the check’s', async () => {
    const world = await leader();
    const { ctx } = world;
    await putOffTalk(world, '2026-11-25T09:00:00Z');
    await invoke(journalHandlers.log, ctx, {
      title: 'Run the release',
      date: '2026-11-24',
      start: '08:00',
      end: '14:00',
      reasons: ['ground-truth'],
      energyBefore: 4,
      energyAfter: 2,
      gaps: ['Releases need three approvals'],
    });
    const review = await invoke(insightHandlers.weeklyReview, ctx, {});
    expect(review.prompts.map((p) => p.id)).toEqual([
      'put-off',
      'ic-day',
      'over-budget',
      'energy-drop',
      'gap',
      'next-week',
    ]);
    const text = review.prompts.map((p) => p.prompt).join('\n');
    expect(text).toContain(
      'You put off the tough conversation with Sam “Talk to Sam about on-call” on Wed 25 Nov',
    );
    expect(text).toContain('Tue 24 Nov went mostly to IC work: 6 h of a 9 h working day.');
    expect(text).toContain('You did 6 h of IC work this week against a budget of 4 h.');
    expect(text).toContain('Your energy went from 4 to 2 over “Run the release” on Tue 24 Nov.');
    // Logging the gap opened an improvement action; nothing is done about it yet.
    expect(text).toContain('you found “Releases need three approvals”, and nothing has come of it yet.');
    const checkQuestions = BUILTIN_REASONS.flatMap((r) => r.questions.map((q) => q.text));
    expect(review.prompts.filter((p) => checkQuestions.includes(p.prompt))).toEqual([]);
  });

  it('reports any range against the previous period of the same length', async () => {
    const { ctx, time } = await leader();
    time.set('2026-11-27T17:00:00Z');
    await invoke(journalHandlers.log, ctx, {
      title: 'A',
      date: '2026-11-10',
      minutes: 120,
      reasons: ['empathy'],
    });
    await invoke(journalHandlers.log, ctx, {
      title: 'B',
      date: '2026-11-25',
      minutes: 60,
      reasons: ['escape'],
    });
    const data = await invoke(insightHandlers.report, ctx, { from: '2026-11-16', to: '2026-11-29' });
    expect(data.range).toEqual({ from: '2026-11-16', to: '2026-11-29', days: 14 });
    expect(data.previous).toEqual({ evidence: true, from: '2026-11-02', to: '2026-11-15' });
    expect(data.metrics.find((m) => m.id === 'ic')).toMatchObject({
      value: 60,
      previous: 120,
      trend: [0, 60],
    });
    expect(data.weeks.map((w) => w.start)).toEqual(['2026-11-16', '2026-11-23']);
    expect(data.reasons).toEqual([
      { reason: 'escape', title: expect.any(String), kind: 'watch-out', minutes: 60 },
    ]);
    await expect(
      invoke(insightHandlers.report, ctx, { from: '2026-11-29', to: '2026-11-16' }),
    ).rejects.toMatchObject({ field: 'to' });
  });

  it("compares with nothing before the leader's history, and leaves out the weeks before it", async () => {
    const { ctx } = await leader();
    // The profile was made on 23 Nov 2026 and nothing was logged before: the weeks before it are
    // not the leader's, and a report of one week has no earlier week to compare with.
    await invoke(journalHandlers.log, ctx, { title: 'A', minutes: 60, reasons: ['empathy'] });
    const week = await invoke(insightHandlers.report, ctx, { from: '2026-11-23', to: '2026-11-29' });
    expect(week.historyStart).toBe('2026-11-23');
    expect(week.previous).toEqual({ evidence: false, from: '2026-11-16', to: '2026-11-22' });
    expect(week.metrics.every((m) => m.previous === null)).toBe(true);
    // No calendar: focus is unknown, never a whole free week.
    expect(week.metrics.find((m) => m.id === 'focus')).toMatchObject({ value: null, previous: null });
    expect(week.time).toMatchObject({ ic: { logged: 60, done: 60 }, focus: null, leadership: null });
    const quarter = await invoke(insightHandlers.report, ctx, { from: '2026-09-01', to: '2026-11-29' });
    expect(quarter.weeks.map((w) => w.start)).toEqual(['2026-11-23']);
    // A session logged for an earlier day starts the history there, and the comparison with it.
    await invoke(journalHandlers.log, ctx, {
      title: 'B',
      date: '2026-11-18',
      minutes: 30,
      reasons: ['empathy'],
    });
    const again = await invoke(insightHandlers.report, ctx, { from: '2026-11-23', to: '2026-11-29' });
    expect(again.previous.evidence).toBe(true);
    expect(again.metrics.find((m) => m.id === 'ic')).toMatchObject({ value: 60, previous: 30 });
  });
});
