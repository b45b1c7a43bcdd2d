import { z } from 'zod';
import { count, evidenceDay, exactInstant, instant, recordId } from '../fields.js';
import type { Instant, LocalDate } from '../types.js';

/**
 * Evidence: what calendars, git and issue trackers say about where the leader's time went.
 * The importers turn foreign formats into these records; the store keeps them; classification
 * and (later) the time model and flags read them.
 */

// ---------------------------------------------------------------- calendars

export const CALENDAR_KINDS = ['ics', 'caldav'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

// Records that a backup carries as they are have one schema each, as in records.ts: the type is
// what it outputs, and the backup takes it (decision 0015).

export const CalendarSourceSchema = z
  .object({
    /** The name the leader gives it (`work`, `personal`); unique. */
    name: z.string().min(1),
    kind: z.enum(CALENDAR_KINDS),
    /** CalDAV: the calendar collection URL. */
    url: z.string().min(1).optional(),
    /** CalDAV: the user name (the password is never stored). */
    user: z.string().min(1).optional(),
    /** CalDAV incremental sync state (RFC 6578 sync-token, else the collection's ctag). */
    syncToken: z.string().optional(),
    ctag: z.string().optional(),
    lastSyncAt: instant.optional(),
    /**
     * The stretch this calendar speaks for: from its first event in an import or sync window to the
     * window's end, grown by every later import (a hull). Days outside it have no calendar figures:
     * an empty day there is unknown, not free. Undefined until something was imported.
     */
    coverage: z
      .object({ from: instant, to: instant })
      .refine((c) => c.to >= c.from, { message: 'expected the coverage to end no earlier than it starts' })
      .optional(),
    createdAt: instant,
  })
  .refine((c) => c.kind !== 'caldav' || (c.url !== undefined && c.user !== undefined), {
    message: 'expected the url and user of a CalDAV calendar',
    path: ['url'],
  });
export type CalendarSource = z.output<typeof CalendarSourceSchema>;

export const CalendarAttendeeSchema = z.object({
  /** Lower-cased, without `mailto:`. */
  email: z.string(),
  /** Upper-cased PARTSTAT; NEEDS-ACTION when absent. */
  partstat: z.string(),
  name: z.string().optional(),
});
export type CalendarAttendee = z.output<typeof CalendarAttendeeSchema>;

/** One occurrence of an event: a single event, or one instance of a recurring one. */
export const CalendarOccurrenceSchema = z
  .object({
    uid: z.string().min(1),
    /** The instance's original start (its RECURRENCE-ID), for instances of recurring events. */
    recurrenceId: exactInstant.optional(),
    start: exactInstant,
    end: exactInstant,
    allDay: z.boolean(),
    startDate: evidenceDay.optional(),
    endDate: evidenceDay.optional(),
    title: z.string(),
    location: z.string().optional(),
    organizer: z.string().optional(),
    attendees: z.array(CalendarAttendeeSchema),
    /** One of the leader's addresses declined it: kept, but not counted as time. */
    declined: z.boolean(),
    cancelled: z.boolean(),
    recurring: z.boolean(),
    /** TRANSP:TRANSPARENT: does not block time. */
    transparent: z.boolean(),
  })
  .refine((o) => o.end >= o.start, {
    message: 'expected the event to end no earlier than it starts',
    path: ['end'],
  });
export type CalendarOccurrence = z.output<typeof CalendarOccurrenceSchema>;

/** An occurrence as stored: which calendar it came from. */
export interface StoredOccurrence extends CalendarOccurrence {
  calendar: string;
}

/** A raw calendar object fetched over CalDAV, kept so that a sync only fetches what changed. */
export const CalendarObjectSchema = z.object({
  calendar: z.string(),
  href: z.string().min(1),
  etag: z.string(),
  ics: z.string(),
});
export type CalendarObject = z.output<typeof CalendarObjectSchema>;

export type EventCategory =
  | 'one-on-one'
  | 'team-meeting'
  | 'interview'
  | 'external'
  | 'focus'
  | 'personal'
  | 'other';
export const EVENT_CATEGORIES: readonly EventCategory[] = [
  'one-on-one',
  'team-meeting',
  'interview',
  'external',
  'focus',
  'personal',
  'other',
];

export type TimeClass = 'leadership' | 'ic' | 'other';

// ---------------------------------------------------------------- git

export const CommitRecordSchema = z.object({
  /** The repository's name as the leader sees it (its folder name unless given). */
  repo: z.string().min(1),
  sha: z.string().min(1),
  authorEmail: z.string(),
  authoredAt: exactInstant,
  /** The leader's local day of `authoredAt`, in the profile's time zone at import. */
  date: evidenceDay,
  subject: z.string(),
  added: count,
  removed: count,
  files: count,
  merge: z.boolean(),
});
export type CommitRecord = z.output<typeof CommitRecordSchema>;

/** The leader's commits in one repository on one local day. */
export interface CommitDay {
  date: LocalDate;
  repo: string;
  commits: number;
  added: number;
  removed: number;
  first: Instant;
  last: Instant;
}

/** Where the last import of a repository stopped, so the next one reads only new commits. */
export const GitRepoStateSchema = z.object({
  repo: z.string().min(1),
  path: z.string().min(1),
  /** The tips read last time (one per ref), to read `tips..HEAD` next time. */
  heads: z.array(z.string().min(1)),
  /** The author addresses that import looked for: new ones mean the whole history is read again. */
  authors: z.array(z.string()),
  lastImportAt: instant,
});
export type GitRepoState = z.output<typeof GitRepoStateSchema>;

// ---------------------------------------------------------------- issue trackers

export const TRACKER_SOURCES = ['jira', 'github', 'linear'] as const;
export type TrackerSource = (typeof TRACKER_SOURCES)[number];

export const TrackerItemSchema = z.object({
  source: z.enum(TRACKER_SOURCES),
  key: z.string().min(1),
  title: z.string(),
  status: z.string(),
  type: z.string().optional(),
  createdAt: instant,
  startedAt: instant.optional(),
  resolvedAt: instant.optional(),
  priority: z.string().optional(),
  labels: z.array(z.string()),
  assignee: z.string().optional(),
  creator: z.string().optional(),
  url: z.string().optional(),
  criticalPath: z.boolean(),
});
export type TrackerItem = z.output<typeof TrackerItemSchema>;

// ---------------------------------------------------------------- imports

export const IMPORT_SOURCES = ['ics', 'caldav', 'git', 'jira', 'github', 'linear', 'backup'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export const ImportCountsSchema = z.object({
  added: count,
  updated: count,
  unchanged: count,
  removed: count,
  /** Records left out, grouped by why (e.g. "not yours", "outside the window"). */
  skipped: z.array(z.object({ why: z.string(), count })),
});
export type ImportCounts = z.output<typeof ImportCountsSchema>;

export const ImportRunSchema = z.object({
  id: recordId,
  source: z.enum(IMPORT_SOURCES),
  /** The file, repository path or calendar imported. */
  target: z.string(),
  at: instant,
  ...ImportCountsSchema.shape,
});
export type ImportRun = z.output<typeof ImportRunSchema>;
