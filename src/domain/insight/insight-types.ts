import type { CommitDay, TrackerItem } from '../evidence/evidence.js';
import type {
  CheckRecord,
  Commitment,
  IcSession,
  ImprovementAction,
  Instant,
  LocalDate,
  Person,
  Profile,
  Reason,
} from '../types.js';

/**
 * The shapes the insight layer works with: the time model (per day and per week, in the leader's
 * zone), the flags with their evidence, and what a flag needs to be computed. Pure data.
 */

// ---------------------------------------------------------------- working hours

export interface WorkingHours {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local wall-clock times, HH:MM. */
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

// ---------------------------------------------------------------- inputs to the time model

/** A classified calendar event, reduced to what the time model needs. */
export interface ModelEvent {
  /** uid + recurrence id, for evidence. */
  key: string;
  title: string;
  start: Instant;
  end: Instant;
  category: 'one-on-one' | 'team-meeting' | 'interview' | 'external' | 'focus' | 'personal' | 'other';
  timeClass: 'leadership' | 'ic' | 'other';
  /** Declined, cancelled, free or all-day events take no time. */
  counted: boolean;
  /** Declined or cancelled (interference looks at these). */
  declined: boolean;
  cancelled: boolean;
  attendees: string[];
  /**
   * The attendees' common names, by the index of `attendees` ('' where none was given); kept for
   * 1:1s only, where the people page proposes the other attendee as a person.
   */
  attendeeNames?: string[] | undefined;
  /**
   * An all-day event: it takes no minutes of its own, but unless it is free (`transparent`) it
   * makes its days busy (an offsite, a day out of office). `startDate`/`endDate` (exclusive) are
   * its local days.
   */
  allDay?: boolean | undefined;
  startDate?: LocalDate | undefined;
  endDate?: LocalDate | undefined;
  /** TRANSP:TRANSPARENT: shown in the calendar but blocks no time (a birthday, a holiday marker). */
  transparent?: boolean | undefined;
}

/** A stretch of time a calendar speaks for: an import or sync window (instants, end exclusive). */
export interface CoverageSpan {
  from: Instant;
  to: Instant;
}

/** A stretch of IC work guessed from commits (see importers/git/aggregate.ts). */
export interface GitSessionEstimate {
  date: LocalDate;
  start: Instant;
  end: Instant;
  minutes: number;
  commits: number;
  repos: string[];
}

// ---------------------------------------------------------------- the time model

export type LeadershipKind = 'one-on-one' | 'team-meeting' | 'interview' | 'external';

/**
 * IC time in its three kinds, never mixed (see docs/decisions/0007-time-model.md):
 * - `logged`: sessions the leader wrote down;
 * - `inferred`: past evidence of IC that no logged session covers (calendar IC blocks, sessions
 *   estimated from commits);
 * - `planned`: calendar IC blocks still ahead — `null` where no calendar covers the day;
 * - `done` = logged + inferred. Planned time is never done.
 */
export interface IcTime {
  logged: number;
  inferred: number;
  planned: number | null;
  done: number;
}

/**
 * The figures of a day or a week: IC in its kinds, and what the calendar says. The calendar figures
 * are `null` when no calendar covers the day (for a week: none of its days): nothing is known about
 * meetings or free time then, and a zero or a whole free day would be an invention. A week's are
 * sums over the days a calendar covers (its longest block: the longest of any day).
 */
interface ModelFigures {
  ic: IcTime;
  /** IC done (`ic.done`), under the short name the flags read. */
  icMinutes: number;
  /** Leadership minutes done by kind (calendar events of the leadership class, up to now). */
  leadership: Record<LeadershipKind, number> | null;
  /** Leadership minutes done (up to now). */
  leadershipMinutes: number | null;
  /** Leadership minutes still ahead in the calendar. */
  leadershipPlannedMinutes: number | null;
  /** Minutes in counted meetings (every counted event that is not focus or personal). */
  meetingMinutes: number | null;
  /** Free time inside working hours in blocks of at least `focusBlockMinutes` (default 120). */
  focusMinutes: number | null;
  /** Free time inside working hours in blocks shorter than that. */
  fragmentedMinutes: number | null;
  /** Changes between kinds of activity (meeting ↔ IC ↔ other meeting kind) during working hours. */
  contextSwitches: number | null;
  /** Longest stretch inside working hours without anything that makes the leader busy. */
  longestBlockMinutes: number | null;
}

/** One local day. */
export interface DayModel extends ModelFigures {
  date: LocalDate;
  /** A calendar covers this day, so the calendar figures are known. */
  calendar: boolean;
  workingMinutes: number;
}

export interface WeekModel extends ModelFigures {
  /** Monday. */
  start: LocalDate;
  end: LocalDate;
  days: DayModel[];
  /** How many of the days were given, and how many of them a calendar covers. */
  coverage: { days: number; calendarDays: number };
  /** IC done / budget minutes × 100. */
  budgetUsedPct: number;
  budgetMinutes: number;
}

/** The figures every surface shows for a stretch of days: one computation, so they cannot disagree. */
export interface TimeFigures {
  ic: IcTime;
  /** Leadership done (minutes); `null` when no calendar covers any of the days. */
  leadership: number | null;
  focus: number | null;
  fragmented: number | null;
}

/** `time` in `week --json`, `review --json` and `report --format json` (minutes; `null` = unknown). */
export interface TimeSummary extends TimeFigures {
  coverage: { days: number; calendarDays: number };
  days: (TimeFigures & { date: LocalDate; calendar: boolean })[];
}

// ---------------------------------------------------------------- flags

/** Every flag there is: a backup's flag reviews name one of these. */
export const FLAG_IDS = [
  'budget',
  'escape',
  'insecurity',
  'interference',
  'critical-path',
  'creep',
  'unwind-not-working',
  'ground-truth-unused',
  'one-on-one-overdue',
  'advice-ignored',
] as const;

export type FlagId = (typeof FLAG_IDS)[number];

export type Severity = 'info' | 'warning' | 'alert';

export type EvidenceKind =
  | 'session'
  | 'event'
  | 'commitment'
  | 'postponement'
  | 'commit-day'
  | 'check'
  | 'tracker-item'
  | 'week'
  | 'action'
  | 'person';

export interface Evidence {
  kind: EvidenceKind;
  /** The record's id (event: uid + recurrence id; commit day: date + repo; week: its Monday). */
  id: string;
  date: LocalDate;
  /** One line a person can read: `Tue 24 Nov — 1:1 with Priya (declined)`. */
  label: string;
}

export interface Flag {
  id: FlagId;
  severity: Severity;
  /** The framework reason it concerns (`escape`, `insecurity`, `unwind`, `ground-truth`…). */
  reason?: string;
  text: string;
  evidence: Evidence[];
  /**
   * Identifies this flag with this evidence: a dismissal is stored against it, and new evidence
   * (a different fingerprint) raises the flag again. Stable: same flag + same evidence ids.
   */
  fingerprint: string;
}

export interface FlagConfig {
  /** A 1:1 counts as interference on a day with at least this much IC. */
  heavyIcDayMinutes: number;
  /** Average 1:1 minutes a week per direct report below which a report is neglected. */
  minOneOnOneMinutesPerWeek: number;
  /** An IC session starting within this many hours after a postponement. */
  escapeWindowHours: number;
  /** Days before a performance review in which rising IC is a signal. */
  reviewLeadDays: number;
  /** Gaps older than this with no improvement action. */
  groundTruthDays: number;
  /** Weeks an IC thread must be active in, out of the last 4. */
  creepWeeks: number;
  /**
   * Percent of the recent weeks' IC time spent on work others beyond the team will see (a demo,
   * a launch, a review by the leader's manager) at which picking visible work becomes a signal.
   */
  visibleSharePct: number;
}

export const DEFAULT_FLAG_CONFIG: FlagConfig = {
  heavyIcDayMinutes: 180,
  minOneOnOneMinutesPerWeek: 15,
  escapeWindowHours: 4,
  reviewLeadDays: 14,
  groundTruthDays: 14,
  creepWeeks: 3,
  // Some visible work comes with any role (a launch, a demo now and then); when it is two parts in
  // five of all the IC a leader does, the work is being picked for who will see it more than
  // chance would explain.
  visibleSharePct: 40,
};

/** Everything flags are computed from: the model, the journal and the evidence. */
export interface InsightInput {
  today: LocalDate;
  profile: Profile;
  /** Direct reports by name (from 1:1 commitments and one-on-one events), for the 1:1 threshold. */
  reports: string[];
  /** Performance review dates (from the profile or review commitments). */
  reviewDates: LocalDate[];
  /** The current week and the weeks before it, oldest first (at least 4 when history allows). */
  weeks: WeekModel[];
  sessions: IcSession[];
  commitments: Commitment[];
  events: ModelEvent[];
  commitDays: CommitDay[];
  trackerItems: TrackerItem[];
  checks: CheckRecord[];
  /** The improvement actions that came from `sessions` (the others play no part in flags). */
  actions: ImprovementAction[];
  reasons: Reason[];
  config: FlagConfig;
  /** The people the leader holds 1:1s with (absent: none listed, no "Overdue for a 1:1" flag). */
  people?: Person[];
  /** Now, for which of today's 1:1s have started; absent: all of today's have. */
  now?: Instant;
}

/** What the leader said about a flag with given evidence: it stays quiet until the evidence changes. */
export interface FlagReview {
  fingerprint: string;
  flagId: FlagId;
  status: 'acknowledged' | 'dismissed';
  note?: string;
  at: Instant;
}
