import { utcDate } from '../../domain/time.js';
import type { LocalDate } from '../../domain/types.js';
import { Zone } from '../../domain/zone.js';
import { AppError } from '../../errors.js';

const DAY_MS = 86_400_000;

/**
 * Maps instants to local dates. Consecutive commits mostly fall on the same few days, so the
 * [start, end) bounds of the last few days are remembered. Bounds are worked out from the zone's
 * UTC offsets the way luxon turns a local time into an instant, so a 23- or 25-hour DST day, or a
 * day whose midnight is skipped, is exactly as long as it really is; the test suite checks the
 * result against luxon itself. (Asking luxon for every new day costs ~40 µs, which a long history
 * with thousands of days notices.)
 */
export class LocalDays {
  private readonly zone: Zone;
  private readonly cache: { start: number; end: number; date: LocalDate }[] = [];
  private next = 0;

  constructor(tz: string) {
    if (typeof tz !== 'string' || tz.trim() === '') {
      throw new AppError(
        'invalid',
        'A time zone is needed to tell which day a commit falls on, e.g. Europe/Berlin.',
        {
          field: 'tz',
        },
      );
    }
    const zone = Zone.of(tz);
    if (!zone) {
      throw new AppError(
        'invalid',
        `"${tz}" is not a time zone; expected an IANA name such as Europe/Berlin.`,
        {
          field: 'tz',
        },
      );
    }
    this.zone = zone;
  }

  dateOf(ms: number): LocalDate {
    for (const d of this.cache) {
      if (ms >= d.start && ms < d.end) return d.date;
    }
    const offset = this.zone.offset(ms);
    const localMidnight = Math.floor((ms + offset * 60_000) / DAY_MS) * DAY_MS;
    const date = utcDate(localMidnight);
    const entry = {
      start: this.zone.instant(localMidnight, offset),
      end: this.zone.instant(localMidnight + DAY_MS, offset),
      date,
    };
    // Bounds that do not hold the instant would only come from a zone stranger than any in the
    // database today; the date itself is right regardless, it just is not remembered.
    if (ms < entry.start || ms >= entry.end) return date;
    if (this.cache.length < 8) this.cache.push(entry);
    else {
      this.cache[this.next] = entry;
      this.next = (this.next + 1) % 8;
    }
    return date;
  }
}
