import type { z } from 'zod';
import type {
  CheckInputSchema,
  CheckLineSchema,
  CheckRecordSchema,
  CheckResultSchema,
  CommitmentSchema,
  IcSessionSchema,
  ImprovementActionSchema,
  PersonSchema,
  PostponementSchema,
  ProfileSchema,
  ReasonQuestionSchema,
  ReasonSchema,
  RecurrenceSchema,
  ReflectionAnswerSchema,
  ReflectionSchema,
} from './records.js';

/**
 * The records Hands-on keeps, as the domain sees them. Pure data: the Store maps them to rows,
 * the CLI and the HTTP API to text and JSON. Each record's type is what its schema in records.ts
 * outputs, so the type and the check of it cannot drift apart (decision 0015); the field
 * documentation lives on the schema.
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
export const REASON_KINDS: readonly ReasonKind[] = ['good', 'watch-out'];

export type ReasonQuestion = z.output<typeof ReasonQuestionSchema>;
export type Reason = z.output<typeof ReasonSchema>;

// ---------------------------------------------------------------- profile

export type Role = 'engineering-manager' | 'product-manager' | 'tech-lead' | 'director' | 'founder' | 'other';

export const ROLES: readonly Role[] = [
  'engineering-manager',
  'product-manager',
  'tech-lead',
  'director',
  'founder',
  'other',
];

export type Profile = z.output<typeof ProfileSchema>;

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

export type CheckInput = z.output<typeof CheckInputSchema>;

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

export type CheckLine = z.output<typeof CheckLineSchema>;
export type CheckResult = z.output<typeof CheckResultSchema>;

export type CheckRecord = z.output<typeof CheckRecordSchema>;

// ---------------------------------------------------------------- journal

export type IcSession = z.output<typeof IcSessionSchema>;

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

export type Postponement = z.output<typeof PostponementSchema>;

export type RecurrenceUnit = 'week' | 'month';
export const RECURRENCE_UNITS: readonly RecurrenceUnit[] = ['week', 'month'];
/** A year of weeks or months apart is as far as "repeating" reaches; beyond it is a new commitment. */
export const MAX_EVERY = 52;

export type Recurrence = z.output<typeof RecurrenceSchema>;

export type Commitment = z.output<typeof CommitmentSchema>;

export type ActionStatus = 'open' | 'done';
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'done'];

export type ImprovementAction = z.output<typeof ImprovementActionSchema>;

export type ReflectionAnswer = z.output<typeof ReflectionAnswerSchema>;
export type Reflection = z.output<typeof ReflectionSchema>;

// ---------------------------------------------------------------- people

export type Person = z.output<typeof PersonSchema>;
export type PersonRelation = Person['relation'];
