import { z } from 'zod';
import { REASON_ID } from './reasons/reasons.js';
import {
  DATE_RANGE_TEXT,
  isDateInRange,
  isInstantInRange,
  isTimeInRange,
  isValidLocalDate,
  isValidTimeZone,
} from './time.js';
import {
  ACTION_STATUSES,
  COMMITMENT_KINDS,
  COMMITMENT_STATUSES,
  DELEGATION_LEVELS,
  MATURITIES,
  REASON_KINDS,
  RECURRENCE_UNITS,
  ROLES,
  VERDICTS,
} from './types.js';

/**
 * The fields records are made of, each checked once: the records (records.ts), the handlers' inputs
 * and the backup document are built from these. Messages say what is expected, in plain words.
 */

/**
 * What a person is asked for an input the CLI does not name with a flag (see cli/asked.ts): the
 * question, next to the field it fills, so that a new input brings its own flag and prompt. Its own
 * registry, not zod's global one, so it stays out of the OpenAPI document.
 */
export interface Asked {
  /** The question on a terminal: a yes/no question for a boolean, else one the answer is typed to. */
  prompt: string;
}
export const asked = z.registry<Asked>();

/** A zod enum of one of the domain's value lists, which are kept as readonly arrays. */
function oneOf<T extends string>(values: readonly T[], message = `expected one of: ${values.join(', ')}`) {
  return z.enum(values as unknown as [T, ...T[]], { message });
}

export const localDate = z
  .string()
  .refine(isValidLocalDate, { message: 'expected a date as YYYY-MM-DD, e.g. 2026-11-25', abort: true })
  .refine(isDateInRange, { message: `expected a date ${DATE_RANGE_TEXT}` });

/** A moment in UTC, as Hands-on writes them (`2026-11-25T13:06:24.000Z`; the milliseconds may be left out). */
export const instant = z.iso
  .datetime({ message: 'expected an ISO 8601 UTC timestamp, e.g. 2026-11-25T13:06:24.000Z' })
  .refine(isInstantInRange, { message: `expected a moment ${DATE_RANGE_TEXT} (UTC)` });

export const timeZone = z.string().refine(isValidTimeZone, {
  message: 'expected an IANA time zone such as Europe/Berlin or America/New_York',
});

/** An id a person types (from a list command). */
export const id = z.string().trim().min(1, 'expected an id (see the list command)');

/** A record's own id, as the app made it (app/ids.ts). */
export const recordId = z.string().min(1);

export const reasonId = z
  .string()
  .trim()
  .regex(REASON_ID, 'expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice');

export const title = z
  .string()
  .trim()
  .min(1, 'expected a non-empty title')
  .max(300, 'expected at most 300 characters');

export const note = z.string().trim().max(5000, 'expected at most 5000 characters');

/** Someone the leader names: who could do a task, who a commitment is with. */
export const personName = z.string().trim().min(1, 'expected a name').max(120);

/**
 * Lists in a request are bounded: a person names a handful, and an unbounded one is unbounded
 * work (one POST with 100,000 gaps created 100,000 actions). Backups are the exception, bounded
 * by the size of the body instead.
 */
export function atMost<T extends z.ZodType>(n: number, what: string, item: T) {
  return z.array(item).max(n, `expected at most ${n} ${what}`);
}

/**
 * The reasons a stored session or check was recorded with. Only their form is checked: a reason the
 * leader removed since stays on the records that used it.
 */
export const reasonIds = z.array(reasonId).min(1, 'expected at least one reason');

/** The reasons given for a piece of work (the check's, a session's) in a request. */
export const reasonList = atMost(20, 'reasons', z.string().trim().min(1)).min(
  1,
  'expected at least one reason (see `handson reasons list`)',
);

/** A skill a leader noticed they lack; it becomes an improvement action. */
export const gap = z.string().trim().min(1, 'expected a non-empty gap').max(1000);

export const gapList = atMost(20, 'gaps', gap).default([]);

export const energy = z
  .number({ message: 'expected a whole number from 1 (drained) to 5 (energised)' })
  .int('expected a whole number from 1 (drained) to 5 (energised)')
  .min(1, 'expected a whole number from 1 (drained) to 5 (energised)')
  .max(5, 'expected a whole number from 1 (drained) to 5 (energised)');

// One sentence for every way a number of minutes can be wrong, so it always states the whole range.
const MINUTES = 'expected a whole number of minutes from 1 to 1440 (one day), e.g. 90';

export const minutes = z
  .number({ message: MINUTES })
  .int(MINUTES)
  .gt(0, MINUTES)
  .max(24 * 60, MINUTES);

export const visible = z.boolean({
  message: 'expected true or false: will others beyond your team see this work?',
});

export const role = oneOf(ROLES);
export const maturity = oneOf(MATURITIES);
export const commitmentKind = oneOf(COMMITMENT_KINDS);
export const commitmentStatus = oneOf(COMMITMENT_STATUSES);
export const recurrenceUnit = oneOf(RECURRENCE_UNITS, 'expected week or month');
export const actionStatus = oneOf(ACTION_STATUSES, 'expected open or done');
export const reasonKind = oneOf(REASON_KINDS, 'expected good or watch-out');
export const verdict = oneOf(VERDICTS);
export const delegationLevel = oneOf(DELEGATION_LEVELS);

// ---------------------------------------------------------------- evidence

/**
 * Calendar and commit times are compared as text by the store, so only its one form is accepted:
 * what Hands-on itself writes.
 */
export const exactInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, {
    message: 'expected a UTC instant with milliseconds, like 2026-11-25T13:06:24.000Z',
  })
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected a real moment in time', abort: true })
  .refine((s) => isTimeInRange(Date.parse(s)), { message: `expected a moment ${DATE_RANGE_TEXT} (UTC)` });
/** A count kept in a 32-bit column. */
export const count = z.number().int().min(0).max(2_147_483_647);

// 100,000 commits fall on fewer than 2,000 days; checking each date once keeps validating a
// five-year backup well under a second.
const checkedDates = new Map<string, boolean>();
export const evidenceDay = z.string().refine(
  (s) => {
    let valid = checkedDates.get(s);
    if (valid === undefined) {
      valid = isDateInRange(s);
      if (checkedDates.size < 100_000) checkedDates.set(s, valid);
    }
    return valid;
  },
  { message: `expected a date as YYYY-MM-DD ${DATE_RANGE_TEXT}` },
);
