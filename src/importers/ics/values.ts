import { DAY, daysFromCivil, daysInMonth, HOUR, MINUTE } from './civil.js';

/**
 * Value types of RFC 5545 §3.3 that the reader needs, parsed into plain numbers. A parse
 * failure throws `ValueError` with a sentence saying what was expected; the caller adds the line.
 */

export class ValueError extends Error {}

/** DATE (§3.3.4) → day number. */
export function parseDate(v: string): number {
  if (v.length !== 8 || !/^\d{8}$/.test(v)) throw new ValueError(`"${v}" is not a date (expected YYYYMMDD)`);
  const y = +v.slice(0, 4);
  const m = +v.slice(4, 6);
  const d = +v.slice(6, 8);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new ValueError(`"${v}" is not a valid date`);
  return daysFromCivil(y, m, d);
}

export interface DateTimeValue {
  /** Local wall time (see civil.ts), or the UTC instant itself when `utc`. */
  wall: number;
  utc: boolean;
}

/** DATE-TIME (§3.3.5): `YYYYMMDDTHHMMSS` with an optional `Z`. */
export function parseDateTime(v: string): DateTimeValue {
  const utc = v.length === 16 && (v[15] === 'Z' || v[15] === 'z');
  if (!(v.length === 15 || utc) || (v[8] !== 'T' && v[8] !== 't')) {
    throw new ValueError(`"${v}" is not a date-time (expected YYYYMMDDTHHMMSS, optionally ending in Z)`);
  }
  const day = parseDate(v.slice(0, 8));
  const hms = v.slice(9, 15);
  if (!/^\d{6}$/.test(hms)) throw new ValueError(`"${v}" is not a date-time (expected YYYYMMDDTHHMMSS)`);
  const h = +hms.slice(0, 2);
  const mi = +hms.slice(2, 4);
  // 60 is a leap second (§3.3.5); it is read as the next minute's 00 like most systems do.
  const s = +hms.slice(4, 6);
  if (h > 23 || mi > 59 || s > 60) throw new ValueError(`"${v}" has an invalid time of day`);
  return { wall: day * DAY + h * HOUR + mi * MINUTE + s * 1000, utc };
}

export interface Duration {
  /** Whole days (weeks included): "nominal" — added on the calendar, so DST changes stretch them (§3.3.6). */
  days: number;
  /** Hours, minutes and seconds in ms: "exact". */
  ms: number;
}

const DURATION_RE = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/** DURATION (§3.3.6), e.g. `PT1H30M`, `P1D`, `-P2W`. */
export function parseDuration(v: string): Duration {
  const m = DURATION_RE.exec(v.trim());
  if (!m || v.trim().length <= 1 || /T$/i.test(v.trim()) || /P$/i.test(v.trim())) {
    throw new ValueError(`"${v}" is not a duration (expected e.g. PT1H30M, P1D or P2W)`);
  }
  const sign = m[1] === '-' ? -1 : 1;
  const days = (+(m[2] ?? 0) * 7 + +(m[3] ?? 0)) * sign;
  const ms = (+(m[4] ?? 0) * HOUR + +(m[5] ?? 0) * MINUTE + +(m[6] ?? 0) * 1000) * sign;
  // More digits than a number holds: no date computed from it would mean anything.
  if (!Number.isFinite(days * DAY) || !Number.isFinite(ms)) {
    throw new ValueError('has more digits than any calendar date can use');
  }
  return { days, ms };
}

/** UTC-OFFSET (§3.3.14), `+0100` or `-053000` → ms. */
export function parseUtcOffset(v: string): number {
  const m = /^([+-])(\d\d)(\d\d)(\d\d)?$/.exec(v.trim());
  if (!m || +m[2]! > 23 || +m[3]! > 59)
    throw new ValueError(`"${v}" is not a UTC offset (expected +HHMM or -HHMM)`);
  const ms = +m[2]! * HOUR + +m[3]! * MINUTE + +(m[4] ?? 0) * 1000;
  return m[1] === '-' ? -ms : ms;
}

// ------------------------------------------------------------------------------------ RRULE

export type Freq = 'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
const FREQS = new Set<string>(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export interface ByDay {
  /** 0 = every such weekday in the period; otherwise the nth (negative: from the end). */
  n: number;
  /** 0 = Sunday … 6 = Saturday. */
  wd: number;
}

export type Until =
  | { kind: 'date'; day: number }
  | { kind: 'utc'; ms: number }
  /** A floating UNTIL: compared with instances on the wall clock of DTSTART's zone. */
  | { kind: 'wall'; wall: number };

export interface RRule {
  freq: Freq;
  interval: number;
  count?: number;
  until?: Until;
  bySecond?: number[];
  byMinute?: number[];
  byHour?: number[];
  byDay?: ByDay[];
  byMonthDay?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  byMonth?: number[];
  bySetPos?: number[];
  /** Week start, 0 = Sunday; the RFC default is Monday. */
  wkst: number;
}

function intList(part: string, v: string, lo: number, hi: number, allowNegative: boolean): number[] {
  const out: number[] = [];
  for (const s of v.split(',')) {
    const t = s.trim();
    if (!/^[+-]?\d{1,3}$/.test(t)) throw new ValueError(`${part}=${v} must be a list of numbers`);
    const n = Number(t);
    const a = Math.abs(n);
    if (a < lo || a > hi || (n < 0 && !allowNegative) || (n === 0 && lo > 0)) {
      throw new ValueError(
        `${part}=${v} has ${t}, outside ${allowNegative ? `±${lo}…${hi}` : `${lo}…${hi}`}`,
      );
    }
    out.push(n);
  }
  return out;
}

function weekdayIndex(s: string, part: string, v: string): number {
  const i = (WEEKDAYS as readonly string[]).indexOf(s.toUpperCase());
  if (i < 0) throw new ValueError(`${part}=${v} has "${s}", which is not one of SU, MO, TU, WE, TH, FR, SA`);
  return i;
}

/** RECUR (§3.3.10). Unknown X- parts are ignored; RFC 7529's RSCALE is only accepted as GREGORIAN. */
export function parseRRule(value: string): RRule {
  const rule: RRule = { freq: 'DAILY', interval: 1, wkst: 1 };
  let freq: string | undefined;
  for (const raw of value.split(';')) {
    if (raw.trim() === '') continue;
    const eq = raw.indexOf('=');
    if (eq < 0) throw new ValueError(`"${raw}" is not a NAME=value rule part`);
    const part = raw.slice(0, eq).trim().toUpperCase();
    const v = raw.slice(eq + 1).trim();
    switch (part) {
      case 'FREQ':
        freq = v.toUpperCase();
        if (!FREQS.has(freq)) throw new ValueError(`FREQ=${v} is not one of ${[...FREQS].join(', ')}`);
        rule.freq = freq as Freq;
        break;
      case 'INTERVAL': {
        if (!/^\d+$/.test(v) || +v < 1) throw new ValueError(`INTERVAL=${v} must be a positive whole number`);
        rule.interval = +v;
        break;
      }
      case 'COUNT': {
        if (!/^\d+$/.test(v) || +v < 1) throw new ValueError(`COUNT=${v} must be a positive whole number`);
        rule.count = +v;
        break;
      }
      case 'UNTIL': {
        if (v.length === 8) rule.until = { kind: 'date', day: parseDate(v) };
        else {
          const dt = parseDateTime(v);
          rule.until = dt.utc ? { kind: 'utc', ms: dt.wall } : { kind: 'wall', wall: dt.wall };
        }
        break;
      }
      case 'BYSECOND':
        rule.bySecond = intList(part, v, 0, 60, false);
        break;
      case 'BYMINUTE':
        rule.byMinute = intList(part, v, 0, 59, false);
        break;
      case 'BYHOUR':
        rule.byHour = intList(part, v, 0, 23, false);
        break;
      case 'BYMONTHDAY':
        rule.byMonthDay = intList(part, v, 1, 31, true);
        break;
      case 'BYYEARDAY':
        rule.byYearDay = intList(part, v, 1, 366, true);
        break;
      case 'BYWEEKNO':
        rule.byWeekNo = intList(part, v, 1, 53, true);
        break;
      case 'BYMONTH':
        rule.byMonth = intList(part, v, 1, 12, false);
        break;
      case 'BYSETPOS':
        rule.bySetPos = intList(part, v, 1, 366, true);
        break;
      case 'BYDAY':
        rule.byDay = v.split(',').map((s) => {
          const m = /^([+-]?\d{1,2})?([A-Za-z]{2})$/.exec(s.trim());
          if (!m) throw new ValueError(`BYDAY=${v} has "${s}", expected e.g. MO, 2TU or -1FR`);
          const n = m[1] === undefined ? 0 : Number(m[1]);
          if (Math.abs(n) > 53 || (m[1] !== undefined && n === 0)) {
            throw new ValueError(`BYDAY=${v} has "${s}": the number must be 1…53 or -1…-53`);
          }
          return { n, wd: weekdayIndex(m[2]!, part, v) };
        });
        break;
      case 'WKST':
        rule.wkst = weekdayIndex(v, part, v);
        break;
      case 'RSCALE':
        if (v.toUpperCase() !== 'GREGORIAN')
          throw new ValueError(`RSCALE=${v}: only the Gregorian calendar is supported`);
        break;
      default:
        // X- parts and RFC 7529's SKIP are extensions we can safely ignore.
        if (!part.startsWith('X-') && part !== 'SKIP')
          throw new ValueError(`"${part}" is not a rule part of RFC 5545`);
    }
  }
  if (freq === undefined) throw new ValueError('the rule has no FREQ');
  return rule;
}
