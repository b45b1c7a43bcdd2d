import type { TrackerItem, TrackerSource } from '../../domain/evidence/evidence.js';
import { AppError } from '../../errors.js';

export type { TrackerItem, TrackerSource };

/**
 * A value from the file as an error message quotes it: on one line (a quoted CSV cell or a JSON
 * string may hold line breaks, and the CLI prints a refusal on one line), control characters
 * shown as "?", and cut short.
 */
export function oneLine(text: string, max = 60): string {
  const one = text.replace(/\s*[\r\n]\s*/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
export const TRACKER_SOURCES: readonly TrackerSource[] = ['jira', 'github', 'linear'];

/** How the leader appears in trackers: Jira and Linear show names or emails, GitHub logins. */
export interface TrackerIdentity {
  emails: readonly string[];
  names: readonly string[];
  logins: readonly string[];
}

export interface TrackerOptions {
  identity: TrackerIdentity;
  /** Keep only items assigned to or created by the leader (default). `false` keeps all. */
  onlyLeader?: boolean;
  /** Labels that put an item on the critical path. Default: DEFAULT_CRITICAL_LABELS. */
  criticalLabels?: readonly string[];
  /** Priority words that put an item on the critical path. Default: DEFAULT_CRITICAL_PRIORITIES. */
  criticalPriorities?: readonly string[];
  /** Larger files are refused before they are read. Default 50 MB. */
  maxBytes?: number;
  /**
   * Jira writes dates in the exporting user's time zone without naming it; they are read in
   * this IANA zone (the profile's). Required for Jira.
   */
  tz?: string;
  /** Links to items: Jira's base URL (`https://acme.atlassian.net`), Linear's workspace URL (`https://linear.app/acme`). */
  links?: { jira?: string; linear?: string };
}

export interface TrackerImport {
  source: TrackerSource;
  file: string;
  /** Items in the file, the leader's or not. */
  total: number;
  items: TrackerItem[];
  /** What was left out and why, in the shape of ImportCounts.skipped. */
  skipped: { why: string; count: number }[];
}

export const NOT_YOURS = 'not yours: neither assigned to nor created by you';

export function skippedNotYours(total: number, kept: number): { why: string; count: number }[] {
  return total > kept ? [{ why: NOT_YOURS, count: total - kept }] : [];
}

export const DEFAULT_CRITICAL_LABELS: readonly string[] = ['critical-path', 'blocker', 'blocking'];

/**
 * Priorities that mean "others are waiting on this". Jira's `Blocker` and `Critical` (classic
 * scheme) and `Highest` (the scheme Jira Cloud ships with: Highest, High, Medium, Low, Lowest);
 * Linear's `Urgent`; `P0` where teams number priorities. `High` is not among them: it is the
 * ordinary priority of a lot of work that nobody is blocked on.
 */
export const DEFAULT_CRITICAL_PRIORITIES: readonly string[] = [
  'blocker',
  'critical',
  'highest',
  'urgent',
  'p0',
];

function norm(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Recognises the leader among a tracker's people fields, case-insensitively. */
export class IdentityMatcher {
  private readonly tokens: Set<string>;

  constructor(identity: TrackerIdentity) {
    this.tokens = new Set(
      [...identity.emails, ...identity.names, ...identity.logins].map(norm).filter((t) => t !== ''),
    );
  }

  get empty(): boolean {
    return this.tokens.size === 0;
  }

  is(person: string | undefined): boolean {
    return person !== undefined && this.tokens.has(norm(person));
  }

  any(people: readonly (string | undefined)[]): boolean {
    return people.some((p) => this.is(p));
  }
}

export class CriticalPath {
  private readonly labels: Set<string>;
  private readonly priorities: Set<string>;

  constructor(options: Pick<TrackerOptions, 'criticalLabels' | 'criticalPriorities'>) {
    this.labels = new Set((options.criticalLabels ?? DEFAULT_CRITICAL_LABELS).map(norm));
    this.priorities = new Set((options.criticalPriorities ?? DEFAULT_CRITICAL_PRIORITIES).map(norm));
  }

  /**
   * A priority counts when any of its words is a critical one, so custom names such as
   * `P1 - Critical` or GitHub's `priority/critical-urgent` are recognised too.
   */
  test(priority: string | undefined, labels: readonly string[]): boolean {
    if (
      priority !== undefined &&
      norm(priority)
        .split(/[^\p{L}\p{N}]+/u)
        .some((w) => this.priorities.has(w))
    ) {
      return true;
    }
    return labels.some((l) => this.labels.has(norm(l)));
  }
}

/** Checks the options shared by every reader, once, before any file is touched. */
export function checkOptions(options: TrackerOptions): { matcher: IdentityMatcher; critical: CriticalPath } {
  const matcher = new IdentityMatcher(options.identity);
  if ((options.onlyLeader ?? true) && matcher.empty) {
    throw new AppError(
      'invalid',
      'No identity to look for: give your email, your name as the tracker shows it, or your login, to pick out your items.',
      { field: 'identity' },
    );
  }
  return { matcher, critical: new CriticalPath(options) };
}

/** Drops undefined optional fields, so a record prints and compares cleanly. */
export function compact(item: TrackerItem): TrackerItem {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (v !== undefined) out[k] = v;
  return out as unknown as TrackerItem;
}

export function linkBase(url: string | undefined, what: string): string | undefined {
  if (url === undefined || url.trim() === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError('invalid', `"${url}" is not a URL; expected ${what}.`, { field: 'links' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('invalid', `"${url}" is not a web address; expected ${what}.`, { field: 'links' });
  }
  return parsed.href.replace(/\/+$/, '');
}
