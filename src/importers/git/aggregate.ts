import type { CommitDay } from '../../domain/evidence/evidence.js';
import type { Instant, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { LocalDays } from './local-days.js';

/** What aggregation needs from a commit; `GitCommit` from read.ts fits. */
export interface CommitLike {
  repo: string;
  authoredAt: Instant;
  added: number;
  removed: number;
  merge?: boolean;
}

/** The leader's commits in one repository on one of their local days (merges included). */
export type GitDay = CommitDay;

/**
 * A stretch of IC work guessed from commits close together in time. A commit marks the end of a
 * piece of work, not its start, so a session begins a lead time before its first commit and ends
 * at its last one.
 */
export interface GitSessionEstimate {
  /** The local day the session began. */
  date: LocalDate;
  start: Instant;
  end: Instant;
  minutes: number;
  commits: number;
  /** Every repository committed to in the session (sessions span repositories: time is counted once). */
  repos: string[];
}

export interface AggregateOptions {
  /** The profile's IANA time zone: days are the leader's local days. */
  tz: string;
  /** A pause longer than this between two commits starts a new session. Default 120. */
  gapMinutes?: number;
  /** How long before its first commit a session is assumed to start. Default 30. */
  leadMinutes?: number;
  /**
   * Whether merges start or extend sessions; by default they do not: a merge records integration,
   * not authored change, and a merge button pressed during a review would otherwise show up as
   * half an hour of coding. Day totals always count merges, as the store's do.
   */
  mergesInSessions?: boolean;
}

export const DEFAULT_GAP_MINUTES = 120;
export const DEFAULT_LEAD_MINUTES = 30;

interface DayAcc {
  date: LocalDate;
  repo: string;
  commits: number;
  added: number;
  removed: number;
  first: number;
  last: number;
}

/**
 * Accumulates commits one at a time, so a long history streams through it: per commit it keeps a
 * timestamp and a repository number (for sessions), everything else is per day.
 */
export class GitAggregator {
  private readonly days = new Map<string, DayAcc>();
  private readonly zone: LocalDays;
  private readonly gapMs: number;
  private readonly leadMs: number;
  private readonly mergesInSessions: boolean;
  private readonly times: number[] = [];
  private readonly repoOf: number[] = [];
  private readonly repoIds = new Map<string, number>();
  private readonly repoNames: string[] = [];

  constructor(options: AggregateOptions) {
    this.zone = new LocalDays(options.tz);
    const gap = options.gapMinutes ?? DEFAULT_GAP_MINUTES;
    const lead = options.leadMinutes ?? DEFAULT_LEAD_MINUTES;
    if (!Number.isFinite(gap) || gap <= 0) {
      throw new AppError('invalid', `The session gap must be a positive number of minutes, not ${gap}.`, {
        field: 'gapMinutes',
      });
    }
    if (!Number.isFinite(lead) || lead < 0) {
      throw new AppError('invalid', `The session lead time must be zero or more minutes, not ${lead}.`, {
        field: 'leadMinutes',
      });
    }
    this.gapMs = gap * 60_000;
    this.leadMs = lead * 60_000;
    this.mergesInSessions = options.mergesInSessions ?? false;
  }

  add(commit: CommitLike): void {
    const ms = Date.parse(commit.authoredAt);
    if (Number.isNaN(ms)) {
      throw new AppError('invalid', `"${commit.authoredAt}" is not a moment in time.`, {
        field: 'authoredAt',
      });
    }
    const date = this.zone.dateOf(ms);
    const key = date + '\n' + commit.repo;
    let day = this.days.get(key);
    if (day === undefined) {
      day = { date, repo: commit.repo, commits: 0, added: 0, removed: 0, first: ms, last: ms };
      this.days.set(key, day);
    }
    day.commits++;
    day.added += commit.added;
    day.removed += commit.removed;
    if (ms < day.first) day.first = ms;
    if (ms > day.last) day.last = ms;

    if (commit.merge === true && !this.mergesInSessions) return;
    let repoId = this.repoIds.get(commit.repo);
    if (repoId === undefined) {
      repoId = this.repoNames.length;
      this.repoIds.set(commit.repo, repoId);
      this.repoNames.push(commit.repo);
    }
    this.times.push(ms);
    this.repoOf.push(repoId);
  }

  /** Per local day and repository, oldest day first, then by repository. */
  dayTotals(): GitDay[] {
    return [...this.days.values()]
      .sort((a, b) => (a.date === b.date ? compare(a.repo, b.repo) : compare(a.date, b.date)))
      .map((d) => ({
        date: d.date,
        repo: d.repo,
        commits: d.commits,
        added: d.added,
        removed: d.removed,
        first: iso(d.first),
        last: iso(d.last),
      }));
  }

  /** Sessions in time order. */
  sessions(): GitSessionEstimate[] {
    const order = this.times.map((_, i) => i).sort((a, b) => this.times[a]! - this.times[b]!);
    const out: GitSessionEstimate[] = [];
    let first = 0;
    let last = 0;
    let count = 0;
    let repos = new Set<number>();
    let previousEnd = Number.NEGATIVE_INFINITY;
    const close = () => {
      // A lead time longer than the gap would reach back into the previous session.
      const start = Math.max(first - this.leadMs, previousEnd);
      out.push({
        date: this.zone.dateOf(start),
        start: iso(start),
        end: iso(last),
        minutes: Math.round((last - start) / 60_000),
        commits: count,
        repos: [...repos].map((r) => this.repoNames[r]!).sort(compare),
      });
      previousEnd = last;
    };
    for (const i of order) {
      const t = this.times[i]!;
      if (count > 0 && t - last > this.gapMs) {
        close();
        count = 0;
        repos = new Set();
      }
      if (count === 0) first = t;
      last = t;
      count++;
      repos.add(this.repoOf[i]!);
    }
    if (count > 0) close();
    return out;
  }
}

/** Aggregates a whole list at once; see GitAggregator. */
export function aggregateCommits(
  commits: Iterable<CommitLike>,
  options: AggregateOptions,
): { days: GitDay[]; sessions: GitSessionEstimate[] } {
  const agg = new GitAggregator(options);
  for (const c of commits) agg.add(c);
  return { days: agg.dayTotals(), sessions: agg.sessions() };
}

function iso(ms: number): Instant {
  return new Date(ms).toISOString();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
