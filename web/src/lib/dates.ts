/**
 * Calendar arithmetic on the leader's local dates (`YYYY-MM-DD`). The server decides what "today"
 * is (in the profile's time zone, and under a fixed clock in tests); the UI only moves from there,
 * so everything here works on dates as UTC midnights and never asks the browser's clock or zone.
 */

import { DATE_RANGE } from '../../../src/domain/date-range.js';

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === text;
}

/** A date Hands-on accepts (DATE_RANGE): the server refuses any other. */
export function isAcceptedDate(text: string): boolean {
  return isLocalDate(text) && text >= DATE_RANGE.first && text <= DATE_RANGE.last;
}

function toTime(date: string): number {
  if (!isLocalDate(date)) throw new Error(`not a date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

// The day after 9999-12-31 would be "+010000-01", which sorts before it.
const FIRST = Date.parse('0000-01-01T00:00:00Z');
const LAST = Date.parse('9999-12-31T00:00:00Z');

function fromTime(t: number): string {
  if (!(t >= FIRST && t <= LAST)) throw new RangeError('a date past year 9999 or before year 0000');
  return new Date(t).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromTime(toTime(date) + days * DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const d = new Date(toTime(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday and Sunday of the week holding `date` (weeks start on Monday, as the server's do). */
export function weekOf(date: string): { start: string; end: string } {
  const start = addDays(date, 1 - weekday(date));
  return { start, end: addDays(start, 6) };
}

/** The local date of an instant in a time zone, e.g. for "created on". */
export function dateInZone(instant: string, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
