import { dayLabel, quote } from '../insight/flags/context.js';
import type { OneOnOneRef, PersonStatus } from '../people/people.js';
import type { Person } from '../types.js';

/**
 * How a person's 1:1s are said, the same in `handson people`, the web app's People page and the
 * "Overdue for a 1:1" flag. Pure: the web app imports it too.
 */

/** `every week`, `every 2 weeks`, `every 10 days`. */
export function cadenceText(days: number): string {
  if (days === 7) return 'every week';
  if (days % 7 === 0) return `every ${days / 7} weeks`;
  return days === 1 ? 'every day' : `every ${days} days`;
}

export function relationText(relation: Person['relation']): string {
  return relation === 'report' ? 'direct report' : 'works with you';
}

/** `Thu 12 Nov, 8 days ago`, or what is known when no 1:1 is. */
export function lastText(s: PersonStatus): string {
  if (s.last?.date === undefined || s.daysSince === null) {
    return s.overdue === null ? 'unknown (no calendar for those days)' : 'none in your calendar';
  }
  const ago = s.daysSince === 0 ? 'today' : s.daysSince === 1 ? 'yesterday' : `${s.daysSince} days ago`;
  return `${dayLabel(s.last.date)}, ${ago}`;
}

/** `Tue 24 Nov "1:1 Priya"`, `"1:1 with Priya" (a commitment, no date)`, or `none planned`. */
export function nextText(next: OneOnOneRef | null): string {
  if (next === null) return 'none planned';
  const what = next.source === 'commitment' ? `${quote(next.title)} (a commitment)` : quote(next.title);
  return next.date === undefined ? `${what}, no date` : `${dayLabel(next.date)} ${what}`;
}

/** `overdue`, `on time`, or `unknown` — never a guess. */
export function overdueText(overdue: boolean | null): string {
  return overdue === null ? 'unknown' : overdue ? 'overdue' : 'on time';
}

/** The flag's sentence: who, since when, and the cadence the leader set. */
export function overdueSentence(s: PersonStatus): string {
  const every = cadenceText(s.person.oneOnOneEvery);
  if (s.last?.date === undefined || s.daysSince === null) {
    return `Your calendar shows no 1:1 with ${s.person.name}; you meant to meet ${every}.`;
  }
  return `Your last 1:1 with ${s.person.name} was on ${dayLabel(s.last.date)}, ${s.daysSince} days ago; you meant to meet ${every}.`;
}
