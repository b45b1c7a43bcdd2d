/**
 * A time zone's offset from UTC at any instant, read from the platform's zone data through Intl,
 * and the way back from a local wall-clock time to an instant. It answers exactly as luxon's
 * IANAZone and its local-to-UTC step do (zone.test.ts holds the two together over two centuries of
 * instants in zones with odd offsets), but it is all that reading the time model, a report or the
 * week needs of a date library: luxon itself is 240 kB for every such command to compile at
 * start-up (decision 0003), and importers that parse dates keep using it.
 */

/** luxon's formatter: whole fields, a 24-hour clock and the era, so years before 1 read right. */
function formatter(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    hour12: false,
    timeZone: name,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    era: 'short',
  });
}

const zones = new Map<string, Zone | null>();

export class Zone {
  /** The zone with this IANA name, or undefined when the platform does not know it. */
  static of(name: string): Zone | undefined {
    let zone = zones.get(name);
    if (zone === undefined) {
      zone = null;
      if (typeof name === 'string' && name.trim() !== '') {
        try {
          zone = new Zone(formatter(name));
        } catch {
          // Intl refuses a zone it does not know with a RangeError.
        }
      }
      zones.set(name, zone);
    }
    return zone ?? undefined;
  }

  private constructor(private readonly dtf: Intl.DateTimeFormat) {}

  /** Minutes to add to UTC for local time at `ms` (fractional for old local mean times, as luxon's). */
  offset(ms: number): number {
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const { type, value } of this.dtf.formatToParts(new Date(ms))) {
      if (type === 'era') bc = value === 'BC';
      else if (type === 'year') year = Number.parseInt(value, 10);
      else if (type === 'month') month = Number.parseInt(value, 10);
      else if (type === 'day') day = Number.parseInt(value, 10);
      else if (type === 'hour') hour = Number.parseInt(value, 10);
      else if (type === 'minute') minute = Number.parseInt(value, 10);
      else if (type === 'second') second = Number.parseInt(value, 10);
    }
    if (bc) year = -Math.abs(year) + 1;
    // Some engines write midnight as 24 with a 24-hour clock.
    let asUtc = Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second, 0);
    // Date.UTC reads the years 0–99 as 1900–1999.
    if (year < 100 && year >= 0) {
      const d = new Date(asUtc);
      d.setUTCFullYear(year, month - 1, day);
      asUtc = d.getTime();
    }
    const over = ms % 1000;
    const whole = ms - (over >= 0 ? over : 1000 + over);
    return (asUtc - whole) / 60_000;
  }

  /**
   * The instant (ms) of a local wall-clock time (ms, read as if it were UTC), starting from the
   * offset `guess`: a plain time has one answer; a time a switch skips is moved forward by the gap;
   * a time a switch repeats gives the occurrence whose offset is tried first. This is luxon's own
   * step, so the answers agree with it.
   */
  instant(wall: number, guess: number): number {
    const first = wall - guess * 60_000;
    const o2 = this.offset(first);
    if (o2 === guess) return first;
    const second = first - (o2 - guess) * 60_000;
    const o3 = this.offset(second);
    if (o2 === o3) return second;
    return wall - Math.min(o2, o3) * 60_000;
  }
}
