import { describe, expect, it } from 'vitest';
import { engines, useStore } from '../../store/test-support/engines.js';
import { LEADER_WEEK_ICS } from '../../test-support/calendar.js';
import { makeContext } from '../context.js';
import { eventsHandlers } from '../evidence/events.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { profileHandlers } from '../profile/profile.js';
import { clock } from '../test-support/clock.js';
import { weekHandlers } from '../week/week.js';
import { rulesHandlers } from './rules.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** Tuesday 24 November 2026, Ana's focus block 13:00–16:00 Berlin; her week is seen from Friday evening. */
const TUESDAY_FOCUS = '2026-11-24T12:00:00.000Z';

describe.each(engines)('reclassifying calendar events on $name', (engine) => {
  const h = useStore(engine);

  async function ana() {
    const ctx = makeContext(h().store, clock('2026-11-27T17:00:00Z').now);
    await invoke(profileHandlers.init, ctx, {
      name: 'Ana',
      role: 'engineering-manager',
      reports: 7,
      tz: 'Europe/Berlin',
      emails: ['ana@example.com'],
      budgetPct: 15,
      weeklyHours: 40,
    });
    await invoke(importHandlers.ics, ctx, { files: [{ name: 'work.ics', bytes: enc(LEADER_WEEK_ICS) }] });
    return ctx;
  }
  const week = { from: '2026-11-23', to: '2026-11-29' };

  it('counts one focus block as a 1:1 only: the rule names that occurrence, and the week’s IC follows', async () => {
    const ctx = await ana();
    const before = await invoke(weekHandlers.summary, ctx, {});
    const view = await invoke(rulesHandlers.reclassify, ctx, {
      uid: 'focus@t',
      start: TUESDAY_FOCUS,
      category: 'one-on-one',
      scope: 'this-event',
    });
    expect(view.rule).toEqual({
      id: 'only-focus-time-2026-11-24',
      when: { occurrence: { uid: 'focus@t', start: TUESDAY_FOCUS } },
      category: 'one-on-one',
      class: 'leadership',
    });
    expect(view.rules[0]).toMatchObject({ id: view.rule.id, origin: 'yours' });
    expect(view.rules[0]!.sentence).toContain('"focus@t" starting 2026-11-24T12:00:00.000Z');

    const events = await invoke(eventsHandlers.list, ctx, week);
    const focus = events.filter((e) => e.uid === 'focus@t');
    expect(focus.map((e) => [e.start, e.category, e.rule])).toEqual([
      [TUESDAY_FOCUS, 'one-on-one', view.rule.id],
      ['2026-11-26T12:00:00.000Z', 'focus', 'focus'],
    ]);
    const after = await invoke(weekHandlers.summary, ctx, {});
    expect(after.time.ic.done).toBe(before.time.ic.done - 180);
  });

  it('counts every event like one by its title, as a rule at the top, replacing an older one for the same title', async () => {
    const ctx = await ana();
    await invoke(rulesHandlers.save, ctx, {
      text: JSON.stringify({
        version: 1,
        internalDomains: ['example.com'],
        rules: [{ id: 'mine', _help: 'kept', when: { titleAny: ['board'] }, category: 'other' }],
      }),
    });
    const like = { uid: 'lunch@t', start: '2026-11-24T11:00:00.000Z', scope: 'like-this' } as const;
    const first = await invoke(rulesHandlers.reclassify, ctx, { ...like, category: 'team-meeting' });
    expect(first.rule).toMatchObject({ id: 'like-lunch', when: { titleAny: ['Lunch'] } });
    const second = await invoke(rulesHandlers.reclassify, ctx, { ...like, category: 'focus' });
    expect(second.rules.filter((r) => r.origin === 'yours').map((r) => [r.id, r.category])).toEqual([
      ['like-lunch', 'focus'],
      ['mine', 'other'],
    ]);
    const saved = JSON.parse(second.text);
    expect(saved.internalDomains).toEqual(['example.com']);
    expect(saved.rules[1]._help).toBe('kept');
    const events = await invoke(eventsHandlers.list, ctx, week);
    const lunches = events.filter((e) => e.title === 'Lunch');
    expect(lunches).toHaveLength(5);
    expect(new Set(lunches.map((e) => `${e.category} ${e.rule}`))).toEqual(new Set(['focus like-lunch']));
  });

  it('refuses an event that is not in the calendar, saving nothing', async () => {
    const ctx = await ana();
    await expect(
      invoke(rulesHandlers.reclassify, ctx, {
        uid: 'focus@t',
        start: '2026-11-24T12:30:00.000Z',
        category: 'other',
        scope: 'this-event',
      }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect((await invoke(rulesHandlers.show, ctx, {})).custom).toBe(false);
  });
});
