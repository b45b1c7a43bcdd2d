import { z } from 'zod';
import { REASON_ID } from '../domain/reasons.js';
import {
  DATE_RANGE_TEXT,
  isDateInRange,
  isInstantInRange,
  isValidLocalDate,
  isValidTimeZone,
} from '../domain/time.js';
import { COMMITMENT_KINDS, type CommitmentKind, MATURITIES, type Maturity } from '../domain/types.js';

/** Input pieces shared by several handlers; messages say what is expected, in plain words. */

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

export const id = z.string().trim().min(1, 'expected an id (see the list command)');

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

/**
 * Lists in a request are bounded: a person names a handful, and an unbounded one is unbounded
 * work (one POST with 100,000 gaps created 100,000 actions). Backups are the exception, bounded
 * by the size of the body instead.
 */
export function atMost<T extends z.ZodType>(n: number, what: string, item: T) {
  return z.array(item).max(n, `expected at most ${n} ${what}`);
}

/** The reasons given for a piece of work (the check's, a session's). */
export const reasonList = atMost(20, 'reasons', z.string().trim().min(1)).min(
  1,
  'expected at least one reason (see `handson reasons list`)',
);

/** Skills a leader noticed they lack; each becomes an improvement action. */
export const gapList = atMost(
  20,
  'gaps',
  z.string().trim().min(1, 'expected a non-empty gap').max(1000),
).default([]);

export const energy = z
  .number({ message: 'expected a whole number from 1 (drained) to 5 (energised)' })
  .int('expected a whole number from 1 (drained) to 5 (energised)')
  .min(1, 'expected a whole number from 1 (drained) to 5 (energised)')
  .max(5, 'expected a whole number from 1 (drained) to 5 (energised)');

export const maturity = z.enum(MATURITIES as unknown as [Maturity, ...Maturity[]], {
  message: `expected one of: ${MATURITIES.join(', ')}`,
});

export const commitmentKind = z.enum(COMMITMENT_KINDS as unknown as [CommitmentKind, ...CommitmentKind[]], {
  message: `expected one of: ${COMMITMENT_KINDS.join(', ')}`,
});
