import { z } from 'zod';
import { count, evidenceDay, exactInstant, instant, recordId } from './fields.js';
import type { Instant, LocalDate } from './types.js';

/**
 * Evidence: what calendars, git and issue trackers say about where the leader's time went.
 * The importers turn foreign formats into these records; the store keeps them; classification
 * and (later) the time model and flags read them.
 */

// ---------------------------------------------------------------- calendars

export type CalendarKind = 'ics' | 'caldav';

export interface CalendarSource {
  /** The name the leader gives it (`work`, `personal`); unique. */
  name: string;
  kind: CalendarKind;
  /** CalDAV: the calendar collection URL. */
  url?: string | undefined;
  /** CalDAV: the user name (the password is never stored). */
  user?: string | undefined;
  /** CalDAV incremental sync state (RFC 6578 sync-token, else the collection's ctag). */
  syncToken?: string | undefined;
  ctag?: string | undefined;
  lastSyncAt?: Instant | undefined;
  /**
   * The stretch this calendar speaks for: from its first event in an import or sync window to the
   * window's end, grown by every later import (a hull). Days outside it have no calendar figures:
   * an empty day there is unknown, not free. Undefined until something was imported.
   */
  coverage?: { from: Instant; to: Instant } | undefined;
  createdAt: Instant;
}

export interface CalendarAttendee {
  /** Lower-cased, without `mailto:`. */
  email: string;
  /** Upper-cased PARTSTAT; NEEDS-ACTION when absent. */
  partstat: string;
  name?: string | undefined;
}

/** One occurrence of an event: a single event, or one instance of a recurring one. */
export interface CalendarOccurrence {
  uid: string;
  /** The instance's original start (its RECURRENCE-ID), for instances of recurring events. */
  recurrenceId?: Instant | undefined;
  start: Instant;
  end: Instant;
  allDay: boolean;
  startDate?: LocalDate | undefined;
  endDate?: LocalDate | undefined;
  title: string;
  location?: string | undefined;
  organizer?: string | undefined;
  attendees: CalendarAttendee[];
  /** One of the leader's addresses declined it: kept, but not counted as time. */
  declined: boolean;
  cancelled: boolean;
  recurring: boolean;
  /** TRANSP:TRANSPARENT: does not block time. */
  transparent: boolean;
}

/** An occurrence as stored: which calendar it came from. */
export interface StoredOccurrence extends CalendarOccurrence {
  calendar: string;
}

/** A raw calendar object fetched over CalDAV, kept so that a sync only fetches what changed. */
export interface CalendarObject {
  calendar: string;
  href: string;
  etag: string;
  ics: string;
}

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

// Records that a backup carries as they are have one schema each, as in records.ts: the type is
// what it outputs, and the backup takes it made strict (decision 0015).

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
