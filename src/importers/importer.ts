import type { CalendarOccurrence, ImportSource, TrackerItem } from '../domain/evidence/evidence.js';
import type { Instant } from '../domain/types.js';
import { AppError } from '../errors.js';
import { decodeCalendarBytes } from './ics/decode.js';
import { readCalendar } from './ics/read-calendar.js';
import { skippedOutsideRange } from './out-of-range.js';
import { decodeExport } from './trackers/file.js';
import { parseGitHubJson } from './trackers/github.js';
import type { TrackerImport, TrackerOptions } from './trackers/item.js';
import { parseJiraCsv } from './trackers/jira.js';
import { parseLinearCsv } from './trackers/linear.js';

/**
 * The one interface for file importers: the bytes of one file in, normalised records out.
 * A file that is not what it claims to be is refused whole with `import-invalid`, naming the file
 * and the line or record; records that are fine but not wanted are counted in `skipped` with why.
 * Importers never touch the store: the app layer writes what they return in one transaction.
 */
export interface FileImporter<R> {
  source: ImportSource;
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  read(file: { name: string; bytes: Uint8Array }, context: ImportContext): ImportedFile<R>;
}

export interface ImportedFile<R> {
  records: R[];
  /** Records in the file, wanted or not. */
  total: number;
  skipped: { why: string; count: number }[];
  /** Sentences the user should read although nothing was left out for them (how the file was read). */
  notes?: string[];
}

export interface ImportContext {
  /** The leader's addresses. */
  emails: readonly string[];
  /** The leader's IANA time zone: floating calendar times and Jira's zone-less dates. */
  tz: string;
  /** Calendar occurrences are expanded in [from, to). */
  window: { from: Instant; to: Instant };
  /** How the leader appears in trackers besides their emails (display names, GitHub logins). */
  names: readonly string[];
  logins: readonly string[];
}

const MB = 1024 * 1024;

export function assertSize(file: { name: string; bytes: Uint8Array }, maxBytes: number): void {
  if (file.bytes.length > maxBytes) {
    throw new AppError(
      'import-invalid',
      `${file.name} is ${(file.bytes.length / MB).toFixed(1)} MB, more than the ${maxBytes / MB} MB limit for one file; export a shorter period.`,
    );
  }
}

export const icsImporter: FileImporter<CalendarOccurrence> = {
  source: 'ics',
  maxBytes: 100 * MB,
  read(file, context) {
    assertSize(file, this.maxBytes);
    let result: ReturnType<typeof readCalendar>;
    try {
      result = readCalendar(decodeCalendarBytes(file.bytes), {
        from: context.window.from,
        to: context.window.to,
        emails: context.emails,
        floatingTz: context.tz,
      });
    } catch (e) {
      // The reader names the line; the file's name is added here, once.
      if (e instanceof AppError) throw new AppError(e.code, `${file.name}: ${e.message}`, { cause: e });
      throw e;
    }
    const skipped = new Map<string, number>();
    const outside: string[] = [];
    for (const s of result.skipped) {
      if (s.outside !== undefined) outside.push(`${file.name} line ${s.line}: ${s.outside}`);
      else {
        // Named by file as well as line: several files may be read into one calendar.
        const why = `${file.name}: ${s.why}`;
        skipped.set(why, (skipped.get(why) ?? 0) + 1);
      }
    }
    return {
      records: result.events,
      total: result.events.length + result.skipped.length,
      skipped: [...[...skipped].map(([why, count]) => ({ why, count })), ...skippedOutsideRange(outside)],
      notes: result.notes.map((n) => `${file.name}: ${n}`),
    };
  },
};

function trackerImporter(
  source: 'jira' | 'github' | 'linear',
  parse: (text: string, file: string, options: TrackerOptions) => TrackerImport,
): FileImporter<TrackerItem> {
  return {
    source,
    maxBytes: 50 * MB,
    read(file, context) {
      assertSize(file, this.maxBytes);
      const parsed = parse(decodeExport(file.bytes, file.name), file.name, {
        identity: { emails: context.emails, names: context.names, logins: context.logins },
        tz: context.tz,
      });
      return { records: parsed.items, total: parsed.total, skipped: parsed.skipped };
    },
  };
}

export const TRACKER_IMPORTERS = {
  jira: trackerImporter('jira', parseJiraCsv),
  github: trackerImporter('github', parseGitHubJson),
  linear: trackerImporter('linear', parseLinearCsv),
} as const;

/** Every importer that reads a whole file, by source: what a worker thread can be asked to run. */
export const FILE_IMPORTERS = { ics: icsImporter, ...TRACKER_IMPORTERS } as const;
export type FileSource = keyof typeof FILE_IMPORTERS;
