import { DAY, HOUR } from './civil.js';
import { DamageError, type IcsComponent, type IcsProperty } from './content-lines.js';
import { forEachCandidate } from './rrule.js';
import { parseDate, parseDateTime, parseRRule, parseUtcOffset, type RRule, ValueError } from './values.js';
import { DefinedZone, type Onset } from './zones.js';

/**
 * VTIMEZONE (§3.6.5) → a Zone. Each STANDARD/DAYLIGHT observance starts at its DTSTART (a wall
 * time in the observance's TZOFFSETFROM) and repeats by its RRULE and RDATEs; from each onset on,
 * its TZOFFSETTO is in force. Outlook's definitions start in 1601: expanding them from there is
 * a few hundred steps, done once per zone.
 */

interface Observance {
  start: number;
  from: number;
  to: number;
  rules: RRule[];
  /** RDATE onsets as wall times (or instants when written in UTC). */
  rdates: { wall: number; utc: boolean }[];
}

function parsed<T>(p: IcsProperty, parse: (v: string) => T): T {
  try {
    return parse(p.value.trim());
  } catch (e) {
    if (e instanceof ValueError) throw new DamageError({ line: p.line, what: `${p.name} ${e.message}` });
    throw e;
  }
}

function required(c: IcsComponent, name: string, tzid: string): IcsProperty {
  const p = c.props.find((x) => x.name === name);
  if (!p) {
    throw new DamageError({
      line: c.line,
      what: `the ${c.name} part of time zone "${tzid}" has no ${name}, so its offsets are unknown`,
    });
  }
  return p;
}

/**
 * Zones built from identical definitions are shared across calls: a CalDAV calendar repeats the
 * same VTIMEZONE in every object, and building one from Outlook's 1601 rules is not free.
 */
const built = new Map<string, DefinedZone | null>();
const MAX_BUILT = 500;

function fingerprint(c: IcsComponent): string {
  let s = `${c.name}{`;
  for (const p of c.props) s += `${p.name};${p.params['VALUE'] ?? ''}:${p.value}\n`;
  for (const k of c.children) s += fingerprint(k);
  return `${s}}`;
}

/** Builds the zone, or returns undefined for a VTIMEZONE with no observances (nothing to go on). */
export function zoneFromVtimezone(vtz: IcsComponent, tzid: string): DefinedZone | undefined {
  const key = `${tzid}\u0000${fingerprint(vtz)}`;
  let z = built.get(key);
  if (z === undefined) {
    z = buildZone(vtz, tzid) ?? null;
    if (built.size >= MAX_BUILT) built.clear();
    built.set(key, z);
  }
  return z ?? undefined;
}

function buildZone(vtz: IcsComponent, tzid: string): DefinedZone | undefined {
  const observances: Observance[] = [];
  for (const c of vtz.children) {
    if (c.name !== 'STANDARD' && c.name !== 'DAYLIGHT') continue;
    const start = parsed(required(c, 'DTSTART', tzid), parseDateTime);
    const from = parsed(required(c, 'TZOFFSETFROM', tzid), parseUtcOffset);
    const to = parsed(required(c, 'TZOFFSETTO', tzid), parseUtcOffset);
    const obs: Observance = { start: start.wall, from, to, rules: [], rdates: [] };
    for (const p of c.props) {
      if (p.name === 'RRULE') obs.rules.push(parsed(p, parseRRule));
      else if (p.name === 'RDATE') {
        for (const v of p.value.split(',')) {
          obs.rdates.push(
            v.trim().length === 8
              ? { wall: parsed({ ...p, value: v }, parseDate) * DAY, utc: false }
              : parsed({ ...p, value: v }, parseDateTime),
          );
        }
      }
    }
    observances.push(obs);
  }
  if (observances.length === 0) return undefined;

  let earliest = observances[0]!;
  for (const o of observances) if (o.start - o.from < earliest.start - earliest.from) earliest = o;

  const listOnsets = (until: number): Onset[] => {
    const out: Onset[] = [];
    for (const o of observances) {
      out.push({ utc: o.start - o.from, offset: o.to });
      for (const r of o.rdates) out.push({ utc: r.utc ? r.wall : r.wall - o.from, offset: o.to });
      for (const rule of o.rules) {
        let count = 1;
        try {
          forEachCandidate(rule, { start: o.start, limit: until + 14 * HOUR, dateOnly: false }, (wall) => {
            if (wall <= o.start) return true;
            const utc = wall - o.from;
            const u = rule.until;
            if (
              u &&
              (u.kind === 'utc' ? utc > u.ms : u.kind === 'wall' ? wall > u.wall : wall >= (u.day + 1) * DAY)
            ) {
              return false;
            }
            if (rule.count !== undefined && ++count > rule.count) return false;
            out.push({ utc, offset: o.to });
            return utc <= until;
          });
        } catch (e) {
          // Listed lazily, while some event is being placed: say whose rule it is.
          if (!(e instanceof ValueError)) throw e;
          throw new ValueError(`the time zone "${tzid}" cannot be used: ${e.message}`);
        }
      }
    }
    return out;
  };
  return new DefinedZone(tzid, earliest.from, listOnsets);
}
