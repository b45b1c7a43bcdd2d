import { elapsedText } from '../../../src/domain/present/timer.js';
import { daysBetween, weekday } from './dates.js';

/**
 * Numbers and dates as the UI writes them: short, plain, the same on every page. A number and
 * its unit are joined by a no-break space, so `3.5 h` never breaks across two lines.
 */

const NB = '\u00a0';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** 45 → `45 min`, 90 → `1 h 30 min`, 120 → `2 h`. */
export function duration(minutes: number): string {
  return elapsedText(minutes, NB);
}

/** Minutes as hours with at most one decimal: 390 → `6.5 h`, 0 → `0 h`. */
export function hours(minutes: number): string {
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${Number.isInteger(h) ? h : h.toFixed(1)}${NB}h`;
}

/** A change in minutes as hours with a sign, for "compared with last week". */
export function hoursChange(minutes: number): string {
  const h = Math.round((minutes / 60) * 10) / 10;
  if (h === 0) return 'no change';
  const abs = Math.abs(h);
  return `${h > 0 ? '+' : '−'}${Number.isInteger(abs) ? abs : abs.toFixed(1)}${NB}h`;
}

function parts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}

/** `2026-11-25` → `Wed 25 Nov`. */
export function shortDate(date: string): string {
  const { m, d } = parts(date);
  return `${DAYS[weekday(date) - 1]} ${d} ${MONTHS[m - 1]}`;
}

/** `2026-11-25` → `25 Nov 2026`. */
export function fullDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A week as `23–29 Nov 2026`, or `30 Nov – 6 Dec 2026` across months. */
export function weekRange(start: string, end: string): string {
  const a = parts(start);
  const b = parts(end);
  if (a.y !== b.y) return `${fullDate(start)} – ${fullDate(end)}`;
  if (a.m !== b.m) return `${a.d} ${MONTHS[a.m - 1]} – ${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
  return `${a.d}–${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
}

/** A date seen from today: `today`, `tomorrow`, `in 3 days`, `2 days ago`, else the date. */
export function relativeDay(date: string, today: string): string {
  const n = daysBetween(today, date);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  if (n > 1 && n < 7) return `in ${n} days`;
  if (n < -1 && n > -7) return `${-n} days ago`;
  return shortDate(date);
}

/** How long something has lasted, in the largest unit that reads naturally. */
export function age(days: number): string {
  if (days < 1) return 'less than a day';
  if (days < 14) return plural(days, 'day');
  if (days < 61) return plural(Math.floor(days / 7), 'week');
  return plural(Math.floor(days / 30), 'month');
}

/** An instant in the leader's zone, e.g. `25 Nov 2026, 14:05`. */
export function dateTime(instant: string, tz: string): string {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(new Date(instant));
}

/** An instant as the day it was in the leader's zone, e.g. `3 Dec`. */
export function dayMonth(instant: string, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short' }).format(
    new Date(instant),
  );
}

/** `engineering-manager` → `Engineering manager`. */
export function humanId(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A file size: `812 bytes`, `14 KB`, `5.3 MB`. */
export function bytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  if (n < 1024 * 1024) return `${Math.round(n / 1024)}${NB}KB`;
  const mb = n / 1024 / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)}${NB}MB`;
}
