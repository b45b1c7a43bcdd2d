import { attendeeWords, compare, samePerson, words } from '../insight/flags/context.js';
import type { ModelEvent } from '../insight/insight-types.js';
import { addDays, dayDifference, daysBetween, localDate } from '../time.js';
import type { Commitment, Instant, LocalDate, Person } from '../types.js';

/**
 * Where each person the leader holds 1:1s with stands, from the calendar's 1:1 events and the
 * commitments: the last 1:1 held, the next one planned, the ones declined or cancelled lately, the
 * commitments still open to them, and whether a 1:1 is overdue for their cadence. Pure: the people
 * page, `handson people` and the "Overdue for a 1:1" flag all read this one computation.
 *
 * Null, not zero: a 1:1 is overdue only when a calendar covers every day of the cadence and none
 * was held in it. Without that evidence the answer is `null` (unknown), never "overdue" nor "fine".
 */

/** Declined and cancelled 1:1s are counted over this many weeks up to today. */
export const MISSED_WEEKS = 4;

export interface PeopleInput {
  today: LocalDate;
  /** Now: a 1:1 that has started by now was held (unless declined or cancelled); a later one is next. */
  now: Instant;
  tz: string;
  /** The leader's own addresses: never a candidate, never "the other attendee". */
  ownEmails: readonly string[];
  people: readonly Person[];
  /** Classified calendar events over the days looked at (only 1:1s are read). */
  events: readonly ModelEvent[];
  commitments: readonly Commitment[];
  /** A calendar covers the day: its 1:1s, and their absence, say something. */
  covered(date: LocalDate): boolean;
}

/** One 1:1, from the calendar (`event`: its key) or from a commitment (`commitment`: its id). */
export interface OneOnOneRef {
  source: 'event' | 'commitment';
  id: string;
  title: string;
  /** The leader's local day; absent for an open commitment with no due date. */
  date?: LocalDate;
}

export interface MissedOneOnOne extends OneOnOneRef {
  how: 'declined' | 'cancelled';
}

export interface PersonStatus {
  person: Person;
  /** The latest 1:1 held (started by now, not declined nor cancelled); null when none is known. */
  last: OneOnOneRef | null;
  /** The next 1:1 planned: a future calendar event or an open 1:1 commitment, earliest first. */
  next: OneOnOneRef | null;
  /** Declined or cancelled 1:1s in the last `MISSED_WEEKS` weeks, oldest first. */
  missed: MissedOneOnOne[];
  /** Open commitments that name them, by due date (none last). */
  open: Commitment[];
  /** Days from the last 1:1 to today; null when no 1:1 is known. */
  daysSince: number | null;
  /**
   * True: the calendar covers every day of the cadence up to today and no 1:1 was held in it.
   * False: a 1:1 was held within the cadence. Null: not known (no calendar for those days).
   */
  overdue: boolean | null;
}

/** Someone seen as the other attendee of 1:1 events who is not among the people yet. */
export interface PersonCandidate {
  /** The attendee's common name, else one made from their address (`priya.sharma@` → `Priya Sharma`). */
  name: string;
  email: string;
  /** How many 1:1 events they were the other attendee of, and the latest one's day. */
  oneOnOnes: number;
  lastSeen: LocalDate;
}

interface Seen {
  e: ModelEvent;
  date: LocalDate;
  /** Lower-cased addresses of the attendees who are not the leader. */
  others: string[];
  /** Their words (address and name), and the title's: who the event may be with. */
  names: string[][];
}

function oneOnOnes(input: PeopleInput): Seen[] {
  const own = input.ownEmails.map((e) => e.trim().toLowerCase());
  return input.events
    .filter((e) => e.category === 'one-on-one')
    .map((e) => {
      const others = e.attendees
        .map((a) => a.trim().toLowerCase())
        .filter((a) => a !== '' && !own.includes(a));
      const names = e.attendees
        .map((a, i) => {
          const w = attendeeWords(a, own);
          const name = e.attendeeNames?.[i];
          return w === undefined ? undefined : [...w, ...(name ? words(name) : [])];
        })
        .filter((w) => w !== undefined);
      return { e, date: localDate(e.start, input.tz), others, names: [...names, words(e.title)] };
    })
    .sort((a, b) => compare(a.e.start, b.e.start) || compare(a.e.key, b.e.key));
}

/** With this person: their address among the attendees, else their name in an attendee's or the title. */
function isWith(seen: Seen, person: Person): boolean {
  if (person.email !== undefined && seen.others.includes(person.email)) return true;
  const who = words(person.name);
  return seen.names.some((n) => samePerson(who, n));
}

function names(c: Commitment, person: Person): boolean {
  const who = words(person.name);
  // A 1:1 commitment without a person is named by its title ("1:1 with Priya").
  const theirs = c.person ?? (c.kind === 'one-on-one' ? c.title : undefined);
  return theirs !== undefined && samePerson(who, words(theirs));
}

const byDate = (a: OneOnOneRef, b: OneOnOneRef) =>
  compare(a.date ?? '9999-99-99', b.date ?? '9999-99-99') || compare(a.id, b.id);

export function personStatus(input: PeopleInput, person: Person, seen = oneOnOnes(input)): PersonStatus {
  const { today, now } = input;
  const theirs = seen.filter((s) => isWith(s, person));
  const ref = (s: Seen): OneOnOneRef => ({ source: 'event', id: s.e.key, title: s.e.title, date: s.date });
  const calledOff = (s: Seen) => s.e.declined || s.e.cancelled;
  const started = (s: Seen) => s.e.start <= now && s.date <= today;

  const commitments = input.commitments.filter((c) => names(c, person));
  const oneOnOneCommitments = commitments.filter((c) => c.kind === 'one-on-one');
  const localDay = (at: Instant) => localDate(at, input.tz);
  const cref = (c: Commitment, date?: LocalDate): OneOnOneRef => ({
    source: 'commitment',
    id: c.id,
    title: c.title,
    ...(date === undefined ? {} : { date }),
  });

  const held: OneOnOneRef[] = [
    ...theirs.filter((s) => started(s) && !calledOff(s)).map(ref),
    ...oneOnOneCommitments
      .filter((c) => c.status === 'done' && c.closedAt !== undefined && localDay(c.closedAt) <= today)
      .map((c) => cref(c, localDay(c.closedAt!))),
  ].sort(byDate);
  const last = held[held.length - 1] ?? null;

  const planned: OneOnOneRef[] = [
    ...theirs.filter((s) => !started(s) && !calledOff(s)).map(ref),
    ...oneOnOneCommitments.filter((c) => c.status === 'open').map((c) => cref(c, c.due)),
  ].sort(byDate);
  const next = planned[0] ?? null;

  const since = addDays(today, -7 * MISSED_WEEKS + 1);
  const missed: MissedOneOnOne[] = [
    ...theirs
      .filter((s) => calledOff(s) && s.date >= since && s.date <= today)
      .map((s) => ({ ...ref(s), how: s.e.declined ? ('declined' as const) : ('cancelled' as const) })),
    ...oneOnOneCommitments
      .filter((c) => c.status === 'cancelled' && c.closedAt !== undefined)
      .map((c) => ({ ...cref(c, localDay(c.closedAt!)), how: 'cancelled' as const }))
      .filter((m) => m.date! >= since && m.date! <= today),
  ].sort(byDate);

  const daysSince = last?.date === undefined ? null : dayDifference(last.date, today);
  return {
    person,
    last,
    next,
    missed,
    open: commitments.filter((c) => c.status === 'open'),
    daysSince,
    overdue: overdue(input, person, daysSince),
  };
}

/**
 * Overdue when no 1:1 was held in the `oneOnOneEvery` days before today and a calendar covers each
 * of those days and today; held within them: not overdue; otherwise unknown. A 1:1 exactly one
 * cadence ago (last Tuesday, weekly) is on time.
 */
function overdue(input: PeopleInput, person: Person, daysSince: number | null): boolean | null {
  if (daysSince !== null && daysSince <= person.oneOnOneEvery) return false;
  const window = daysBetween(addDays(input.today, -person.oneOnOneEvery), input.today);
  return window.every((d) => input.covered(d)) ? true : null;
}

/** Every person's status, in the order of `people`. */
export function peopleStatus(input: PeopleInput): PersonStatus[] {
  const seen = oneOnOnes(input);
  return input.people.map((p) => personStatus(input, p, seen));
}

/**
 * The other attendee of each 1:1 event (one with exactly one attendee besides the leader), when no
 * person already has their address or, lacking an address, their name. Most 1:1s first, then by name.
 */
export function personCandidates(input: PeopleInput): PersonCandidate[] {
  const found = new Map<string, PersonCandidate>();
  for (const s of oneOnOnes(input)) {
    if (s.others.length !== 1) continue;
    const email = s.others[0]!;
    const i = s.e.attendees.findIndex((a) => a.trim().toLowerCase() === email);
    const named = s.e.attendeeNames?.[i]?.trim();
    const before = found.get(email);
    found.set(email, {
      email,
      name: named || before?.name || nameFromAddress(email),
      oneOnOnes: (before?.oneOnOnes ?? 0) + 1,
      lastSeen: before && before.lastSeen > s.date ? before.lastSeen : s.date,
    });
  }
  const known = (c: PersonCandidate) =>
    input.people.some((p) =>
      p.email !== undefined ? p.email === c.email : samePerson(words(p.name), words(c.name)),
    );
  return [...found.values()]
    .filter((c) => !known(c))
    .sort((a, b) => b.oneOnOnes - a.oneOnOnes || compare(a.name, b.name) || compare(a.email, b.email));
}

/** `priya.sharma@acme.com` → `Priya Sharma`: a start the leader can correct. */
export function nameFromAddress(email: string): string {
  const local = email.includes('@') ? email.slice(0, email.indexOf('@')) : email;
  const parts = local.split(/[._\-+]+/).filter((w) => w !== '');
  const name = parts.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return name || email;
}
