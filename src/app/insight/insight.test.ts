import { describe, expect, it } from 'vitest';
import { icsOf, oneOnOne } from '../../cli/test-support/calendar.js';
import { openStore } from '../../store/open.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { commitmentsHandlers } from '../commitments/commitments.js';
import { makeContext } from '../context.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { reflectionsHandlers } from '../reflections/reflections.js';
import { weekHandlers } from '../week/week.js';
import { insightHandlers } from './insight.js';

function clock(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (s: string) => (now = new Date(s)) };
}

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
    });
    return { ctx, time };
  }

  it('raises escape after a postponement, keeps a dismissal for that evidence, and raises it again on new evidence', async () => {
    const { ctx, time } = await leader();
    const talk = await invoke(commitmentsHandlers.add, ctx, {
      kind: 'tough-conversation',
      title: 'Talk to Sam about on-call',
      person: 'Sam',
      due: '2026-11-24',
    });
    time.set('2026-11-24T09:00:00Z');
    await invoke(commitmentsHandlers.postpone, ctx, { id: talk.id, to: '2026-12-01', why: 'busy' });
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
    expect((await invoke(weekHandlers.summary, ctx, {})).ic.minutes).toBe(weekBefore.ic.minutes + 180);
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
    expect(review.week.leadership['one-on-one']).toBe(30);
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
    expect(data.previous).toEqual({ from: '2026-11-02', to: '2026-11-15' });
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
});
