import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../domain/evidence/evidence.js';
import type { IcSession, LocalDate, Profile } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { occurrence } from '../../test-support/occurrence.js';
import { makeContext } from '../context.js';
import { type RecordKind, STORE_RULES, trackDays } from './day-tracking.js';
import { computeDays } from './model.js';

const AT = '2026-11-20T10:00:00.000Z';

const PROFILE: Profile = {
  name: 'Ana',
  role: 'product-manager',
  reports: 5,
  tz: 'Europe/Berlin',
  emails: ['ana@example.com'],
  budgetPct: 20,
  weeklyHours: 40,
  createdAt: AT,
  updatedAt: AT,
};

function session(id: string, date: LocalDate): IcSession {
  return { id, date, minutes: 60, title: id, reasons: ['unwind'], gaps: [], createdAt: AT, updatedAt: AT };
}

function commit(sha: string, date: LocalDate): CommitRecord {
  return {
    repo: 'api',
    sha,
    authorEmail: 'ana@example.com',
    authoredAt: `${date}T10:00:00.000Z`,
    date,
    subject: sha,
    added: 1,
    removed: 0,
    files: 1,
    merge: false,
  };
}

const ALL: ReadonlySet<RecordKind> = new Set(['profile', 'reasons', 'journal', 'evidence', 'settings']);

/** The methods a store object really has (its own functions: the store is a plain object of them). */
function methodsOf(store: Store): string[] {
  const record = store as unknown as Record<string, unknown>;
  return Object.keys(record)
    .filter((name) => typeof record[name] === 'function')
    .sort();
}

describe.each(engines)('day tracking on %s', (engine) => {
  const h = useStore(engine);

  it('knows every method of the real store, so a new write must say which days it changes', async () => {
    const { store } = h();
    // STORE_RULES is typed over the interface; this holds the implementation to it as well.
    expect(methodsOf(store).filter((m) => !Object.hasOwn(STORE_RULES, m))).toEqual([]);
    expect(Object.keys(STORE_RULES).filter((m) => !methodsOf(store).includes(m))).toEqual([]);
  });

  it('a method classified as a read writes nothing', async () => {
    const { store } = h();
    await store.saveProfile(PROFILE);
    await store.upsertSession(session('s1', '2026-11-18'));
    const from = '2026-11-01T00:00:00.000Z';
    const to = '2026-12-01T00:00:00.000Z';
    // Every read, called as a handler would call it: a write hiding among them moves the version.
    const reads: Record<string, () => Promise<unknown>> = {
      dataVersion: () => store.dataVersion(),
      getProfile: () => store.getProfile(),
      listCustomReasons: () => store.listCustomReasons(),
      getCheck: () => store.getCheck('c1'),
      listChecks: () => store.listChecks(),
      getSession: () => store.getSession('s1'),
      listSessions: () => store.listSessions(),
      reasonMix: () => store.reasonMix({ from: '2026-11-01', to: '2026-11-30' }),
      getCommitment: () => store.getCommitment('c1'),
      listCommitments: () => store.listCommitments(),
      getAction: () => store.getAction('a1'),
      listActions: () => store.listActions(),
      getReflection: () => store.getReflection('r1'),
      listReflections: () => store.listReflections(),
      getCalendar: () => store.getCalendar('work'),
      listCalendars: () => store.listCalendars(),
      listOccurrences: () => store.listOccurrences({ from, to }),
      listCalendarObjects: () => store.listCalendarObjects('work'),
      listCommits: () => store.listCommits(),
      listCommitDays: () => store.listCommitDays(),
      getGitState: () => store.getGitState('api'),
      listGitStates: () => store.listGitStates(),
      listTrackerItems: () => store.listTrackerItems(),
      listDayModels: () => store.listDayModels(),
      earliestEvidence: () => store.earliestEvidence(),
      listFlagReviews: () => store.listFlagReviews(),
      getSetting: () => store.getSetting('working-hours'),
      listImportRuns: () => store.listImportRuns(),
      listPeople: () => store.listPeople(),
    };
    const classifiedReads = Object.entries(STORE_RULES)
      .filter(([name, rule]) => 'read' in rule && name !== 'transaction' && name !== 'close')
      .map(([name]) => name)
      .sort();
    expect(Object.keys(reads).sort()).toEqual(classifiedReads);
    for (const [name, read] of Object.entries(reads)) {
      const before = await store.dataVersion();
      await read();
      expect([name, await store.dataVersion()]).toEqual([name, before]);
    }
  });

  /** Runs `write` as `invoke` runs a handler's writes, and returns the days it marked. */
  async function marked(store: Store, write: (tx: Store) => Promise<unknown>): Promise<LocalDate[]> {
    await store.takeDirtyDays();
    await store.transaction(async (tx) => {
      const tracked = trackDays(tx, ALL, true);
      await write(tracked);
      await tracked.flush();
    });
    return store.takeDirtyDays();
  }

  /** A store with a profile and stored models for three days, the days "every" must reach. */
  async function withModels(): Promise<Store> {
    const { store } = h();
    await store.saveProfile(PROFILE);
    const ctx = makeContext(store, () => new Date(AT));
    await store.saveDayModels(
      await computeDays(ctx, PROFILE, ['2026-11-16', '2026-11-17', '2026-11-18']),
      AT,
    );
    return store;
  }
  const MODELLED = ['2026-11-16', '2026-11-17', '2026-11-18'];

  // What each write changes, as the time model reads it (model.ts: computeDays).
  it.each<[string, (s: Store) => Promise<unknown>, (tx: Store) => Promise<unknown>, LocalDate[]]>([
    [
      'a new session: its day',
      async () => {},
      (tx) => tx.upsertSession(session('s1', '2026-11-19')),
      ['2026-11-19'],
    ],
    [
      'a session moved: the day it left and the day it reached',
      (s) => s.upsertSession(session('s1', '2026-11-19')),
      (tx) => tx.upsertSession(session('s1', '2026-11-20')),
      ['2026-11-19', '2026-11-20'],
    ],
    [
      'a session edited at its version: both days',
      (s) => s.upsertSession(session('s1', '2026-11-19')),
      (tx) => tx.updateSession(session('s1', '2026-11-21'), 1),
      ['2026-11-19', '2026-11-21'],
    ],
    [
      'an edit that lost the race writes nothing and marks nothing',
      (s) => s.upsertSession(session('s1', '2026-11-19')),
      (tx) => tx.updateSession(session('s1', '2026-11-21'), 7),
      [],
    ],
    [
      'a session deleted: its day',
      (s) => s.upsertSession(session('s1', '2026-11-19')),
      (tx) => tx.deleteSession('s1'),
      ['2026-11-19'],
    ],
    [
      'a new commit: its day and the next (a late session runs into it)',
      async () => {},
      (tx) => tx.insertCommits([commit('a', '2026-11-19')]),
      ['2026-11-19', '2026-11-20'],
    ],
    [
      'a commit already stored: nothing',
      (s) => s.insertCommits([commit('a', '2026-11-19')]),
      (tx) => tx.insertCommits([commit('a', '2026-11-19')]),
      [],
    ],
    [
      'a calendar window replaced: its local days',
      (s) => s.upsertCalendar({ name: 'work', kind: 'ics', createdAt: AT }),
      (tx) =>
        tx.replaceOccurrences(
          'work',
          // 2026-11-18 and 19 in Berlin (UTC+1).
          { from: '2026-11-17T23:00:00.000Z', to: '2026-11-19T23:00:00.000Z' },
          [occurrence('e1', '2026-11-18T09:00:00.000Z')],
        ),
      ['2026-11-18', '2026-11-19'],
    ],
    [
      'a calendar window replaced by what it held: nothing',
      async (s) => {
        await s.upsertCalendar({ name: 'work', kind: 'ics', createdAt: AT });
        await s.replaceOccurrences(
          'work',
          { from: '2026-11-17T23:00:00.000Z', to: '2026-11-19T23:00:00.000Z' },
          [occurrence('e1', '2026-11-18T09:00:00.000Z')],
        );
      },
      (tx) =>
        tx.replaceOccurrences('work', { from: '2026-11-17T23:00:00.000Z', to: '2026-11-19T23:00:00.000Z' }, [
          occurrence('e1', '2026-11-18T09:00:00.000Z'),
        ]),
      [],
    ],
    [
      'occurrences brought in from a backup: their UTC days and one either side',
      (s) => s.upsertCalendar({ name: 'work', kind: 'ics', createdAt: AT }),
      (tx) => tx.upsertOccurrences('work', [occurrence('e1', '2026-11-18T09:00:00.000Z')]),
      ['2026-11-17', '2026-11-18', '2026-11-19'],
    ],
    [
      'a calendar whose coverage grew: the days it now speaks for',
      (s) =>
        s.upsertCalendar({
          name: 'work',
          kind: 'ics',
          createdAt: AT,
          coverage: { from: '2026-11-17T23:00:00.000Z', to: '2026-11-18T23:00:00.000Z' },
        }),
      (tx) =>
        tx.upsertCalendar({
          name: 'work',
          kind: 'ics',
          createdAt: AT,
          coverage: { from: '2026-11-17T23:00:00.000Z', to: '2026-11-20T23:00:00.000Z' },
        }),
      ['2026-11-19', '2026-11-20', '2026-11-21'],
    ],
    [
      'a calendar synced without a change of coverage: nothing',
      (s) => s.upsertCalendar({ name: 'work', kind: 'caldav', createdAt: AT }),
      (tx) => tx.upsertCalendar({ name: 'work', kind: 'caldav', createdAt: AT, ctag: 'x' }),
      [],
    ],
    [
      'a new time zone: every day',
      async () => {},
      (tx) => tx.saveProfile({ ...PROFILE, tz: 'UTC' }),
      MODELLED,
    ],
    [
      'other addresses (which events are declined by the leader): every day',
      async () => {},
      (tx) => tx.saveProfile({ ...PROFILE, emails: ['ana@example.org'] }),
      MODELLED,
    ],
    ['a new budget: no day', async () => {}, (tx) => tx.saveProfile({ ...PROFILE, budgetPct: 30 }), []],
    [
      'a setting (rules, working hours): every day',
      async () => {},
      (tx) => tx.putSetting('classification-rules', { text: '' }, AT),
      MODELLED,
    ],
    [
      'commits moved to another zone: every day',
      (s) => s.insertCommits([commit('a', '2026-11-19')]),
      (tx) => tx.relocateCommitDays('Pacific/Kiritimati'),
      // "Every day" is every day that has a model; the others are computed when first read.
      MODELLED,
    ],
    [
      'a journal record the model does not read: nothing',
      async () => {},
      (tx) => tx.upsertReflection({ id: 'r1', date: '2026-11-19', at: AT, text: 'ok', answers: [] }),
      [],
    ],
    ['the refresh of the models themselves: nothing', async () => {}, (tx) => tx.saveDayModels([], AT), []],
  ])('%s', async (_, before, write, days) => {
    const store = await withModels();
    await before(store);
    expect((await marked(store, write)).sort()).toEqual([...days].sort());
  });

  it('marks nothing when the transaction rolls back', async () => {
    const store = await withModels();
    await store.takeDirtyDays();
    await expect(
      store.transaction(async (tx) => {
        const tracked = trackDays(tx, ALL, true);
        await tracked.upsertSession(session('s1', '2026-11-19'));
        await tracked.flush();
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(await store.takeDirtyDays()).toEqual([]);
  });

  it('outside a transaction, a write and its marks land together', async () => {
    // A handler that opens its own transactions (imports) may also write alone.
    const store = await withModels();
    await store.takeDirtyDays();
    const tracked = trackDays(store, ALL, false);
    await tracked.upsertSession(session('s1', '2026-11-19'));
    expect(await store.takeDirtyDays()).toEqual(['2026-11-19']);
    await tracked.transaction(async (tx) => {
      await tx.deleteSession('s1');
    });
    expect(await store.takeDirtyDays()).toEqual(['2026-11-19']);
  });

  it('marks the days before anything reads the marks, so a refresh inside the same call sees them', async () => {
    const store = await withModels();
    await store.takeDirtyDays();
    const taken = await store.transaction(async (tx) => {
      const tracked = trackDays(tx, ALL, true);
      await tracked.upsertSession(session('s1', '2026-11-19'));
      return tracked.takeDirtyDays();
    });
    expect(taken).toEqual(['2026-11-19']);
  });

  it('refuses a write of a kind the handler did not declare, as a bug', async () => {
    const { store } = h();
    const tracked = trackDays(store, new Set(['journal']), false);
    await expect(tracked.putSetting('classification-rules', { text: '' }, AT)).rejects.toThrow(
      /putSetting writes settings records, which this handler does not declare/,
    );
    expect(await store.getSetting('classification-rules')).toBeUndefined();
    // Derived caches are anyone's to refresh.
    await tracked.markDirtyDays(['2026-11-19']);
    expect(await store.takeDirtyDays()).toEqual(['2026-11-19']);
  });
});
