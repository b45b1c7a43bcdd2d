import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type {
  CalendarObject,
  CalendarOccurrence,
  CalendarSource,
  CommitDay,
  CommitRecord,
  ImportCounts,
  ImportRun,
  StoredOccurrence,
  TrackerItem,
} from '../domain/evidence/evidence.js';
import { AppError } from '../errors.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openEngine, openStore, openStores } from './open.js';
import { LOCAL_OWNER, type OpenStoreOptions, type Store } from './store.js';
import type { Database } from './tables.js';
import { engines, useStore } from './test-support/engines.js';

// ------------------------------------------------------------------ fixtures

/** `'11-02 09:30'` → `'2026-11-02T09:30:00.000Z'`: keeps the tables below readable. */
function t(monthDayTime: string): string {
  const [md, hm] = monthDayTime.split(' ');
  return `2026-${md}T${hm}:00.000Z`;
}

function plusMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

function calendar(name: string, over: Partial<CalendarSource> = {}): CalendarSource {
  return { name, kind: 'ics', createdAt: '2026-11-01T08:00:00.000Z', ...over };
}

function occ(uid: string, start: string, over: Partial<CalendarOccurrence> = {}): CalendarOccurrence {
  return {
    uid,
    start,
    end: plusMinutes(start, 60),
    allDay: false,
    title: `Event ${uid}`,
    attendees: [],
    declined: false,
    cancelled: false,
    recurring: false,
    transparent: false,
    ...over,
  };
}

function stored(cal: string, o: CalendarOccurrence): StoredOccurrence {
  return { calendar: cal, ...o };
}

function counts(over: Partial<ImportCounts>): ImportCounts {
  return { added: 0, updated: 0, unchanged: 0, removed: 0, skipped: [], ...over };
}

function commit(
  repo: string,
  sha: string,
  authoredAt: string,
  over: Partial<CommitRecord> = {},
): CommitRecord {
  return {
    repo,
    sha,
    authorEmail: 'ada@example.com',
    authoredAt,
    date: authoredAt.slice(0, 10),
    subject: `Commit ${sha}`,
    added: 10,
    removed: 2,
    files: 1,
    merge: false,
    ...over,
  };
}

function item(source: TrackerItem['source'], key: string, over: Partial<TrackerItem> = {}): TrackerItem {
  return {
    source,
    key,
    title: `Item ${key}`,
    status: 'To Do',
    createdAt: '2026-11-01T10:00:00.000Z',
    labels: [],
    criticalPath: false,
    ...over,
  };
}

function run(id: string, at: string, over: Partial<ImportRun> = {}): ImportRun {
  return {
    id,
    source: 'ics',
    target: 'work.ics',
    at,
    added: 1,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skipped: [],
    ...over,
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

const keysOf = (list: StoredOccurrence[]) =>
  list.map((o) => `${o.calendar}/${o.uid}${o.recurrenceId === undefined ? '' : `@${o.recurrenceId}`}`);

const nasty = `O'Brien said "ship it"; -- DROP TABLE occurrences; \\ ✓ naïve 日本語 🚀 \u00a0tab\tnew\nline`;

// A week in November; tests replace this window unless they say otherwise.
const week = { from: t('11-02 00:00'), to: t('11-09 00:00') };
const everything = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };

// ------------------------------------------------------------------ the suite

describe.each(engines)('Evidence store contract on %s', (engine) => {
  const h = useStore(engine);

  describe('calendars', () => {
    it('round-trip with and without optional fields, listed by name; saving again replaces', async () => {
      const { store } = h();
      const full = calendar('work', {
        kind: 'caldav',
        url: 'https://dav.example.com/cal/work/',
        user: 'ada',
        syncToken: 'token-1',
        ctag: 'ctag-1',
        lastSyncAt: '2026-11-05T07:00:00.000Z',
      });
      for (const c of [full, calendar('ab'), calendar('a-b')]) await store.upsertCalendar(c);
      expect(await store.getCalendar('work')).toStrictEqual(full);
      const bare = await store.getCalendar('ab');
      expect(bare).toStrictEqual(calendar('ab'));
      expect(Object.keys(bare ?? {}).sort()).toEqual(['createdAt', 'kind', 'name']);
      expect(await store.getCalendar('nope')).toBeUndefined();
      expect((await store.listCalendars()).map((c) => c.name)).toEqual(['a-b', 'ab', 'work']);

      // A sync token is dropped when the server stops offering one: saving must clear it.
      const { syncToken: _dropped, ...resynced } = { ...full, ctag: 'ctag-2' };
      await store.upsertCalendar(resynced);
      expect(await store.getCalendar('work')).toStrictEqual(resynced);
    });
  });

  describe('replacing the occurrences of a calendar', () => {
    const monday = occ('standup', t('11-02 09:00'));
    const tuesday = occ('review', t('11-03 14:00'), {
      attendees: [{ email: 'sam@example.com', partstat: 'ACCEPTED' }],
    });
    const friday = occ('1on1-sam', t('11-06 10:00'), { organizer: 'ada@example.com', location: 'Room 4' });

    it('adds, leaves alone, updates and removes, and says how many of each', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));

      expect(await store.replaceOccurrences('work', week, [monday, tuesday, friday])).toStrictEqual(
        counts({ added: 3 }),
      );
      expect(await store.replaceOccurrences('work', week, [monday, tuesday, friday])).toStrictEqual(
        counts({ unchanged: 3 }),
      );

      const renamed = { ...tuesday, title: 'Design review' };
      const moved = { ...friday, start: t('11-06 15:00'), end: t('11-06 15:30') };
      const extra = occ('hiring-sync', t('11-04 11:00'));
      expect(await store.replaceOccurrences('work', week, [renamed, moved, extra])).toStrictEqual(
        counts({ added: 1, updated: 2, removed: 1 }),
      );
      expect(await store.listOccurrences({ ...week, calendar: 'work' })).toStrictEqual(
        [renamed, extra, moved].map((o) => stored('work', o)),
      );
    });

    it('notices a change in any field, including the attendees and the flags', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [tuesday]);
      const changes: Partial<CalendarOccurrence>[] = [
        { attendees: [{ email: 'sam@example.com', partstat: 'DECLINED' }] },
        { attendees: [{ email: 'sam@example.com', partstat: 'DECLINED', name: 'Sam' }] },
        { declined: true },
        { cancelled: true },
        { transparent: true },
        { recurring: true },
        { location: 'Room 1' },
        { end: t('11-03 16:00') },
        { allDay: true, startDate: '2026-11-03', endDate: '2026-11-04' },
      ];
      let current = tuesday;
      for (const change of changes) {
        current = { ...current, ...change };
        expect(await store.replaceOccurrences('work', week, [current]), JSON.stringify(change)).toStrictEqual(
          counts({ updated: 1 }),
        );
        expect(await store.listOccurrences(week)).toStrictEqual([stored('work', current)]);
      }
      // Dropping an optional field is a change too.
      const { location: _location, ...withoutLocation } = current;
      expect(await store.replaceOccurrences('work', week, [withoutLocation])).toStrictEqual(
        counts({ updated: 1 }),
      );
      expect(await store.replaceOccurrences('work', week, [withoutLocation])).toStrictEqual(
        counts({ unchanged: 1 }),
      );
    });

    it('leaves occurrences outside the window and other calendars alone', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.upsertCalendar(calendar('home'));
      const lastWeek = { from: t('10-26 00:00'), to: week.from };
      const old = occ('standup', t('10-26 09:00'), { recurrenceId: t('10-26 09:00'), recurring: true });
      const atFrom = occ('standup', t('11-02 09:00'), { recurrenceId: t('11-02 09:00'), recurring: true });
      const atTo = occ('late', week.to);
      const dentist = occ('dentist', t('11-04 08:00'));
      await store.replaceOccurrences('work', lastWeek, [old]);
      await store.replaceOccurrences('work', { from: week.to, to: t('11-16 00:00') }, [atTo]);
      await store.replaceOccurrences('work', week, [atFrom]);
      await store.replaceOccurrences('home', week, [dentist]);

      // `from` is inside the window, `to` is not.
      expect(await store.replaceOccurrences('work', week, [])).toStrictEqual(counts({ removed: 1 }));
      expect(keysOf(await store.listOccurrences(everything))).toEqual([
        `work/standup@${t('10-26 09:00')}`,
        'home/dentist',
        'work/late',
      ]);
    });

    it('takes an event that began before the window as one of its own: compared, not re-added or removed', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      // What an importer hands over for this week: everything overlapping it.
      const offsite = occ('offsite', t('11-01 16:00'), { end: t('11-02 12:00') });
      expect(await store.replaceOccurrences('work', week, [offsite, monday])).toStrictEqual(
        counts({ added: 2 }),
      );
      expect(await store.replaceOccurrences('work', week, [offsite, monday])).toStrictEqual(
        counts({ unchanged: 2 }),
      );
      expect(
        await store.replaceOccurrences('work', week, [{ ...offsite, title: 'Offsite (day 2)' }]),
      ).toStrictEqual(counts({ updated: 1, removed: 1 }));
      // It starts outside the window, so a replace that leaves it out does not remove it.
      expect(await store.replaceOccurrences('work', week, [])).toStrictEqual(counts({}));
      expect(keysOf(await store.listOccurrences(everything))).toEqual(['work/offsite']);
    });

    it('counts an event moved into the window from far away as updated, and keeps one copy', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const planning = occ('planning', t('08-03 10:00'));
      await store.replaceOccurrences('work', { from: t('08-01 00:00'), to: t('09-01 00:00') }, [planning]);
      const movedHere = { ...planning, start: t('11-05 10:00'), end: t('11-05 11:00') };
      expect(await store.replaceOccurrences('work', week, [movedHere, monday])).toStrictEqual(
        counts({ added: 1, updated: 1 }),
      );
      expect(await store.listOccurrences(everything)).toStrictEqual([
        stored('work', monday),
        stored('work', movedHere),
      ]);
    });

    it('keeps the last of two occurrences with the same uid and recurrence id, counted once', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const first = occ('dup', t('11-03 09:00'), { title: 'First' });
      const last = occ('dup', t('11-03 10:00'), { title: 'Last' });
      expect(await store.replaceOccurrences('work', week, [first, last])).toStrictEqual(counts({ added: 1 }));
      expect(await store.listOccurrences(week)).toStrictEqual([stored('work', last)]);
      expect(await store.replaceOccurrences('work', week, [last, first])).toStrictEqual(
        counts({ updated: 1 }),
      );
      expect(await store.listOccurrences(week)).toStrictEqual([stored('work', first)]);
    });

    it('tells an event without a recurrence id from the instances of its series', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const single = occ('series', t('11-03 09:00'), { title: 'The master, as a single event' });
      const instance = occ('series', t('11-03 09:00'), { recurrenceId: t('11-03 09:00'), recurring: true });
      const moved = occ('series', t('11-04 11:00'), { recurrenceId: t('11-04 09:00'), recurring: true });
      expect(await store.replaceOccurrences('work', week, [moved, instance, single])).toStrictEqual(
        counts({ added: 3 }),
      );
      const got = await store.listOccurrences(week);
      // Same start: no recurrence id sorts first.
      expect(got).toStrictEqual([single, instance, moved].map((o) => stored('work', o)));
      expect(Object.keys(got[0] ?? {})).not.toContain('recurrenceId');
      expect(await store.replaceOccurrences('work', week, [instance, moved])).toStrictEqual(
        counts({ unchanged: 2, removed: 1 }),
      );
      expect(keysOf(await store.listOccurrences(week))).toEqual([
        `work/series@${t('11-03 09:00')}`,
        `work/series@${t('11-04 09:00')}`,
      ]);
    });

    it('round-trips unicode, quotes and SQL-looking text', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar(nasty));
      const o = occ(`${nasty}@example.com`, t('11-03 09:00'), {
        title: nasty,
        location: nasty,
        organizer: 'zoë@example.com',
        attendees: [{ email: 'zoë@example.com', partstat: 'TENTATIVE', name: nasty }],
      });
      await store.replaceOccurrences(nasty, week, [o]);
      expect(await store.listOccurrences({ ...week, calendar: nasty })).toStrictEqual([stored(nasty, o)]);
      expect(await store.replaceOccurrences(nasty, week, [o])).toStrictEqual(counts({ unchanged: 1 }));
      expect((await store.listCalendars()).map((c) => c.name)).toEqual([nasty]);
    });

    it('joins a surrounding transaction: a later failure there undoes the replace', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [monday, tuesday]);
      const before = await store.listOccurrences(everything);

      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          const result = await tx.replaceOccurrences('work', week, [{ ...monday, title: 'Changed' }, friday]);
          expect(result).toStrictEqual(counts({ added: 1, updated: 1, removed: 1 }));
          expect(keysOf(await tx.listOccurrences(week))).toEqual(['work/standup', 'work/1on1-sam']);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.listOccurrences(everything)).toStrictEqual(before);
    });

    it('refuses bad input with a message naming it, and changes nothing', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [monday]);
      const before = await store.listOccurrences(everything);

      const cases: [string, Promise<unknown>, string, string][] = [
        [
          'an instant without milliseconds',
          store.replaceOccurrences('work', week, [
            tuesday,
            friday,
            { ...friday, uid: 'x', start: '2026-11-06T10:00:00Z' },
          ]),
          'invalid',
          'occurrences[2].start',
        ],
        [
          'an event ending before it starts',
          store.replaceOccurrences('work', week, [{ ...tuesday, end: t('11-03 13:00') }]),
          'invalid',
          'occurrences[0].end',
        ],
        [
          'an empty window',
          store.replaceOccurrences('work', { from: week.to, to: week.to }, []),
          'invalid',
          'to',
        ],
        [
          'a local date as the window',
          store.replaceOccurrences('work', { ...week, from: '2026-11-02' }, []),
          'invalid',
          'from',
        ],
        [
          'a calendar the store does not have',
          store.replaceOccurrences('nope', week, [tuesday]),
          'not-found',
          'calendar',
        ],
      ];
      for (const [what, promise, code, field] of cases) {
        const err = await appErrorOf(promise);
        expect([what, err.code, err.field]).toEqual([what, code, field]);
      }
      expect((await appErrorOf(store.replaceOccurrences('nope', week, []))).message).toContain('"nope"');
      expect(await store.listOccurrences(everything)).toStrictEqual(before);
    });

    it('handles a 25,000-occurrence import, more than one statement can carry', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const year = { from: t('01-01 00:00'), to: '2027-01-01T00:00:00.000Z' };
      const many: CalendarOccurrence[] = [];
      for (let i = 0; i < 25_000; i++) {
        const start = plusMinutes(year.from, i * 20);
        many.push(
          occ(`series-${i % 50}`, start, {
            recurrenceId: start,
            recurring: true,
            end: plusMinutes(start, 15),
          }),
        );
      }
      let started = performance.now();
      expect(await store.replaceOccurrences('work', year, many)).toStrictEqual(counts({ added: 25_000 }));
      const first = performance.now() - started;
      started = performance.now();
      const changed = many.slice(0, 24_000).map((o, i) => (i % 1000 === 0 ? { ...o, title: 'Changed' } : o));
      expect(await store.replaceOccurrences('work', year, changed)).toStrictEqual(
        counts({ updated: 24, unchanged: 23_976, removed: 1000 }),
      );
      const second = performance.now() - started;
      console.info(
        `[${engine.name}] 25,000 occurrences: first import ${first.toFixed(0)} ms, re-import ${second.toFixed(0)} ms`,
      );
      const listed = await store.listOccurrences(year);
      expect(listed).toHaveLength(24_000);
      expect(listed[0]).toStrictEqual(stored('work', { ...many[0]!, title: 'Changed' }));
    });
  });

  describe('upserting the occurrences of a calendar', () => {
    const monday = occ('standup', t('11-02 09:00'));
    const tuesday = occ('review', t('11-03 14:00'), {
      attendees: [{ email: 'sam@example.com', partstat: 'ACCEPTED' }],
    });
    const later = occ('planning', '2027-03-01T09:00:00.000Z', { recurrenceId: '2027-03-01T09:00:00.000Z' });
    const upserted = (over: Partial<ImportCounts> & { changed?: { start: string; end: string }[] }) => ({
      ...counts({}),
      changed: [],
      ...over,
    });

    it('adds and updates by uid and recurrence id, never removes, and says where each change lies', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [monday, tuesday]);

      // Tuesday's review moved to Thursday; an occurrence far from both is new; Monday is not given.
      const moved = { ...tuesday, start: t('11-05 10:00'), end: t('11-05 11:00'), title: 'Design review' };
      expect(await store.upsertOccurrences('work', [moved, later])).toStrictEqual(
        upserted({
          added: 1,
          updated: 1,
          changed: [
            { start: tuesday.start, end: tuesday.end },
            { start: moved.start, end: moved.end },
            { start: later.start, end: later.end },
          ],
        }),
      );
      expect(await store.listOccurrences(everything)).toStrictEqual(
        [monday, moved, later].map((o) => stored('work', o)),
      );
      expect(await store.upsertOccurrences('work', [moved, later, monday])).toStrictEqual(
        upserted({ unchanged: 3 }),
      );
      // An occurrence in another calendar with the same uid is another occurrence.
      await store.upsertCalendar(calendar('home'));
      expect(await store.upsertOccurrences('home', [monday])).toMatchObject({ added: 1 });
      expect(keysOf(await store.listOccurrences(week))).toEqual([
        'home/standup',
        'work/standup',
        'work/review',
      ]);
      expect(await store.upsertOccurrences('work', [])).toStrictEqual(upserted({}));
    });

    it('keeps the longest-event bound, so a long event it brings in is found by a window read in its middle', async () => {
      const { store } = h();
      for (const name of ['leave', 'work']) await store.upsertCalendar(calendar(name));
      await store.replaceOccurrences('work', everything, [occ('standup', t('11-03 09:00'))]);
      await store.replaceOccurrences('leave', everything, [occ('dentist', t('09-01 09:00'))]);
      // Six weeks of leave, as a backup brings it: nothing read before knew an event this long.
      const leave = occ('leave', '2026-09-28T00:00:00.000Z', { end: t('11-08 00:00'), allDay: true });
      await store.upsertOccurrences('leave', [leave]);
      const middle = { from: t('10-20 10:00'), to: t('10-20 12:00') };
      expect(keysOf(await store.listOccurrences(middle))).toEqual(['leave/leave']);
      expect(keysOf(await store.listOccurrences({ ...middle, calendar: 'leave' }))).toEqual(['leave/leave']);
      expect(await store.listOccurrences({ ...middle, calendar: 'work' })).toEqual([]);
      // Shortened by a later upsert, then stretched again: the bound never shrinks, so still found.
      await store.upsertOccurrences('leave', [{ ...leave, end: '2026-09-29T00:00:00.000Z' }]);
      expect(await store.listOccurrences(middle)).toEqual([]);
      await store.upsertOccurrences('leave', [leave]);
      expect(keysOf(await store.listOccurrences(middle))).toEqual(['leave/leave']);
    });

    it('joins a surrounding transaction: a later failure there undoes the upsert', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [monday]);
      const before = await store.listOccurrences(everything);
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.upsertOccurrences('work', [{ ...monday, title: 'Changed' }, tuesday]);
          expect(await tx.listOccurrences(everything)).toHaveLength(2);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.listOccurrences(everything)).toStrictEqual(before);
    });

    it('refuses bad input with a message naming it, and changes nothing', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', week, [monday]);
      const before = await store.listOccurrences(everything);
      const cases: [string, Promise<unknown>, string, string][] = [
        [
          'an instant without milliseconds',
          store.upsertOccurrences('work', [tuesday, { ...tuesday, uid: 'x', start: '2026-11-06T10:00:00Z' }]),
          'invalid',
          'occurrences[1].start',
        ],
        [
          'an event ending before it starts',
          store.upsertOccurrences('work', [{ ...tuesday, end: t('11-03 13:00') }]),
          'invalid',
          'occurrences[0].end',
        ],
        [
          'a calendar the store does not have',
          store.upsertOccurrences('nope', [tuesday]),
          'not-found',
          'calendar',
        ],
      ];
      for (const [what, promise, code, field] of cases) {
        const err = await appErrorOf(promise);
        expect([what, err.code, err.field]).toEqual([what, code, field]);
      }
      expect(await store.listOccurrences(everything)).toStrictEqual(before);
    });

    it('takes 30,000 occurrences in batches, and finds them again by key', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const many: CalendarOccurrence[] = [];
      for (let i = 0; i < 30_000; i++) {
        const start = plusMinutes(t('01-01 00:00'), i * 20);
        many.push(occ(`series-${i % 50}`, start, { recurrenceId: start, recurring: true }));
      }
      let started = performance.now();
      expect(await store.upsertOccurrences('work', many)).toMatchObject(counts({ added: 30_000 }));
      const first = performance.now() - started;
      started = performance.now();
      const again = many.map((o, i) => (i % 1000 === 0 ? { ...o, title: 'Changed' } : o));
      const second = await store.upsertOccurrences('work', again);
      expect({ ...second, changed: second.changed.length }).toStrictEqual({
        ...counts({ updated: 30, unchanged: 29_970 }),
        changed: 60,
      });
      console.info(
        `[${engine.name}] 30,000 occurrences upserted: into an empty calendar ${first.toFixed(0)} ms, again ${(performance.now() - started).toFixed(0)} ms`,
      );
      expect(await store.listOccurrences(everything)).toHaveLength(30_000);
    });
  });

  describe('listing occurrences', () => {
    // The window is 10:00–12:00 on 3 November.
    const window = { from: t('11-03 10:00'), to: t('11-03 12:00') };
    it.each([
      ['started before, ends inside', '11-03 09:00', '11-03 10:30', true],
      ['started before, ends exactly at the start', '11-03 09:00', '11-03 10:00', false],
      ['zero-length, at the start', '11-03 10:00', '11-03 10:00', true],
      ['zero-length, inside', '11-03 11:00', '11-03 11:00', true],
      ['zero-length, at the end', '11-03 12:00', '11-03 12:00', false],
      ['inside', '11-03 10:30', '11-03 11:00', true],
      ['starts inside, ends after', '11-03 11:30', '11-03 13:00', true],
      ['covers the whole window', '11-02 08:00', '11-04 13:00', true],
      ['starts at the end', '11-03 12:00', '11-03 13:00', false],
      ['entirely before', '11-03 08:00', '11-03 09:00', false],
      ['entirely after', '11-03 13:00', '11-03 14:00', false],
    ])('an event that %s is listed: %s–%s → %s', async (_what, start, end, listed) => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      await store.replaceOccurrences('work', everything, [occ('e', t(start), { end: t(end) })]);
      expect((await store.listOccurrences(window)).length).toBe(listed ? 1 : 0);
    });

    it('are ordered by start, then calendar, uid and recurrence id, and filtered by calendar', async () => {
      const { store } = h();
      for (const name of ['b', 'a']) await store.upsertCalendar(calendar(name));
      const nine = t('11-03 09:00');
      await store.replaceOccurrences('b', week, [occ('x', nine), occ('early', t('11-03 08:00'))]);
      await store.replaceOccurrences('a', week, [
        occ('ab', nine),
        occ('a-b', nine),
        occ('a-b', nine, { recurrenceId: t('11-03 08:30') }),
        occ('late', t('11-05 09:00')),
      ]);
      expect(keysOf(await store.listOccurrences(week))).toEqual([
        'b/early',
        'a/a-b',
        `a/a-b@${t('11-03 08:30')}`,
        'a/ab',
        'b/x',
        'a/late',
      ]);
      expect(keysOf(await store.listOccurrences({ ...week, calendar: 'b' }))).toEqual(['b/early', 'b/x']);
      expect(await store.listOccurrences({ ...week, calendar: 'nope' })).toEqual([]);
      expect(keysOf(await store.listOccurrences({ from: t('11-04 00:00'), to: week.to }))).toEqual([
        'a/late',
      ]);
    });

    it('lists more occurrences than one page holds, each once, in order, across ties at a page edge', async () => {
      const { store } = h();
      for (const name of ['a', 'b']) await store.upsertCalendar(calendar(name));
      // Three events a minute over 12,000 minutes in two calendars: 36,000 rows, with pages of
      // 10,000 ending inside groups that share their start (ordered then by calendar, uid, id).
      const minute = (i: number) => new Date(Date.parse(t('11-01 00:00')) + i * 60_000).toISOString();
      const a: CalendarOccurrence[] = [];
      const b: CalendarOccurrence[] = [];
      for (let i = 0; i < 12_000; i++) {
        a.push(occ(`x${i % 7}`, minute(i), { recurrenceId: minute(i) }));
        a.push(occ(`y${i % 5}`, minute(i), { recurrenceId: minute(i) }));
        b.push(occ(`x${i % 3}`, minute(i), { recurrenceId: minute(i) }));
      }
      await store.replaceOccurrences('a', everything, a);
      await store.replaceOccurrences('b', everything, b);
      const listed = keysOf(await store.listOccurrences(everything));
      expect(listed).toHaveLength(36_000);
      expect(new Set(listed).size).toBe(36_000);
      expect(listed.slice(0, 3)).toEqual([`a/x0@${minute(0)}`, `a/y0@${minute(0)}`, `b/x0@${minute(0)}`]);
      expect(listed.at(-1)).toBe(`b/x${11_999 % 3}@${minute(11_999)}`);
    }, 60_000);

    it('finds an event that began weeks before the window, however long, in any later import', async () => {
      const { store } = h();
      for (const name of ['leave', 'work']) await store.upsertCalendar(calendar(name));
      await store.replaceOccurrences('work', everything, [occ('standup', t('11-03 09:00'))]);
      // Six weeks of leave, brought in by a later import than the short events.
      const leave = occ('leave', '2026-09-28T00:00:00.000Z', { end: t('11-08 00:00'), allDay: true });
      await store.replaceOccurrences('leave', everything, [leave]);
      const window = { from: t('11-03 10:00'), to: t('11-03 12:00') };
      expect(keysOf(await store.listOccurrences(window))).toEqual(['leave/leave']);
      expect(keysOf(await store.listOccurrences({ ...window, calendar: 'leave' }))).toEqual(['leave/leave']);
      expect(await store.listOccurrences({ ...window, calendar: 'work' })).toEqual([]);
      // Shortened, then lengthened again: still found each time.
      await store.replaceOccurrences('leave', everything, [{ ...leave, end: '2026-09-29T00:00:00.000Z' }]);
      expect(await store.listOccurrences(window)).toEqual([]);
      await store.replaceOccurrences('leave', everything, [leave]);
      expect(keysOf(await store.listOccurrences(window))).toEqual(['leave/leave']);
    });
  });

  describe('CalDAV objects', () => {
    const obj = (cal: string, href: string, etag = '"1"'): CalendarObject => ({
      calendar: cal,
      href,
      etag,
      ics: `BEGIN:VCALENDAR\r\nUID:${href}\r\nEND:VCALENDAR\r\n`,
    });

    it('are kept per calendar, listed by href, replaced by href and deleted by href', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work', { kind: 'caldav' }));
      await store.upsertCalendar(calendar('home', { kind: 'caldav' }));
      await store.upsertCalendarObjects([
        obj('work', '/w/b.ics'),
        obj('work', '/w/a.ics'),
        obj('home', '/h/a.ics'),
      ]);
      const changed = { ...obj('work', '/w/b.ics', '"2"'), ics: nasty };
      await store.upsertCalendarObjects([changed, obj('work', '/w/c.ics')]);
      expect(await store.listCalendarObjects('work')).toStrictEqual([
        obj('work', '/w/a.ics'),
        changed,
        obj('work', '/w/c.ics'),
      ]);

      await store.deleteCalendarObjects('work', ['/w/a.ics', '/w/c.ics', '/h/a.ics', '/w/never.ics']);
      expect(await store.listCalendarObjects('work')).toStrictEqual([changed]);
      expect(await store.listCalendarObjects('home')).toStrictEqual([obj('home', '/h/a.ics')]);
      expect(await store.listCalendarObjects('nope')).toEqual([]);
    });

    it('belong to a calendar the store has', async () => {
      const { store } = h();
      await store.upsertCalendar(calendar('work'));
      const err = await appErrorOf(
        store.upsertCalendarObjects([obj('work', '/a.ics'), obj('ghost', '/b.ics')]),
      );
      expect([err.code, err.field]).toEqual(['not-found', 'calendar']);
      expect(err.message).toContain('"ghost"');
      expect(await store.listCalendarObjects('work')).toEqual([]);
    });
  });

  describe('commits', () => {
    const c1 = commit('api', 'aaa1', t('11-02 09:00'));
    const c2 = commit('web', 'bbb1', t('11-02 09:00'), { merge: true, added: 0, removed: 0, files: 0 });
    const c3 = commit('api', 'aaa2', t('11-02 17:30'), { subject: nasty, authorEmail: 'zoë@example.com' });
    const c4 = commit('api', 'aaa3', t('11-04 23:59'), { date: '2026-11-05' });

    it('are added once: inserting the same commits again leaves them all unchanged', async () => {
      const { store } = h();
      expect(await store.insertCommits([c4, c2, c1])).toEqual({ added: 3, unchanged: 0 });
      // A commit, once stored, is kept as it was.
      expect(await store.insertCommits([c3, { ...c1, subject: 'Rewritten' }, c2, c4])).toEqual({
        added: 1,
        unchanged: 3,
      });
      expect(await store.insertCommits([])).toEqual({ added: 0, unchanged: 0 });
      expect(await store.listCommits()).toStrictEqual([c1, c2, c3, c4]);
    });

    it('move to the local days of a new time zone, and only those that change', async () => {
      const { store } = h();
      // c4 was imported in a zone east of UTC (23:59 UTC on the 4th was the 5th there).
      await store.insertCommits([c1, c2, c3, c4]);
      expect(await store.relocateCommitDays('UTC')).toBe(1);
      expect((await store.listCommits()).map((c) => c.date)).toEqual([
        '2026-11-02',
        '2026-11-02',
        '2026-11-02',
        '2026-11-04',
      ]);
      // Los Angeles is 8 hours behind in November: 09:00 UTC is 01:00 the same day, 17:30 is 09:30.
      expect(await store.relocateCommitDays('America/Los_Angeles')).toBe(0);
      // Tokyo is 9 hours ahead: 17:30 UTC on the 2nd is 02:30 on the 3rd, 23:59 on the 4th the 5th.
      expect(await store.relocateCommitDays('Asia/Tokyo')).toBe(2);
      expect(await store.listCommitDays({ from: '2026-11-03', to: '2026-11-03' })).toMatchObject([
        { date: '2026-11-03', repo: 'api', commits: 1 },
      ]);
      expect((await store.listCommits()).map((c) => [c.sha, c.date])).toEqual([
        ['aaa1', '2026-11-02'],
        ['bbb1', '2026-11-02'],
        ['aaa2', '2026-11-03'],
        ['aaa3', '2026-11-05'],
      ]);
      expect(await store.relocateCommitDays('Asia/Tokyo')).toBe(0);
    });

    it('count a commit given twice in one batch once', async () => {
      const { store } = h();
      expect(await store.insertCommits([c1, c1, { ...c1, subject: 'later copy' }])).toEqual({
        added: 1,
        unchanged: 0,
      });
      expect(await store.listCommits()).toStrictEqual([c1]);
    });

    it('are listed by authoredAt, repo and sha, filtered by inclusive local dates and repo', async () => {
      const { store } = h();
      await store.insertCommits([c4, c3, c2, c1]);
      expect(await store.listCommits({ from: '2026-11-02', to: '2026-11-02' })).toStrictEqual([c1, c2, c3]);
      // The local date decides, not the UTC day of authoredAt.
      expect(await store.listCommits({ from: '2026-11-05' })).toStrictEqual([c4]);
      expect(await store.listCommits({ to: '2026-11-04' })).toStrictEqual([c1, c2, c3]);
      expect(await store.listCommits({ repo: 'web' })).toStrictEqual([c2]);
      expect(await store.listCommits({ repo: 'api', from: '2026-11-03' })).toStrictEqual([c4]);
    });

    it('add up per local day and repository, merges included', async () => {
      const { store } = h();
      await store.insertCommits([
        commit('api', 'a1', t('11-02 09:00'), { added: 10, removed: 1 }),
        commit('api', 'a2', t('11-02 18:00'), { added: 5, removed: 4 }),
        commit('api', 'a3', t('11-02 12:00'), { added: 1, removed: 0, merge: true }),
        commit('web', 'w1', t('11-02 10:00'), { added: 7, removed: 7 }),
        commit('api', 'a4', t('11-03 23:30'), { date: '2026-11-04', added: 2, removed: 3 }),
        commit('web', 'w2', t('11-04 08:00'), { added: 0, removed: 9 }),
      ]);
      const day = (
        date: string,
        repo: string,
        n: number,
        added: number,
        removed: number,
        first: string,
        last: string,
      ) => ({ date, repo, commits: n, added, removed, first: t(first), last: t(last) }) satisfies CommitDay;
      const all = [
        day('2026-11-02', 'api', 3, 16, 5, '11-02 09:00', '11-02 18:00'),
        day('2026-11-02', 'web', 1, 7, 7, '11-02 10:00', '11-02 10:00'),
        day('2026-11-04', 'api', 1, 2, 3, '11-03 23:30', '11-03 23:30'),
        day('2026-11-04', 'web', 1, 0, 9, '11-04 08:00', '11-04 08:00'),
      ];
      expect(await store.listCommitDays()).toStrictEqual(all);
      expect(await store.listCommitDays({ from: '2026-11-03' })).toStrictEqual(all.slice(2));
      expect(await store.listCommitDays({ to: '2026-11-02', repo: 'web' })).toStrictEqual([all[1]]);
    });

    it.each([
      ['commits[1].added', { added: -1 }],
      ['commits[1].files', { files: 1.5 }],
      ['commits[1].authoredAt', { authoredAt: '2026-11-02 09:00' }],
      ['commits[1].date', { date: '02.11.2026' }],
    ])('refuse a batch whose %s is wrong, writing none of it', async (field, over) => {
      const { store } = h();
      const err = await appErrorOf(store.insertCommits([c1, { ...c2, ...over }]));
      expect([err.code, err.field]).toEqual(['invalid', field]);
      expect(await store.listCommits()).toEqual([]);
    });

    it('take 100,000 commits in one call', async () => {
      const { store } = h();
      const many: CommitRecord[] = [];
      const start = Date.parse(t('01-01 00:00'));
      for (let i = 0; i < 100_000; i++) {
        const at = new Date(start + i * 137_000).toISOString();
        many.push(
          commit(`repo-${i % 7}`, i.toString(16).padStart(40, '0'), at, { added: i % 100, removed: 1 }),
        );
      }
      const started = performance.now();
      expect(await store.insertCommits(many)).toEqual({ added: 100_000, unchanged: 0 });
      const ms = performance.now() - started;
      console.info(`[${engine.name}] 100,000 commits inserted in ${ms.toFixed(0)} ms`);

      const days = await store.listCommitDays();
      expect(days.reduce((n, d) => n + d.commits, 0)).toBe(100_000);
      expect(days.reduce((n, d) => n + d.added, 0)).toBe(many.reduce((n, c) => n + c.added, 0));
      expect(await store.insertCommits(many.slice(99_000))).toEqual({ added: 0, unchanged: 1000 });
    });
  });

  describe('git state', () => {
    it('round-trips per repository, and saving again replaces it', async () => {
      const { store } = h();
      const state = {
        repo: 'api',
        path: '/home/ada/src/api',
        heads: ['0123abcd', 'fedc9876'],
        authors: ['ada@example.com'],
        lastImportAt: '2026-11-05T07:00:00.000Z',
      };
      expect(await store.getGitState('api')).toBeUndefined();
      await store.saveGitState(state);
      await store.saveGitState({ ...state, repo: 'web', heads: [] });
      expect(await store.getGitState('api')).toStrictEqual(state);
      const later = {
        ...state,
        heads: ['99999999'],
        authors: ['ada@example.com', 'ada@home.example'],
        lastImportAt: '2026-11-06T07:00:00.000Z',
      };
      await store.saveGitState(later);
      expect(await store.getGitState('api')).toStrictEqual(later);
      expect(await store.getGitState('web')).toStrictEqual({ ...state, repo: 'web', heads: [] });
      expect(await store.listGitStates()).toStrictEqual([later, { ...state, repo: 'web', heads: [] }]);
    });
  });

  describe('issue-tracker items', () => {
    const full = item('jira', 'OPS-12', {
      type: 'Bug',
      status: 'In Progress',
      startedAt: '2026-11-02T10:00:00.000Z',
      resolvedAt: '2026-11-04T10:00:00.000Z',
      priority: 'High',
      labels: ['on-call', nasty],
      assignee: 'ada@example.com',
      creator: 'sam@example.com',
      url: 'https://jira.example.com/browse/OPS-12',
      criticalPath: true,
    });

    it('are added, updated or left unchanged by source and key, and say how many of each', async () => {
      const { store } = h();
      const a = item('jira', 'OPS-1');
      const b = item('github', 'OPS-1');
      expect(await store.upsertTrackerItems([full, a, b])).toStrictEqual(counts({ added: 3 }));
      expect(await store.upsertTrackerItems([full, a, b])).toStrictEqual(counts({ unchanged: 3 }));
      const done = { ...a, status: 'Done', resolvedAt: '2026-11-05T10:00:00.000Z' };
      const { labels: _l, ...rest } = full;
      const relabelled = { ...rest, labels: ['on-call'] };
      expect(await store.upsertTrackerItems([done, relabelled, item('linear', 'ENG-7')])).toStrictEqual(
        counts({ added: 1, updated: 2 }),
      );
      expect(await store.upsertTrackerItems([])).toStrictEqual(counts({}));
      expect(await store.listTrackerItems({ source: 'jira' })).toStrictEqual([done, relabelled]);
      expect(await store.listTrackerItems({ source: 'github' })).toStrictEqual([b]);
    });

    it('round-trip with optional fields absent, and are listed by source, createdAt, then key', async () => {
      const { store } = h();
      const list = [
        item('linear', 'ENG-2'),
        item('jira', 'OPS-9', { createdAt: '2026-10-01T10:00:00.000Z' }),
        full,
        item('jira', 'OPS-10'),
        item('github', 'web#3'),
      ];
      await store.upsertTrackerItems(list);
      const got = await store.listTrackerItems();
      expect(got.map((i) => `${i.source}/${i.key}`)).toEqual([
        'github/web#3',
        'jira/OPS-9',
        'jira/OPS-10',
        'jira/OPS-12',
        'linear/ENG-2',
      ]);
      expect(got.find((i) => i.key === 'OPS-12')).toStrictEqual(full);
      expect(Object.keys(got[0] ?? {}).sort()).toEqual(Object.keys(item('github', 'x')).sort());
    });
  });

  describe('import runs', () => {
    it('are listed newest first (same instant: higher id first), with a limit', async () => {
      const { store } = h();
      const runs = [
        run('r1', t('11-02 09:00')),
        run('r3b', t('11-04 09:00'), {
          source: 'git',
          target: '/home/ada/src/api',
          added: 120,
          unchanged: 4,
          skipped: [{ why: 'not yours', count: 31 }],
        }),
        run('r2', t('11-03 09:00'), { source: 'caldav', updated: 2, removed: 1, target: nasty }),
        run('r3a', t('11-04 09:00')),
      ];
      for (const r of runs) await store.addImportRun(r);
      expect((await store.listImportRuns()).map((r) => r.id)).toEqual(['r3b', 'r3a', 'r2', 'r1']);
      expect(await store.listImportRuns({ limit: 2 })).toStrictEqual([runs[1], runs[3]]);
      expect((await store.listImportRuns()).find((r) => r.id === 'r2')).toStrictEqual(runs[2]);
    });

    it('are history: adding an id again keeps the first record', async () => {
      const { store } = h();
      await store.addImportRun(run('r1', t('11-02 09:00')));
      await store.addImportRun(run('r1', t('11-09 09:00'), { added: 99 }));
      expect(await store.listImportRuns()).toStrictEqual([run('r1', t('11-02 09:00'))]);
    });

    it('are added many at once, in batches; ids stored already (or given twice) keep the first', async () => {
      const { store } = h();
      await store.addImportRun(run('r00001', t('11-02 09:00')));
      const many = Array.from({ length: 3000 }, (_, i) =>
        run(`r${String(i).padStart(5, '0')}`, plusMinutes(t('11-01 00:00'), i), { added: i }),
      );
      expect(await store.addImportRuns([...many, { ...many[5]!, added: 99 }])).toEqual({
        added: 2999,
        unchanged: 1,
      });
      const listed = await store.listImportRuns();
      expect(listed).toHaveLength(3000);
      expect(listed.find((r) => r.id === 'r00001')).toStrictEqual(run('r00001', t('11-02 09:00')));
      expect(listed.find((r) => r.id === 'r00005')).toStrictEqual(many[5]);
      expect(await store.addImportRuns(many)).toEqual({ added: 0, unchanged: 3000 });
      expect(await store.addImportRuns([])).toEqual({ added: 0, unchanged: 0 });
    });
  });

  type BeforeOwners = { [T in keyof Database]: Omit<Database[T], 'owner_id'> };

  /**
   * Makes a store at an older schema (the first `version` migrations), lets `seed` write to it as
   * that version's code would, then opens it with today's code and hands it to `check`. `Schema` is
   * the tables as `seed` sees them: by default as before migration 9, when no table had an owner.
   */
  async function upgraded<Schema = BeforeOwners>(
    version: number,
    seed: (db: Kysely<Schema>) => Promise<void>,
    check: (store: Store, options: OpenStoreOptions) => Promise<void>,
  ): Promise<void> {
    const base = h();
    const dataDir = await mkdtemp(join(tmpdir(), `handson-v${version}-`));
    const pgSchema = base.pgSchema === undefined ? undefined : `${base.pgSchema}_v${version}`;
    const options: OpenStoreOptions = { ...base.options, dataDir, pgSchema };
    try {
      const old = await openEngine(options);
      try {
        const applied = await migrate(old.db, old.engine, MIGRATIONS.slice(0, version));
        expect(applied).toEqual(MIGRATIONS.slice(0, version).map((m) => m.version));
        await seed(old.db as unknown as Kysely<Schema>);
      } finally {
        await old.destroy();
      }
      const store = await openStore(options);
      try {
        await check(store, options);
      } finally {
        await store.close();
      }
    } finally {
      if (pgSchema !== undefined) {
        const conn = await openEngine(options);
        await sql`drop schema if exists ${sql.id(pgSchema)} cascade`.execute(conn.db);
        await conn.destroy();
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  /** A commitment and its postponement as the code before migration 10 wrote them (no version). */
  const OLD_COMMITMENT = {
    id: 'm1',
    kind: 'one-on-one',
    title: '1:1 Lea',
    person: 'Lea',
    due: '2026-11-05',
    status: 'open',
    created_at: t('11-01 08:00'),
    closed_at: null,
  };
  const OLD_POSTPONEMENT = {
    id: 'p1',
    commitment_id: 'm1',
    at: t('11-02 08:00'),
    from_due: '2026-11-03',
    to_due: '2026-11-05',
    why: 'offsite',
  };

  describe('migration 10', () => {
    it('gives every stored commitment version 1, from which the next change moves it on', async () => {
      await upgraded<Database>(
        9,
        async (db) => {
          // Migration 9 gave every row an owner.
          const owner_id = LOCAL_OWNER;
          await db
            .insertInto('commitments')
            .values({ owner_id, ...OLD_COMMITMENT })
            .execute();
          await db
            .insertInto('postponements')
            .values({ owner_id, ...OLD_POSTPONEMENT })
            .execute();
        },
        async (store) => {
          const before = await store.getCommitment('m1');
          expect(before).toStrictEqual({
            id: 'm1',
            kind: 'one-on-one',
            title: '1:1 Lea',
            person: 'Lea',
            due: '2026-11-05',
            status: 'open',
            createdAt: t('11-01 08:00'),
            postponements: [
              { id: 'p1', at: t('11-02 08:00'), fromDue: '2026-11-03', toDue: '2026-11-05', why: 'offsite' },
            ],
            version: 1,
          });
          expect((await store.listCommitments()).map((c) => c.version)).toEqual([1]);
          const done = { ...before!, status: 'done' as const, closedAt: t('11-03 08:00') };
          expect(await store.updateCommitment(done, 1)).toBe(true);
          expect(await store.updateCommitment(done, 1)).toBe(false);
          expect(await store.getCommitment('m1')).toMatchObject({ status: 'done', version: 2 });
        },
      );
    });
  });

  describe('migration 9', () => {
    it('gives every record to the local owner, keeping keys, links and dates, and nothing to another', async () => {
      await upgraded(
        8,
        async (db) => {
          await db
            .insertInto('profile')
            .values({
              id: 1,
              name: 'Ada',
              role: 'engineering-manager',
              reports: 4,
              tz: 'UTC',
              emails: '[]',
              budget_pct: null,
              weekly_hours: 45,
              new_to_function_since: null,
              created_at: t('11-01 08:00'),
              updated_at: t('11-01 08:00'),
            } as never)
            .execute();
          await db
            .insertInto('sessions')
            .values({
              id: 's1',
              date: '2026-11-02',
              started_at: null,
              minutes: 60,
              title: 'Review the schema',
              title_key: 'review the schema',
              reasons: '[]',
              energy_before: null,
              energy_after: null,
              gaps: '[]',
              notes: null,
              check_id: null,
              created_at: t('11-02 18:00'),
              updated_at: t('11-02 18:00'),
              version: 3,
            })
            .execute();
          await db
            .insertInto('actions')
            .values({
              id: 'a1',
              text: 'Pair next time',
              session_id: 's1',
              status: 'open',
              created_at: t('11-02 18:00'),
              done_at: null,
            })
            .execute();
          await db.insertInto('commitments').values(OLD_COMMITMENT).execute();
          await db.insertInto('postponements').values(OLD_POSTPONEMENT).execute();
          await db
            .insertInto('calendars')
            .values({
              name: 'work',
              kind: 'ics',
              created_at: t('11-01 08:00'),
              longest_seconds: 3600,
              covered_from: t('11-01 00:00'),
              covered_to: t('12-01 00:00'),
            })
            .execute();
          await db
            .insertInto('occurrences')
            .values({
              calendar: 'work',
              uid: 'standup',
              recurrence_id: '',
              start_at: t('11-03 09:00'),
              end_at: t('11-03 09:15'),
              all_day: 0,
              start_date: null,
              end_date: null,
              title: 'Standup',
              location: null,
              organizer: null,
              attendees: '[]',
              declined: 0,
              cancelled: 0,
              recurring: 0,
              transparent: 0,
            })
            .execute();
          await db
            .insertInto('commits')
            .values({
              repo: 'app',
              sha: 'abc',
              date: '2026-11-03',
              authored_at: t('11-03 10:00'),
              author_email: 'ada@example.com',
              subject: 'Fix',
              added: 1,
              removed: 0,
              files: 1,
              merge: 0,
            })
            .execute();
          await db
            .insertInto('settings')
            .values({ key: 'working-hours', value: '{"days":[1,2,3,4]}', updated_at: t('11-01 08:00') })
            .execute();
          await db.insertInto('dirty_days').values({ date: '2026-11-03' }).execute();
        },
        async (store, options) => {
          expect(store.ownerId).toBe(LOCAL_OWNER);
          expect(await store.getProfile()).toMatchObject({ name: 'Ada', weeklyHours: 45 });
          expect(await store.getSession('s1')).toMatchObject({ title: 'Review the schema', version: 3 });
          expect(await store.getAction('a1')).toMatchObject({ sessionId: 's1' });
          expect((await store.getCommitment('m1'))?.postponements).toEqual([
            { id: 'p1', at: t('11-02 08:00'), fromDue: '2026-11-03', toDue: '2026-11-05', why: 'offsite' },
          ]);
          expect((await store.getCalendar('work'))?.coverage).toEqual({
            from: t('11-01 00:00'),
            to: t('12-01 00:00'),
          });
          expect(keysOf(await store.listOccurrences(week))).toEqual(['work/standup']);
          expect((await store.listCommits()).map((c) => c.sha)).toEqual(['abc']);
          expect(await store.getSetting('working-hours')).toEqual({ days: [1, 2, 3, 4] });
          expect(await store.takeDirtyDays()).toEqual(['2026-11-03']);
          // Links still hold under the owner: an action cannot point to a session that is not there.
          await expect(
            store.upsertAction({
              id: 'a2',
              text: 'x',
              sessionId: 'ghost',
              status: 'open',
              createdAt: t('11-03 08:00'),
            }),
          ).rejects.toThrow(/not in the store/);

          const stores = await openStores(options);
          try {
            const other = stores.forOwner('someone-else');
            expect(await other.getProfile()).toBeUndefined();
            expect(await other.listSessions()).toEqual([]);
            expect(await other.listCalendars()).toEqual([]);
            expect(await other.listOccurrences(week)).toEqual([]);
            expect(await other.listCommits()).toEqual([]);
            expect(await other.getSetting('working-hours')).toBeUndefined();
          } finally {
            await stores.close();
          }
        },
      );
    });
  });

  describe('migration 5', () => {
    it('keeps the sessions logged before it, as not visible, and stores the mark from then on', async () => {
      await upgraded(
        4,
        async (db) => {
          await db
            .insertInto('sessions')
            .values({
              id: 's-old',
              date: '2026-11-02',
              started_at: null,
              minutes: 90,
              title: 'Prepare the board demo',
              title_key: 'prepare the board demo',
              reasons: '["ground-truth"]',
              energy_before: null,
              energy_after: null,
              gaps: '[]',
              notes: null,
              check_id: null,
              created_at: t('11-02 18:00'),
              updated_at: t('11-02 18:00'),
            })
            .execute();
        },
        async (store) => {
          const old = await store.getSession('s-old');
          expect(old).toStrictEqual({
            id: 's-old',
            date: '2026-11-02',
            minutes: 90,
            title: 'Prepare the board demo',
            reasons: ['ground-truth'],
            gaps: [],
            createdAt: t('11-02 18:00'),
            updatedAt: t('11-02 18:00'),
            version: 1,
          });
          await store.upsertSession({ ...old!, visible: true });
          expect((await store.getSession('s-old'))?.visible).toBe(true);
        },
      );
    });
  });

  describe('migration 4', () => {
    it('measures the occurrences a calendar already holds, so long events stay in reach', async () => {
      await upgraded(
        3,
        async (db) => {
          await db
            .insertInto('calendars')
            .values({ name: 'leave', kind: 'ics', created_at: t('11-01 08:00') })
            .execute();
          await db
            .insertInto('occurrences')
            .values({
              calendar: 'leave',
              uid: 'sabbatical',
              recurrence_id: '',
              start_at: '2026-08-01T00:00:00.000Z',
              end_at: t('12-01 00:00'),
              all_day: 1,
              start_date: '2026-08-01',
              end_date: '2026-12-01',
              title: 'Sabbatical',
              location: null,
              organizer: null,
              attendees: '[]',
              declined: 0,
              cancelled: 0,
              recurring: 0,
              transparent: 0,
            })
            .execute();
        },
        async (store) => {
          const window = { from: t('11-03 10:00'), to: t('11-03 12:00') };
          expect(keysOf(await store.listOccurrences(window))).toEqual(['leave/sabbatical']);
        },
      );
    });
  });

  describe('migration 2', () => {
    it('upgrades a store that has only migration 1, keeping its journal', async () => {
      await upgraded(
        1,
        async (db) => {
          await db
            .insertInto('reflections')
            .values({
              id: 'r1',
              date: '2026-11-02',
              at: t('11-02 20:00'),
              text: 'Before the upgrade.',
              answers: '[]',
            })
            .execute();
        },
        async (store) => {
          expect((await store.listReflections()).map((r) => r.text)).toEqual(['Before the upgrade.']);
          await store.upsertCalendar(calendar('work'));
          expect(await store.replaceOccurrences('work', week, [occ('a', t('11-03 09:00'))])).toStrictEqual(
            counts({ added: 1 }),
          );
        },
      );
    });
  });
});

describe.each(engines)('settings on $name', (engine) => {
  const h = useStore(engine);

  it('stores a JSON document per key, replaces it, and returns undefined for a missing key', async () => {
    const { store } = h();
    expect(await store.getSetting('classification-rules')).toBeUndefined();
    const doc = { version: 1, rules: [{ id: 'x', when: { titleAny: ['Fokus “tief”'] } }] };
    await store.putSetting('classification-rules', doc, '2026-11-25T10:00:00.000Z');
    expect(await store.getSetting('classification-rules')).toEqual(doc);
    await store.putSetting('classification-rules', { version: 1, rules: [] }, '2026-11-26T10:00:00.000Z');
    expect(await store.getSetting('classification-rules')).toEqual({ version: 1, rules: [] });
  });
});
