/**
 * Many owners in one database: every Store method, opened for one owner, reads and changes only
 * that owner's rows. Two owners write the same kinds of records under the *same keys* (both have
 * a session `s1`, a calendar `work`, commit `app@abc`), so a query that forgot its owner shows up
 * either as the other's row in a read or as the other's row overwritten by a write.
 *
 * `CHECKS` has one entry per Store member: the compiler refuses a new method without one, and a
 * test compares the entries with the methods the implementation has.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarOccurrence, CommitRecord } from '../domain/evidence/evidence.js';
import type { DayModel } from '../domain/insight/insight-types.js';
import { CheckInputSchema } from '../domain/records.js';
import { titleKey } from '../domain/time.js';
import type { IcSession } from '../domain/types.js';
import { openEngine, openStores, type Stores } from './open.js';
import { ownedTables, refuseUnsafeRole } from './row-security.js';
import type { Store } from './store.js';
import { engines, type StoreHandle, securedPostgres } from './test-support/engines.js';

const AT = '2026-11-02T08:00:00.000Z';
const WINDOW = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' };

/** The owner's day: Alice's records are on 3 November, Bob's a day earlier, so dates tell them apart. */
const dayOf = (who: string) => (who.startsWith('alice') ? '2026-11-03' : '2026-11-02');

function session(who: string, over: Partial<IcSession> = {}): IcSession {
  const date = dayOf(who);
  return {
    id: 's1',
    date,
    minutes: who.startsWith('alice') ? 90 : 30,
    title: `${who} fixes the login bug`,
    reasons: [`${who}-reason`],
    gaps: [],
    createdAt: `${date}T09:00:00.000Z`,
    updatedAt: `${date}T09:00:00.000Z`,
    ...over,
  };
}

function occurrence(who: string, title = `${who}'s standup`): CalendarOccurrence {
  const start = `${dayOf(who)}T09:00:00.000Z`;
  return {
    uid: 'e1',
    start,
    end: `${dayOf(who)}T09:30:00.000Z`,
    allDay: false,
    title,
    attendees: [],
    declined: false,
    cancelled: false,
    recurring: false,
    transparent: false,
  };
}

function commit(who: string, sha = 'abc'): CommitRecord {
  const authoredAt = `${dayOf(who)}T23:30:00.000Z`;
  return {
    repo: 'app',
    sha,
    authorEmail: `${who}@example.com`,
    authoredAt,
    date: dayOf(who),
    subject: `${who}'s commit`,
    added: 1,
    removed: 0,
    files: 1,
    merge: false,
  };
}

const dayModel = (who: string) => ({ date: dayOf(who), who }) as unknown as DayModel;

/** One of every kind of record, under the same keys for every owner; the text says whose it is. */
async function seed(store: Store, who: string): Promise<void> {
  await store.saveProfile({
    name: who,
    role: 'engineering-manager',
    reports: 5,
    tz: 'UTC',
    emails: [`${who}@example.com`],
    weeklyHours: 40,
    createdAt: AT,
    updatedAt: AT,
  });
  await store.upsertReason({
    id: 'custom',
    kind: 'good',
    title: `${who}'s reason`,
    summary: who,
    questions: [],
    signals: [],
    builtin: false,
  });
  await store.upsertCheck({
    id: 'c1',
    at: AT,
    date: dayOf(who),
    // The schema fills in the rest (and any input added later).
    input: CheckInputSchema.parse({ title: `${who}'s check`, hours: 2, reasons: ['unwind'] }),
    result: { verdict: 'take', hours: 2, lines: [] },
  });
  await store.upsertSession(session(who));
  await store.upsertCommitment({
    id: 'm1',
    kind: 'one-on-one',
    title: `${who}'s 1:1`,
    due: dayOf(who),
    status: 'open',
    createdAt: AT,
    postponements: [{ id: 'p1', at: AT, toDue: dayOf(who), why: who }],
  });
  await store.upsertAction({
    id: 'a1',
    text: `${who}'s action`,
    sessionId: 's1',
    status: 'open',
    createdAt: AT,
  });
  await store.upsertReflection({ id: 'r1', date: dayOf(who), at: AT, text: `${who} reflects`, answers: [] });
  await store.upsertCalendar({ name: 'work', kind: 'ics', url: `https://${who}.example/cal`, createdAt: AT });
  await store.replaceOccurrences('work', WINDOW, [occurrence(who)]);
  await store.upsertCalendarObjects([{ calendar: 'work', href: '/e1.ics', etag: who, ics: who }]);
  await store.insertCommits([commit(who)]);
  await store.saveGitState({
    repo: 'app',
    path: `/home/${who}/app`,
    heads: [who],
    authors: [],
    lastImportAt: AT,
  });
  await store.upsertTrackerItems([
    {
      source: 'jira',
      key: 'K-1',
      title: `${who}'s ticket`,
      status: 'To Do',
      createdAt: AT,
      labels: [],
      criticalPath: false,
    },
  ]);
  await store.markDirtyDays([dayOf(who)]);
  await store.saveDayModels([dayModel(who)], AT);
  await store.saveFlagReview({
    fingerprint: 'f1',
    flagId: 'escape',
    status: 'acknowledged',
    note: who,
    at: AT,
  });
  await store.putSetting('working-hours', { who }, AT);
  await store.upsertPerson({
    id: 'pe1',
    name: `${who}'s report`,
    email: `report@${who}.example`,
    relation: 'report',
    oneOnOneEvery: 7,
    createdAt: AT,
    updatedAt: AT,
  });
  await store.addImportRun({
    id: 'run1',
    source: 'ics',
    target: `${who}.ics`,
    at: AT,
    added: 1,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skipped: [],
  });
}

interface Pair {
  /** The owner under test and their Store; `other` is the second owner, seeded the same way. */
  me: string;
  mine: Store;
  other: string;
  theirs: Store;
}

/** Runs `read` for both owners: each sees their own record only. */
async function eachSeesOwn(p: Pair, read: (store: Store, who: string) => Promise<void>): Promise<void> {
  await read(p.mine, p.me);
  await read(p.theirs, p.other);
}

const CHECKS: { [K in keyof Store]: (p: Pair) => Promise<void> } = {
  engine: async (p) => expect(p.mine.engine).toBe(p.theirs.engine),
  ownerId: async (p) => {
    expect(p.mine.ownerId).toBe(p.me);
    expect(p.theirs.ownerId).toBe(p.other);
  },
  transaction: async (p) => {
    await p.mine.transaction(async (tx) => {
      expect(tx.ownerId).toBe(p.me);
      await tx.upsertSession(session(p.me, { id: 's-tx' }));
    });
    expect(await p.mine.getSession('s-tx')).toBeDefined();
    expect(await p.theirs.getSession('s-tx')).toBeUndefined();
  },
  close: async (p) => {
    // One owner's Store shares the connection: it cannot close it under the other owners.
    await expect(p.mine.close()).rejects.toThrow(/cannot be closed/);
    expect((await p.theirs.getProfile())?.name).toBe(p.other);
  },
  dataVersion: async (p) => {
    const mine = await p.mine.dataVersion();
    const theirs = await p.theirs.dataVersion();
    expect(mine).not.toBe(theirs);
    await p.theirs.putSetting('other-write', 1, AT);
    expect(await p.mine.dataVersion()).toBe(mine);
    expect(await p.theirs.dataVersion()).not.toBe(theirs);
    await p.mine.putSetting('own-write', 1, AT);
    expect(await p.mine.dataVersion()).not.toBe(mine);
  },
  getProfile: (p) => eachSeesOwn(p, async (s, who) => expect((await s.getProfile())?.name).toBe(who)),
  saveProfile: async (p) => {
    await p.mine.saveProfile({ ...(await p.mine.getProfile())!, reports: 9 });
    expect((await p.mine.getProfile())?.reports).toBe(9);
    expect((await p.theirs.getProfile())?.reports).toBe(5);
  },
  listCustomReasons: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listCustomReasons()).map((r) => r.title)).toEqual([`${who}'s reason`]),
    ),
  upsertReason: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.listCustomReasons())[0]?.summary).toBe(who)),
  deleteReason: async (p) => {
    expect(await p.mine.deleteReason('custom')).toBe(true);
    expect(await p.mine.deleteReason('custom')).toBe(false);
    expect(await p.theirs.listCustomReasons()).toHaveLength(1);
  },
  upsertCheck: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getCheck('c1'))?.input.title).toBe(`${who}'s check`)),
  getCheck: (p) => eachSeesOwn(p, async (s, who) => expect((await s.getCheck('c1'))?.date).toBe(dayOf(who))),
  deleteCheck: async (p) => {
    await p.mine.upsertSession(session(p.me, { checkId: 'c1' }));
    await p.theirs.upsertSession(session(p.other, { checkId: 'c1' }));
    expect(await p.mine.deleteCheck('c1')).toBe(true);
    expect(await p.mine.deleteCheck('c1')).toBe(false);
    expect((await p.mine.getSession('s1'))?.checkId).toBeUndefined();
    expect(await p.theirs.getCheck('c1')).toBeDefined();
    expect((await p.theirs.getSession('s1'))?.checkId).toBe('c1');
  },
  listChecks: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listChecks()).map((c) => c.input.title)).toEqual([`${who}'s check`]),
    ),
  upsertSession: async (p) => {
    await p.mine.upsertSession(session(p.me, { minutes: 45 }));
    expect(await p.mine.getSession('s1')).toMatchObject({ minutes: 45, version: 2 });
    expect(await p.theirs.getSession('s1')).toMatchObject({ minutes: 30, version: 1 });
  },
  updateSession: async (p) => {
    expect(await p.mine.updateSession(session(p.me, { title: 'edited' }), 1)).toBe(true);
    expect(await p.mine.updateSession(session(p.me, { title: 'stale' }), 1)).toBe(false);
    expect(await p.theirs.getSession('s1')).toMatchObject({
      title: `${p.other} fixes the login bug`,
      version: 1,
    });
  },
  getSession: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getSession('s1'))?.date).toBe(dayOf(who))),
  listSessions: (p) =>
    eachSeesOwn(p, async (s, who) => {
      expect((await s.listSessions()).map((x) => x.title)).toEqual([`${who} fixes the login bug`]);
      const otherKey = titleKey(session(who === p.me ? p.other : p.me).title);
      expect(await s.listSessions({ titleKey: otherKey })).toEqual([]);
    }),
  reasonMix: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect(await s.reasonMix({ from: '2026-11-01', to: '2026-11-30' })).toEqual([
        { reason: `${who}-reason`, minutes: session(who).minutes, sessions: 1 },
      ]),
    ),
  upsertCommitment: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getCommitment('m1'))?.title).toBe(`${who}'s 1:1`)),
  updateCommitment: async (p) => {
    const mine = (await p.mine.getCommitment('m1'))!;
    expect(await p.mine.updateCommitment({ ...mine, status: 'done', closedAt: AT }, 1)).toBe(true);
    expect(await p.mine.updateCommitment({ ...mine, title: 'stale' }, 1)).toBe(false);
    expect(await p.mine.getCommitment('m1')).toMatchObject({ status: 'done', version: 2 });
    expect(await p.theirs.getCommitment('m1')).toMatchObject({
      title: `${p.other}'s 1:1`,
      status: 'open',
      version: 1,
    });
  },
  getCommitment: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.getCommitment('m1'))?.postponements.map((x) => x.why)).toEqual([who]),
    ),
  listCommitments: (p) =>
    eachSeesOwn(p, async (s, who) => {
      for (const filter of [{}, { status: 'open' as const }]) {
        const list = await s.listCommitments(filter);
        expect(list.map((c) => [c.title, c.postponements.map((x) => x.why)])).toEqual([
          [`${who}'s 1:1`, [who]],
        ]);
      }
    }),
  upsertAction: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getAction('a1'))?.text).toBe(`${who}'s action`)),
  getAction: (p) => eachSeesOwn(p, async (s) => expect((await s.getAction('a1'))?.sessionId).toBe('s1')),
  listActions: (p) =>
    eachSeesOwn(p, async (s, who) => {
      expect((await s.listActions()).map((a) => a.text)).toEqual([`${who}'s action`]);
      expect((await s.listActions({ sessionIds: ['s1'], status: 'open' })).map((a) => a.text)).toEqual([
        `${who}'s action`,
      ]);
    }),
  upsertReflection: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.listReflections())[0]?.text).toBe(`${who} reflects`)),
  getReflection: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getReflection('r1'))?.text).toBe(`${who} reflects`)),
  deleteReflection: async (p) => {
    expect(await p.mine.deleteReflection('r1')).toBe(true);
    expect(await p.mine.deleteReflection('r1')).toBe(false);
    expect(await p.theirs.getReflection('r1')).toBeDefined();
  },
  listReflections: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listReflections({ from: dayOf(who), to: dayOf(who) })).map((r) => r.id)).toEqual([
        'r1',
      ]),
    ),
  upsertCalendar: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.getCalendar('work'))?.url).toBe(`https://${who}.example/cal`),
    ),
  getCalendar: (p) => eachSeesOwn(p, async (s) => expect((await s.getCalendar('work'))?.kind).toBe('ics')),
  listCalendars: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listCalendars()).map((c) => c.url)).toEqual([`https://${who}.example/cal`]),
    ),
  replaceOccurrences: async (p) => {
    expect(await p.mine.replaceOccurrences('work', WINDOW, [])).toMatchObject({ removed: 1 });
    expect(await p.mine.listOccurrences(WINDOW)).toEqual([]);
    expect((await p.theirs.listOccurrences(WINDOW)).map((o) => o.title)).toEqual([`${p.other}'s standup`]);
  },
  upsertOccurrences: async (p) => {
    const result = await p.mine.upsertOccurrences('work', [occurrence(p.me, 'moved')]);
    expect(result).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(await p.theirs.upsertOccurrences('work', [occurrence(p.other)])).toMatchObject({ unchanged: 1 });
  },
  listOccurrences: (p) =>
    eachSeesOwn(p, async (s, who) => {
      expect((await s.listOccurrences(WINDOW)).map((o) => o.title)).toEqual([`${who}'s standup`]);
      expect(await s.listOccurrences({ ...WINDOW, calendar: 'work' })).toHaveLength(1);
    }),
  listCalendarObjects: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listCalendarObjects('work')).map((o) => o.etag)).toEqual([who]),
    ),
  upsertCalendarObjects: async (p) => {
    await p.mine.upsertCalendarObjects([{ calendar: 'work', href: '/e1.ics', etag: 'new', ics: 'new' }]);
    expect((await p.theirs.listCalendarObjects('work'))[0]?.etag).toBe(p.other);
  },
  deleteCalendarObjects: async (p) => {
    await p.mine.deleteCalendarObjects('work', ['/e1.ics']);
    expect(await p.mine.listCalendarObjects('work')).toEqual([]);
    expect(await p.theirs.listCalendarObjects('work')).toHaveLength(1);
  },
  insertCommits: async (p) => {
    // The same repository and sha is a new commit for each owner.
    expect(await p.mine.insertCommits([commit(p.me, 'def')])).toEqual({ added: 1, unchanged: 0 });
    expect(await p.theirs.insertCommits([commit(p.other, 'def')])).toEqual({ added: 1, unchanged: 0 });
  },
  listCommits: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listCommits({ repo: 'app' })).map((c) => c.subject)).toEqual([`${who}'s commit`]),
    ),
  relocateCommitDays: async (p) => {
    // 23:30 UTC is the next day in Berlin: only the owner's own commit moves.
    expect(await p.mine.relocateCommitDays('Europe/Berlin')).toBe(1);
    expect((await p.theirs.listCommits()).map((c) => c.date)).toEqual([dayOf(p.other)]);
  },
  listCommitDays: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listCommitDays()).map((d) => [d.date, d.commits])).toEqual([[dayOf(who), 1]]),
    ),
  getGitState: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getGitState('app'))?.heads).toEqual([who])),
  listGitStates: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listGitStates()).map((g) => g.path)).toEqual([`/home/${who}/app`]),
    ),
  saveGitState: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.getGitState('app'))?.path).toBe(`/home/${who}/app`)),
  upsertTrackerItems: async (p) => {
    const [item] = await p.theirs.listTrackerItems();
    expect(await p.mine.upsertTrackerItems([{ ...item!, key: 'K-2' }])).toMatchObject({ added: 1 });
    expect(await p.theirs.upsertTrackerItems([{ ...item!, key: 'K-2' }])).toMatchObject({ added: 1 });
  },
  listTrackerItems: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listTrackerItems({ source: 'jira' })).map((i) => i.title)).toEqual([`${who}'s ticket`]),
    ),
  markDirtyDays: async (p) => {
    await p.mine.markDirtyDays(['2026-11-20']);
    expect(await p.theirs.takeDirtyDays()).toEqual([dayOf(p.other)]);
  },
  takeDirtyDays: async (p) => {
    expect(await p.mine.takeDirtyDays()).toEqual([dayOf(p.me)]);
    expect(await p.mine.takeDirtyDays()).toEqual([]);
    expect(await p.theirs.takeDirtyDays()).toEqual([dayOf(p.other)]);
  },
  saveDayModels: (p) =>
    eachSeesOwn(p, async (s, who) => expect(await s.listDayModels()).toEqual([dayModel(who)])),
  listDayModels: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect(await s.listDayModels({ from: '2026-11-01', to: '2026-11-30' })).toEqual([dayModel(who)]),
    ),
  clearDayModels: async (p) => {
    await p.mine.clearDayModels();
    expect(await p.mine.listDayModels()).toEqual([]);
    expect(await p.theirs.listDayModels()).toHaveLength(1);
  },
  earliestEvidence: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect(await s.earliestEvidence()).toEqual({ session: dayOf(who), commit: dayOf(who) }),
    ),
  deleteSession: async (p) => {
    await p.mine.deleteSession('s1');
    expect(await p.mine.getSession('s1')).toBeUndefined();
    expect((await p.mine.getAction('a1'))?.sessionId).toBeUndefined();
    expect(await p.theirs.getSession('s1')).toBeDefined();
    expect((await p.theirs.getAction('a1'))?.sessionId).toBe('s1');
  },
  saveFlagReview: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.listFlagReviews())[0]?.note).toBe(who)),
  listFlagReviews: (p) => eachSeesOwn(p, async (s) => expect(await s.listFlagReviews()).toHaveLength(1)),
  listPeople: (p) =>
    eachSeesOwn(p, async (s, who) =>
      expect((await s.listPeople()).map((x) => x.name)).toEqual([`${who}'s report`]),
    ),
  upsertPerson: async (p) => {
    const [mine] = await p.mine.listPeople();
    await p.mine.upsertPerson({ ...mine!, oneOnOneEvery: 14 });
    expect((await p.mine.listPeople())[0]?.oneOnOneEvery).toBe(14);
    expect((await p.theirs.listPeople())[0]?.oneOnOneEvery).toBe(7);
  },
  deletePerson: async (p) => {
    expect(await p.mine.deletePerson('pe1')).toBe(true);
    expect(await p.mine.deletePerson('pe1')).toBe(false);
    expect(await p.theirs.listPeople()).toHaveLength(1);
  },
  getSetting: (p) =>
    eachSeesOwn(p, async (s, who) => expect(await s.getSetting('working-hours')).toEqual({ who })),
  putSetting: async (p) => {
    await p.mine.putSetting('working-hours', { changed: true }, AT);
    expect(await p.theirs.getSetting('working-hours')).toEqual({ who: p.other });
  },
  addImportRun: (p) =>
    eachSeesOwn(p, async (s, who) => expect((await s.listImportRuns())[0]?.target).toBe(`${who}.ics`)),
  addImportRuns: async (p) => {
    const [run] = await p.theirs.listImportRuns();
    // The id the other owner has is still new here, and theirs is left as it was.
    expect(await p.mine.addImportRuns([{ ...run!, id: 'run2' }])).toEqual({ added: 1, unchanged: 0 });
    expect(await p.mine.addImportRuns([{ ...run!, target: 'again' }])).toEqual({ added: 0, unchanged: 1 });
    expect((await p.theirs.listImportRuns()).map((r) => r.target)).toEqual([`${p.other}.ics`]);
  },
  listImportRuns: (p) =>
    eachSeesOwn(p, async (s) =>
      expect((await s.listImportRuns({ limit: 5 })).map((r) => r.id)).toEqual(['run1']),
    ),
};

it('has a check for every member the Store implementation has', async () => {
  const handle = await engines[0]!.open();
  try {
    expect(Object.keys(handle.store).sort()).toEqual(Object.keys(CHECKS).sort());
  } finally {
    await handle.cleanup();
  }
});

describe.each([...engines, ...securedPostgres])('two owners in one %s database', (engine) => {
  let handle: StoreHandle;
  let stores: Stores;
  let n = 0;
  beforeAll(async () => {
    handle = await engine.open();
    stores = await openStores(handle.options);
  });
  afterAll(async () => {
    await stores.close();
    await handle.cleanup();
  });

  it.each(Object.keys(CHECKS) as (keyof Store)[])(
    '%s sees and changes only its owner’s rows',
    async (name) => {
      // Fresh owners per check, in the one database: the other owners' rows are there too.
      n++;
      const me = `alice-${n}`;
      const other = `bob-${n}`;
      const mine = stores.forOwner(me);
      const theirs = stores.forOwner(other);
      // The other owner writes first: the same keys must then be new for this one, not theirs.
      await seed(theirs, other);
      await seed(mine, me);
      await CHECKS[name]({ me, mine, other, theirs });
    },
  );

  it('refuses an owner id that is not plain text', () => {
    expect(() => stores.forOwner('')).toThrow(/owner id/);
    expect(() => stores.forOwner('a b')).toThrow(/owner id/);
  });

  it('keeps one Store per owner, so caches held per Store outlive a request', () => {
    expect(stores.forOwner('alice-1')).toBe(stores.forOwner('alice-1'));
  });
});

describe.each(securedPostgres)('%s, with the Store’s own scoping skipped', (engine) => {
  let handle: StoreHandle;
  beforeAll(async () => {
    handle = await engine.open();
    const stores = await openStores(handle.options);
    try {
      await seed(stores.forOwner('alice'), 'alice');
      await seed(stores.forOwner('bob'), 'bob');
    } finally {
      await stores.close();
    }
  });
  afterAll(async () => {
    await handle.cleanup();
  });

  /** Every table with owners' rows, read with no `where owner_id` at all: the policies alone decide. */
  async function everyRow(ownerId: string | undefined): Promise<Record<string, string[]>> {
    const connection = await openEngine(handle.options);
    try {
      const db = ownerId === undefined ? connection.db : connection.forOwner!(ownerId);
      const seen: Record<string, string[]> = {};
      for (const table of await ownedTables(db)) {
        const { rows } = await sql<{ owner_id: string }>`select owner_id from ${sql.table(table)}`.execute(
          db,
        );
        seen[table] = [...new Set(rows.map((r) => r.owner_id))];
      }
      const owners = await sql<{ id: string }>`select id from owners`.execute(db);
      seen['owners'] = owners.rows.map((r) => r.id);
      return seen;
    } finally {
      await connection.destroy();
    }
  }

  it('shows each owner only their own rows, in every table', async () => {
    const alice = await everyRow('alice');
    const tables = Object.keys(alice);
    expect(tables.length).toBeGreaterThan(15);
    // Seeded tables hold alice's rows and nobody else's; the rest are empty, never bob's.
    for (const t of tables) expect(alice[t]!.every((o) => o === 'alice')).toBe(true);
    expect(tables.filter((t) => alice[t]!.length > 0).length).toBeGreaterThan(10);
    const bob = await everyRow('bob');
    for (const t of tables) expect(bob[t]!.every((o) => o === 'bob')).toBe(true);
  });

  it('shows nothing to a connection that names no owner', async () => {
    const nobody = await everyRow(undefined);
    for (const [t, owners] of Object.entries(nobody)) expect([t, owners]).toEqual([t, []]);
    const empty = await everyRow('');
    for (const [t, owners] of Object.entries(empty)) expect([t, owners]).toEqual([t, []]);
  });

  it('refuses to write a row under another owner', async () => {
    const connection = await openEngine(handle.options);
    try {
      const db = connection.forOwner!('alice');
      await expect(
        sql`update reflections set text = 'changed' where owner_id = 'bob'`.execute(db),
      ).resolves.toMatchObject({ numAffectedRows: 0n });
      await expect(
        sql`insert into reasons (owner_id, id, kind, title, summary, questions, signals, builtin)
          values ('bob', 'planted', 'good', 't', 's', '[]', '[]', 0)`.execute(db),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await connection.destroy();
    }
  });

  it('lets the application role start, and refuses the roles that would void the policies', async () => {
    const app = await openEngine(handle.options);
    try {
      await expect(refuseUnsafeRole(app.db)).resolves.toBeUndefined();
    } finally {
      await app.destroy();
    }
    const superuser = await openEngine({
      ...handle.options,
      databaseUrl: process.env['HANDSON_TEST_PG_URL'],
    });
    try {
      await expect(refuseUnsafeRole(superuser.db)).rejects.toThrow(/is a superuser/);
    } finally {
      await superuser.destroy();
    }
  });
});
