import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 timestamp that names its offset (`Z` or `+01:00` / `+0100`), as UTC. */
export function isoInstant(value: string): Instant | undefined {
  const m = ISO_WITH_ZONE.exec(value.trim());
  if (!m) return undefined;
  const zone = m[3]!.toUpperCase() === 'Z' ? 'Z' : m[3]!.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const dt = DateTime.fromISO(`${m[1]}T${m[2]}${zone}`, { setZone: true });
  return dt.isValid ? dt.toUTC().toISO()! : undefined;
}

/** `2026-11-25` as midnight UTC of that day, for trackers that store some dates without a time. */
export function isoDateAsUtc(value: string): Instant | undefined {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return undefined;
  const dt = DateTime.fromObject({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, { zone: 'utc' });
  return dt.isValid ? dt.toISO()! : undefined;
}

// `Tue Nov 25 2026 13:06:24 GMT+0100 (Central European Standard Time)`: JavaScript's Date text.
const JS_DATE =
  /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{2})(\d{2})(?: \(.*\))?$/;

export function jsDateText(value: string): Instant | undefined {
  const m = JS_DATE.exec(value.trim());
  const month = m ? MONTHS[m[1]!.toLowerCase()] : undefined;
  if (!m || month === undefined) return undefined;
  const dt = DateTime.fromObject(
    { year: +m[3]!, month, day: +m[2]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! },
    { zone: `UTC${m[7]}:${m[8]}` },
  );
  return dt.isValid ? dt.toUTC().toISO()! : undefined;
}

// d/MMM/yy h:mm a — Jira's default, e.g. `25/Nov/26 1:06 PM`; also with a 4-digit year, a 24-hour
// clock, seconds, or no time at all (date fields such as Due date).
const JIRA_DEFAULT =
  /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
// yyyy-MM-dd HH:mm[:ss] — what admins often set as the "complete date/time format".
const JIRA_ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?$/;
// dd.MM.yy[yy] HH:mm — German, Austrian, Swiss, Russian locales.
const JIRA_DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The date formats Jira's CSV export is read in; for error messages and the docs. */
export const JIRA_DATE_EXAMPLES = '25/Nov/26 1:06 PM, 25/Nov/2026 13:06, 2026-11-25 13:06, 25.11.2026 13:06';

/**
 * Reads a date as Jira writes it in a CSV export: local wall-clock time in the exporting user's
 * zone `tz`, with no zone in the text. Only English month abbreviations are understood (other
 * display languages translate them); day-first numeric dates only with dots, because
 * `11/05/26` could be either 11 May or 5 November. Two-digit years are 20yy. A timestamp with an
 * offset (`2026-11-25T13:06:24.000+0100`) is taken as it says. Around DST changes, luxon decides:
 * a time skipped by the change moves forward by the gap, a time that happens twice is read as
 * the later of the two.
 */
export function jiraDate(value: string, tz: string): Instant | undefined {
  const text = value.trim();
  const withZone = isoInstant(text);
  if (withZone !== undefined) return withZone;

  const parts = jiraParts(text);
  if (parts === undefined) return undefined;
  let hour = parts.hour;
  if (parts.meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (parts.meridiem === 'p' ? 12 : 0);
  }
  const dt = DateTime.fromObject(
    {
      year: parts.year,
      month: parts.month,
      day: parts.day,
      hour,
      minute: parts.minute,
      second: parts.second,
    },
    { zone: tz },
  );
  return dt.isValid ? dt.toUTC().toISO()! : undefined;
}

interface JiraParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  meridiem?: string;
}

function jiraParts(text: string): JiraParts | undefined {
  const time = (m: RegExpExecArray) => ({ hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) });
  const named = JIRA_DEFAULT.exec(text);
  if (named) {
    const month = MONTHS[named[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    const meridiem = named[7]?.toLowerCase();
    const parts = { year: year(named[3]!), month, day: +named[1]!, ...time(named) };
    return meridiem === undefined ? parts : { ...parts, meridiem };
  }
  const iso = JIRA_ISO_LOCAL.exec(text);
  if (iso) return { year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, ...time(iso) };
  const dotted = JIRA_DOTTED.exec(text);
  if (dotted) return { year: year(dotted[3]!), month: +dotted[2]!, day: +dotted[1]!, ...time(dotted) };
  return undefined;
}

function year(s: string): number {
  return s.length === 2 ? 2000 + Number(s) : Number(s);
}

export function checkZone(tz: string | undefined, why: string): string {
  if (tz === undefined || tz.trim() === '') {
    throw new AppError(
      'invalid',
      `${why} Give the IANA time zone they were written in, e.g. Europe/Berlin.`,
      {
        field: 'tz',
      },
    );
  }
  if (!IANAZone.isValidZone(tz)) {
    throw new AppError(
      'invalid',
      `"${tz}" is not a time zone; expected an IANA name such as Europe/Berlin.`,
      {
        field: 'tz',
      },
    );
  }
  return tz;
}
