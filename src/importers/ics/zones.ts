import { IANAZone } from 'luxon';
import { civilFromDays, DAY, daysFromCivil, HOUR, MINUTE } from './civil.js';

/**
 * Time zones as the reader needs them: the UTC offset in force at an instant, and the way back
 * from a wall-clock time to an instant with RFC 5545's rules for the DST gap and overlap.
 *
 * Offsets are looked up in a per-year table of transitions, built once per zone and year, so
 * expanding thousands of instances costs a binary search each instead of an `Intl` call each.
 */
export interface Zone {
  readonly id: string;
  /** UTC offset in ms in force at the instant `utc`. */
  offsetAt(utc: number): number;
}

export interface Resolved {
  utc: number;
  /** The wall time does not exist in the zone (it falls into a spring-forward gap). */
  gap: boolean;
}

/**
 * Wall time → instant (RFC 5545 §3.3.5): a time that occurs twice means the first occurrence;
 * a time that does not occur is read with the offset in force before the gap. Assumes at most one
 * offset change within a day either side, which holds for every zone in use since 1900.
 */
export function resolveWall(zone: Zone, wall: number): Resolved {
  const before = zone.offsetAt(wall - DAY);
  const after = zone.offsetAt(wall + DAY);
  if (before === after) return { utc: wall - before, gap: false };
  const tBefore = wall - before;
  const tAfter = wall - after;
  const okBefore = zone.offsetAt(tBefore) === before;
  const okAfter = zone.offsetAt(tAfter) === after;
  if (okBefore && okAfter) return { utc: Math.min(tBefore, tAfter), gap: false };
  if (okBefore) return { utc: tBefore, gap: false };
  if (okAfter) return { utc: tAfter, gap: false };
  return { utc: tBefore, gap: true };
}

interface YearTable {
  /** Offset in force at the start of the year (UTC). */
  first: number;
  /** Transition instants in the year, ascending, and the offset from each on. */
  at: number[];
  offsets: number[];
}

/** A zone whose offsets are computed one UTC year at a time and cached. */
abstract class TableZone implements Zone {
  private readonly years = new Map<number, YearTable>();
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedTo = Number.NEGATIVE_INFINITY;
  private cached: YearTable | undefined;

  constructor(readonly id: string) {}

  protected abstract computeYear(startUtc: number, endUtc: number): YearTable;

  offsetAt(utc: number): number {
    let t = this.cached;
    if (!t || utc < this.cachedFrom || utc >= this.cachedTo) {
      const y = civilFromDays(Math.floor(utc / DAY)).y;
      const from = daysFromCivil(y, 1, 1) * DAY;
      const to = daysFromCivil(y + 1, 1, 1) * DAY;
      t = this.years.get(y);
      if (!t) {
        t = this.computeYear(from, to);
        this.years.set(y, t);
      }
      this.cached = t;
      this.cachedFrom = from;
      this.cachedTo = to;
    }
    const at = t.at;
    if (at.length === 0 || utc < at[0]!) return t.first;
    let i = at.length - 1;
    while (at[i]! > utc) i--;
    return t.offsets[i]!;
  }
}

/** An IANA zone from the platform's time-zone database (via luxon / Intl). */
class IanaZone extends TableZone {
  private readonly zone: IANAZone;

  constructor(id: string) {
    super(id);
    this.zone = IANAZone.create(id) as IANAZone;
  }

  private raw(utc: number): number {
    return this.zone.offset(utc) * MINUTE;
  }

  protected computeYear(from: number, to: number): YearTable {
    const first = this.raw(from);
    const at: number[] = [];
    const offsets: number[] = [];
    let prev = first;
    // Sample every 12 hours and bisect each change down to the second.
    for (let t = from + 12 * HOUR; t <= to; t += 12 * HOUR) {
      const o = this.raw(t);
      if (o === prev) continue;
      let lo = t - 12 * HOUR;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.raw(mid) === prev) lo = mid;
        else hi = mid;
      }
      if (hi < to) {
        at.push(hi);
        offsets.push(o);
      }
      prev = o;
    }
    return { first, at, offsets };
  }
}

class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
}

export const UTC_ZONE: Zone = new FixedZone('UTC', 0);

/** One onset of a VTIMEZONE observance: from `utc` on, `offset` is in force. */
export interface Onset {
  utc: number;
  offset: number;
}

/**
 * A zone defined by a VTIMEZONE component (§3.6.5). `onsets(untilUtc)` lists every onset up to
 * at least that instant; it is asked again with a later bound when a later year is needed.
 */
export class DefinedZone extends TableZone {
  private horizon = Number.NEGATIVE_INFINITY;
  private onsets: Onset[] = [];

  constructor(
    id: string,
    /** Offset before the first onset: the earliest observance's TZOFFSETFROM. */
    private readonly initial: number,
    private readonly listOnsets: (untilUtc: number) => Onset[],
  ) {
    super(id);
  }

  protected computeYear(from: number, to: number): YearTable {
    if (to > this.horizon) {
      // Ten years at a time: rebuilding is cheap, but not per year.
      // The horizon moves only once the onsets are listed: a definition too dense to list
      // (its rule fails on the step limit) must fail again next time, not read as no onsets.
      const horizon = to + 10 * 365 * DAY;
      this.onsets = this.listOnsets(horizon).sort((a, b) => a.utc - b.utc);
      this.horizon = horizon;
    }
    let first = this.initial;
    const at: number[] = [];
    const offsets: number[] = [];
    for (const o of this.onsets) {
      if (o.utc <= from) first = o.offset;
      else if (o.utc < to) {
        at.push(o.utc);
        offsets.push(o.offset);
      } else break;
    }
    return { first, at, offsets };
  }
}

const ianaCache = new Map<string, Zone | null>();

/** The IANA zone with this name, or undefined when the platform does not know it. */
export function ianaZone(name: string): Zone | undefined {
  let z = ianaCache.get(name);
  if (z === undefined) {
    const upper = name.toUpperCase();
    if (upper === 'UTC' || upper === 'Z' || upper === 'ETC/UTC' || upper === 'GMT' || upper === 'ETC/GMT')
      z = UTC_ZONE;
    else z = IANAZone.isValidZone(name) ? new IanaZone(name) : null;
    ianaCache.set(name, z);
  }
  return z ?? undefined;
}

/**
 * Windows zone names (as Outlook and Exchange write them) → IANA, after CLDR's windowsZones
 * table, for files that use such a TZID without defining it in a VTIMEZONE.
 */
const WINDOWS_ZONES: Record<string, string> = {
  'Dateline Standard Time': 'Etc/GMT+12',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central America Standard Time': 'America/Guatemala',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'SA Pacific Standard Time': 'America/Bogota',
  'Eastern Standard Time': 'America/New_York',
  'US Eastern Standard Time': 'America/Indiana/Indianapolis',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
  'Pacific SA Standard Time': 'America/Santiago',
  UTC: 'Etc/UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Russian Standard Time': 'Europe/Moscow',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Iran Standard Time': 'Asia/Tehran',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'W. Australia Standard Time': 'Australia/Perth',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'AUS Central Standard Time': 'Australia/Darwin',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Tasmania Standard Time': 'Australia/Hobart',
  'New Zealand Standard Time': 'Pacific/Auckland',
};

/**
 * A TZID that is not an IANA name but carries one or maps to one: Windows names, and prefixed
 * ids like `/mozilla.org/20050126_1/Europe/Berlin` or `/citadel.org/20190914_1/Europe/Berlin`.
 */
export function guessIanaZone(tzid: string): Zone | undefined {
  const windows = WINDOWS_ZONES[tzid.trim()];
  if (windows) return ianaZone(windows);
  const m = /([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/.exec(tzid.trim());
  if (!m) return undefined;
  const parts = m[1]!.split('/');
  // Try the longest tail that names a zone: "…/America/Argentina/Buenos_Aires", then shorter.
  for (let i = 0; i < parts.length - 1; i++) {
    const z = ianaZone(parts.slice(i).join('/'));
    if (z) return z;
  }
  return undefined;
}
