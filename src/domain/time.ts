import { AppError } from '../errors.js';
import { DATE_RANGE, DATE_RANGE_TEXT } from './date-range.js';
import type { Instant, LocalDate } from './types.js';
import { Zone } from './zone.js';

/**
 * Local dates are calendar days, not moments: they are counted in whole days since the epoch, so
 * no DST shift can move them. Only `localDate` deals with a real time zone. Date arithmetic is
 * plain integer arithmetic rather than a luxon DateTime per call: reports and flags do it for
 * every record (tens of thousands), where building DateTimes cost most of their time.
 */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say where it is in time; a bare "2026-11-25T10:00" would silently mean UTC.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid date, or undefined when `s` is not one. */
function epochDay(s: string): number | undefined {
  const m = LOCAL_DATE.exec(s);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, dayOfMonth);
  // A day past the month's end rolls over into the next month.
  if (t.getUTCDate() !== dayOfMonth) return undefined;
  return t.getTime() / DAY_MS;
}

/** The ISO form of a day since the epoch (see utcDate: never past the years 0000–9999). */
function fromEpochDay(n: number): LocalDate {
  return utcDate(n * DAY_MS);
}

export function isValidLocalDate(s: string): boolean {
  return epochDay(s) !== undefined;
}

export { DATE_RANGE, DATE_RANGE_TEXT };

const RANGE_START_MS = Date.parse(`${DATE_RANGE.first}T00:00:00.000Z`);
const RANGE_END_MS = Date.parse(`${DATE_RANGE.last}T00:00:00.000Z`) + DAY_MS;

/** A valid YYYY-MM-DD date inside DATE_RANGE. */
export function isDateInRange(s: string): boolean {
  return s >= DATE_RANGE.first && s <= DATE_RANGE.last && isValidLocalDate(s);
}

/** Epoch milliseconds inside DATE_RANGE's days, in UTC. */
export function isTimeInRange(ms: number): boolean {
  return ms >= RANGE_START_MS && ms < RANGE_END_MS;
}

/** Epoch milliseconds of an ISO instant with a zone (any offset), or NaN when it is not one. */
function instantMs(s: string): number {
  // Date.parse alone would roll 2026-02-30 over into March: the date part is checked first.
  return INSTANT.test(s) && isValidLocalDate(s.slice(0, 10)) ? Date.parse(s) : Number.NaN;
}

/** An ISO instant with a zone (any offset) that falls inside DATE_RANGE's days, in UTC. */
export function isInstantInRange(s: string): boolean {
  const ms = instantMs(s);
  return !Number.isNaN(ms) && isTimeInRange(ms);
}

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

export function isValidTimeZone(tz: string): boolean {
  return Zone.of(tz) !== undefined;
}

function zoneOf(tz: string): Zone {
  const zone = Zone.of(tz);
  if (!zone) {
    throw new AppError('invalid', `"${tz}" is not a time zone; expected an IANA name such as Europe/Berlin.`);
  }
  return zone;
}

function day(date: LocalDate): number {
  const n = epochDay(date);
  if (n === undefined) {
    throw new AppError('invalid', `"${date}" is not a date; expected YYYY-MM-DD, e.g. 2026-11-25.`);
  }
  return n;
}

/** The leader's calendar day at `instant`, in time zone `tz`. */
// The same instants are turned into local days many times over (each flag detector walks the same
// events and sessions); asking the zone for its offset is the expensive step, so answers are remembered.
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
  // The wall time's date is the local day.
  return fromEpochDay(Math.floor(wallMs(instant, tz) / DAY_MS));
}

/** The leader's wall clock at `instant`, as `YYYY-MM-DD HH:MM` in time zone `tz`. */
export function localDateTime(instant: Instant, tz: string): string {
  const wall = wallMs(instant, tz);
  return `${utcDate(wall)} ${new Date(wall).toISOString().slice(11, 16)}`;
}

/** Epoch milliseconds of the wall clock in `tz` at `instant`, read as if it were UTC. */
function wallMs(instant: Instant, tz: string): number {
  const zone = zoneOf(tz);
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) {
    throw new AppError(
      'invalid',
      `"${instant}" is not a moment in time; expected an ISO timestamp with a zone, e.g. 2026-11-25T13:06:24.000Z.`,
    );
  }
  return ms + zone.offset(ms) * 60_000;
}

/**
 * The instant a local day starts in `tz`: its midnight, or the first moment after a DST gap that
 * swallows midnight. Where a switch repeats midnight, its first occurrence: the offsets 14 hours
 * before and 12 hours after midnight read as UTC bracket every real one, and the larger of them
 * is the offset before a switch that turns the clock back.
 */
export function startOfDay(date: LocalDate, tz: string): Instant {
  return wallInstant(date, 0, tz);
}

/**
 * The instant the wall clock in `tz` reads `time` (`HH:MM`) on `date`, chosen as `startOfDay`
 * chooses midnight: a time a DST gap skips moves forward by the gap, a repeated one is its first.
 */
export function wallClockInstant(date: LocalDate, time: string, tz: string): Instant {
  const [h, m] = time.split(':').map(Number);
  return wallInstant(date, (h ?? 0) * 60 + (m ?? 0), tz);
}

function wallInstant(date: LocalDate, minuteOfDay: number, tz: string): Instant {
  const zone = zoneOf(tz);
  const wall = day(date) * DAY_MS + minuteOfDay * 60_000;
  const guess = Math.max(zone.offset(wall - 14 * 3_600_000), zone.offset(wall + 12 * 3_600_000));
  return new Date(zone.instant(wall, guess)).toISOString();
}

/** ISO weekday of `date`: 1 (Monday) to 7 (Sunday). */
export function weekdayOf(date: LocalDate): number {
  return isoWeekday(day(date));
}

/** `date` moved by `n` whole days; refuses to step past year 9999 or before year 0000. */
export function addDays(date: LocalDate, n: number): LocalDate {
  return fromEpochDay(day(date) + n);
}

/** How many days `to` lies after `from` (negative when it comes first). */
export function dayDifference(from: LocalDate, to: LocalDate): number {
  return day(to) - day(from);
}

/** Every day from `from` to `to`, both included (none when `to` comes first). */
export function daysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  const end = day(to);
  for (let n = day(from); n <= end; n++) out.push(fromEpochDay(n));
  return out;
}

/** ISO weekday of a day since the epoch: 1 (Monday) to 7 (Sunday); 1970-01-01 was a Thursday. */
function isoWeekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** The ISO week (Monday to Sunday) that contains `date`. */
export function weekOf(date: LocalDate): { start: LocalDate; end: LocalDate } {
  const n = day(date);
  const start = n - isoWeekday(n) + 1;
  return { start: fromEpochDay(start), end: fromEpochDay(start + 6) };
}

/** ISO week key such as `2026-W48`; the year is the ISO week-year, so 2027-01-01 is `2026-W53`. */
export function weekKey(date: LocalDate): string {
  const n = day(date);
  // The week belongs to the year of its Thursday; its number counts Thursdays in that year.
  const thursday = n - isoWeekday(n) + 4;
  const t = new Date(thursday * DAY_MS);
  const year = t.getUTCFullYear();
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const week = Math.floor((thursday - jan1.getTime() / DAY_MS) / 7) + 1;
  const y = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${y}-W${String(week).padStart(2, '0')}`;
}

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/** How many ISO weeks `year` has: 53 when its 28 December (always in its last week) is in week 53. */
export function isoWeeksIn(year: number): 52 | 53 {
  const dec28 = `${String(year).padStart(4, '0')}-12-28`;
  return weekKey(dec28).endsWith('W53') ? 53 : 52;
}

/**
 * The Monday of ISO week `key` (`2026-W48` → 2026-11-23), or undefined when `key` is not written
 * that way or names a week its year does not have (`2026-W54`; `2025-W53`, as 2025 has 52).
 */
export function weekStart(key: string): LocalDate | undefined {
  const m = WEEK_KEY.exec(key.trim().toUpperCase());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > isoWeeksIn(year)) return undefined;
  // Week 1 is the week with the year's first Thursday, which is the week holding 4 January.
  const jan4 = day(`${m[1]}-01-04`);
  const monday = jan4 - isoWeekday(jan4) + 1 + (week - 1) * 7;
  const ms = monday * DAY_MS;
  return ms >= WRITABLE_FIRST_MS && ms < WRITABLE_END_MS ? fromEpochDay(monday) : undefined;
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
