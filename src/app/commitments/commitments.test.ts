import { describe, expect, it } from 'vitest';
import { readCalendar } from '../../importers/ics/index.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { type AppContext, makeContext } from '../context.js';
import { invoke } from '../handler.js';
import { profileHandlers } from '../profile/profile.js';
import { clock } from '../test-support/clock.js';
import { commitmentsHandlers as commitments } from './commitments.js';

const PROFILE = {
  name: 'Ana',
  role: 'engineering-manager' as const,
  reports: 7,
  tz: 'Europe/Berlin',
  emails: ['ana@example.com'],
};

describe.each(engines)('commitments on %s', (engine) => {
  const h = useStore(engine);

  async function leader(
    at = '2026-11-25T09:00:00Z',
  ): Promise<{ ctx: AppContext; time: ReturnType<typeof clock> }> {
    const time = clock(at);
    const ctx = makeContext(h().store, time.now);
    await invoke(profileHandlers.init, ctx, PROFILE);
    return { ctx, time };
  }

  describe('edit', () => {
    it('changes the title, kind and person of an open commitment, and moves its due date earlier', async () => {
      const { ctx } = await leader();
      const c = await invoke(commitments.add, ctx, {
        kind: 'one-on-one',
        title: '1:1 Priya',
        person: 'Priya',
        due: '2026-12-04',
      });
      const edited = await invoke(commitments.edit, ctx, {
        id: c.id,
        title: 'Talk to Priya about the launch',
        kind: 'tough-conversation',
        due: '2026-12-01',
        version: c.version,
      });
      expect(edited).toMatchObject({
        title: 'Talk to Priya about the launch',
        kind: 'tough-conversation',
        person: 'Priya',
        due: '2026-12-01',
        postponements: [],
        version: 2,
      });
      expect(await ctx.store.getCommitment(c.id)).toEqual(edited);
      // An empty person: nobody in particular.
      const nobody = await invoke(commitments.edit, ctx, { id: c.id, person: '' });
      expect(nobody).not.toHaveProperty('person');
      expect(await ctx.store.getCommitment(c.id)).not.toHaveProperty('person');
    });

    it('refuses a later due date (that is a postponement), an old version, an empty change and a closed one', async () => {
      const { ctx } = await leader();
      const c = await invoke(commitments.add, ctx, { kind: 'decision', title: 'Vendor', due: '2026-12-01' });
      await expect(invoke(commitments.edit, ctx, { id: c.id, due: '2026-12-08' })).rejects.toMatchObject({
        code: 'invalid',
        field: 'due',
        message: expect.stringContaining(`handson commitments postpone ${c.id} --to 2026-12-08`),
      });
      await invoke(commitments.edit, ctx, { id: c.id, title: 'Pick the vendor', version: 1 });
      await expect(
        invoke(commitments.edit, ctx, { id: c.id, title: 'Pick a vendor', version: 1 }),
      ).rejects.toMatchObject({ code: 'conflict', field: 'version' });
      await expect(invoke(commitments.edit, ctx, { id: c.id })).rejects.toMatchObject({ code: 'invalid' });
      expect((await ctx.store.getCommitment(c.id))?.title).toBe('Pick the vendor');
      await invoke(commitments.done, ctx, { id: c.id });
      await expect(invoke(commitments.edit, ctx, { id: c.id, title: 'Later' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('already done'),
      });
    });
  });

  describe('repeating', () => {
    it('adds the next month’s occurrence on done and on cancel, counting from the 31st', async () => {
      const { ctx, time } = await leader('2026-01-20T09:00:00Z');
      const first = await invoke(commitments.add, ctx, {
        kind: 'review',
        title: 'Monthly budget review',
        due: '2026-01-31',
        every: 'month',
      });
      expect(first).toMatchObject({ recurrence: { unit: 'month', every: 1 }, seriesId: first.id });

      const jan = await invoke(commitments.done, ctx, { id: first.id });
      expect(jan.status).toBe('done');
      expect(jan.next).toMatchObject({
        title: 'Monthly budget review',
        kind: 'review',
        due: '2026-02-28',
        status: 'open',
        recurrence: { unit: 'month', every: 1 },
        seriesId: first.id,
        version: 1,
      });

      time.set('2026-02-27T09:00:00Z');
      const feb = await invoke(commitments.cancel, ctx, { id: jan.next!.id });
      expect(feb.status).toBe('cancelled');
      // Back on the 31st: the series counts from its first date, not from 28 February.
      expect(feb.next).toMatchObject({ due: '2026-03-31', seriesId: first.id });

      const series = await ctx.store.listCommitments();
      expect(series.map((c) => [c.due, c.status, c.seriesId])).toEqual([
        ['2026-01-31', 'done', first.id],
        ['2026-02-28', 'cancelled', first.id],
        ['2026-03-31', 'open', first.id],
      ]);

      // The last one: closed without a next.
      const last = await invoke(commitments.done, ctx, { id: feb.next!.id, stopRepeating: true });
      expect(last).not.toHaveProperty('next');
      expect(await ctx.store.listCommitments({ status: 'open' })).toEqual([]);
    });

    it('keeps a weekly one on its weekday after a postponement, and never adds one already overdue', async () => {
      const { ctx, time } = await leader('2026-11-20T09:00:00Z');
      const c = await invoke(commitments.add, ctx, {
        kind: 'one-on-one',
        title: '1:1 Jonas',
        person: 'Jonas',
        due: '2026-11-23',
        every: '1w',
      });
      await invoke(commitments.postpone, ctx, { id: c.id, to: '2026-12-02', why: 'Jonas was ill' });
      time.set('2026-12-02T15:00:00Z');
      const done = await invoke(commitments.done, ctx, { id: c.id });
      // Monday 23 Nov was the series' day: after Wednesday 2 Dec comes Monday 7 Dec.
      expect(done.next).toMatchObject({ due: '2026-12-07', person: 'Jonas', postponements: [] });

      // Done three weeks late: the next is the first Monday from today, not one in the past.
      time.set('2026-12-30T10:00:00Z');
      const late = await invoke(commitments.done, ctx, { id: done.next!.id });
      expect(late.next?.due).toBe('2027-01-04');
    });

    it('needs a due date to count from, and a recurrence it can read', async () => {
      const { ctx } = await leader();
      await expect(
        invoke(commitments.add, ctx, { kind: 'one-on-one', title: '1:1', every: 'week' }),
      ).rejects.toMatchObject({ code: 'invalid', field: 'due' });
      await expect(
        invoke(commitments.add, ctx, { kind: 'one-on-one', title: '1:1', due: '2026-11-30', every: 'daily' }),
      ).rejects.toMatchObject({ code: 'invalid', field: 'every' });
      expect(await ctx.store.listCommitments()).toEqual([]);
    });
  });

  describe('schedule and invitation', () => {
    it('books a time on the leader’s clock and gives an invitation our own calendar reader reads back', async () => {
      const { ctx } = await leader();
      const title = 'Feedback for Sam, on the launch; plan "B" \\ retro — and a long title that must fold';
      const c = await invoke(commitments.add, ctx, {
        kind: 'feedback',
        title,
        person: 'Sam',
        due: '2026-11-27',
      });
      const booked = await invoke(commitments.schedule, ctx, {
        id: c.id,
        at: '2026-11-26T14:30',
        minutes: 45,
        version: 1,
      });
      // 14:30 in Berlin (UTC+1 in November).
      expect(booked).toMatchObject({
        scheduledAt: '2026-11-26T13:30:00.000Z',
        scheduledMinutes: 45,
        version: 2,
      });
      expect(await ctx.store.getCommitment(c.id)).toEqual(booked);

      const { filename, ics } = await invoke(commitments.invitation, ctx, { id: c.id });
      // Letters and digits of the title, cut at 60 characters.
      expect(filename).toBe('feedback-for-sam-on-the-launch-plan-b-retro-and-a-long-title.ics');
      expect(ics).toContain('\r\n ');
      const read = readCalendar(ics, {
        from: '2026-11-01T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
        emails: PROFILE.emails,
        floatingTz: 'UTC',
      });
      expect(read.skipped).toEqual([]);
      expect(read.events).toHaveLength(1);
      expect(read.events[0]).toMatchObject({
        uid: `${c.id}@commitments.handson`,
        start: '2026-11-26T13:30:00.000Z',
        end: '2026-11-26T14:15:00.000Z',
        title,
        allDay: false,
      });
    });

    it('reads the time in the profile’s zone across a daylight-saving change', async () => {
      const { ctx } = await leader('2026-03-20T09:00:00Z');
      const c = await invoke(commitments.add, ctx, { kind: 'planning', title: 'Plan Q2' });
      // Berlin moves to summer time on 29 March 2026: 10:00 is 08:00 UTC there.
      const booked = await invoke(commitments.schedule, ctx, {
        id: c.id,
        at: '2026-03-30T10:00',
        minutes: 60,
      });
      expect(booked.scheduledAt).toBe('2026-03-30T08:00:00.000Z');
    });

    it('refuses a time it cannot read, and an invitation for a commitment with no time booked', async () => {
      const { ctx } = await leader();
      const c = await invoke(commitments.add, ctx, { kind: 'decision', title: 'Vendor' });
      for (const at of ['2026-11-26 14:30', '2026-11-31T10:00', '2026-11-26T24:00', 'tomorrow']) {
        await expect(invoke(commitments.schedule, ctx, { id: c.id, at, minutes: 30 })).rejects.toMatchObject({
          code: 'invalid',
          field: 'at',
        });
      }
      await expect(
        invoke(commitments.schedule, ctx, { id: c.id, at: '2026-11-26T10:00', minutes: 0 }),
      ).rejects.toMatchObject({ code: 'invalid', field: 'minutes' });
      await expect(invoke(commitments.invitation, ctx, { id: c.id })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`handson commitments schedule ${c.id}`),
      });
      await expect(invoke(commitments.invitation, ctx, { id: 'nope' })).rejects.toMatchObject({
        code: 'not-found',
      });
    });
  });
});
