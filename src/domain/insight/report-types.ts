import type { FollowThrough } from '../check/follow-through.js';
import type { LocalDate } from '../types.js';
import type { Flag, TimeSummary, WeekModel } from './insight-types.js';

/**
 * Everything a report shows, computed once (app/insight) and rendered by each format
 * (terminal, Markdown, HTML, JSON). Numbers are minutes unless named otherwise.
 */
export interface ReportMetric {
  id:
    | 'ic'
    | 'leadership'
    | 'meetings'
    | 'focus'
    | 'fragmented'
    | 'context-switches'
    | 'one-on-ones'
    | 'budget-used';
  label: string;
  /** 'minutes' values are shown as hours; 'count' and 'percent' as they are. */
  unit: 'minutes' | 'count' | 'percent';
  /** Over the whole range. For 'percent', the range's average. `null`: no evidence says. */
  value: number | null;
  /** The same over the previous period of the same length; `null` when nothing is known of it. */
  previous: number | null;
  /** One value per week of the range, oldest first: the small trend drawn beside the metric. */
  trend: (number | null)[];
}

/** One week of a report's charts; `time` holds its figures as every surface shows them. */
export type ReportWeek = Pick<
  WeekModel,
  | 'start'
  | 'end'
  | 'icMinutes'
  | 'leadershipMinutes'
  | 'leadership'
  | 'focusMinutes'
  | 'fragmentedMinutes'
  | 'budgetUsedPct'
  | 'budgetMinutes'
> & { time: TimeSummary };

export interface ReportData {
  range: { from: LocalDate; to: LocalDate; days: number };
  /**
   * The period compared with. `evidence` is false when it lies wholly before the leader's history
   * (the first evidence or the profile, whichever is earlier): there is nothing to compare then.
   */
  previous: { from: LocalDate; to: LocalDate; evidence: boolean };
  /** The first day of the leader's history: weeks before it are not shown. */
  historyStart: LocalDate;
  /** IC, leadership and focus over the range (`time`), the same figures every surface shows. */
  time: TimeSummary;
  leader: { name: string; tz: string; budgetPct: number };
  metrics: ReportMetric[];
  /** Weekly figures for the charts, oldest first. */
  weeks: ReportWeek[];
  /** Logged IC minutes per reason over the range (a session with two reasons counts toward both). */
  reasons: { reason: string; title: string; kind: 'good' | 'watch-out'; minutes: number }[];
  /** Open commitments at the end of the range, by age since created. */
  commitmentsByAge: {
    bucket: '< 1 week' | '1–2 weeks' | '2–4 weeks' | '> 4 weeks';
    open: number;
    postponed: number;
  }[];
  /** Flags as of the end of the range, with their evidence. */
  flags: Flag[];
  /** The range's checks, oldest first, each with its verdict and what happened next (as of today). */
  followThrough: FollowThrough[];
}
