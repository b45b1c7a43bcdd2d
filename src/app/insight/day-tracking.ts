import { isModelledDay, MODELLED_DAYS } from '../../domain/date-range.js';
import { addDays, daysBetween, earlierOf, laterOf, localDate } from '../../domain/time.js';
import type { Instant, LocalDate } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import { RUNNING_TIMER_SETTING } from '../timer/running.js';

/**
 * What a handler may write, by kind of record; a handler declares the kinds it touches
 * (handler.ts) and the store it is given refuses the others. Derived caches (day models, the
 * dirty marks) are not a kind: every use case may refresh them.
 */
export type RecordKind = 'profile' | 'reasons' | 'journal' | 'evidence' | 'settings';

/** The days a write changed: some days, or every day (the time zone or a rule moved them all). */
export type Days = readonly LocalDate[] | 'every';

// biome-ignore lint/suspicious/noExplicitAny: only to pick the methods out of the interface.
type Fn = (...args: any[]) => Promise<unknown>;
type StoreMethod = { [K in keyof Store]: Store[K] extends Fn ? K : never }[keyof Store];
type Args<M extends StoreMethod> = Parameters<Store[M]>;
type Result<M extends StoreMethod> = Awaited<ReturnType<Store[M]>>;

/**
 * How one Store method bears on the day models:
 * - `read`: changes nothing. `observes`: it reads the dirty marks or the models, so the days
 *   collected so far are marked first.
 * - `derived`: writes a derived cache only; it dirties nothing and anyone may call it.
 * - `kind`: writes records of that kind; `days` says which days' models the write changed, given
 *   the store (to read where a record lay before) and a function that performs the write.
 */
type Rule<M extends StoreMethod> =
  | { read: true; observes?: true }
  | { derived: true; observes?: true }
  | {
      kind: RecordKind;
      days?: (store: Store, args: Args<M>, write: () => Promise<Result<M>>) => Promise<[Result<M>, Days]>;
    };

const none: Days = [];

/** The local days from `from` to `to`, kept inside the days a model can hold. */
function span(from: LocalDate, to: LocalDate): LocalDate[] {
  const first = laterOf(from, MODELLED_DAYS.first);
  const last = earlierOf(to, MODELLED_DAYS.last);
  return first <= last ? daysBetween(first, last) : [];
}

/**
 * The days an instant span lies on: in the leader's zone when there is a profile, else the UTC days
 * and one either side (a local date is never more than a day from the UTC one). `endInclusive`
 * false: `to` is the first instant not covered (an import window).
 */
function instantDays(from: Instant, to: Instant, tz: string | undefined, endInclusive: boolean): LocalDate[] {
  const end = endInclusive ? to : new Date(Date.parse(to) - 1).toISOString();
  if (end < from) return [];
  if (tz !== undefined) return span(localDate(from, tz), localDate(end, tz));
  const first = laterOf(from.slice(0, 10), MODELLED_DAYS.first);
  const last = earlierOf(end.slice(0, 10), MODELLED_DAYS.last);
  return first <= last ? span(addDays(first, -1), addDays(last, 1)) : [];
}

const tzOf = async (store: Store) => (await store.getProfile())?.tz;

/**
 * Every Store method, classified. The mapped type makes leaving one out a type error, and
 * `day-tracking.test.ts` checks the real store against this table, so a new write cannot slip by
 * without saying which days it changes.
 */
export const STORE_RULES: { [M in StoreMethod]: Rule<M> } = {
  // A scope, not a write: `trackDays` wraps the transaction it opens.
  transaction: { read: true },
  close: { read: true },
  dataVersion: { read: true },

  getProfile: { read: true },
  saveProfile: {
    kind: 'profile',
    // Days are the leader's local days, and which events are theirs (declined, organised) is read
    // from their addresses: either change moves every day's figures.
    days: async (store, [profile], write) => {
      const before = await store.getProfile();
      const moved =
        before !== undefined &&
        (before.tz !== profile.tz || before.emails.join('\n') !== profile.emails.join('\n'));
      return [await write(), moved ? 'every' : none];
    },
  },

  listCustomReasons: { read: true },
  upsertReason: { kind: 'reasons' },
  deleteReason: { kind: 'reasons' },

  upsertCheck: { kind: 'journal' },
  getCheck: { read: true },
  listChecks: { read: true },
  // Unlinks its sessions too, but a session's check shapes no day model (only the flags read it).
  deleteCheck: { kind: 'journal' },

  upsertSession: {
    kind: 'journal',
    days: async (store, [session], write) => {
      const before = await store.getSession(session.id);
      return [await write(), before ? [before.date, session.date] : [session.date]];
    },
  },
  updateSession: {
    kind: 'journal',
    days: async (store, [session], write) => {
      const before = await store.getSession(session.id);
      const written = await write();
      return [written, written ? [...(before ? [before.date] : []), session.date] : none];
    },
  },
  deleteSession: {
    kind: 'journal',
    days: async (store, [id], write) => {
      const before = await store.getSession(id);
      return [await write(), before ? [before.date] : none];
    },
  },
  getSession: { read: true },
  listSessions: { read: true },
  reasonMix: { read: true },

  upsertCommitment: { kind: 'journal' },
  updateCommitment: { kind: 'journal' },
  getCommitment: { read: true },
  listCommitments: { read: true },

  upsertAction: { kind: 'journal' },
  getAction: { read: true },
  listActions: { read: true },

  upsertReflection: { kind: 'journal' },
  getReflection: { read: true },
  listReflections: { read: true },
  deleteReflection: { kind: 'journal' },

  // People shape no day: the budget they move is the week's, computed from the profile on reading.
  listPeople: { read: true },
  upsertPerson: { kind: 'journal' },
  deletePerson: { kind: 'journal' },

  upsertCalendar: {
    kind: 'evidence',
    // Where a calendar speaks for the days (its coverage) decides whether a day without events is
    // free or unknown: the days that came into, or left, its coverage change.
    days: async (store, [calendar], write) => {
      const before = (await store.getCalendar(calendar.name))?.coverage;
      const after = calendar.coverage;
      const result = await write();
      if (before?.from === after?.from && before?.to === after?.to) return [result, none];
      const tz = await tzOf(store);
      const changed: [Instant, Instant][] =
        before === undefined || after === undefined
          ? [[(before ?? after)!.from, (before ?? after)!.to]]
          : [
              [earlierOf(before.from, after.from), laterOf(before.from, after.from)],
              [earlierOf(before.to, after.to), laterOf(before.to, after.to)],
            ];
      return [result, changed.flatMap(([from, to]) => (from < to ? instantDays(from, to, tz, true) : []))];
    },
  },
  getCalendar: { read: true },
  listCalendars: { read: true },
  replaceOccurrences: {
    kind: 'evidence',
    // Any day of the window may have gained or lost an event; when nothing changed, none did.
    days: async (store, [, window], write) => {
      const counts = await write();
      const changed = counts.added + counts.updated + counts.removed > 0;
      return [counts, changed ? instantDays(window.from, window.to, await tzOf(store), false) : none];
    },
  },
  upsertOccurrences: {
    kind: 'evidence',
    // UTC days and one either side rather than local dates: a backup brings in tens of thousands
    // of events, and turning each into local dates takes seconds.
    days: async (_store, _args, write) => {
      const result = await write();
      const days = new Set<LocalDate>();
      for (const c of result.changed)
        for (const d of instantDays(c.start, c.end, undefined, true)) days.add(d);
      return [result, [...days]];
    },
  },
  listOccurrences: { read: true },
  listCalendarObjects: { read: true },
  // The raw objects a CalDAV calendar is expanded from; the occurrences carry the days.
  upsertCalendarObjects: { kind: 'evidence' },
  deleteCalendarObjects: { kind: 'evidence' },

  insertCommits: {
    kind: 'evidence',
    // A commit late in the evening can extend a session into the next day: both are marked.
    days: async (_store, [commits], write) => {
      const result = await write();
      if (result.added === 0) return [result, none];
      const days = new Set<LocalDate>();
      for (const c of commits) if (isModelledDay(c.date)) days.add(c.date).add(addDays(c.date, 1));
      return [result, [...days]];
    },
  },
  listCommits: { read: true },
  relocateCommitDays: {
    kind: 'evidence',
    // Which commits moved, and from where, is not reported: every day.
    days: async (_store, _args, write) => {
      const moved = await write();
      return [moved, moved > 0 ? 'every' : none];
    },
  },
  listCommitDays: { read: true },
  getGitState: { read: true },
  listGitStates: { read: true },
  saveGitState: { kind: 'evidence' },

  // Issues are shown as they are; no day model reads them.
  upsertTrackerItems: { kind: 'evidence' },
  listTrackerItems: { read: true },

  markDirtyDays: { derived: true },
  takeDirtyDays: { derived: true, observes: true },
  saveDayModels: { derived: true },
  listDayModels: { read: true, observes: true },
  clearDayModels: { derived: true },
  earliestEvidence: { read: true },
  // The leader's verdict on a flag: kept beside the journal, read by the flags, not by day models.
  saveFlagReview: { kind: 'journal' },
  listFlagReviews: { read: true },

  getSetting: { read: true },
  putSetting: {
    kind: 'settings',
    // The classification rules and working hours shape every day's figures. A running timer shapes
    // none: it is not yet a session, and stopping it logs one, which marks its own day.
    days: async (_store, [key], write) => [await write(), key === RUNNING_TIMER_SETTING ? none : 'every'],
  },

  addImportRun: { kind: 'evidence' },
  addImportRuns: { kind: 'evidence' },
  listImportRuns: { read: true },
};

/** A Store that marks the days its writes changed; `flush` marks those collected so far. */
export interface TrackedStore extends Store {
  flush(): Promise<void>;
}

/**
 * Wraps `store` for one handler call: each write is checked against the kinds the handler
 * declared, and the days it changed are collected and marked dirty in the same transaction — at
 * the end of the transaction, or sooner if something reads the marks or the models. Outside a
 * transaction (`inTransaction` false: a handler that opens its own) a write that changes days is
 * made in a transaction of its own with its marks, and each transaction the handler opens gets a
 * tracked store of its own.
 */
export function trackDays(
  store: Store,
  touches: ReadonlySet<RecordKind>,
  inTransaction: boolean,
): TrackedStore {
  const pending = new Set<LocalDate>();
  let every = false;

  const flush = async () => {
    if (every) for (const d of await store.listDayModels()) pending.add(d.date);
    every = false;
    if (pending.size === 0) return;
    const days = [...pending];
    pending.clear();
    await store.markDirtyDays(days);
  };

  const transaction = <T>(fn: (tx: Store) => Promise<T>): Promise<T> =>
    store.transaction(async (tx) => {
      const inner = trackDays(tx, touches, true);
      const out = await fn(inner);
      await inner.flush();
      return out;
    });

  const method = (name: StoreMethod): Fn => {
    const rule = STORE_RULES[name] as Rule<StoreMethod>;
    const own = (store[name] as Fn).bind(store);
    if ('read' in rule || 'derived' in rule) {
      if (!rule.observes) return own;
      return async (...args) => {
        await flush();
        return own(...args);
      };
    }
    return async (...args) => {
      if (!touches.has(rule.kind)) {
        // A bug, not a user's mistake: the declaration beside the handler is out of date.
        throw new Error(
          `store.${name} writes ${rule.kind} records, which this handler does not declare it touches (touches: [${[...touches].join(', ')}])`,
        );
      }
      const days = rule.days;
      if (days === undefined) return own(...args);
      if (!inTransaction) {
        return transaction((tx) => (tx[name] as Fn)(...args));
      }
      const [result, changed] = await days(store, args as never, () => own(...args) as never);
      if (changed === 'every') every = true;
      else for (const d of changed) pending.add(d);
      return result;
    };
  };

  return new Proxy(store as TrackedStore, {
    get(target, prop) {
      if (prop === 'flush') return flush;
      if (prop === 'transaction') return transaction;
      if (typeof prop === 'string' && Object.hasOwn(STORE_RULES, prop)) return method(prop as StoreMethod);
      // Plain properties (engine, ownerId), read from the store itself: its private fields need it.
      return Reflect.get(target, prop, target);
    },
  });
}
