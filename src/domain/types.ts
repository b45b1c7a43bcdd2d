/**
 * The records Hands-on keeps, as the domain sees them. Pure data: the Store maps them to rows,
 * the CLI and the HTTP API to text and JSON.
 *
 * Conventions used everywhere:
 * - `LocalDate` is `YYYY-MM-DD` in the profile's time zone (the leader's calendar day).
 * - `Instant` is an ISO 8601 string in UTC with milliseconds: `2026-11-25T13:06:24.000Z`.
 * - ids are short random strings made by the app layer (see app/ids.ts); they never change.
 */

export type LocalDate = string;
export type Instant = string;

// ---------------------------------------------------------------- reasons

export type ReasonKind = 'good' | 'watch-out';

export interface ReasonQuestion {
  /** Stable id, so an answer can be recognised later (e.g. `nobody-knew`). */
  id: string;
  text: string;
}

export interface Reason {
  /** Stable, lowercase kebab-case: `ground-truth`, `escape`, or a user's own. */
  id: string;
  kind: ReasonKind;
  title: string;
  /** One line: what this reason is. */
  summary: string;
  /** 2–4 questions to reflect on when this reason is chosen. */
  questions: ReasonQuestion[];
  /** For a good reason: what makes it genuine. For a watch-out reason: the signals that it is at play. */
  signals: string[];
  builtin: boolean;
}

// ---------------------------------------------------------------- profile

export type Role = 'engineering-manager' | 'product-manager' | 'tech-lead' | 'director' | 'founder' | 'other';

export interface Profile {
  name: string;
  role: Role;
  /** Number of direct reports. */
  reports: number;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  tz: string;
  /** The leader's own addresses: used to recognise them in calendars, git and trackers. */
  emails: string[];
  /** Overrides the default IC budget (percent of working time); undefined = use the default. */
  budgetPct?: number | undefined;
  /**
   * Working hours in a week, the base for the IC budget in hours: the hours the working hours make
   * (days × the working day, see budget.ts) unless the leader set their own.
   */
  weeklyHours: number;
  /** Set while the leader is new to the function they lead (moved in from elsewhere). */
  newToFunctionSince?: LocalDate | undefined;
  createdAt: Instant;
  updatedAt: Instant;
}

// ---------------------------------------------------------------- the IC check

export type Maturity = 'new' | 'some' | 'experienced';
export const MATURITIES: readonly Maturity[] = ['new', 'some', 'experienced'];

/** Delegation levels, from "I decide and tell you" to "you decide". */
export type DelegationLevel = 'tell' | 'sell' | 'consult' | 'agree' | 'advise' | 'inquire' | 'delegate';
export const DELEGATION_LEVELS: readonly DelegationLevel[] = [
  'tell',
  'sell',
  'consult',
  'agree',
  'advise',
  'inquire',
  'delegate',
];

export type Verdict = 'take' | 'time-box' | 'pair' | 'delegate' | 'pause-and-reflect';
export const VERDICTS: readonly Verdict[] = ['take', 'time-box', 'pair', 'delegate', 'pause-and-reflect'];

export interface CheckInput {
  title: string;
  /** Estimated effort in hours (> 0). */
  hours: number;
  due?: LocalDate | undefined;
  criticalPath: boolean;
  blocksOthers: boolean;
  /** Someone else who could do it. */
  couldDo?: string | undefined;
  /** Whether doing it would grow that person. */
  grows: boolean;
  /** That person's task-relevant maturity. */
  maturity?: Maturity | undefined;
  /** At least one reason id. */
  reasons: string[];
  /** Answers to reasons' questions, by question id. `nobody-knew` takes `yes` / `no`. */
  answers: Record<string, string>;
}

export interface CheckContext {
  today: LocalDate;
  /** IC hours done in the current week: logged plus inferred (never planned). */
  icHoursThisWeek: number;
  /** IC hours still planned in this week's calendar; absent without a calendar. */
  icPlannedHoursThisWeek?: number | undefined;
  /** The IC budget for a week, in hours. */
  budgetHours: number;
  /** Open commitments (status `open`), with their postponements. */
  commitments: Commitment[];
  /** Whether the leader counts as new to their function today. */
  newToFunction: boolean;
  /** In how many distinct weeks (including this one) a task with the same title was logged. */
  sameTaskWeeks: number;
  /** The whole catalogue: built-in and custom reasons. */
  reasons: Reason[];
  /**
   * Hours of free blocks of two hours or more left in this week's working hours, from the
   * calendar. Absent when unknown (then no rule looks at it).
   */
  focusHoursAhead?: number | undefined;
  /**
   * The same hours, counted only up to the end of the task's due date, when it falls in this
   * week and the calendar covers every day up to it. Absent otherwise: a due date past this
   * week or on a day without a calendar says nothing about the time left for it.
   */
  focusHoursBeforeDue?: number | undefined;
  /** Flags raised right now (ids, not dismissed), e.g. `escape`, `budget`. */
  activeFlags?: string[] | undefined;
}

export interface CheckLine {
  /** The rule that produced this line. */
  rule: string;
  /** The reason it concerns, where one applies. */
  reason?: string;
  text: string;
  /** Questions to reflect on, when the rule asks for reflection. */
  questions?: string[];
}

export interface CheckResult {
  verdict: Verdict;
  /** For `time-box`: the hours to cap the work at. */
  hours?: number;
  /** For `pair` and `delegate`: the person, when one was named. */
  to?: string;
  /** For `delegate`: how much of the decision passes to them. */
  level?: DelegationLevel;
  lines: CheckLine[];
}

export interface CheckRecord {
  id: string;
  at: Instant;
  /** The leader's local day when the check was made. */
  date: LocalDate;
  input: CheckInput;
  result: CheckResult;
}

// ---------------------------------------------------------------- journal

export interface IcSession {
  id: string;
  /** Local day the work happened. */
  date: LocalDate;
  /** When it started, if known. */
  startedAt?: Instant | undefined;
  minutes: number;
  title: string;
  reasons: string[];
  energyBefore?: number | undefined;
  energyAfter?: number | undefined;
  /** Gaps in systems or processes found while doing the work. Each becomes an improvement action. */
  gaps: string[];
  notes?: string | undefined;
  /** The check that led to this session. */
  checkId?: string | undefined;
  /**
   * Others beyond the team will see this work: a demo, a launch, a review by the leader's manager.
   * Absent when not, so records from before it existed read the same.
   */
  visible?: boolean | undefined;
  createdAt: Instant;
  updatedAt: Instant;
  /**
   * The stored version, moved on by every write: an edit names the version it started from, and
   * one started from an older version is a conflict. Absent on a session not stored yet; a
   * property of this store, so it never travels in a backup.
   */
  version?: number | undefined;
}

export type CommitmentKind =
  | 'one-on-one'
  | 'tough-conversation'
  | 'decision'
  | 'review'
  | 'hiring'
  | 'planning'
  | 'feedback'
  | 'other';
export const COMMITMENT_KINDS: readonly CommitmentKind[] = [
  'one-on-one',
  'tough-conversation',
  'decision',
  'review',
  'hiring',
  'planning',
  'feedback',
  'other',
];

export type CommitmentStatus = 'open' | 'done' | 'cancelled';
export const COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['open', 'done', 'cancelled'];

export interface Postponement {
  id: string;
  /** When the postponement was recorded. */
  at: Instant;
  /** The due date before (absent if there was none). */
  fromDue?: LocalDate | undefined;
  toDue: LocalDate;
  why?: string | undefined;
}

export interface Commitment {
  id: string;
  kind: CommitmentKind;
  title: string;
  person?: string | undefined;
  due?: LocalDate | undefined;
  status: CommitmentStatus;
  createdAt: Instant;
  /** When it was marked done or cancelled. */
  closedAt?: Instant | undefined;
  /** Oldest first. Never deleted. */
  postponements: Postponement[];
}

export type ActionStatus = 'open' | 'done';

export interface ImprovementAction {
  id: string;
  text: string;
  /** The session whose gap produced it. */
  sessionId?: string | undefined;
  status: ActionStatus;
  createdAt: Instant;
  doneAt?: Instant | undefined;
}

export interface ReflectionAnswer {
  prompt: string;
  answer: string;
}

export interface Reflection {
  id: string;
  date: LocalDate;
  at: Instant;
  text: string;
  answers: ReflectionAnswer[];
}
