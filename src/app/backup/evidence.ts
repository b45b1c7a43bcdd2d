import type { CalendarObject, CalendarSource } from '../../domain/evidence/evidence.js';
import type { CoverageSpan } from '../../domain/insight/insight-types.js';
import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import { hull } from '../evidence/coverage.js';
import type { ExportDocument } from './document.js';

/**
 * The evidence half of a backup: what the leader imported (calendars, commits, issue-tracker items)
 * and where those imports stand. An uploaded calendar file may exist nowhere else, so it travels
 * with the journal. Nothing in here deletes: a store that learnt more since keeps it.
 */

export type EvidenceKind =
  | 'calendars'
  | 'occurrences'
  | 'calendarObjects'
  | 'commits'
  | 'gitRepos'
  | 'trackerItems'
  | 'importRuns';

export type Evidence = Pick<
  ExportDocument,
  'calendars' | 'commits' | 'gitRepos' | 'trackerItems' | 'importRuns'
>;

export interface Counts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Every occurrence there is: listOccurrences reads a window, and this one holds them all. */
const ALL_TIME = { from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' };

/** Commits are inserted in slices this big, so the days to recompute follow what was really added. */
const COMMIT_SLICE = 1000;

/**
 * A CalDAV address typed as `https://user:password@host/…` keeps the password in the store; a
 * backup is a file that gets copied around, so the password stays behind. (The CalDAV password
 * itself is never stored: it is asked for at each sync.)
 */
export function withoutPassword(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

export async function exportEvidence(s: Store): Promise<Evidence> {
  const [sources, commits, gitRepos, trackerItems, importRuns] = await Promise.all([
    s.listCalendars(),
    s.listCommits(),
    s.listGitStates(),
    s.listTrackerItems(),
    s.listImportRuns(),
  ]);
  const calendars = await Promise.all(
    sources.map(async (c) => {
      const [occurrences, objects] = await Promise.all([
        s.listOccurrences({ ...ALL_TIME, calendar: c.name }),
        s.listCalendarObjects(c.name),
      ]);
      const url = withoutPassword(c.url);
      return {
        ...c,
        ...(url === undefined ? {} : { url }),
        occurrences: occurrences.map(({ calendar: _c, ...o }) => o),
        objects: objects.map(({ calendar: _c, ...o }) => o),
      };
    }),
  );
  // Oldest first, like the checks: a diff of two backups then reads like a log.
  return { calendars, commits, gitRepos, trackerItems, importRuns: importRuns.reverse() };
}

const syncStateOf = (c: CalendarSource) => ({
  ...(c.syncToken === undefined ? {} : { syncToken: c.syncToken }),
  ...(c.ctag === undefined ? {} : { ctag: c.ctag }),
  ...(c.lastSyncAt === undefined ? {} : { lastSyncAt: c.lastSyncAt }),
});
const hasSyncState = (c: CalendarSource) => Object.keys(syncStateOf(c)).length > 0;

function kindName(c: CalendarSource): string {
  return c.kind === 'caldav' ? `a CalDAV calendar at ${withoutPassword(c.url)}` : 'an imported calendar file';
}

/**
 * Brings the evidence of a validated document into `tx` (the import's transaction); the store
 * `invoke` hands the import marks the days its writes change (day-tracking.ts). `count` adds to
 * the import summary.
 */
export async function importEvidence(
  tx: Store,
  doc: Evidence,
  version: number,
  count: (kind: EvidenceKind, counts: Partial<Counts>) => void,
): Promise<void> {
  for (const [i, cal] of doc.calendars.entries()) {
    const { occurrences, objects, ...source } = cal;
    const existing = await tx.getCalendar(source.name);
    // The objects go with the sync state they were fetched under, never one without the other.
    let takeObjects = true;
    if (existing === undefined) {
      await tx.upsertCalendar(source);
      count('calendars', { added: 1 });
    } else {
      if (
        existing.kind !== source.kind ||
        (source.kind === 'caldav' && withoutPassword(existing.url) !== withoutPassword(source.url))
      ) {
        throw new AppError(
          'conflict',
          `calendars.${i}.name: this Hands-on already has a calendar called "${source.name}" (${kindName(existing)}), but the backup's is ${kindName(source)}. Nothing was brought in; bring the backup into a fresh Hands-on instead.`,
          { field: `calendars.${i}.name` },
        );
      }
      // This store's own sync is what its CalDAV objects match; only a calendar never synced here
      // takes the backup's, so that the next sync continues from where the backup left off.
      if (!hasSyncState(existing) && hasSyncState(source)) {
        await tx.upsertCalendar({ ...existing, ...syncStateOf(source) });
        count('calendars', { updated: 1 });
      } else {
        takeObjects = !hasSyncState(existing);
        count('calendars', { unchanged: 1 });
      }
    }

    if (objects.length > 0) {
      if (takeObjects) {
        const stored = new Map((await tx.listCalendarObjects(source.name)).map((o) => [o.href, o]));
        const writes: CalendarObject[] = [];
        for (const o of objects) {
          const old = stored.get(o.href);
          if (old !== undefined && old.etag === o.etag && old.ics === o.ics) {
            count('calendarObjects', { unchanged: 1 });
          } else {
            count('calendarObjects', old === undefined ? { added: 1 } : { updated: 1 });
            writes.push({ calendar: source.name, ...o });
          }
        }
        await tx.upsertCalendarObjects(writes);
      } else {
        count('calendarObjects', { unchanged: objects.length });
      }
    }

    if (occurrences.length > 0) {
      count('occurrences', await tx.upsertOccurrences(source.name, occurrences));
    }

    // What the calendar speaks for grows to take in the backup's (a backup written before coverage
    // was kept speaks for its first to its last event), so its days are no longer "no calendar".
    const before = existing?.coverage;
    const grown = hull(before, version < 3 ? spanOf(occurrences) : source.coverage);
    if (grown !== undefined && (grown.from !== before?.from || grown.to !== before?.to)) {
      const stored = (await tx.getCalendar(source.name))!;
      await tx.upsertCalendar({ ...stored, coverage: grown });
    }
  }

  for (let i = 0; i < doc.commits.length; i += COMMIT_SLICE) {
    const slice = doc.commits.slice(i, i + COMMIT_SLICE);
    count('commits', await tx.insertCommits(slice));
  }

  // Where this store's own imports stand wins: its paths are this computer's. A repository only
  // the backup knows keeps the backup's record, so the next `import git` reads only newer commits
  // (and, if the repository now lives elsewhere, takes the new place: see evidence/git.ts).
  for (const state of doc.gitRepos) {
    if ((await tx.getGitState(state.repo)) !== undefined) count('gitRepos', { unchanged: 1 });
    else {
      await tx.saveGitState(state);
      count('gitRepos', { added: 1 });
    }
  }

  if (doc.trackerItems.length > 0) count('trackerItems', await tx.upsertTrackerItems(doc.trackerItems));
  if (doc.importRuns.length > 0) count('importRuns', await tx.addImportRuns(doc.importRuns));
}

function spanOf(occurrences: readonly { start: Instant; end: Instant }[]): CoverageSpan | undefined {
  let span: CoverageSpan | undefined;
  for (const o of occurrences) span = hull(span, { from: o.start, to: o.end });
  return span;
}
