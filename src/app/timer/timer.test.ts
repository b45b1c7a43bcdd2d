import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { type AppContext, makeContext } from '../context.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { clock } from '../test-support/clock.js';
import { weekHandlers } from '../week/week.js';
import { timerHandlers } from './timer.js';

// Berlin is UTC+1 in November: 13:05Z is 14:05 on the leader's wall clock. Working hours are the
// default, Monday to Friday 09:00–18:00; 2026-11-25 is a Wednesday.
const PROFILE = {
  name: 'Ana',
  role: 'engineering-manager' as const,
  reports: 5,
  tz: 'Europe/Berlin',
  emails: ['ana@example.com'],
  weeklyHours: 40,
};

const TASK = { title: 'Fix the flaky deploy', reasons: ['ground-truth'] };

describe.each(engines)('the timer on %s', (engine) => {
  const h = useStore(engine);

  async function leader(at: string): Promise<{ ctx: AppContext; time: ReturnType<typeof clock> }> {
    const time = clock(at);
    const ctx = makeContext(h().store, time.now);
    await invoke(profileHandlers.init, ctx, PROFILE);
    return { ctx, time };
  }

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { code: string; field?: string; message: string }) => ({
        code: e.code,
        field: e.field,
        message: e.message,
      }),
    );

  it('runs from start to stop, logs one session from the start for the minutes it ran, and is gone', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    expect(await invoke(timerHandlers.status, ctx, {})).toBeNull();
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T14:25:00Z');
    expect(await invoke(timerHandlers.status, ctx, {})).toEqual({
      ...TASK,
      startedAt: '2026-11-25T13:05:00.000Z',
      minutes: 80,
      date: '2026-11-25',
      startTime: '14:05',
    });

    const { session, actions } = await invoke(timerHandlers.stop, ctx, {
      energyAfter: 4,
      gaps: ['No runbook for a stuck deploy'],
    });
    expect(session).toMatchObject({
      ...TASK,
      date: '2026-11-25',
      startedAt: '2026-11-25T13:05:00.000Z',
      minutes: 80,
      energyAfter: 4,
    });
    expect(actions.map((a) => [a.text, a.sessionId])).toEqual([
      ['No runbook for a stuck deploy', session.id],
    ]);
    expect(await invoke(journalHandlers.list, ctx, {})).toEqual([session]);
    expect(await invoke(timerHandlers.status, ctx, {})).toBeNull();
  });

  it('discards a timer started by mistake without logging anything, and says when there is none', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T13:45:00Z');
    expect(await invoke(timerHandlers.discard, ctx, {})).toEqual({
      ...TASK,
      startedAt: '2026-11-25T13:05:00.000Z',
    });
    expect(await invoke(timerHandlers.status, ctx, {})).toBeNull();
    expect(await invoke(journalHandlers.list, ctx, {})).toEqual([]);
    expect(await refusal(invoke(timerHandlers.discard, ctx, {}))).toEqual({
      code: 'not-found',
      field: undefined,
      message: 'No timer is running, so there is nothing to discard.',
    });
    // A new one can start at once.
    await invoke(timerHandlers.start, ctx, TASK);
    expect(await invoke(timerHandlers.status, ctx, {})).toMatchObject({ title: TASK.title, minutes: 0 });
  });

  it('keeps the timer in the store, so it is still running after a restart', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    await h().store.close();
    const reopened = await openStore(h().options);
    try {
      time.set('2026-11-25T13:35:00Z');
      const status = await invoke(timerHandlers.status, makeContext(reopened, time.now), {});
      expect(status).toMatchObject({ title: TASK.title, minutes: 30 });
    } finally {
      await reopened.close();
    }
  });

  it('refuses a second start, naming the running timer and how to end it', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T13:30:00Z');
    expect(await refusal(invoke(timerHandlers.start, ctx, { ...TASK, title: 'Review the PR' }))).toEqual({
      code: 'conflict',
      field: undefined,
      message: 'A timer is already running: "Fix the flaky deploy", since 14:05. `handson stop` ends it.',
    });
    expect(await invoke(timerHandlers.status, ctx, {})).toMatchObject({ title: TASK.title });
  });

  it('refuses to stop when nothing runs, and to start with a reason nobody knows', async () => {
    const { ctx } = await leader('2026-11-25T13:05:00Z');
    expect(await refusal(invoke(timerHandlers.stop, ctx, {}))).toEqual({
      code: 'not-found',
      field: undefined,
      message: 'No timer is running; start one with `handson start`.',
    });
    expect(
      await refusal(invoke(timerHandlers.start, ctx, { ...TASK, reasons: ['no-such-reason'] })),
    ).toMatchObject({
      code: 'invalid',
      field: 'reasons',
    });
    expect(await invoke(timerHandlers.status, ctx, {})).toBeNull();
  });

  it('does not count the evening after working hours without being told when the work ended', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T20:30:00Z'); // 21:30 in Berlin
    expect(await invoke(timerHandlers.status, ctx, {})).toMatchObject({
      overrun: { past: 'working-hours', date: '2026-11-25', startTime: '14:05', workEnd: '18:00' },
    });
    expect(await refusal(invoke(timerHandlers.stop, ctx, {}))).toEqual({
      code: 'invalid',
      field: 'until',
      message:
        'The timer for "Fix the flaky deploy" started at 14:05 and ran past the end of your working hours (18:00); it is now 21:30. Nothing was logged: give the time you stopped that day as HH:MM, or now to count all of it.',
    });
    // A time still ahead, or before the start, is not when the work ended.
    expect(await refusal(invoke(timerHandlers.stop, ctx, { until: '22:00' }))).toMatchObject({
      field: 'until',
    });
    expect(await refusal(invoke(timerHandlers.stop, ctx, { until: '14:05' }))).toMatchObject({
      field: 'until',
    });
    expect(await refusal(invoke(timerHandlers.stop, ctx, { until: '5pm' }))).toMatchObject({
      field: 'until',
    });

    const { session } = await invoke(timerHandlers.stop, ctx, { until: '17:45' });
    expect(session).toMatchObject({ startedAt: '2026-11-25T13:05:00.000Z', minutes: 220 });
    expect(await invoke(timerHandlers.status, ctx, {})).toBeNull();
  });

  it('counts the evening when told to, and a timer started after working hours runs until midnight', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T20:30:00Z');
    expect((await invoke(timerHandlers.stop, ctx, { until: 'now' })).session.minutes).toBe(445);

    await invoke(timerHandlers.start, ctx, TASK); // 21:30, after working hours
    time.set('2026-11-25T22:45:00Z');
    expect(await invoke(timerHandlers.status, ctx, {})).not.toHaveProperty('overrun');
    expect((await invoke(timerHandlers.stop, ctx, {})).session.minutes).toBe(135);
  });

  it('does not count the night either: past midnight needs `until`', async () => {
    const { ctx, time } = await leader('2026-11-25T19:00:00Z'); // 20:00, after working hours
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-26T07:10:00Z'); // 08:10 the next morning
    expect(await refusal(invoke(timerHandlers.stop, ctx, {}))).toEqual({
      code: 'invalid',
      field: 'until',
      message:
        'The timer for "Fix the flaky deploy" started on 2026-11-25 at 20:00 and ran past midnight; it is now 2026-11-26 08:10. Nothing was logged: give the time you stopped that day as HH:MM, or now to count all of it.',
    });
    const { session } = await invoke(timerHandlers.stop, ctx, { until: '23:30' });
    expect(session).toMatchObject({
      date: '2026-11-25',
      startedAt: '2026-11-25T19:00:00.000Z',
      minutes: 210,
    });
  });

  it('past midnight after a working day, offers the end of working hours', async () => {
    const { ctx, time } = await leader('2026-11-25T08:30:00Z'); // 09:30
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-26T08:31:00Z');
    const status = await invoke(timerHandlers.status, ctx, {});
    expect(status?.overrun).toEqual({
      past: 'midnight',
      date: '2026-11-25',
      startTime: '09:30',
      workEnd: '18:00',
    });
    const refused = await refusal(invoke(timerHandlers.stop, ctx, {}));
    expect(refused?.message).toContain('(your working hours ended at 18:00)');
    // A whole day and more is more than one session can hold.
    expect(await refusal(invoke(timerHandlers.stop, ctx, { until: 'now' }))).toMatchObject({
      code: 'invalid',
      field: 'until',
    });
    expect((await invoke(timerHandlers.stop, ctx, { until: '18:00' })).session.minutes).toBe(510);
  });

  it('gives the week the same numbers as the same session logged by hand', async () => {
    const { ctx, time } = await leader('2026-11-25T13:05:00Z');
    await invoke(timerHandlers.start, ctx, TASK);
    time.set('2026-11-25T14:35:00Z');
    const timed = await invoke(timerHandlers.stop, ctx, { energyAfter: 4 });
    const withTimer = await invoke(weekHandlers.summary, ctx, {});
    expect(withTimer.ic.sessions).toBe(1);
    expect(withTimer.time.ic.logged).toBe(90);

    await invoke(journalHandlers.delete, ctx, { id: timed.session.id });
    const logged = await invoke(journalHandlers.log, ctx, {
      ...TASK,
      start: '14:05',
      end: '15:35',
      energyAfter: 4,
    });
    expect(logged.session).toEqual({ ...timed.session, id: logged.session.id });
    const byHand = await invoke(weekHandlers.summary, ctx, {});
    expect({ time: byHand.time, ic: byHand.ic, reasons: byHand.reasons }).toEqual({
      time: withTimer.time,
      ic: withTimer.ic,
      reasons: withTimer.reasons,
    });
  });
});
