import { DateTime, IANAZone } from 'luxon';
import { AppError } from '../errors.js';
import { DATE_RANGE, DATE_RANGE_TEXT } from './date-range.js';
import type { Instant, LocalDate } from './types.js';

/**
 * Local dates are calendar days, not moments: they are handled in UTC inside luxon so no DST
 * shift can move them. Only `localDate` deals with a real time zone.
 */

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
// An instant must say where it is in time; a bare "2026-11-25T10:00" would silently mean UTC.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function isValidLocalDate(s: string): boolean {
  return LOCAL_DATE.test(s) && DateTime.fromISO(s, { zone: 'utc' }).isValid;
}

export { DATE_RANGE, DATE_RANGE_TEXT };

const RANGE_START_MS = Date.parse(`${DATE_RANGE.first}T00:00:00.000Z`);
const RANGE_END_MS = Date.parse(`${DATE_RANGE.last}T00:00:00.000Z`) + 86_400_000;

/** A valid YYYY-MM-DD date inside DATE_RANGE. */
export function isDateInRange(s: string): boolean {
  return s >= DATE_RANGE.first && s <= DATE_RANGE.last && isValidLocalDate(s);
}

/** Epoch milliseconds inside DATE_RANGE's days, in UTC. */
export function isTimeInRange(ms: number): boolean {
  return ms >= RANGE_START_MS && ms < RANGE_END_MS;
}

/** An ISO instant with a zone (any offset) that falls inside DATE_RANGE's days, in UTC. */
export function isInstantInRange(s: string): boolean {
  if (!INSTANT.test(s)) return false;
  const dt = DateTime.fromISO(s, { setZone: true });
  return dt.isValid && isTimeInRange(dt.toMillis());
}

// luxon checks a zone name by building an Intl formatter on every call, which dominated the cost
// of computing flags over months of records; zones are few, so each answer is kept.
const zoneCache = new Map<string, IANAZone | null>();

function zoneOf(tz: string): IANAZone | null {
  let z = zoneCache.get(tz);
  if (z === undefined) {
    z = tz.trim() !== '' && IANAZone.isValidZone(tz) ? IANAZone.create(tz) : null;
    zoneCache.set(tz, z);
  }
  return z;
}

export function isValidTimeZone(tz: string): boolean {
  return zoneOf(tz) !== null;
}

function day(date: LocalDate): DateTime {
  if (!isValidLocalDate(date)) {
    throw new AppError('invalid', `"${date}" is not a date; expected YYYY-MM-DD, e.g. 2026-11-25.`);
  }
  return DateTime.fromISO(date, { zone: 'utc' });
}

function iso(dt: DateTime): LocalDate {
  // Only ever called on valid dates, for which luxon always returns a string.
  return dt.toISODate()!;
}

const DAY_MS = 86_400_000;
// Day arithmetic may step past DATE_RANGE (the week of 1970-01-01 starts in 1969; a report's
// previous period reaches back as far as the report is long), but never past what YYYY-MM-DD can
// write: the day after 9999-12-31 would be "+010000-01-01", which sorts before it, and a walk from
// one to the other would never end.
const WRITABLE_FIRST_MS = Date.parse('0000-01-01T00:00:00.000Z');
const WRITABLE_END_MS = Date.parse('9999-12-31T00:00:00.000Z') + DAY_MS;

/**
 * The UTC calendar day of epoch milliseconds `ms`. Refuses a moment before year 0000 or after year
 * 9999 rather than write a date that does not sort.
 */
export function utcDate(ms: number): LocalDate {
  if (!(ms >= WRITABLE_FIRST_MS && ms < WRITABLE_END_MS)) {
    throw new AppError(
      'invalid',
      `A day outside the years 0000 to 9999 cannot be written as YYYY-MM-DD; expected dates ${DATE_RANGE_TEXT}.`,
    );
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** The leader's calendar day at `instant`, in time zone `tz`. */
// The same instants are turned into local days many times over (each flag detector walks the same
// events and sessions); the conversion is luxon's most expensive step, so answers are remembered.
const localDateCache = new Map<string, LocalDate>();

export function localDate(instant: Instant, tz: string): LocalDate {
  const key = `${tz}|${instant}`;
  const known = localDateCache.get(key);
  if (known !== undefined) return known;
  const result = convertToLocalDate(instant, tz);
  if (localDateCache.size >= 100_000) localDateCache.clear();
  localDateCache.set(key, result);
  return result;
}

function convertToLocalDate(instant: Instant, tz: string): LocalDate {
  return iso(inZone(instant, tz));
}

/** The leader's wall clock at `instant`, as `YYYY-MM-DD HH:MM` in time zone `tz`. */
export function localDateTime(instant: Instant, tz: string): string {
  return inZone(instant, tz).toFormat('yyyy-MM-dd HH:mm');
}

function inZone(instant: Instant, tz: string): DateTime {
  const zone = zoneOf(tz);
  if (!zone) {
    throw new AppError('invalid', `"${tz}" is not a time zone; expected an IANA name such as Europe/Berlin.`);
  }
  const dt = INSTANT.test(instant) ? DateTime.fromISO(instant, { setZone: true }) : undefined;
  if (!dt?.isValid) {
    throw new AppError(
      'invalid',
      `"${instant}" is not a moment in time; expected an ISO timestamp with a zone, e.g. 2026-11-25T13:06:24.000Z.`,
    );
  }
  return dt.setZone(zone);
}

/** `date` moved by `n` whole days; refuses to step past year 9999 or before year 0000. */
export function addDays(date: LocalDate, n: number): LocalDate {
  return utcDate(day(date).toMillis() + n * DAY_MS);
}

/** Every day from `from` to `to`, both included (none when `to` comes first). */
export function daysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  const end = day(to).toMillis();
  for (let t = day(from).toMillis(); t <= end; t += DAY_MS) out.push(utcDate(t));
  return out;
}

/** The ISO week (Monday to Sunday) that contains `date`. */
export function weekOf(date: LocalDate): { start: LocalDate; end: LocalDate } {
  // luxon's 'week' unit is the ISO week (Monday first) unless locale weeks are asked for.
  const start = utcDate(day(date).startOf('week').toMillis());
  return { start, end: addDays(start, 6) };
}

/** ISO week key such as `2026-W48`; the year is the ISO week-year, so 2027-01-01 is `2026-W53`. */
export function weekKey(date: LocalDate): string {
  return day(date).toFormat("kkkk-'W'WW");
}

/**
 * A task title reduced to what identifies it, so "Write the PRD: Search" this week and
 * "write the PRD — search" last week count as the same task when spotting creep.
 * Apostrophes vanish (don't = dont); other punctuation and symbols separate words.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The earlier of two ISO dates or instants of one form (they compare as text). */
export function earlierOf<T extends string>(a: T, b: T): T {
  return b < a ? b : a;
}

/** The later of two ISO dates or instants of one form (they compare as text). */
export function laterOf<T extends string>(a: T, b: T): T {
  return b > a ? b : a;
}
