import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CalendarSource } from '../../domain/evidence/evidence.js';
import { TestRepo } from '../../importers/git/test-support/repo.js';
import type { Store } from '../../store/store.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { icsOf, oneOnOne } from '../../test-support/calendar.js';
import { occurrence } from '../../test-support/occurrence.js';
import { commitmentsHandlers } from '../commitments/commitments.js';
import { type AppContext, makeContext } from '../context.js';
import { gitHandlers } from '../evidence/git.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { trackDays } from '../insight/day-tracking.js';
import { insightHandlers } from '../insight/insight.js';
import { journalHandlers } from '../journal/journal.js';
import { peopleHandlers } from '../people/people.js';
import { profileHandlers } from '../profile/profile.js';
import { backupHandlers } from './backup.js';
import { EXPORT_VERSION, type ExportDocument } from './document.js';
import { importEvidence } from './evidence.js';

const enc = (s: string) => new TextEncoder().encode(s);
const NOW = () => new Date('2026-11-27T17:00:00Z');

const occ = occurrence;

const caldav = (name: string, over: Partial<CalendarSource> = {}): CalendarSource => ({
  name,
  kind: 'caldav',
  url: `https://dav.example.com/cal/${name}/`,
  user: 'dana',
  createdAt: '2026-11-01T08:00:00.000Z',
  ...over,
});

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe.each(engines)('backups with evidence on $name', (engine) => {
  const h = useStore(engine);
  const others: { cleanup(): Promise<void> }[] = [];

  /** Another, empty store: "the new computer". Closed by the end of the test. */
  async function fresh(): Promise<{ ctx: AppContext; store: Store }> {
    const other = await engine.open();
    others.push(other);
    return { ctx: makeContext(other.store, NOW), store: other.store };
  }

  async function dana(ctx: AppContext): Promise<void> {
    await invoke(profileHandlers.init, ctx, {
      name: 'Dana',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['dana@example.com'],
      budgetPct: 10,
    });
  }

  async function withCleanup(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } finally {
      for (const o of others.splice(0)) await o.cleanup();
    }
  }

  it('restores the calendar so that the week and the flags see it, in a fresh store and in one that already showed its week', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
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
      });
      const before = await invoke(insightHandlers.weeklyReview, ctx, {});
      const interference = before.flags.find((f) => f.id === 'interference');
      expect(interference?.evidence.some((e) => e.kind === 'event' && e.date === '2026-11-26')).toBe(true);
      expect(before.week.leadership?.['one-on-one']).toBe(30);
      const doc = await invoke(backupHandlers.export, ctx, {});

      // A new computer: straight from the backup, or after looking at an empty week first (its day
      // models are then stored, and must be computed again with the calendar).
      for (const lookedFirst of [false, true]) {
        const target = await fresh();
        if (lookedFirst) {
          await dana(target.ctx);
          const empty = await invoke(insightHandlers.weeklyReview, target.ctx, {});
          expect(empty.week.leadership).toBeNull(); // no calendar yet: not known, not zero
        }
        await invoke(backupHandlers.import, target.ctx, { document: doc });
        const after = await invoke(insightHandlers.weeklyReview, target.ctx, {});
        // Monday's 1:1 holds no logged session: only the restored calendar can count it.
        expect([lookedFirst, after.week.leadership?.['one-on-one']]).toEqual([lookedFirst, 30]);
        expect(after.flags.find((f) => f.id === 'interference')?.fingerprint).toBe(interference!.fingerprint);
        const flags = await invoke(insightHandlers.flags, target.ctx, {});
        expect(flags.flags.map((f) => f.id)).toEqual(before.flags.map((f) => f.id));
      }
    }));

  it('merges into a store that knows more: events are added or updated, never removed; its own sync state and CalDAV objects stay', () =>
    withCleanup(async () => {
      const source = h().store;
      await source.upsertCalendar({ name: 'work', kind: 'ics', createdAt: '2026-11-01T08:00:00.000Z' });
      const a = occ('a', '2026-11-23T09:00:00.000Z');
      const b = occ('b', '2026-11-24T09:00:00.000Z');
      await source.upsertOccurrences('work', [a, b]);
      const synced = {
        syncToken: 'backup-token',
        ctag: 'backup-ctag',
        lastSyncAt: '2026-11-20T08:00:00.000Z',
      };
      for (const name of ['team', 'later']) {
        await source.upsertCalendar(caldav(name, synced));
        await source.upsertCalendarObjects([
          { calendar: name, href: `/${name}/x.ics`, etag: '"1"', ics: 'X' },
        ]);
        await source.upsertOccurrences(name, [occ(`${name}-x`, '2026-11-25T09:00:00.000Z')]);
      }
      const doc = await invoke(backupHandlers.export, makeContext(source, NOW), {});

      const { ctx, store } = await fresh();
      await store.upsertCalendar({ name: 'work', kind: 'ics', createdAt: '2026-11-02T08:00:00.000Z' });
      const newerB = { ...b, title: 'b, renamed since' };
      const c = occ('c', '2026-11-25T09:00:00.000Z');
      await store.upsertOccurrences('work', [newerB, c]);
      const own = { syncToken: 'own-token', lastSyncAt: '2026-11-26T08:00:00.000Z' };
      await store.upsertCalendar(caldav('team', own));
      await store.upsertCalendarObjects([{ calendar: 'team', href: '/team/y.ics', etag: '"9"', ics: 'Y' }]);
      // Added here but never synced: no sync state of its own, so it takes the backup's.
      await store.upsertCalendar(caldav('later'));

      const summary = await invoke(backupHandlers.import, ctx, { document: doc });
      expect(summary.byKind.calendars).toEqual({ added: 0, updated: 1, unchanged: 2 });
      expect(summary.byKind.occurrences).toEqual({ added: 3, updated: 1, unchanged: 0 });
      expect(summary.byKind.calendarObjects).toEqual({ added: 1, updated: 0, unchanged: 1 });

      const all = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
      const work = await store.listOccurrences({ ...all, calendar: 'work' });
      expect(work.map((o) => [o.uid, o.title])).toEqual([
        ['a', 'a'],
        ['b', 'b'],
        ['c', 'c'],
      ]);
      expect(await store.getCalendar('work')).toMatchObject({ createdAt: '2026-11-02T08:00:00.000Z' });
      expect(await store.getCalendar('team')).toStrictEqual(caldav('team', own));
      expect((await store.listCalendarObjects('team')).map((o) => o.href)).toEqual(['/team/y.ics']);
      expect((await store.listOccurrences({ ...all, calendar: 'team' })).map((o) => o.uid)).toEqual([
        'team-x',
      ]);
      expect(await store.getCalendar('later')).toStrictEqual(caldav('later', synced));
      expect((await store.listCalendarObjects('later')).map((o) => o.href)).toEqual(['/later/x.ics']);

      const again = await invoke(backupHandlers.import, ctx, { document: doc });
      expect(again.byKind.occurrences).toEqual({ added: 0, updated: 0, unchanged: 4 });
      expect(again.byKind.calendars).toEqual({ added: 0, updated: 0, unchanged: 3 });
    }));

  it('refuses a calendar that is another one under the same name, writing nothing', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      await h().store.upsertCalendar(caldav('team'));
      await invoke(journalHandlers.log, ctx, { title: 'A', minutes: 30, reasons: ['unwind'] });
      const doc = await invoke(backupHandlers.export, ctx, {});

      const target = await fresh();
      await target.store.upsertCalendar({ name: 'team', kind: 'ics', createdAt: '2026-11-01T08:00:00.000Z' });
      await expect(invoke(backupHandlers.import, target.ctx, { document: doc })).rejects.toMatchObject({
        code: 'conflict',
        field: 'calendars.0.name',
        message: expect.stringContaining('already has a calendar called "team"'),
      });
      expect(await target.store.getProfile()).toBeUndefined();
      expect(await target.store.listSessions()).toEqual([]);

      await target.store.upsertCalendar(caldav('team', { url: 'https://elsewhere.example.com/team/' }));
      await expect(invoke(backupHandlers.import, target.ctx, { document: doc })).rejects.toMatchObject({
        code: 'conflict',
      });
    }));

  it('restores where each git import stopped: the next import reads only new commits, also from a repository that moved', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      const repo = new TestRepo();
      temps.push(repo.dir);
      const me = { name: 'Dana', email: 'dana@example.com' };
      repo.commit({ message: 'One', author: me, at: '2026-11-23T09:00:00Z', files: { 'a.txt': '1\n' } });
      repo.commit({ message: 'Two', author: me, at: '2026-11-24T09:00:00Z', files: { 'a.txt': '2\n' } });
      const [first] = await invoke(gitHandlers.import, ctx, { paths: [repo.dir] });
      expect(first).toMatchObject({ added: 2 });
      const doc = await invoke(backupHandlers.export, ctx, {});
      const name = basename(repo.dir);
      expect(doc.gitRepos).toEqual([expect.objectContaining({ repo: name, path: repo.dir })]);

      // The new computer keeps its repositories elsewhere: same folder name, another parent.
      const parent = mkdtempSync(join(tmpdir(), 'handson-moved-'));
      temps.push(parent);
      const movedDir = join(parent, name);
      renameSync(repo.dir, movedDir);
      const target = await fresh();
      const summary = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(summary.byKind.gitRepos).toEqual({ added: 1, updated: 0, unchanged: 0 });
      expect(summary.byKind.commits).toEqual({ added: 2, updated: 0, unchanged: 0 });

      const [next] = await invoke(gitHandlers.import, target.ctx, { paths: [movedDir] });
      expect(next).toMatchObject({ target: name, total: 0, added: 0 });
      expect(next!.notice).toContain(`was imported from ${repo.dir} before`);
      const moved = new TestRepo(movedDir);
      moved.commit({ message: 'Three', author: me, at: '2026-11-25T09:00:00Z', files: { 'a.txt': '3\n' } });
      const [then] = await invoke(gitHandlers.import, target.ctx, { paths: [movedDir] });
      expect(then).toMatchObject({ total: 1, added: 1 });
      expect(then!.notice).toBeUndefined();
      expect((await target.store.listCommits()).map((c) => c.subject)).toEqual(['One', 'Two', 'Three']);

      // A store that imported the repository itself keeps its own record: its path is this computer's.
      const own = (await target.store.getGitState(name))!;
      const again = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(again.byKind.gitRepos).toEqual({ added: 0, updated: 0, unchanged: 1 });
      expect(await target.store.getGitState(name)).toStrictEqual(own);
    }));

  /** A backup of Dana with two events, a commit, an issue, a session and a commitment. */
  async function smallBackup(): Promise<ExportDocument> {
    const ctx = makeContext(h().store, NOW);
    await dana(ctx);
    await h().store.upsertCalendar({ name: 'work', kind: 'ics', createdAt: '2026-11-01T08:00:00.000Z' });
    await h().store.upsertOccurrences('work', [
      occ('a', '2026-11-23T09:00:00.000Z'),
      occ('b', '2026-11-24T09:00:00.000Z'),
    ]);
    await h().store.insertCommits([
      {
        repo: 'api',
        sha: 'a'.repeat(40),
        authorEmail: 'dana@example.com',
        authoredAt: '2026-11-23T09:00:00.000Z',
        date: '2026-11-23',
        subject: 'One',
        added: 1,
        removed: 0,
        files: 1,
        merge: false,
      },
    ]);
    await h().store.upsertTrackerItems([
      {
        source: 'github',
        key: 'acme/shop#7',
        title: 'Checkout breaks',
        status: 'open',
        createdAt: '2026-11-02T10:00:00.000Z',
        labels: [],
        criticalPath: false,
      },
    ]);
    await invoke(journalHandlers.log, ctx, { title: 'Spike', minutes: 30, reasons: ['unwind'] });
    await invoke(commitmentsHandlers.add, ctx, { kind: 'decision', title: 'Vendor', due: '2026-11-30' });
    return invoke(backupHandlers.export, ctx, {});
  }

  it('refuses a bad evidence section whole, naming the field', () =>
    withCleanup(async () => {
      const doc = await smallBackup();
      const cal = doc.calendars[0]!;
      const broken = (over: Partial<ExportDocument>) => ({ ...doc, ...over });
      const cases: [unknown, string, string][] = [
        [
          broken({
            calendars: [
              {
                ...cal,
                occurrences: [cal.occurrences[0]!, { ...cal.occurrences[1]!, start: '2026-11-24T09:00Z' }],
              },
            ],
          }),
          'calendars.0.occurrences.1.start',
          'expected a UTC instant with milliseconds',
        ],
        [
          broken({
            calendars: [
              { ...cal, occurrences: [{ ...cal.occurrences[0]!, end: '2026-11-23T08:00:00.000Z' }] },
            ],
          }),
          'calendars.0.occurrences.0.end',
          'expected the event to end no earlier than it starts',
        ],
        [broken({ calendars: [cal, cal] }), 'calendars.1.name', '"work" is also calendars.0'],
        [
          broken({ calendars: [{ ...cal, kind: 'caldav' }] }),
          'calendars.0.url',
          'url and user of a CalDAV calendar',
        ],
        [broken({ commits: [{ ...doc.commits[0]!, added: -1 }] }), 'commits.0.added', ''],
        [broken({ trackerItems: [{ source: 'gitlab', key: 'x' }] as never }), 'trackerItems.0.source', ''],
        [broken({ importRuns: [{ id: 'r' }] as never }), 'importRuns.0.source', ''],
      ];
      const target = await fresh();
      for (const [document, field, message] of cases) {
        const e = await invoke(backupHandlers.import, target.ctx, { document }).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect([field, e]).toMatchObject([field, { code: 'invalid', field }]);
        expect((e as Error).message).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: .*${message}`));
      }
      expect(await target.store.getProfile()).toBeUndefined();
      expect(await target.store.listCalendars()).toEqual([]);
      expect(await target.store.listCommits()).toEqual([]);
    }));

  it('refuses a date or moment outside 1970-01-01 to 2100-12-31 anywhere in a backup, naming the record and field', () =>
    withCleanup(async () => {
      const doc = await smallBackup();
      const [session] = doc.sessions;
      const [commitment] = doc.commitments;
      const cal = doc.calendars[0]!;
      const [a, b] = cal.occurrences;
      const date = /expected a date (as YYYY-MM-DD )?from 1970-01-01 to 2100-12-31/;
      const moment = /expected a moment from 1970-01-01 to 2100-12-31 \(UTC\)/;
      const cases: [Partial<ExportDocument>, string, RegExp, string][] = [
        [
          { sessions: [{ ...session!, date: '0000-01-01' }] },
          'sessions.0.date',
          date,
          `"0000-01-01" (id "${session!.id}")`,
        ],
        [{ sessions: [{ ...session!, date: '9999-12-31' }] }, 'sessions.0.date', date, '"9999-12-31"'],
        [
          { sessions: [{ ...session!, startedAt: '1969-12-31T23:59:59.000Z' }] },
          'sessions.0.startedAt',
          moment,
          '',
        ],
        [
          { commitments: [{ ...commitment!, due: '2101-01-01' }] },
          'commitments.0.due',
          date,
          `(id "${commitment!.id}")`,
        ],
        [
          { profile: { ...doc.profile!, newToFunctionSince: '0000-01-01' } },
          'profile.newToFunctionSince',
          date,
          '',
        ],
        [
          { calendars: [{ ...cal, occurrences: [a!, { ...b!, end: '9999-12-31T23:00:00.000Z' }] }] },
          'calendars.0.occurrences.1.end',
          moment,
          '"9999-12-31T23:00:00.000Z" (uid "b")',
        ],
        [
          { commits: [{ ...doc.commits[0]!, authoredAt: '0000-01-01T10:00:00.000Z', date: '0000-01-01' }] },
          'commits.0.authoredAt',
          moment,
          `(sha "${'a'.repeat(40)}")`,
        ],
        [{ commits: [{ ...doc.commits[0]!, date: '9999-12-31' }] }, 'commits.0.date', date, ''],
        [
          { trackerItems: [{ ...doc.trackerItems[0]!, resolvedAt: '2101-01-01T00:00:00.000Z' }] },
          'trackerItems.0.resolvedAt',
          moment,
          '(key "acme/shop#7")',
        ],
      ];
      const target = await fresh();
      for (const [over, field, expected, found] of cases) {
        const e = await invoke(backupHandlers.import, target.ctx, { document: { ...doc, ...over } }).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect([field, e]).toMatchObject([field, { code: 'invalid', field }]);
        expect((e as Error).message).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
        expect((e as Error).message).toMatch(expected);
        expect((e as Error).message).toContain(found);
      }
      expect(await target.store.getProfile()).toBeUndefined();
      expect(await target.store.listSessions()).toEqual([]);
    }));

  it('imports the same backup twice: the second time changes nothing, and says so', () =>
    withCleanup(async () => {
      const doc = await smallBackup();
      const at = '2026-11-20T10:00:00.000Z';
      const later = '2026-11-21T10:00:00.000Z';
      const [session] = doc.sessions;
      const [commitment] = doc.commitments;
      // What a hand-edited or older file may hold besides what Hands-on writes itself.
      const quirky = {
        ...doc,
        reasons: [
          {
            id: 'hero-mode',
            kind: 'watch-out' as const,
            title: '  Being the hero ',
            summary: '',
            questions: [],
            signals: [],
            builtin: false as const,
          },
        ],
        sessions: [{ ...session!, title: ` ${session!.title} `, visible: false }],
        commitments: [
          {
            ...commitment!,
            postponements: [
              { id: 'p2', at: later, fromDue: '2026-12-01', toDue: '2026-12-08' },
              { id: 'p1', at, fromDue: '2026-11-30', toDue: '2026-12-01', why: ' release week ' },
            ],
          },
        ],
        actions: [
          { id: 'a1', text: ' No runbook ', sessionId: session!.id, status: 'open' as const, createdAt: at },
        ],
        reflections: [{ id: 'r1', date: '2026-11-20', at, text: ' Calm week ', answers: [] }],
        flagReviews: [
          { fingerprint: 'escape:2026-W47', flagId: 'escape' as const, status: 'dismissed' as const, at },
        ],
      };
      const target = await fresh();
      // This store already holds the first postponement, as an older backup had it: history stays.
      const [, p1] = quirky.commitments[0]!.postponements;
      await invoke(backupHandlers.import, target.ctx, {
        document: {
          ...quirky,
          commitments: [{ ...quirky.commitments[0]!, postponements: [{ ...p1!, why: 'freeze' }] }],
        },
      });
      await invoke(backupHandlers.import, target.ctx, { document: quirky });
      const once = await invoke(backupHandlers.export, target.ctx, {});
      const second = await invoke(backupHandlers.import, target.ctx, { document: quirky });
      expect([second.added, second.updated]).toEqual([0, 0]);
      expect(await invoke(backupHandlers.export, target.ctx, {})).toStrictEqual(once);
      expect(once.sessions[0]).not.toHaveProperty('visible');
      expect(once.commitments[0]?.postponements.map((p) => [p.id, p.why])).toEqual([
        ['p1', 'freeze'],
        ['p2', undefined],
      ]);
    }));

  it('leaves out the version a commitment has in this store: a backup holds none and starts it again at 1', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      const c = await invoke(commitmentsHandlers.add, ctx, {
        kind: 'decision',
        title: 'Vendor',
        due: '2026-11-30',
      });
      await invoke(commitmentsHandlers.postpone, ctx, { id: c.id, to: '2026-12-04' });
      expect((await h().store.getCommitment(c.id))?.version).toBe(2);
      const doc = await invoke(backupHandlers.export, ctx, {});
      expect(doc.commitments[0]).not.toHaveProperty('version');
      const target = await fresh();
      await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(await target.store.getCommitment(c.id)).toMatchObject({ due: '2026-12-04', version: 1 });
      // The version is not the journal's: bringing the same file in again changes nothing.
      const again = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(again.byKind.commitments).toEqual({ added: 0, updated: 0, unchanged: 1 });
      // A backup that names one anyway is refused whole, naming it.
      const named = { ...doc, commitments: [{ ...doc.commitments[0]!, version: 2 }] };
      await expect(invoke(backupHandlers.import, target.ctx, { document: named })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/^commitments\.0.*"version"/),
      });
    }));

  it('carries a commitment’s series and booked time into another Hands-on, and reads a version 4 backup, which has none', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      const first = await invoke(commitmentsHandlers.add, ctx, {
        kind: 'one-on-one',
        title: '1:1 Priya',
        person: 'Priya',
        due: '2026-11-27',
        every: '2w',
      });
      const { next } = await invoke(commitmentsHandlers.done, ctx, { id: first.id });
      await invoke(commitmentsHandlers.schedule, ctx, { id: next!.id, at: '2026-12-11T10:30', minutes: 30 });
      const doc = await invoke(backupHandlers.export, ctx, {});
      expect(doc.version).toBe(5);
      expect(
        doc.commitments.map((c) => [c.due, c.recurrence, c.seriesId, c.scheduledAt, c.scheduledMinutes]),
      ).toEqual([
        ['2026-11-27', { unit: 'week', every: 2 }, first.id, undefined, undefined],
        ['2026-12-11', { unit: 'week', every: 2 }, first.id, '2026-12-11T10:30:00.000Z', 30],
      ]);

      const target = await fresh();
      const summary = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(summary.byKind.commitments).toEqual({ added: 2, updated: 0, unchanged: 0 });
      expect(await invoke(backupHandlers.export, target.ctx, {})).toStrictEqual(doc);
      const again = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(again.byKind.commitments).toEqual({ added: 0, updated: 0, unchanged: 2 });
      // The series goes on in the new Hands-on: closing the booked one adds the one after it.
      const closed = await invoke(commitmentsHandlers.done, target.ctx, { id: next!.id });
      expect(closed.next).toMatchObject({ due: '2026-12-25', seriesId: first.id });

      // A field a commitment does not have is refused by name.
      const odd = { ...doc, commitments: [{ ...doc.commitments[0]!, repeats: 'weekly' }] };
      await expect(invoke(backupHandlers.import, target.ctx, { document: odd })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/^commitments\.0.*"repeats"/),
      });

      // A version 4 document knows none of it: its commitments come in as ones that do not repeat.
      const v4 = {
        ...doc,
        version: 4,
        commitments: doc.commitments.map(
          ({ recurrence: _r, seriesId: _s, scheduledAt: _a, scheduledMinutes: _m, ...c }) => c,
        ),
      };
      const older = await fresh();
      await invoke(backupHandlers.import, older.ctx, { document: v4 });
      const plain = await older.store.getCommitment(first.id);
      expect(plain).toMatchObject({ due: '2026-11-27', status: 'done' });
      expect(plain).not.toHaveProperty('recurrence');
      expect(plain).not.toHaveProperty('seriesId');
      expect(await older.store.getCommitment(next!.id)).not.toHaveProperty('scheduledAt');
    }));

  it('refuses a postponement this store holds for another commitment, naming both', () =>
    withCleanup(async () => {
      const doc = await smallBackup();
      const [commitment] = doc.commitments;
      const p1 = { id: 'p1', at: doc.exportedAt, toDue: '2026-12-01' };
      const target = await fresh();
      await invoke(backupHandlers.import, target.ctx, {
        document: { ...doc, commitments: [{ ...commitment!, postponements: [p1] }] },
      });
      const other = { ...commitment!, id: 'other', postponements: [p1] };
      await expect(
        invoke(backupHandlers.import, target.ctx, { document: { ...doc, commitments: [other] } }),
      ).rejects.toMatchObject({
        code: 'conflict',
        field: 'commitments.0.postponements.0.id',
        message: expect.stringContaining(
          `already has postponement "p1", of another commitment ("${commitment!.id}")`,
        ),
      });
      expect((await target.store.listCommitments()).map((c) => c.id)).toEqual([commitment!.id]);
    }));

  it.each<[string, (doc: ExportDocument) => Partial<ExportDocument>, string, string]>([
    [
      'a flag review',
      (d) => ({
        flagReviews: [0, 1].map((i) => ({
          fingerprint: 'escape:2026-W47',
          flagId: 'escape',
          status: i ? 'dismissed' : 'acknowledged',
          at: d.exportedAt,
        })),
      }),
      'flagReviews.1.fingerprint',
      'expected each flag review once; "f6f8ed3b52fb" is also flagReviews.0',
    ],
    [
      'a session',
      (d) => ({ sessions: [d.sessions[0]!, { ...d.sessions[0]!, title: 'Other' }] }),
      'sessions.1.id',
      'expected each session once',
    ],
    [
      'a postponement (in two commitments)',
      (d) => {
        const c = d.commitments[0]!;
        const p = { id: 'p1', at: d.exportedAt, toDue: '2026-12-01' };
        return {
          commitments: [
            { ...c, postponements: [p] },
            { ...c, id: 'other', postponements: [p] },
          ],
        };
      },
      'commitments.1.postponements.0.id',
      'is also commitments.0.postponements.0',
    ],
    [
      'an event',
      (d) => ({
        calendars: [
          {
            ...d.calendars[0]!,
            occurrences: [d.calendars[0]!.occurrences[0]!, d.calendars[0]!.occurrences[0]!],
          },
        ],
      }),
      'calendars.0.occurrences.1.uid',
      'expected each event once',
    ],
    [
      'an issue',
      (d) => ({ trackerItems: [d.trackerItems[0]!, d.trackerItems[0]!] }),
      'trackerItems.1.key',
      'expected each item once',
    ],
    [
      'a commit',
      (d) => ({ commits: [d.commits[0]!, d.commits[0]!] }),
      'commits.1.sha',
      'expected each commit once',
    ],
  ])(
    'refuses a backup that holds %s twice, naming both places, and changes nothing',
    (_, twice, field, message) =>
      withCleanup(async () => {
        const doc = await smallBackup();
        const target = await fresh();
        const e = await invoke(backupHandlers.import, target.ctx, {
          document: { ...doc, ...twice(doc) },
        }).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(e).toMatchObject({ code: 'invalid', field, message: expect.stringContaining(message) });
        expect(await target.store.getProfile()).toBeUndefined();
      }),
  );

  // The schema keeps such an event out of a backup; this is the walk over its days, should one get by.
  it('marks no day for an event on 9999-12-31 instead of stepping to "+010000-01" for ever', async () => {
    const { store } = h();
    const calendar = { name: 'far', kind: 'ics' as const, createdAt: '2026-11-01T08:00:00.000Z' };
    const evidence = {
      calendars: [
        { ...calendar, objects: [], occurrences: [occ('end-of-time', '9999-12-31T10:00:00.000Z')] },
      ],
      commits: [],
      gitRepos: [],
      trackerItems: [],
      importRuns: [],
    };
    // As `invoke` runs the import: its writes mark the days they change (day-tracking.ts), and a
    // day outside those a model can hold is never walked to.
    await store.transaction(async (tx) => {
      const tracked = trackDays(tx, new Set(['evidence']), true);
      await importEvidence(tracked, evidence, 3, () => {});
      await tracked.flush();
    });
    expect(await store.takeDirtyDays()).toEqual([]);
    expect(await store.listCalendars()).toHaveLength(1);
  });

  it('reads a version 1 backup, which has no evidence', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      await invoke(journalHandlers.log, ctx, { title: 'A', minutes: 30, reasons: ['unwind'] });
      const {
        calendars: _c,
        commits: _m,
        gitRepos: _g,
        trackerItems: _t,
        importRuns: _r,
        ...v1
      } = await invoke(backupHandlers.export, ctx, {});
      const target = await fresh();
      const summary = await invoke(backupHandlers.import, target.ctx, { document: { ...v1, version: 1 } });
      expect(summary).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
      const second = await invoke(backupHandlers.export, target.ctx, {});
      expect(second).toMatchObject({
        version: EXPORT_VERSION,
        calendars: [],
        commits: [],
        gitRepos: [],
        importRuns: [],
      });
      await expect(
        invoke(backupHandlers.import, target.ctx, { document: { ...second, version: EXPORT_VERSION + 1 } }),
      ).rejects.toMatchObject({ message: expect.stringContaining('newer Hands-on') });
    }));

  it('carries the people into another Hands-on, and reads a version 3 backup, which has none', () =>
    withCleanup(async () => {
      const ctx = makeContext(h().store, NOW);
      await dana(ctx);
      await invoke(peopleHandlers.add, ctx, {
        people: [
          { name: 'Priya Sharma', email: 'Priya@Example.com' },
          { name: 'Jonas', relation: 'other', oneOnOneEvery: 14 },
        ],
      });
      const doc = await invoke(backupHandlers.export, ctx, {});
      expect(doc.people.map((p) => [p.name, p.email, p.relation, p.oneOnOneEvery])).toEqual([
        ['Jonas', undefined, 'other', 14],
        ['Priya Sharma', 'priya@example.com', 'report', 7],
      ]);
      const target = await fresh();
      const summary = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(summary.byKind.people).toEqual({ added: 2, updated: 0, unchanged: 0 });
      expect(await target.store.listPeople()).toStrictEqual(await h().store.listPeople());
      expect(await invoke(backupHandlers.export, target.ctx, {})).toStrictEqual(doc);
      const again = await invoke(backupHandlers.import, target.ctx, { document: doc });
      expect(again.byKind.people).toEqual({ added: 0, updated: 0, unchanged: 2 });

      const { people: _p, ...v3 } = doc;
      const older = await fresh();
      await invoke(backupHandlers.import, older.ctx, { document: { ...v3, version: 3 } });
      expect(await older.store.listPeople()).toEqual([]);
      expect((await older.store.getProfile())?.name).toBe('Dana');
    }));
});
