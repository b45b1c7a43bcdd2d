import { z } from 'zod';
import type {
  CalendarOccurrence,
  ImportCounts,
  ImportRun,
  ImportSource,
  TrackerItem,
} from '../../domain/evidence/evidence.js';
import { AppError } from '../../errors.js';
import type { FileSource, ImportContext } from '../../importers/importer.js';
import { readOffThread } from '../../importers/off-thread.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile } from '../profile/profile.js';
import { atMost, localDate } from '../schemas.js';
import { saveCoverage } from './coverage.js';
import { dayRange, defaultImportWindow } from './window.js';

const file = z.object({
  name: z.string().min(1, 'expected a file name'),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected the file contents' }),
});

export const calendarName = z
  .string()
  .trim()
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,59}$/u,
    'expected a calendar name of 1–60 letters, digits, spaces, . _ or -',
  );

/** What one import did: one per calendar or file, also when it failed (then `error` says why). */
export interface ImportReport extends ImportCounts {
  source: ImportSource;
  target: string;
  /** Records in the input, wanted or not. */
  total: number;
  /** Something the user should know although the import worked (e.g. a rewritten git history). */
  notice?: string;
  error?: string;
}

const emptyCounts = (): ImportCounts => ({ added: 0, updated: 0, unchanged: 0, removed: 0, skipped: [] });

function mergeSkipped(lists: { why: string; count: number }[][]): { why: string; count: number }[] {
  const m = new Map<string, number>();
  for (const list of lists) for (const s of list) m.set(s.why, (m.get(s.why) ?? 0) + s.count);
  return [...m].map(([why, count]) => ({ why, count }));
}

async function importContext(ctx: AppContext, extra: Partial<ImportContext> = {}): Promise<ImportContext> {
  const profile = await requireProfile(ctx);
  const w = defaultImportWindow(ctx.now(), profile.tz);
  return {
    emails: profile.emails,
    tz: profile.tz,
    window: dayRange(w.from, w.to, profile.tz),
    names: [profile.name],
    logins: [],
    ...extra,
  };
}

/**
 * Reads each file with `importer`; a file that fails is reported with its error and the others
 * still import. Writing is the caller's, one transaction per unit.
 */
async function readAll<R>(
  ctx: AppContext,
  source: FileSource,
  files: { name: string; bytes: Uint8Array }[],
  context: ImportContext,
): Promise<{ records: R[]; total: number; skipped: { why: string; count: number }[]; notes: string[] }> {
  const out: R[] = [];
  let total = 0;
  const skipped: { why: string; count: number }[][] = [];
  const notes: string[] = [];
  for (const f of files) {
    ctx.progress?.start(`Reading ${f.name}`);
    try {
      // Off this thread: a large or hostile file must not stop the server answering others.
      const r = await readOffThread<R>(source, f, context);
      for (const rec of r.records) out.push(rec);
      total += r.total;
      skipped.push(r.skipped);
      if (r.notes) notes.push(...r.notes);
    } finally {
      ctx.progress?.end();
    }
  }
  return { records: out, total, skipped: mergeSkipped(skipped), notes };
}

/** Records what an import did in the import log, inside the import's own transaction. */
export async function logRun(ctx: AppContext, tx: AppContext['store'], report: ImportReport): Promise<void> {
  const { error: _error, total: _total, notice: _notice, ...counts } = report;
  const run: ImportRun = { id: ctx.newId(), at: ctx.now().toISOString(), ...counts };
  await tx.addImportRun(run);
}

/** An import that failed with a user-facing error, reported beside the ones that worked. */
export function failure(source: ImportSource, target: string, e: unknown): ImportReport {
  if (!(e instanceof AppError)) throw e;
  return { source, target, total: 0, ...emptyCounts(), error: e.message };
}

export const importHandlers = {
  ics: handler({
    access: 'owner',
    touches: ['evidence'],
    // Each calendar in a transaction of its own; a bad file is reported beside the ones that worked.
    transaction: 'own',
    summary: 'Import calendars from ICS files; re-importing a calendar replaces its events in the window.',
    input: z.object({
      files: atMost(100, 'files', file).min(1, 'expected at least one .ics file'),
      /** All files go into this calendar; by default each file is its own, named after the file. */
      calendar: calendarName.optional(),
      from: localDate.optional(),
      to: localDate.optional(),
    }),
    async run(ctx, input): Promise<ImportReport[]> {
      const profile = await requireProfile(ctx);
      const def = defaultImportWindow(ctx.now(), profile.tz);
      const window = dayRange(input.from ?? def.from, input.to ?? def.to, profile.tz);
      const context = await importContext(ctx, { window });

      // Files named into one calendar are read together and replace it as one unit.
      const groups = new Map<string, { name: string; bytes: Uint8Array }[]>();
      for (const f of input.files) {
        const name = input.calendar ?? calendarNameFromFile(f.name);
        groups.set(name, [...(groups.get(name) ?? []), f]);
      }
      const reports: ImportReport[] = [];
      for (const [name, files] of groups) {
        const target = files.map((f) => f.name).join(', ');
        try {
          const read = await readAll<CalendarOccurrence>(ctx, 'ics', files, context);
          ctx.progress?.start(`Saving ${name}`);
          const report = await ctx.store.transaction(async (tx) => {
            const existing = await tx.getCalendar(name);
            if (existing && existing.kind !== 'ics') {
              throw new AppError(
                'conflict',
                `calendar: "${name}" is a ${existing.kind} calendar; import the file under another --calendar name`,
                { field: 'calendar' },
              );
            }
            const calendar = existing ?? { name, kind: 'ics' as const, createdAt: ctx.now().toISOString() };
            if (!existing) await tx.upsertCalendar(calendar);
            const counts = await tx.replaceOccurrences(name, window, read.records);
            await saveCoverage(tx, calendar, window, read.records);
            const r: ImportReport = {
              source: 'ics',
              target: name,
              total: read.total,
              ...counts,
              skipped: read.skipped,
            };
            // How the files were read (a declared zone used, damage outside any event).
            if (read.notes.length > 0) r.notice = read.notes.join(' ');
            await logRun(ctx, tx, r);
            return r;
          });
          reports.push(report);
        } catch (e) {
          reports.push(failure('ics', target, e));
        } finally {
          ctx.progress?.end();
        }
      }
      return reports;
    },
  }),

  tracker: handler({
    access: 'owner',
    touches: ['evidence'],
    // Each file in a transaction of its own; a bad file is reported beside the ones that worked.
    transaction: 'own',
    summary: 'Import issues assigned to or created by you from a Jira CSV, GitHub JSON or Linear CSV export.',
    input: z.object({
      source: z.enum(['jira', 'github', 'linear'], { message: 'expected jira, github or linear' }),
      files: atMost(100, 'files', file).min(1, 'expected at least one export file'),
      /** Other names you appear under (display names, GitHub logins). */
      me: atMost(20, 'names', z.string().trim().min(1).max(200)).default([]),
    }),
    async run(ctx, input): Promise<ImportReport[]> {
      const profile = await requireProfile(ctx);
      const context = await importContext(ctx, { names: [profile.name, ...input.me], logins: input.me });
      const reports: ImportReport[] = [];
      for (const f of input.files) {
        try {
          const read = await readAll<TrackerItem>(ctx, input.source, [f], context);
          const report = await ctx.store.transaction(async (tx) => {
            const counts = await tx.upsertTrackerItems(read.records);
            const r: ImportReport = {
              source: input.source,
              target: f.name,
              total: read.total,
              ...counts,
              skipped: read.skipped,
            };
            await logRun(ctx, tx, r);
            return r;
          });
          reports.push(report);
        } catch (e) {
          reports.push(failure(input.source, f.name, e));
        }
      }
      return reports;
    },
  }),

  runs: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The latest imports and what each did.',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(20) }),
    async run(ctx, { limit }): Promise<ImportRun[]> {
      return ctx.store.listImportRuns({ limit });
    },
  }),
};

/** `Work Calendar (2026).ics` → `Work Calendar 2026`. */
export function calendarNameFromFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const name = base
    .replace(/\.(ics|ical|ifb|icalendar)$/i, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return name || 'calendar';
}
