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

export interface CommitRecord {
  /** The repository's name as the leader sees it (its folder name unless given). */
  repo: string;
  sha: string;
  authorEmail: string;
  authoredAt: Instant;
  /** The leader's local day of `authoredAt`, in the profile's time zone at import. */
  date: LocalDate;
  subject: string;
  added: number;
  removed: number;
  files: number;
  merge: boolean;
}

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
export interface GitRepoState {
  repo: string;
  path: string;
  /** The tips read last time (one per ref), to read `tips..HEAD` next time. */
  heads: string[];
  /** The author addresses that import looked for: new ones mean the whole history is read again. */
  authors: string[];
  lastImportAt: Instant;
}

// ---------------------------------------------------------------- issue trackers

export type TrackerSource = 'jira' | 'github' | 'linear';

export interface TrackerItem {
  source: TrackerSource;
  key: string;
  title: string;
  status: string;
  type?: string | undefined;
  createdAt: Instant;
  startedAt?: Instant | undefined;
  resolvedAt?: Instant | undefined;
  priority?: string | undefined;
  labels: string[];
  assignee?: string | undefined;
  creator?: string | undefined;
  url?: string | undefined;
  criticalPath: boolean;
}

// ---------------------------------------------------------------- imports

export type ImportSource = 'ics' | 'caldav' | 'git' | 'jira' | 'github' | 'linear' | 'backup';

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Records left out, grouped by why (e.g. "not yours", "outside the window"). */
  skipped: { why: string; count: number }[];
}

export interface ImportRun extends ImportCounts {
  id: string;
  source: ImportSource;
  /** The file, repository path or calendar imported. */
  target: string;
  at: Instant;
}
