import { z } from 'zod';
import {
  actionStatus,
  asked,
  atMost,
  commitmentKind,
  commitmentStatus,
  delegationLevel,
  energy,
  gap,
  gapList,
  id,
  instant,
  localDate,
  maturity,
  minutes,
  note,
  personName,
  reasonId,
  reasonIds,
  reasonKind,
  recordId,
  recurrenceUnit,
  role,
  timeZone,
  title,
  verdict,
  visible,
} from './fields.js';
import { MAX_EVERY } from './types.js';

/**
 * The records Hands-on keeps, one schema each: the types in types.ts are what these output, the
 * backup document is these made strict, and a handler's input picks its fields from them. A field
 * added here is a field of the type, of the backup and of every input that takes the record whole
 * (decision 0015).
 *
 * Conventions: `LocalDate` is `YYYY-MM-DD` in the profile's time zone; `Instant` is an ISO 8601
 * string in UTC with milliseconds; ids are short random strings made by the app layer.
 */

// ---------------------------------------------------------------- reasons

const question = z
  .string()
  .trim()
  .min(3, 'expected a question of a few words')
  .max(300, 'expected at most 300 characters');
const signal = z
  .string()
  .trim()
  .min(1, 'expected a signal of a few words')
  .max(300, 'expected at most 300 characters');
const atMostSix = (what: string) => `expected at most 6 ${what}`;

export const ReasonQuestionSchema = z.object({
  /** Stable id, so an answer can be recognised later (e.g. `nobody-knew`). */
  id: reasonId,
  text: question,
});

export const ReasonSchema = z.object({
  /** Stable, lowercase kebab-case: `ground-truth`, `escape`, or a user's own. */
  id: reasonId,
  kind: reasonKind,
  title,
  /** One line: what this reason is. */
  summary: z.string().trim().max(300, 'expected at most 300 characters'),
  /** 2–4 questions to reflect on when this reason is chosen (a leader's own: up to 6). */
  questions: z
    .array(ReasonQuestionSchema)
    .max(6, atMostSix('questions'))
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, {
      message: 'expected each question id once',
    }),
  /** For a good reason: what makes it genuine. For a watch-out reason: the signals that it is at play. */
  signals: z.array(signal).max(6, atMostSix('signals')),
  builtin: z.boolean(),
  /**
   * Set only on an organisation's server, for a reason its admins adopted from a member's
   * proposal: that proposal's id, so the reason links back to the discussion it came from.
   */
  proposalId: z.string().max(100).optional(),
});

// ---------------------------------------------------------------- profile

export const ProfileSchema = z.object({
  name: z.string().trim().min(1, 'expected your name').max(120, 'expected at most 120 characters'),
  role,
  /** Number of direct reports. */
  reports: z
    .number({ message: 'expected the number of people who report to you directly, e.g. 6' })
    .int('expected a whole number of direct reports')
    .min(0, 'expected 0 or more direct reports')
    .max(500, 'expected at most 500 direct reports'),
  /** IANA time zone, e.g. `Europe/Berlin`. */
  tz: timeZone,
  /** The leader's own addresses: used to recognise them in calendars, git and trackers. */
  emails: atMost(
    20,
    'email addresses',
    z.email({ message: 'expected an email address such as you@example.com' }),
  ).min(1, 'expected at least one email address (used to recognise you in calendars and git)'),
  /** Overrides the default IC budget (percent of working time); undefined = use the default. */
  budgetPct: z
    .number({ message: 'expected a percentage from 0 to 100' })
    .min(0, 'expected a percentage from 0 to 100')
    .max(100, 'expected a percentage from 0 to 100')
    .optional(),
  /**
   * Working hours in a week, the base for the IC budget in hours: the hours the working hours make
   * (days × the working day, see budget.ts) unless the leader set their own.
   */
  weeklyHours: z
    .number({ message: 'expected working hours per week, e.g. 40' })
    .gt(0, 'expected working hours per week greater than 0')
    .max(100, 'expected at most 100 working hours per week'),
  /** Set while the leader is new to the function they lead (moved in from elsewhere). */
  newToFunctionSince: localDate.optional(),
  createdAt: instant,
  updatedAt: instant,
});

// ---------------------------------------------------------------- the IC check

/** What the leader says about a task before taking it: everything the check's rules read of it. */
export const CheckInputSchema = z
  .object({
    title,
    /** Estimated effort in hours (> 0). */
    hours: z
      .number({ message: 'expected the estimated effort in hours, e.g. 6 or 1.5' })
      .gt(0, 'expected an estimate greater than 0 hours')
      .max(400, 'expected at most 400 hours; split bigger work into tasks'),
    due: localDate.optional(),
    criticalPath: z.boolean().default(false).register(asked, { prompt: 'Is it on the critical path?' }),
    blocksOthers: z.boolean().default(false).register(asked, { prompt: 'Will others wait on it?' }),
    /** Someone else who could do it. */
    couldDo: personName.optional(),
    /** Whether doing it would grow that person. */
    grows: z.boolean().default(false),
    /** That person's task-relevant maturity. */
    maturity: maturity.optional(),
    /** At least one reason id. */
    reasons: reasonIds,
    /** Answers to reasons' questions, by question id. `nobody-knew` takes `yes` / `no`. */
    answers: z.record(z.string(), z.string().trim().max(2000)).default({}),
  })
  .refine((i) => i.couldDo !== undefined || (!i.grows && i.maturity === undefined), {
    message: 'grows and maturity describe the person who could do it; name them with could-do',
    path: ['couldDo'],
  });

export const CheckLineSchema = z.object({
  /** The rule that produced this line. */
  rule: z.string(),
  /** The reason it concerns, where one applies. */
  reason: z.string().optional(),
  text: z.string(),
  /** Questions to reflect on, when the rule asks for reflection. */
  questions: z.array(z.string()).optional(),
});

export const CheckResultSchema = z.object({
  verdict,
  /** For `time-box`: the hours to cap the work at. */
  hours: z.number().optional(),
  /** For `pair` and `delegate`: the person, when one was named. */
  to: z.string().optional(),
  /** For `delegate`: how much of the decision passes to them. */
  level: delegationLevel.optional(),
  lines: z.array(CheckLineSchema),
});

export const CheckRecordSchema = z.object({
  id: recordId,
  at: instant,
  /** The leader's local day when the check was made. */
  date: localDate,
  input: CheckInputSchema,
  result: CheckResultSchema,
});

// ---------------------------------------------------------------- journal

/**
 * The stored version of a record people change, moved on by every write: a change names the
 * version it started from, and one started from an older version is a conflict. Absent on a record
 * not stored yet; a property of this store, so it never travels in a backup.
 */
function storedVersion(record: string) {
  return z.number().int().min(1, `expected the version the ${record} was listed with`).optional();
}

export const IcSessionSchema = z.object({
  id: recordId,
  /** Local day the work happened. */
  date: localDate,
  /** When it started, if known. */
  startedAt: instant.optional(),
  minutes,
  title,
  reasons: reasonIds,
  energyBefore: energy.optional(),
  energyAfter: energy.optional(),
  /** Gaps in systems or processes found while doing the work. Each becomes an improvement action. */
  gaps: gapList,
  notes: note.optional(),
  /** The check that led to this session. */
  checkId: id.optional(),
  /**
   * Others beyond the team will see this work: a demo, a launch, a review by the leader's manager.
   * Absent when not, so records from before it existed read the same.
   */
  visible: visible.optional(),
  createdAt: instant,
  updatedAt: instant,
  version: storedVersion('session'),
});

export const PostponementSchema = z.object({
  id: recordId,
  /** When the postponement was recorded. */
  at: instant,
  /** The due date before (absent if there was none). */
  fromDue: localDate.optional(),
  toDue: localDate,
  why: note.optional(),
});

/**
 * How a commitment repeats: every `every` weeks or months, counted from the series' first due date
 * (so a monthly one due on the 31st comes back on the last day of shorter months, then on the 31st).
 */
export const RecurrenceSchema = z.object({
  unit: recurrenceUnit,
  every: z
    .number({ message: `expected how many weeks or months apart, from 1 to ${MAX_EVERY}` })
    .int(`expected a whole number of weeks or months, from 1 to ${MAX_EVERY}`)
    .min(1, `expected a whole number of weeks or months, from 1 to ${MAX_EVERY}`)
    .max(MAX_EVERY, `expected a whole number of weeks or months, from 1 to ${MAX_EVERY}`),
});

export const CommitmentSchema = z.object({
  id: recordId,
  kind: commitmentKind,
  title,
  person: personName.optional(),
  due: localDate.optional(),
  status: commitmentStatus,
  createdAt: instant,
  /** When it was marked done or cancelled. */
  closedAt: instant.optional(),
  /** Oldest first. Never deleted. */
  postponements: z.array(PostponementSchema),
  /** Set on each occurrence of a repeating commitment; closing one adds the next (recurrence.ts). */
  recurrence: RecurrenceSchema.optional(),
  /** The id of the series' first occurrence, shared by every occurrence of it. */
  seriesId: recordId.optional(),
  /** When it is booked in the calendar: a moment, chosen in the leader's time zone. */
  scheduledAt: instant.optional(),
  /** How long the booked time is; set together with `scheduledAt`. */
  scheduledMinutes: minutes.optional(),
  version: storedVersion('commitment'),
});

export const ImprovementActionSchema = z.object({
  id: recordId,
  /** An action is a gap found in a session, in the leader's words. */
  text: gap,
  /** The session whose gap produced it. */
  sessionId: z.string().optional(),
  status: actionStatus,
  createdAt: instant,
  doneAt: instant.optional(),
});

export const ReflectionAnswerSchema = z.object({
  prompt: z.string().trim().min(1, 'expected the prompt text'),
  answer: z.string().trim().max(5000),
});

export const ReflectionSchema = z.object({
  id: recordId,
  date: localDate,
  at: instant,
  text: z.string().trim().max(20000, 'expected at most 20000 characters'),
  answers: atMost(50, 'answers', ReflectionAnswerSchema),
});

// ---------------------------------------------------------------- people

export const PERSON_RELATIONS = ['report', 'other'] as const;

/**
 * Someone the leader works with: a direct report, or another person they hold 1:1s with (a peer,
 * their own manager). Found from the calendar's 1:1s with the leader's confirmation, or added by hand.
 */
export const PersonSchema = z.object({
  id: recordId,
  name: personName,
  /** Lower-cased; how their calendar invitations are recognised. Absent: matched by name only. */
  email: z
    .email({ message: 'expected an email address such as priya@example.com' })
    .transform((e) => e.toLowerCase())
    .optional(),
  relation: z.enum(PERSON_RELATIONS, { message: 'expected report or other' }),
  /** A 1:1 is due every this many days (7: weekly). */
  oneOnOneEvery: z
    .number({ message: 'expected the days between 1:1s, e.g. 7 for weekly' })
    .int('expected a whole number of days between 1:1s')
    .min(1, 'expected at least 1 day between 1:1s')
    .max(366, 'expected at most 366 days between 1:1s')
    .default(7),
  createdAt: instant,
  updatedAt: instant,
});
