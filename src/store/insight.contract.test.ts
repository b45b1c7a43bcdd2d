import { describe, expect, it } from 'vitest';
import type { DayModel } from '../domain/insight/insight-types.js';
import { engines, useStore } from './test-support/engines.js';

function day(date: string, icMinutes: number): DayModel {
  return {
    date,
    leadership: { 'one-on-one': 30, 'team-meeting': 60, interview: 0, external: 0 },
    leadershipMinutes: 90,
    leadershipPlannedMinutes: 0,
    calendar: true,
    ic: { logged: icMinutes, inferred: 0, planned: 0, done: icMinutes },
    icMinutes,
    meetingMinutes: 90,
    focusMinutes: 240,
    fragmentedMinutes: 150,
    contextSwitches: 3,
    longestBlockMinutes: 240,
    workingMinutes: 540,
  };
}

describe.each(engines)('insight storage on $name', (engine) => {
  const h = useStore(engine);

  it('keeps one model per day, replaces it, lists a range in order, and clears', async () => {
    const { store } = h();
    await store.saveDayModels([day('2026-11-24', 60), day('2026-11-23', 0)], '2026-11-25T10:00:00.000Z');
    await store.saveDayModels([day('2026-11-24', 120)], '2026-11-25T11:00:00.000Z');
    expect((await store.listDayModels()).map((d) => [d.date, d.icMinutes])).toEqual([
      ['2026-11-23', 0],
      ['2026-11-24', 120],
    ]);
    expect(await store.listDayModels({ from: '2026-11-24', to: '2026-11-30' })).toEqual([
      day('2026-11-24', 120),
    ]);
    await store.clearDayModels();
    expect(await store.listDayModels()).toEqual([]);
  });

  it('collects dirty days once each and hands them out once', async () => {
    const { store } = h();
    await store.markDirtyDays(['2026-11-24', '2026-11-23', '2026-11-24']);
    await store.markDirtyDays(['2026-11-23']);
    expect(await store.takeDirtyDays()).toEqual(['2026-11-23', '2026-11-24']);
    expect(await store.takeDirtyDays()).toEqual([]);
  });

  // A record from before dates were checked (a session in year 0 or 9999) would otherwise send the
  // time model walking through millennia once the leader moves or deletes it.
  it('hands out only days that can hold accepted evidence: 1969-12-31 to 2101-01-01', async () => {
    const { store } = h();
    const days = ['0000-01-01', '1969-12-30', '1969-12-31', '2026-11-24', '2101-01-01', '2101-01-02'];
    await store.markDirtyDays([...days, '9999-12-31', '+010000-01-01', '-000001-12-31']);
    expect(await store.takeDirtyDays()).toEqual(['1969-12-31', '2026-11-24', '2101-01-01']);
  });

  it('deletes a session but keeps the improvement actions made from its gaps', async () => {
    const { store } = h();
    const at = '2026-11-25T10:00:00.000Z';
    await store.upsertSession({
      id: 's1',
      date: '2026-11-25',
      minutes: 30,
      title: 'x',
      reasons: ['unwind'],
      gaps: ['g'],
      createdAt: at,
      updatedAt: at,
    });
    await store.upsertAction({ id: 'a1', text: 'g', sessionId: 's1', status: 'open', createdAt: at });
    await store.deleteSession('s1');
    expect(await store.getSession('s1')).toBeUndefined();
    expect(await store.getAction('a1')).toEqual({ id: 'a1', text: 'g', status: 'open', createdAt: at });
  });

  it('records a review per flag fingerprint, replacing an earlier one', async () => {
    const { store } = h();
    await store.saveFlagReview({
      fingerprint: 'escape|c1',
      flagId: 'escape',
      status: 'acknowledged',
      at: '2026-11-25T10:00:00.000Z',
    });
    await store.saveFlagReview({
      fingerprint: 'escape|c1',
      flagId: 'escape',
      status: 'dismissed',
      note: 'talked to Sam',
      at: '2026-11-26T10:00:00.000Z',
    });
    await store.saveFlagReview({
      fingerprint: 'budget|w48',
      flagId: 'budget',
      status: 'acknowledged',
      at: '2026-11-25T12:00:00.000Z',
    });
    expect(await store.listFlagReviews()).toEqual([
      { fingerprint: 'budget|w48', flagId: 'budget', status: 'acknowledged', at: '2026-11-25T12:00:00.000Z' },
      {
        fingerprint: 'escape|c1',
        flagId: 'escape',
        status: 'dismissed',
        note: 'talked to Sam',
        at: '2026-11-26T10:00:00.000Z',
      },
    ]);
  });
});
