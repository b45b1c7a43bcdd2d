import { describe, expect, it } from 'vitest';
import { engines, useStore } from '../../store/test-support/engines.js';
import { PEOPLE_ICS } from '../../test-support/people-calendar.js';
import { type AppContext, makeContext } from '../context.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { insightHandlers } from '../insight/insight.js';
import { profileHandlers } from '../profile/profile.js';
import { clock } from '../test-support/clock.js';
import { weekHandlers } from '../week/week.js';
import { peopleHandlers } from './people.js';

const enc = (s: string) => new TextEncoder().encode(s);

const PROFILE = {
  name: 'Dana',
  role: 'engineering-manager' as const,
  reports: 2,
  tz: 'UTC',
  emails: ['dana@example.com'],
  weeklyHours: 40,
};

describe.each(engines)('people on %s', (engine) => {
  const h = useStore(engine);

  async function leader(): Promise<AppContext> {
    const ctx = makeContext(h().store, clock('2026-11-25T15:00:00Z').now);
    await invoke(profileHandlers.init, ctx, PROFILE);
    return ctx;
  }

  async function withCalendar(): Promise<AppContext> {
    const ctx = await leader();
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'work.ics', bytes: enc(PEOPLE_ICS) }],
      from: '2026-11-01',
      to: '2026-12-31',
    });
    return ctx;
  }

  it('proposes the other attendees of 1:1s, and once added shows each one where they stand', async () => {
    const ctx = await withCalendar();
    const candidates = await invoke(peopleHandlers.candidates, ctx, {});
    expect(candidates).toEqual([
      { name: 'Priya Sharma', email: 'priya@example.com', oneOnOnes: 4, lastSeen: '2026-11-30' },
      { name: 'Jonas Berg', email: 'jonas.berg@example.com', oneOnOnes: 1, lastSeen: '2026-11-10' },
    ]);
    await invoke(peopleHandlers.add, ctx, { people: candidates.map(({ name, email }) => ({ name, email })) });
    expect(await invoke(peopleHandlers.candidates, ctx, {})).toEqual([]);

    const view = await invoke(peopleHandlers.list, ctx, {});
    expect(view.calendar).toBe(true);
    const [jonas, priya] = view.people;
    expect(priya).toMatchObject({
      last: { date: '2026-11-23' },
      next: { date: '2026-11-30' },
      daysSince: 2,
      overdue: false,
    });
    expect(priya?.missed.map((m) => [m.date, m.how])).toEqual([['2026-11-16', 'cancelled']]);
    expect(jonas).toMatchObject({ last: { date: '2026-11-10' }, next: null, daysSince: 15, overdue: true });

    // The same computation raises the flag, with its evidence.
    const { flags } = await invoke(insightHandlers.flags, ctx, {});
    const overdue = flags.filter((f) => f.id === 'one-on-one-overdue');
    expect(overdue.map((f) => f.text)).toEqual([
      'Your last 1:1 with Jonas Berg was on Tue 10 Nov, 15 days ago; you meant to meet every week.',
    ]);
    expect(overdue[0]?.evidence.map((e) => e.kind)).toEqual(['event', 'person']);
    // A fortnight's cadence is still overdue at 15 days; three weeks is not.
    await invoke(peopleHandlers.edit, ctx, { id: jonas!.person.id, oneOnOneEvery: 21 });
    const after = await invoke(insightHandlers.flags, ctx, {});
    expect(after.flags.filter((f) => f.id === 'one-on-one-overdue')).toEqual([]);
  });

  it('says unknown, not overdue, for someone the calendar has nothing on and does not cover', async () => {
    const ctx = await leader();
    await invoke(peopleHandlers.add, ctx, { people: [{ name: 'Sam' }] });
    const view = await invoke(peopleHandlers.list, ctx, {});
    expect(view.calendar).toBe(false);
    expect(view.people[0]).toMatchObject({ last: null, daysSince: null, overdue: null });
    const { flags } = await invoke(insightHandlers.flags, ctx, {});
    expect(flags.filter((f) => f.id === 'one-on-one-overdue')).toEqual([]);
  });

  it('makes the profile report count follow the list of reports when it has any', async () => {
    const ctx = await leader();
    const budget = async () => (await invoke(weekHandlers.summary, ctx, {})).ic.budgetPct;
    const typed = await invoke(profileHandlers.show, ctx, {});
    expect(typed.profile.reports).toBe(2);
    const before = await budget();
    // Only people who are not reports: the typed number stands.
    await invoke(peopleHandlers.add, ctx, { people: [{ name: 'Lee', relation: 'other' }] });
    expect((await invoke(profileHandlers.show, ctx, {})).profile.reports).toBe(2);
    const seven = ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Fa', 'Gu'].map((name) => ({ name }));
    const added = await invoke(peopleHandlers.add, ctx, { people: seven });
    const shown = await invoke(profileHandlers.show, ctx, {});
    expect(shown.profile.reports).toBe(7);
    expect(shown.defaultBudgetPct).toBeLessThan(typed.defaultBudgetPct);
    expect(await budget()).toBeLessThan(before);
    // Down to none: back to the number typed.
    for (const p of added) await invoke(peopleHandlers.remove, ctx, { id: p.id });
    expect((await invoke(profileHandlers.show, ctx, {})).profile.reports).toBe(2);
  });

  it('refuses a second person with the same address, an unknown id, and a bad cadence, by field', async () => {
    const ctx = await leader();
    const [priya] = await invoke(peopleHandlers.add, ctx, {
      people: [{ name: 'Priya', email: 'priya@example.com' }],
    });
    await expect(
      invoke(peopleHandlers.add, ctx, { people: [{ name: 'P. Sharma', email: 'PRIYA@example.com' }] }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'people.0.email' });
    await expect(invoke(peopleHandlers.edit, ctx, { id: 'nobody', name: 'X' })).rejects.toMatchObject({
      code: 'not-found',
      field: 'id',
    });
    await expect(invoke(peopleHandlers.edit, ctx, { id: priya!.id, oneOnOneEvery: 0 })).rejects.toMatchObject(
      {
        code: 'invalid',
        field: 'oneOnOneEvery',
      },
    );
    // An empty address removes it.
    expect(await invoke(peopleHandlers.edit, ctx, { id: priya!.id, email: '' })).not.toHaveProperty('email');
    await invoke(peopleHandlers.remove, ctx, { id: priya!.id });
    expect((await invoke(peopleHandlers.list, ctx, {})).people).toEqual([]);
  });
});
