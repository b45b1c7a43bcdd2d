import {
  civilFromDays,
  DAY,
  dayOfWall,
  daysFromCivil,
  daysInMonth,
  daysInYear,
  HOUR,
  MINUTE,
  weekday,
} from './civil.js';
import { type Freq, type RRule, ValueError } from './values.js';

/**
 * The RRULE engine (RFC 5545 §3.3.10) on wall-clock times: it knows nothing about time zones,
 * COUNT or UNTIL. It lists, in ascending order, every wall time the rule's periods and BYxxx
 * parts produce at or after DTSTART; the caller converts them to instants, drops the ones in a
 * DST gap, counts and stops (see series.ts). Invalid dates (Feb 30, the 31st of a short month)
 * simply never come out, which is what §3.3.10 asks ("MUST be ignored and MUST NOT be counted").
 *
 * The BYxxx parts are applied as one day filter over all days of a period, the approach of
 * python-dateutil: for a period of a month or a year, "expand" and "limit" in the RFC's table
 * both amount to keeping the days of the period that pass every filter.
 */

/**
 * Guards a rule that cannot reach the window in reasonable time: each period looked at and each
 * candidate time it makes is a step. SECONDLY with a COUNT from 2020 runs out of periods; HOURLY
 * with every BYMINUTE and BYSECOND (3,600 candidates an hour, from a few hundred bytes of file)
 * runs out of candidates. A plain DAILY rule gets 1,300 years, ample for a COUNT from long ago.
 */
export const MAX_STEPS = 500_000;

export interface CandidateOptions {
  /** DTSTART as a wall time (for DATE values: the day at 00:00). */
  start: number;
  /** No period starting after this wall time is looked at. */
  limit: number;
  /** DATE-valued DTSTART: BYHOUR/BYMINUTE/BYSECOND are meaningless and ignored. */
  dateOnly: boolean;
  /**
   * Periods ending before this wall time may be skipped without listing their candidates. Only
   * safe when nothing is counted (no COUNT): the caller leaves it undefined otherwise.
   */
  skipBefore?: number | undefined;
}

/** Calls `visit` with each candidate in ascending order until it returns false or `limit` is passed. */
export function forEachCandidate(
  rule: RRule,
  opts: CandidateOptions,
  visit: (wall: number) => boolean,
): void {
  const { start, limit } = opts;
  const startDay = dayOfWall(start);
  const tod = start - startDay * DAY;
  const sh = Math.floor(tod / HOUR);
  const sm = Math.floor((tod % HOUR) / MINUTE);
  const ss = Math.floor((tod % MINUTE) / 1000);
  const s = civilFromDays(startDay);
  const freq = rule.freq;

  // Parts the rule leaves out are taken from DTSTART (§3.3.10: "Information, not contained in
  // the rule, necessary to determine the various recurrence instance start time and dates are
  // derived from the Start Time").
  let byMonth = rule.byMonth;
  let byMonthDay = rule.byMonthDay;
  let byDay = rule.byDay;
  if (!rule.byWeekNo && !rule.byYearDay && !rule.byMonthDay && !rule.byDay) {
    if (freq === 'YEARLY') {
      byMonth ??= [s.m];
      byMonthDay = [s.d];
    } else if (freq === 'MONTHLY') byMonthDay = [s.d];
    else if (freq === 'WEEKLY') byDay = [{ n: 0, wd: weekday(startDay) }];
  }
  const passes = dayFilter(rule, freq, byMonth, byMonthDay, byDay);

  const setPos = rule.bySetPos;
  let pending: number[] = [];
  let stopped = false;
  let steps = 0;
  /** Collects a period's candidates (for BYSETPOS) or streams them. */
  const emit = (wall: number): void => {
    if (++steps > MAX_STEPS) throw tooDense(freq);
    if (setPos) pending.push(wall);
    else if (wall >= start && !stopped && !visit(wall)) stopped = true;
  };
  const endPeriod = (): void => {
    if (!setPos || pending.length === 0) return;
    const n = pending.length;
    const chosen = new Set<number>();
    for (const p of setPos) {
      const i = p > 0 ? p - 1 : n + p;
      if (i >= 0 && i < n) chosen.add(pending[i]!);
    }
    pending = [];
    for (const w of [...chosen].sort((a, b) => a - b)) {
      if (w >= start && !visit(w)) {
        stopped = true;
        return;
      }
    }
  };

  if (freq === 'HOURLY' || freq === 'MINUTELY' || freq === 'SECONDLY') {
    if (opts.dateOnly) throw new ValueError(`FREQ=${freq} cannot repeat an all-day (DATE) event`);
    subDaily(
      rule,
      freq,
      opts,
      { sh, sm, ss },
      passes,
      emit,
      endPeriod,
      () => stopped,
      () => ++steps > MAX_STEPS,
    );
    return;
  }

  const times = opts.dateOnly
    ? [0]
    : timesOfDay(rule.byHour ?? [sh], rule.byMinute ?? [sm], rule.bySecond ?? [ss]);
  const emitDay = (z: number): void => {
    const base = z * DAY;
    for (const t of times) emit(base + t);
  };
  const interval = rule.interval;
  const skipDay = opts.skipBefore === undefined ? undefined : dayOfWall(opts.skipBefore);

  if (freq === 'DAILY') {
    let z = startDay;
    if (skipDay !== undefined && skipDay - 1 > z) z += Math.floor((skipDay - 1 - z) / interval) * interval;
    for (; z * DAY <= limit && !stopped; z += interval) {
      const c = civilFromDays(z);
      if (passes(z, c.y, c.m, c.d)) emitDay(z);
      endPeriod();
      if (++steps > MAX_STEPS) throw tooDense(freq);
    }
  } else if (freq === 'WEEKLY') {
    let ws = startDay - ((weekday(startDay) - rule.wkst + 7) % 7);
    const step = 7 * interval;
    if (skipDay !== undefined && skipDay - 7 > ws) ws += Math.floor((skipDay - 7 - ws) / step) * step;
    for (; ws * DAY <= limit && !stopped; ws += step) {
      for (let z = ws; z < ws + 7; z++) {
        const c = civilFromDays(z);
        if (passes(z, c.y, c.m, c.d)) emitDay(z);
      }
      endPeriod();
      if (++steps > MAX_STEPS) throw tooDense(freq);
    }
  } else if (freq === 'MONTHLY') {
    let mi = s.y * 12 + (s.m - 1);
    if (skipDay !== undefined) {
      const k = civilFromDays(skipDay);
      const target = k.y * 12 + (k.m - 1) - 1;
      if (target > mi) mi += Math.floor((target - mi) / interval) * interval;
    }
    for (; ; mi += interval) {
      const y = Math.floor(mi / 12);
      const m = (mi % 12) + 1;
      const first = daysFromCivil(y, m, 1);
      if (first * DAY > limit || stopped) break;
      if (!byMonth || byMonth.includes(m)) {
        const dim = daysInMonth(y, m);
        for (let d = 1; d <= dim; d++) if (passes(first + d - 1, y, m, d)) emitDay(first + d - 1);
      }
      endPeriod();
      if (++steps > MAX_STEPS) throw tooDense(freq);
    }
  } else {
    let y = s.y;
    if (skipDay !== undefined) {
      const target = civilFromDays(skipDay).y - 1;
      if (target > y) y += Math.floor((target - y) / interval) * interval;
    }
    const months = byMonth
      ? [...new Set(byMonth)].sort((a, b) => a - b)
      : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (; daysFromCivil(y, 1, 1) * DAY <= limit && !stopped; y += interval) {
      for (const m of months) {
        const first = daysFromCivil(y, m, 1);
        const dim = daysInMonth(y, m);
        for (let d = 1; d <= dim; d++) if (passes(first + d - 1, y, m, d)) emitDay(first + d - 1);
      }
      endPeriod();
      if (++steps > MAX_STEPS) throw tooDense(freq);
    }
  }
}

function tooDense(freq: Freq): ValueError {
  return new ValueError(
    `the FREQ=${freq} rule would need too many steps (more than ${MAX_STEPS.toLocaleString('en-US')} times to look at) to reach the end of the requested period`,
  );
}

function timesOfDay(hours: number[], minutes: number[], seconds: number[]): number[] {
  const out = new Set<number>();
  for (const h of hours)
    for (const m of minutes) for (const sec of seconds) out.add(h * HOUR + m * MINUTE + sec * 1000);
  return [...out].sort((a, b) => a - b);
}

type DayPredicate = (z: number, y: number, m: number, d: number) => boolean;

function subDaily(
  rule: RRule,
  freq: 'HOURLY' | 'MINUTELY' | 'SECONDLY',
  opts: CandidateOptions,
  s: { sh: number; sm: number; ss: number },
  passes: DayPredicate,
  emit: (wall: number) => void,
  endPeriod: () => void,
  stopped: () => boolean,
  /** Counts a period; true when the rule has used up its steps. */
  step: () => boolean,
): void {
  const unit = freq === 'HOURLY' ? HOUR : freq === 'MINUTELY' ? MINUTE : 1000;
  const stepMs = unit * rule.interval;
  let p = Math.floor(opts.start / unit) * unit;
  if (opts.skipBefore !== undefined && opts.skipBefore - DAY > p) {
    p += Math.floor((opts.skipBefore - DAY - p) / stepMs) * stepMs;
  }
  const hours = rule.byHour ? new Set(rule.byHour) : undefined;
  const minutesSet = rule.byMinute ? new Set(rule.byMinute) : undefined;
  const secondsSet = rule.bySecond ? new Set(rule.bySecond) : undefined;
  // Finer parts than the frequency expand the period; coarser ones limit it.
  const minutes = freq === 'HOURLY' ? (rule.byMinute ?? [s.sm]) : [0];
  const seconds = freq === 'SECONDLY' ? [0] : (rule.bySecond ?? [s.ss]);
  const within = timesOfDay([0], minutes, seconds);
  let day = Number.NaN;
  let dayOk = false;
  for (; p <= opts.limit && !stopped(); p += stepMs) {
    if (step()) throw tooDense(freq);
    const z = dayOfWall(p);
    if (z !== day) {
      day = z;
      const c = civilFromDays(z);
      dayOk = passes(z, c.y, c.m, c.d);
    }
    if (!dayOk) continue;
    const tod = p - z * DAY;
    if (hours && !hours.has(Math.floor(tod / HOUR))) continue;
    if (freq !== 'HOURLY' && minutesSet && !minutesSet.has(Math.floor((tod % HOUR) / MINUTE))) continue;
    if (freq === 'SECONDLY' && secondsSet && !secondsSet.has(Math.floor((tod % MINUTE) / 1000))) continue;
    for (const t of within) emit(p + t);
    endPeriod();
  }
}

/** A day passes when it satisfies every BYMONTH/BYWEEKNO/BYYEARDAY/BYMONTHDAY/BYDAY part given. */
function dayFilter(
  rule: RRule,
  freq: Freq,
  byMonth: number[] | undefined,
  byMonthDay: number[] | undefined,
  byDay: RRule['byDay'],
): DayPredicate {
  const months = byMonth ? flags(byMonth, 13) : undefined;
  const mdPos = byMonthDay
    ? flags(
        byMonthDay.filter((n) => n > 0),
        32,
      )
    : undefined;
  const mdNeg = byMonthDay
    ? flags(
        byMonthDay.filter((n) => n < 0).map((n) => -n),
        32,
      )
    : undefined;
  const ydPos = rule.byYearDay
    ? flags(
        rule.byYearDay.filter((n) => n > 0),
        367,
      )
    : undefined;
  const ydNeg = rule.byYearDay
    ? flags(
        rule.byYearDay.filter((n) => n < 0).map((n) => -n),
        367,
      )
    : undefined;
  const wnPos = rule.byWeekNo
    ? flags(
        rule.byWeekNo.filter((n) => n > 0),
        54,
      )
    : undefined;
  const wnNeg = rule.byWeekNo
    ? flags(
        rule.byWeekNo.filter((n) => n < 0).map((n) => -n),
        54,
      )
    : undefined;
  // An ordinal (2TU, -1FR) counts within the month for MONTHLY rules and YEARLY rules with
  // BYMONTH, within the year for other YEARLY rules (§3.3.10), and means nothing otherwise.
  const scope =
    freq === 'MONTHLY' || (freq === 'YEARLY' && rule.byMonth) ? 'month' : freq === 'YEARLY' ? 'year' : 'none';
  const plain = byDay
    ? flags(
        byDay.filter((b) => b.n === 0 || scope === 'none').map((b) => b.wd),
        7,
      )
    : undefined;
  const ordinals = byDay && scope !== 'none' ? byDay.filter((b) => b.n !== 0) : [];
  const week1 = new Map<number, number>();
  const week1Start = (y: number): number => {
    let w = week1.get(y);
    if (w === undefined) {
      // Week 1 is the first week with at least four days in the year (§3.3.10, after ISO 8601).
      const jan1 = daysFromCivil(y, 1, 1);
      const off = (weekday(jan1) - rule.wkst + 7) % 7;
      w = off <= 3 ? jan1 - off : jan1 - off + 7;
      week1.set(y, w);
    }
    return w;
  };

  return (z, y, m, d) => {
    if (months && !months[m]) return false;
    if (mdPos && mdNeg) {
      if (!mdPos[d] && !mdNeg[daysInMonth(y, m) - d + 1]) return false;
    }
    if (ydPos && ydNeg) {
      const yd = z - daysFromCivil(y, 1, 1) + 1;
      if (!ydPos[yd] && !ydNeg[daysInYear(y) - yd + 1]) return false;
    }
    if (wnPos && wnNeg) {
      let wy = y;
      let ws = week1Start(y);
      if (z < ws) ws = week1Start(--wy);
      else if (z >= week1Start(y + 1)) ws = week1Start(++wy);
      const no = Math.floor((z - ws) / 7) + 1;
      const total = (week1Start(wy + 1) - ws) / 7;
      if (!wnPos[no] && !wnNeg[total - no + 1]) return false;
    }
    if (plain) {
      const wd = weekday(z);
      if (plain[wd]) return true;
      for (const o of ordinals) {
        if (o.wd !== wd) continue;
        let pos: number;
        let neg: number;
        if (scope === 'month') {
          pos = Math.floor((d - 1) / 7) + 1;
          neg = -(Math.floor((daysInMonth(y, m) - d) / 7) + 1);
        } else {
          const yd = z - daysFromCivil(y, 1, 1) + 1;
          pos = Math.floor((yd - 1) / 7) + 1;
          neg = -(Math.floor((daysInYear(y) - yd) / 7) + 1);
        }
        if (o.n === pos || o.n === neg) return true;
      }
      return false;
    }
    return true;
  };
}

function flags(values: number[], size: number): boolean[] {
  const out = new Array<boolean>(size).fill(false);
  for (const v of values) if (v >= 0 && v < size) out[v] = true;
  return out;
}
