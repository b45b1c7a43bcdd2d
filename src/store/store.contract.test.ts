import { describe, expect, it } from 'vitest';
import { CheckInputSchema } from '../domain/records.js';
import { titleKey } from '../domain/time.js';
import type {
  CheckRecord,
  Commitment,
  IcSession,
  ImprovementAction,
  Person,
  Profile,
  Reason,
  Reflection,
} from '../domain/types.js';
import { AppError } from '../errors.js';
import { latestVersion, MIGRATIONS, migrate } from './migrations.js';
import { openEngine, openStore } from './open.js';
import { engines, useStore } from './test-support/engines.js';

// ------------------------------------------------------------------ fixtures

const profile: Profile = {
  name: 'Ada',
  role: 'engineering-manager',
  reports: 6,
  tz: 'Europe/Berlin',
  emails: ['ada@example.com', 'ada@home.example'],
  weeklyHours: 40,
  createdAt: '2026-11-02T08:00:00.000Z',
  updatedAt: '2026-11-02T08:00:00.000Z',
};

function reason(id: string, title = `Reason ${id}`): Reason {
  return {
    id,
    kind: 'good',
    title,
    summary: 'A reason of my own.',
    questions: [{ id: 'why', text: 'Why this, why now?' }],
    signals: ['it shows in the notes'],
    builtin: false,
  };
}

function check(id: string, at: string, date: string): CheckRecord {
  return {
    id,
    at,
    date,
    // The schema fills in what this test does not care about (and any input added later).
    input: CheckInputSchema.parse({
      title: 'Fix the flaky deploy',
      hours: 3,
      couldDo: 'Priya',
      grows: true,
      reasons: ['ground-truth'],
      answers: { 'nobody-knew': 'yes' },
    }),
    result: { verdict: 'time-box', hours: 2, lines: [{ rule: 'budget', text: 'Over budget this week.' }] },
  };
}

function session(id: string, date: string, over: Partial<IcSession> = {}): IcSession {
  return {
    id,
    date,
    minutes: 90,
    title: 'Fix the login bug',
    reasons: ['ground-truth'],
    gaps: [],
    createdAt: `${date}T09:00:00.000Z`,
    updatedAt: `${date}T09:00:00.000Z`,
    ...over,
  };
}

function commitment(id: string, over: Partial<Commitment> = {}): Commitment {
  return {
    id,
    kind: 'one-on-one',
    title: `1:1 ${id}`,
    status: 'open',
    createdAt: '2026-11-01T10:00:00.000Z',
    postponements: [],
    ...over,
  };
}

function action(id: string, over: Partial<ImprovementAction> = {}): ImprovementAction {
  return { id, text: `Action ${id}`, status: 'open', createdAt: '2026-11-03T10:00:00.000Z', ...over };
}

function reflection(id: string, date: string, at: string): Reflection {
  return {
    id,
    date,
    at,
    text: `Thoughts ${id}`,
    answers: [{ prompt: 'What did you avoid?', answer: 'A talk.' }],
  };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got: ${String(e)}`);
  }
  throw new Error('expected an AppError, but the call succeeded');
}

const ids = <T extends { id: string }>(list: T[]) => list.map((x) => x.id);

// ------------------------------------------------------------------ the suite

describe.each(engines)('Store contract on %s', (engine) => {
  const h = useStore(engine);

  it('reports which engine it runs on', () => {
    expect(h().store.engine).toBe(engine.name);
  });

  describe('profile', () => {
    it('is absent in a new store, then round-trips exactly', async () => {
      const { store } = h();
      expect(await store.getProfile()).toBeUndefined();
      await store.saveProfile(profile);
      const got = await store.getProfile();
      expect(got).toStrictEqual(profile);
      // Absent, not undefined-valued: exports must not grow `"budgetPct": null` lines.
      expect(Object.keys(got ?? {})).not.toContain('budgetPct');
    });

    it('is one record: saving again replaces it, optional fields included', async () => {
      const { store } = h();
      await store.saveProfile(profile);
      const changed: Profile = {
        ...profile,
        reports: 3,
        budgetPct: 32.5,
        weeklyHours: 37.5,
        newToFunctionSince: '2026-09-01',
        updatedAt: '2026-11-20T17:45:12.345Z',
      };
      await store.saveProfile(changed);
      expect(await store.getProfile()).toStrictEqual(changed);
      await store.saveProfile(profile);
      expect(await store.getProfile()).toStrictEqual(profile);
    });
  });

  describe('custom reasons', () => {
    it('are listed by id, and upserting an id again replaces it', async () => {
      const { store } = h();
      for (const id of ['visibility', 'ab', 'a-b', 'boredom']) await store.upsertReason(reason(id));
      await store.upsertReason(reason('boredom', 'Boredom, renamed'));
      const list = await store.listCustomReasons();
      // Byte order, as on SQLite: a locale-aware sort would put `ab` before `a-b`.
      expect(ids(list)).toEqual(['a-b', 'ab', 'boredom', 'visibility']);
      expect(list.find((r) => r.id === 'boredom')).toStrictEqual(reason('boredom', 'Boredom, renamed'));
    });

    it('are removed by their exact id, any id, saying whether there was one', async () => {
      const { store } = h();
      for (const id of ['boredom', 'has space', '__proto__']) await store.upsertReason(reason(id));
      expect(await store.deleteReason('has space')).toBe(true);
      expect(await store.deleteReason('has space')).toBe(false);
      expect(await store.deleteReason('Boredom')).toBe(false);
      expect(await store.deleteReason('__proto__')).toBe(true);
      expect(ids(await store.listCustomReasons())).toEqual(['boredom']);
    });
  });

  describe('checks', () => {
    const c1 = check('c1', '2026-11-02T09:00:00.000Z', '2026-11-02');
    const c2 = check('c2', '2026-11-04T09:00:00.000Z', '2026-11-04');
    const c3a = check('c3a', '2026-11-06T09:00:00.000Z', '2026-11-06');
    const c3b = check('c3b', '2026-11-06T09:00:00.000Z', '2026-11-06');

    it('round-trip, including the input and the result', async () => {
      const { store } = h();
      await store.upsertCheck(c1);
      expect(await store.getCheck('c1')).toStrictEqual(c1);
      expect(await store.getCheck('nope')).toBeUndefined();
    });

    it('are listed newest first (same instant: higher id first), with inclusive dates and a limit', async () => {
      const { store } = h();
      for (const c of [c2, c3a, c1, c3b]) await store.upsertCheck(c);
      expect(ids(await store.listChecks())).toEqual(['c3b', 'c3a', 'c2', 'c1']);
      expect(ids(await store.listChecks({ from: '2026-11-02', to: '2026-11-04' }))).toEqual(['c2', 'c1']);
      expect(ids(await store.listChecks({ from: '2026-11-05' }))).toEqual(['c3b', 'c3a']);
      expect(ids(await store.listChecks({ to: '2026-11-01' }))).toEqual([]);
      expect(ids(await store.listChecks({ limit: 2 }))).toEqual(['c3b', 'c3a']);
    });

    it('upserting an id again replaces the check', async () => {
      const { store } = h();
      await store.upsertCheck(c1);
      const redone: CheckRecord = {
        ...c1,
        result: { verdict: 'delegate', to: 'Sam', level: 'agree', lines: [] },
      };
      await store.upsertCheck(redone);
      expect(await store.listChecks()).toStrictEqual([redone]);
    });

    it('are removed by id, saying whether there was one; the sessions they led to stay, unlinked', async () => {
      const { store } = h();
      await store.upsertCheck(c1);
      await store.upsertCheck(c2);
      await store.upsertSession(session('s1', '2026-11-03', { checkId: 'c1', notes: 'Did it anyway.' }));
      await store.upsertSession(session('s2', '2026-11-04', { checkId: 'c2' }));
      await store.upsertSession(session('s3', '2026-11-04'));
      expect(await store.deleteCheck('c1')).toBe(true);
      expect(await store.deleteCheck('c1')).toBe(false);
      expect(await store.deleteCheck('nope')).toBe(false);
      expect(ids(await store.listChecks())).toEqual(['c2']);
      // The work is kept whole, only the link is gone, and the version moved on: it changed.
      const kept = await store.getSession('s1');
      expect(kept).toStrictEqual({ ...session('s1', '2026-11-03', { notes: 'Did it anyway.' }), version: 2 });
      expect(await store.getSession('s2')).toMatchObject({ checkId: 'c2', version: 1 });
      expect(await store.getSession('s3')).toMatchObject({ version: 1 });
      expect(await store.updateSession({ ...kept!, title: 'Stale edit', checkId: 'c1' }, 1)).toBe(false);
    });
  });

  describe('IC sessions', () => {
    it('round-trip with every optional field, and without any', async () => {
      const { store } = h();
      const full = session('s1', '2026-11-03', {
        startedAt: '2026-11-03T13:00:00.000Z',
        energyBefore: 2,
        energyAfter: 4,
        gaps: ['no runbook for rollbacks', 'CI takes 40 min'],
        notes: 'Paired with Sam for the last hour.',
        checkId: 'c1',
        reasons: ['unwind', 'ground-truth'],
        visible: true,
      });
      const bare = session('s2', '2026-11-03');
      await store.upsertSession(full);
      await store.upsertSession(bare);
      // A stored session carries its version, from 1.
      expect(await store.getSession('s1')).toStrictEqual({ ...full, version: 1 });
      const got = await store.getSession('s2');
      expect(got).toStrictEqual({ ...bare, version: 1 });
      expect(Object.keys(got ?? {}).sort()).toEqual([...Object.keys(bare), 'version'].sort());
      expect(await store.getSession('nope')).toBeUndefined();
    });

    it('write an edit only over the version it was made from, and move the version on', async () => {
      const { store } = h();
      const s = session('s1', '2026-11-03', { title: 'Spike' });
      await store.upsertSession(s);
      expect(await store.updateSession({ ...s, title: 'First edit' }, 1)).toBe(true);
      // A second edit made from version 1 comes too late: nothing of it is written.
      expect(await store.updateSession({ ...s, title: 'Stale edit' }, 1)).toBe(false);
      expect(await store.getSession('s1')).toMatchObject({ title: 'First edit', version: 2 });
      expect(await store.updateSession({ ...s, title: 'Second edit' }, 2)).toBe(true);
      // A whole-record write (a backup brought in) moves it on too.
      await store.upsertSession({ ...s, title: 'From a backup' });
      expect(await store.getSession('s1')).toMatchObject({ title: 'From a backup', version: 4 });
      expect(await store.updateSession({ ...s, id: 'nope' }, 1)).toBe(false);
    });

    it('are listed by date, then createdAt, then id, with inclusive date bounds', async () => {
      const { store } = h();
      const list = [
        session('b', '2026-11-05', { createdAt: '2026-11-05T08:00:00.000Z' }),
        session('z', '2026-11-03', { createdAt: '2026-11-03T10:00:00.000Z' }),
        session('a', '2026-11-05', { createdAt: '2026-11-05T08:00:00.000Z' }),
        session('y', '2026-11-03', { createdAt: '2026-11-03T09:00:00.000Z' }),
        session('x', '2026-11-09'),
      ];
      for (const s of list) await store.upsertSession(s);
      expect(ids(await store.listSessions())).toEqual(['y', 'z', 'a', 'b', 'x']);
      expect(ids(await store.listSessions({ from: '2026-11-05', to: '2026-11-09' }))).toEqual([
        'a',
        'b',
        'x',
      ]);
      expect(ids(await store.listSessions({ from: '2026-11-04', to: '2026-11-05' }))).toEqual(['a', 'b']);
      expect(ids(await store.listSessions({ to: '2026-11-03' }))).toEqual(['y', 'z']);
    });

    it('add up to minutes and sessions per reason over inclusive dates, a session counting toward each of its reasons', async () => {
      const { store } = h();
      for (const s of [
        session('a', '2026-11-02', { minutes: 30, reasons: ['unwind'] }),
        session('b', '2026-11-03', { minutes: 45, reasons: ['unwind', 'ground-truth'] }),
        session('c', '2026-11-04', { minutes: 60, reasons: ['ground-truth', 'unwind'] }),
        session('d', '2026-11-05', { minutes: 20, reasons: [] }),
        session('e', '2026-11-06', { minutes: 90, reasons: ['escape'] }),
        session('f', '2026-11-09', { minutes: 15, reasons: ['unwind'] }),
      ])
        await store.upsertSession(s);
      expect(await store.reasonMix({ from: '2026-11-02', to: '2026-11-06' })).toEqual([
        { reason: 'escape', minutes: 90, sessions: 1 },
        { reason: 'ground-truth', minutes: 105, sessions: 2 },
        { reason: 'unwind', minutes: 135, sessions: 3 },
      ]);
      expect(await store.reasonMix({ from: '2026-11-06', to: '2026-11-09' })).toEqual([
        { reason: 'escape', minutes: 90, sessions: 1 },
        { reason: 'unwind', minutes: 15, sessions: 1 },
      ]);
      expect(await store.reasonMix({ from: '2026-11-10', to: '2026-11-30' })).toEqual([]);
    });

    it('are found by the normalised title, which follows the title when it changes', async () => {
      const { store } = h();
      await store.upsertSession(session('s1', '2026-11-02', { title: 'Fix the login bug' }));
      await store.upsertSession(session('s2', '2026-11-09', { title: '  fix the LOGIN bug! ' }));
      await store.upsertSession(session('s3', '2026-11-10', { title: 'Review the login design' }));
      const key = titleKey('Fix the login bug');
      expect(ids(await store.listSessions({ titleKey: key }))).toEqual(['s1', 's2']);
      expect(ids(await store.listSessions({ titleKey: key, from: '2026-11-05' }))).toEqual(['s2']);

      await store.upsertSession(session('s2', '2026-11-09', { title: 'Something else' }));
      expect(ids(await store.listSessions({ titleKey: key }))).toEqual(['s1']);
    });

    it('upserting an id again replaces the session (one record, optional fields cleared)', async () => {
      const { store } = h();
      await store.upsertSession(
        session('s1', '2026-11-02', { notes: 'first', energyBefore: 3, visible: true }),
      );
      const second = session('s1', '2026-11-04', { minutes: 30, updatedAt: '2026-11-04T18:00:00.000Z' });
      await store.upsertSession(second);
      expect(await store.listSessions()).toStrictEqual([{ ...second, version: 2 }]);
    });

    it('keep a session marked not visible as one without the mark, so its JSON does not change', async () => {
      const { store } = h();
      await store.upsertSession(session('s1', '2026-11-02', { visible: false }));
      expect(await store.getSession('s1')).toStrictEqual({ ...session('s1', '2026-11-02'), version: 1 });
    });

    it.each([
      ['minutes', { minutes: 2.5 }],
      ['minutes', { minutes: -5 }],
      ['energyBefore', { energyBefore: 3.5 }],
      ['energyAfter', { energyAfter: Number.NaN }],
      ['minutes', { minutes: 2 ** 40 }],
    ])('refuses a session whose %s is not a whole number (%o)', async (field, over) => {
      const err = await appErrorOf(h().store.upsertSession(session('s1', '2026-11-02', over)));
      expect(err.code).toBe('invalid');
      expect(err.field).toBe(field);
      expect(await h().store.listSessions()).toEqual([]);
    });
  });

  describe('commitments', () => {
    it('round-trip with their postponements, oldest first', async () => {
      const { store } = h();
      const c = commitment('k1', {
        kind: 'tough-conversation',
        person: 'Sam',
        due: '2026-11-20',
        postponements: [
          {
            id: 'p2',
            at: '2026-11-10T09:00:00.000Z',
            fromDue: '2026-11-12',
            toDue: '2026-11-20',
            why: 'Sam ill',
          },
          { id: 'p1', at: '2026-11-05T09:00:00.000Z', toDue: '2026-11-12' },
        ],
      });
      await store.upsertCommitment(c);
      const got = await store.getCommitment('k1');
      // A stored commitment carries its version, from 1.
      expect(got).toStrictEqual({
        ...c,
        postponements: [c.postponements[1], c.postponements[0]],
        version: 1,
      });
      expect(Object.keys(got?.postponements[0] ?? {})).not.toContain('fromDue');
      expect(await store.getCommitment('nope')).toBeUndefined();
    });

    it('keep every postponement ever written, even when a later write leaves some out', async () => {
      const { store } = h();
      const p1 = { id: 'p1', at: '2026-11-05T09:00:00.000Z', toDue: '2026-11-12' };
      const p2 = { id: 'p2', at: '2026-11-06T09:00:00.000Z', fromDue: '2026-11-12', toDue: '2026-11-19' };
      const p3 = { id: 'p0', at: '2026-11-06T09:00:00.000Z', fromDue: '2026-11-19', toDue: '2026-11-26' };
      await store.upsertCommitment(commitment('k1', { due: '2026-11-12', postponements: [p1] }));
      await store.upsertCommitment(commitment('k1', { due: '2026-11-19', postponements: [p2] }));
      await store.upsertCommitment(commitment('k1', { due: '2026-11-26', postponements: [p3] }));
      await store.upsertCommitment(
        commitment('k1', { due: '2026-11-26', status: 'done', postponements: [] }),
      );
      const got = await store.getCommitment('k1');
      // Same instant: the due date's moves decide (`p2` goes on from where `p1` left it), not the ids.
      expect(got?.postponements).toStrictEqual([p1, p2, p3]);
      expect(got?.status).toBe('done');
      expect((await store.listCommitments())[0]?.postponements).toStrictEqual([p1, p2, p3]);
    });

    it('are listed by due date (none last), then createdAt, then id, and filtered by status', async () => {
      const { store } = h();
      const list = [
        commitment('none', { createdAt: '2026-10-01T00:00:00.000Z' }),
        commitment('late', { due: '2026-12-01' }),
        commitment('soon-b', { due: '2026-11-10', status: 'done', closedAt: '2026-11-09T16:00:00.000Z' }),
        commitment('soon-a', { due: '2026-11-10' }),
        commitment('first', {
          due: '2026-11-10',
          createdAt: '2026-10-15T00:00:00.000Z',
          status: 'cancelled',
        }),
      ];
      for (const c of list) await store.upsertCommitment(c);
      expect(ids(await store.listCommitments())).toEqual(['first', 'soon-a', 'soon-b', 'late', 'none']);
      expect(ids(await store.listCommitments({ status: 'open' }))).toEqual(['soon-a', 'late', 'none']);
      expect(ids(await store.listCommitments({ status: 'done' }))).toEqual(['soon-b']);
      expect(ids(await store.listCommitments({ status: 'cancelled' }))).toEqual(['first']);
      expect((await store.listCommitments({ status: 'done' }))[0]).toStrictEqual({ ...list[2], version: 1 });
    });

    it('write a change only over the version it was made from, and move the version on', async () => {
      const { store } = h();
      const p1 = { id: 'p1', at: '2026-11-05T09:00:00.000Z', toDue: '2026-11-19' };
      const c = commitment('k1', { due: '2026-11-12' });
      await store.upsertCommitment(c);
      const postponed = { ...c, due: '2026-11-19', postponements: [p1] };
      expect(await store.updateCommitment(postponed, 1)).toBe(true);
      expect(await store.getCommitment('k1')).toStrictEqual({ ...postponed, version: 2 });
      // A second change made from version 1 comes too late: nothing of it is written, not even
      // the postponement it brings.
      const p2 = { id: 'p2', at: '2026-11-05T09:01:00.000Z', toDue: '2026-11-26' };
      const stale = { ...c, due: '2026-11-26', status: 'cancelled' as const, postponements: [p2] };
      expect(await store.updateCommitment(stale, 1)).toBe(false);
      expect(await store.getCommitment('k1')).toStrictEqual({ ...postponed, version: 2 });
      expect(await store.listCommitments()).toStrictEqual([{ ...postponed, version: 2 }]);
      expect(await store.updateCommitment({ ...postponed, status: 'done' }, 2)).toBe(true);
      // A whole-record write (a backup brought in) moves it on too.
      await store.upsertCommitment({ ...postponed, title: 'From a backup' });
      expect(await store.getCommitment('k1')).toMatchObject({ title: 'From a backup', version: 4 });
      expect(await store.updateCommitment({ ...c, id: 'nope' }, 1)).toBe(false);
      expect(await store.getCommitment('nope')).toBeUndefined();
    });

    it('give each commitment only its own postponements in a list', async () => {
      const { store } = h();
      await store.upsertCommitment(
        commitment('a', {
          postponements: [{ id: 'pa', at: '2026-11-05T09:00:00.000Z', toDue: '2026-11-12' }],
        }),
      );
      await store.upsertCommitment(
        commitment('b', {
          status: 'done',
          postponements: [{ id: 'pb', at: '2026-11-04T09:00:00.000Z', toDue: '2026-11-11' }],
        }),
      );
      await store.upsertCommitment(commitment('c'));
      const all = await store.listCommitments();
      expect(all.map((c) => [c.id, ids(c.postponements)])).toEqual([
        ['a', ['pa']],
        ['b', ['pb']],
        ['c', []],
      ]);
      const open = await store.listCommitments({ status: 'open' });
      expect(open.map((c) => [c.id, ids(c.postponements)])).toEqual([
        ['a', ['pa']],
        ['c', []],
      ]);
    });
  });

  describe('improvement actions', () => {
    it('round-trip, are listed by createdAt then id, and filtered by status', async () => {
      const { store } = h();
      await store.upsertSession(session('s1', '2026-11-02'));
      const list = [
        action('b', { createdAt: '2026-11-04T10:00:00.000Z', sessionId: 's1' }),
        action('a', {
          createdAt: '2026-11-04T10:00:00.000Z',
          status: 'done',
          doneAt: '2026-11-06T10:00:00.000Z',
        }),
        action('c', { createdAt: '2026-11-03T10:00:00.000Z' }),
      ];
      for (const a of list) await store.upsertAction(a);
      expect(await store.getAction('b')).toStrictEqual(list[0]);
      expect(await store.getAction('nope')).toBeUndefined();
      expect(ids(await store.listActions())).toEqual(['c', 'a', 'b']);
      expect(ids(await store.listActions({ status: 'open' }))).toEqual(['c', 'b']);
      expect(await store.listActions({ status: 'done' })).toStrictEqual([list[1]]);
    });

    it('are listed for given sessions only, in order, however many sessions are named', async () => {
      const { store } = h();
      await store.transaction(async (tx) => {
        for (let i = 0; i < 6000; i++) await tx.upsertSession(session(`s${i}`, '2026-11-02'));
        for (let i = 0; i < 6000; i++) {
          const createdAt = `2026-11-0${3 + (i % 3)}T10:00:00.000Z`;
          await tx.upsertAction(action(`a${String(i).padStart(4, '0')}`, { createdAt, sessionId: `s${i}` }));
        }
        await tx.upsertAction(action('loose', { createdAt: '2026-11-01T10:00:00.000Z' }));
      });
      expect(await store.listActions({ sessionIds: [] })).toEqual([]);
      expect(ids(await store.listActions({ sessionIds: ['s2', 's0', 'ghost'] }))).toEqual(['a0000', 'a0002']);
      // More ids than one query binds: still every match, oldest first then by id.
      const named = Array.from({ length: 6000 }, (_, i) => `s${i}`).filter((_, i) => i % 2 === 0);
      const listed = await store.listActions({ sessionIds: named });
      expect(listed).toHaveLength(3000);
      expect(ids(listed)).toEqual(
        ids(await store.listActions()).filter((id) => id !== 'loose' && Number(id.slice(1)) % 2 === 0),
      );
      expect(ids(await store.listActions({ sessionIds: ['s1', 's4'], status: 'open' }))).toEqual([
        'a0001',
        'a0004',
      ]);
    });

    it('upserting an id again replaces the action', async () => {
      const { store } = h();
      await store.upsertAction(action('a'));
      const done = action('a', { status: 'done', doneAt: '2026-11-08T10:00:00.000Z' });
      await store.upsertAction(done);
      expect(await store.listActions()).toStrictEqual([done]);
    });

    it('refuses an action that points to a session the store does not have, and stays usable', async () => {
      const { store } = h();
      const err = await appErrorOf(store.upsertAction(action('a', { sessionId: 'ghost' })));
      expect(err.code).toBe('invalid');
      expect(err.field).toBe('sessionId');
      expect(err.message).toContain('ghost');
      expect(await store.listActions()).toEqual([]);
      await store.upsertAction(action('b'));
      expect(ids(await store.listActions())).toEqual(['b']);
    });
  });

  describe('reflections', () => {
    it('are listed by date, then at, then id, with inclusive date bounds; upsert replaces', async () => {
      const { store } = h();
      const list = [
        reflection('r3', '2026-11-08', '2026-11-08T20:00:00.000Z'),
        reflection('r2', '2026-11-01', '2026-11-01T21:00:00.000Z'),
        reflection('r1b', '2026-11-01', '2026-11-01T20:00:00.000Z'),
        reflection('r1a', '2026-11-01', '2026-11-01T20:00:00.000Z'),
      ];
      for (const r of list) await store.upsertReflection(r);
      expect(ids(await store.listReflections())).toEqual(['r1a', 'r1b', 'r2', 'r3']);
      expect(ids(await store.listReflections({ from: '2026-11-02' }))).toEqual(['r3']);
      expect(ids(await store.listReflections({ from: '2026-11-01', to: '2026-11-01' }))).toEqual([
        'r1a',
        'r1b',
        'r2',
      ]);
      const edited = { ...reflection('r3', '2026-11-08', '2026-11-08T20:00:00.000Z'), text: 'Edited.' };
      await store.upsertReflection(edited);
      const all = await store.listReflections();
      expect(all).toHaveLength(4);
      expect(all[3]).toStrictEqual(edited);
    });

    it('are read back one by one, and removed by id, saying whether there was one', async () => {
      const { store } = h();
      const r1 = reflection('r1', '2026-11-01', '2026-11-01T20:00:00.000Z');
      const r2 = { ...reflection('r2', '2026-11-08', '2026-11-08T20:00:00.000Z'), answers: [] };
      await store.upsertReflection(r1);
      await store.upsertReflection(r2);
      expect(await store.getReflection('r1')).toStrictEqual(r1);
      expect(await store.getReflection('r2')).toStrictEqual(r2);
      expect(await store.getReflection('nope')).toBeUndefined();
      expect(await store.deleteReflection('r1')).toBe(true);
      expect(await store.deleteReflection('r1')).toBe(false);
      expect(await store.getReflection('r1')).toBeUndefined();
      expect(await store.listReflections()).toStrictEqual([r2]);
    });
  });

  describe('people', () => {
    const person = (id: string, name: string, over: Partial<Person> = {}): Person => ({
      id,
      name,
      relation: 'report',
      oneOnOneEvery: 7,
      createdAt: '2026-11-02T08:00:00.000Z',
      updatedAt: '2026-11-02T08:00:00.000Z',
      ...over,
    });

    it('round-trip with and without an email, are listed by name then id, and upsert replaces', async () => {
      const { store } = h();
      const jonas = person('p2', 'Jonas Berg', {
        email: 'jonas@example.com',
        relation: 'other',
        oneOnOneEvery: 14,
      });
      const priya = person('p1', 'Priya Sharma');
      const twin = person('p0', 'Priya Sharma');
      for (const p of [jonas, priya, twin]) await store.upsertPerson(p);
      expect(await store.listPeople()).toStrictEqual([jonas, twin, priya]);
      const edited = {
        ...priya,
        name: 'Priya S.',
        email: 'priya@example.com',
        updatedAt: '2026-11-03T08:00:00.000Z',
      };
      await store.upsertPerson(edited);
      expect((await store.listPeople()).find((p) => p.id === 'p1')).toStrictEqual(edited);
      // An email taken away is gone, not kept from before.
      await store.upsertPerson(priya);
      expect((await store.listPeople()).find((p) => p.id === 'p1')).toStrictEqual(priya);
    });

    it('are removed by id, saying whether there was one', async () => {
      const { store } = h();
      await store.upsertPerson(person('p1', 'Priya'));
      expect(await store.deletePerson('p1')).toBe(true);
      expect(await store.deletePerson('p1')).toBe(false);
      expect(await store.listPeople()).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('write nothing when the function throws, and pass the error through', async () => {
      const { store } = h();
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.saveProfile(profile);
          await tx.upsertSession(session('s1', '2026-11-02'));
          await tx.upsertCommitment(
            commitment('k1', {
              postponements: [{ id: 'p1', at: '2026-11-05T09:00:00.000Z', toDue: '2026-11-12' }],
            }),
          );
          expect(ids(await tx.listSessions())).toEqual(['s1']);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.getProfile()).toBeUndefined();
      expect(await store.listSessions()).toEqual([]);
      expect(await store.listCommitments()).toEqual([]);
    });

    it('commit everything and return the function result', async () => {
      const { store } = h();
      const result = await store.transaction(async (tx) => {
        await tx.upsertSession(session('s1', '2026-11-02'));
        await tx.upsertAction(action('a1', { sessionId: 's1' }));
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(ids(await store.listActions())).toEqual(['a1']);
    });

    it('nested transactions join the outer one: an outer failure undoes inner writes', async () => {
      const { store } = h();
      await expect(
        store.transaction(async (tx) => {
          await tx.transaction(async (inner) => {
            await inner.upsertSession(session('s1', '2026-11-02'));
          });
          expect(await tx.getSession('s1')).toBeDefined();
          throw new Error('later failure');
        }),
      ).rejects.toThrow('later failure');
      expect(await store.listSessions()).toEqual([]);
    });
  });

  describe('data version', () => {
    it('moves with every write, by this store or another process, and never comes back', async () => {
      const { store, options } = h();
      const seen = new Set<string>();
      const next = async () => {
        const v = await store.dataVersion();
        expect(seen.has(v), `version ${v} came back after a write`).toBe(false);
        seen.add(v);
        return v;
      };
      const v = await next();
      // Reads alone leave it where it is. (Only checked on SQLite: on PostgreSQL any write on the
      // server moves it, and other test files write to the same server in parallel.)
      await store.listSessions();
      await store.getProfile();
      if (store.engine === 'sqlite') expect(await store.dataVersion()).toBe(v);

      await store.upsertSession(session('s1', '2026-11-02'));
      await next();
      const other = await openStore(options);
      try {
        await other.upsertSession(session('s2', '2026-11-03'));
      } finally {
        await other.close();
      }
      await next();
      await store.transaction(async (tx) => tx.upsertAction(action('a1', { sessionId: 's1' })));
      await next();
    });
  });

  it('round-trips unicode, quotes and SQL-looking text in every kind of field', async () => {
    const { store } = h();
    const nasty = `O'Brien said "ship it"; -- DROP TABLE sessions; \\ ✓ naïve 日本語 🚀 \u00a0tab\tnew\nline`;
    const s = session('s1', '2026-11-02', { title: nasty, notes: nasty, gaps: [nasty], reasons: [nasty] });
    await store.upsertSession(s);
    expect(await store.getSession('s1')).toStrictEqual({ ...s, version: 1 });
    expect(ids(await store.listSessions({ titleKey: titleKey(nasty) }))).toEqual(['s1']);
    const r = { ...reflection('r1', '2026-11-02', '2026-11-02T20:00:00.000Z'), text: nasty };
    r.answers = [{ prompt: nasty, answer: nasty }];
    await store.upsertReflection(r);
    expect(await store.listReflections()).toStrictEqual([r]);
    await store.saveProfile({ ...profile, name: nasty, emails: [nasty] });
    expect((await store.getProfile())?.name).toBe(nasty);
  });

  describe('migrations', () => {
    it('are recorded, and opening the store again applies none', async () => {
      const { options } = h();
      const conn = await openEngine(options);
      try {
        const rows = await conn.db.selectFrom('handson_migrations').selectAll().orderBy('version').execute();
        expect(rows.map((r) => [Number(r.version), r.name])).toEqual(
          MIGRATIONS.map((m) => [m.version, m.name]),
        );
        expect(await migrate(conn.db, conn.engine)).toEqual([]);
        const again = await openStore(options);
        await again.close();
        const after = await conn.db.selectFrom('handson_migrations').selectAll().orderBy('version').execute();
        expect(after).toEqual(rows);
      } finally {
        await conn.destroy();
      }
    });

    it.each([
      [40, { days: [1, 2, 3, 4], start: '08:00', end: '17:00' }, 36],
      [40, undefined, 45],
      [37.5, undefined, 37.5],
    ])(
      '7 reads the former default of 40 weekly hours as not set: %s h with working hours %j become %s h',
      async (stored, hours, expected) => {
        const { store, options } = h();
        await store.saveProfile({ ...profile, weeklyHours: stored });
        if (hours) await store.putSetting('working-hours', hours, '2026-11-01T00:00:00.000Z');
        const conn = await openEngine(options);
        try {
          // As a store written before version 7 is opened.
          await conn.db.deleteFrom('handson_migrations').where('version', '=', 7).execute();
          expect(await migrate(conn.db, conn.engine)).toEqual([7]);
        } finally {
          await conn.destroy();
        }
        expect(await store.getProfile()).toStrictEqual({ ...profile, weeklyHours: expected });
      },
    );

    it('numbers migrations 1, 2, 3… in order, so the recorded version says what the schema has', () => {
      expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    });

    it('refuses a store written by a newer Hands-on, saying which versions are involved', async () => {
      const { store, options } = h();
      await store.upsertSession(session('s1', '2026-11-02'));
      const newer = latestVersion() + 1;
      const conn = await openEngine(options);
      try {
        await conn.db
          .insertInto('handson_migrations')
          .values({ version: newer, name: 'from-the-future', applied_at: '2027-01-01T00:00:00.000Z' })
          .execute();
      } finally {
        await conn.destroy();
      }
      const err = await appErrorOf(openStore(options));
      expect(err.code).toBe('store-too-new');
      expect(err.message).toContain(`v${newer}`);
      expect(err.message).toContain(`v${latestVersion()}`);
      // The data is left alone, readable by the newer version.
      expect(ids(await store.listSessions())).toEqual(['s1']);
    });
  });
});
