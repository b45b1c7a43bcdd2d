import type { Flag, WeekModel } from './insight-types.js';
import type { LocalDate } from './types.js';

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
  /** Over the whole range. For 'percent', the range's average. */
  value: number;
  /** The same over the previous period of the same length. */
  previous: number;
  /** One value per week of the range, oldest first: the small trend drawn beside the metric. */
  trend: number[];
}

export interface ReportData {
  range: { from: LocalDate; to: LocalDate; days: number };
  previous: { from: LocalDate; to: LocalDate };
  leader: { name: string; tz: string; budgetPct: number };
  metrics: ReportMetric[];
  /** Weekly figures for the charts, oldest first. */
  weeks: Pick<
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
  >[];
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
}
