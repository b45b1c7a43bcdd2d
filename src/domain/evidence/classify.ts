import { AppError } from '../../errors.js';
import {
  type ClassifyConditions,
  type ClassifyRule,
  type ConditionName,
  DEFAULT_CLASSIFY_RULES,
} from './classify-rules.js';
import type { CalendarOccurrence, EventCategory, TimeClass } from './evidence.js';

/**
 * The interpreter for the rule table in classify-rules.ts: the first rule whose conditions all
 * hold decides an event's category and class. Same event, same context, same rules → same result.
 */

export interface ClassifyContext {
  /** The leader's addresses: they make the leader one person however many of them are invited. */
  emails: readonly string[];
  /**
   * Addresses on these domains (and their subdomains) are colleagues. Default: the domains of the
   * leader's addresses, except public mail providers such as gmail.com, whose users are not
   * colleagues. With no internal domain at all nobody counts as external: we cannot tell.
   */
  internalDomains?: readonly string[] | undefined;
  /** The calendar the event came from, for the `calendar` condition. */
  calendar?: string | undefined;
}

/** Why an event that is kept does not count as time spent. */
export type NotCounted = 'cancelled' | 'declined' | 'free' | 'all-day';

export interface Classification {
  category: EventCategory;
  timeClass: TimeClass;
  /** The id of the rule that matched. */
  rule: string;
  /** False for events that take none of the leader's time; they are kept to show what was skipped. */
  counted: boolean;
  notCounted?: NotCounted;
}

export function classify(
  occurrence: CalendarOccurrence,
  context: ClassifyContext,
  rules: readonly ClassifyRule[] = DEFAULT_CLASSIFY_RULES,
): Classification {
  return classifyWith(occurrence, prepare(context), context.calendar, rules);
}

/** Classifies many events with one context; an event's own `calendar` field wins over the context's. */
export function classifyAll<T extends CalendarOccurrence & { calendar?: string | undefined }>(
  occurrences: readonly T[],
  context: ClassifyContext,
  rules: readonly ClassifyRule[] = DEFAULT_CLASSIFY_RULES,
): (T & Classification)[] {
  const prepared = prepare(context);
  return occurrences.map((o) => ({
    ...o,
    ...classifyWith(o, prepared, o.calendar ?? context.calendar, rules),
  }));
}

/** A user's rules come first, so they can override any default; the defaults end with a catch-all. */
export function withDefaultRules(userRules: readonly ClassifyRule[]): ClassifyRule[] {
  return [...userRules, ...DEFAULT_CLASSIFY_RULES];
}

/** When no rule matches (a table without a catch-all), the event is `other`. */
const NO_RULE = 'none';

function classifyWith(
  occurrence: CalendarOccurrence,
  prepared: Prepared,
  calendar: string | undefined,
  rules: readonly ClassifyRule[],
): Classification {
  const facts = factsOf(occurrence, prepared, calendar);
  const rule = rules.find((r) => matcherOf(r)(facts));
  const notCounted = notCountedBecause(occurrence);
  const result: Classification = {
    category: rule?.category ?? 'other',
    timeClass: rule?.class ?? 'other',
    rule: rule?.id ?? NO_RULE,
    counted: notCounted === undefined,
  };
  if (notCounted !== undefined) result.notCounted = notCounted;
  return result;
}

function notCountedBecause(o: CalendarOccurrence): NotCounted | undefined {
  if (o.cancelled) return 'cancelled';
  if (o.declined) return 'declined';
  if (o.transparent) return 'free';
  if (o.allDay) return 'all-day';
  return undefined;
}

// ---------------------------------------------------------------- facts

interface Prepared {
  me: Set<string>;
  internal: string[];
}

/** Domains anyone can get an address on: sharing one with the leader does not make a colleague. */
const PUBLIC_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'fastmail.com',
  'hey.com',
  'zoho.com',
  'yandex.com',
  'mail.com',
]);

/** Meeting rooms booked in Google Calendar are invited like people but are not people. */
const ROOM_DOMAINS = ['resource.calendar.google.com'];

function normaliseEmail(address: string): string {
  return address
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

function onDomain(domain: string, domains: readonly string[]): boolean {
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function prepare(context: ClassifyContext): Prepared {
  const me = new Set(context.emails.map(normaliseEmail).filter((e) => e !== ''));
  const internal =
    context.internalDomains !== undefined
      ? context.internalDomains.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      : [...new Set([...me].map(domainOf))].filter((d) => d !== '' && !PUBLIC_MAIL.has(d));
  return { me, internal };
}

interface Facts {
  title: string;
  people: number;
  external: boolean;
  recurring: boolean;
  allDay: boolean;
  calendar: string | undefined;
  organizerIsMe: boolean;
  uid: string;
  /** The start as epoch milliseconds, for the `occurrence` condition. */
  start: number;
}

function factsOf(o: CalendarOccurrence, prepared: Prepared, calendar: string | undefined): Facts {
  const others = new Set<string>();
  const addresses = o.attendees.map((a) => a.email);
  if (o.organizer !== undefined) addresses.push(o.organizer);
  for (const raw of addresses) {
    const email = normaliseEmail(raw);
    if (email === '' || prepared.me.has(email) || onDomain(domainOf(email), ROOM_DOMAINS)) continue;
    others.add(email);
  }
  const external =
    prepared.internal.length > 0 && [...others].some((e) => !onDomain(domainOf(e), prepared.internal));
  return {
    title: o.title,
    // The leader is always there, invited or not: an event without guests is the leader alone.
    people: others.size + 1,
    external,
    recurring: o.recurring,
    allDay: o.allDay,
    calendar: calendar?.trim().toLowerCase(),
    // ICS events without an organizer are the ones the calendar's owner made for themselves.
    organizerIsMe: o.organizer === undefined || prepared.me.has(normaliseEmail(o.organizer)),
    uid: o.uid,
    start: Date.parse(o.start),
  };
}

// ---------------------------------------------------------------- conditions

type Matcher = (facts: Facts) => boolean;

/** Compiled once per rule object, so classifying a year of events builds each regex once. */
const matchers = new WeakMap<ClassifyRule, Matcher>();

function matcherOf(rule: ClassifyRule): Matcher {
  let m = matchers.get(rule);
  if (m === undefined) {
    m = compile(rule);
    matchers.set(rule, m);
  }
  return m;
}

function compile(rule: ClassifyRule): Matcher {
  const w = rule.when;
  const tests: Matcher[] = [];
  if (w.titleAny !== undefined) {
    const re = keywordRegex(w.titleAny);
    tests.push((f) => re?.test(f.title) === true);
  }
  if (w.titleNone !== undefined) {
    const re = keywordRegex(w.titleNone);
    tests.push((f) => re === undefined || !re.test(f.title));
  }
  if (w.titleRegex !== undefined) {
    const problem = titleRegexProblem(w.titleRegex);
    if (problem !== undefined) {
      throw new AppError(
        'invalid',
        `Classification rule "${rule.id}": titleRegex is not a valid regular expression (${problem}).`,
      );
    }
    const re = new RegExp(w.titleRegex, TITLE_REGEX_FLAGS);
    tests.push((f) => re.test(f.title));
  }
  const { attendeesMin: min, attendeesMax: max } = w;
  if (min !== undefined) tests.push((f) => f.people >= min);
  if (max !== undefined) tests.push((f) => f.people <= max);
  if (w.recurring !== undefined) tests.push((f) => f.recurring === w.recurring);
  if (w.allDay !== undefined) tests.push((f) => f.allDay === w.allDay);
  if (w.externalAttendees !== undefined) tests.push((f) => f.external === w.externalAttendees);
  if (w.organizerIsMe !== undefined) tests.push((f) => f.organizerIsMe === w.organizerIsMe);
  if (w.calendar !== undefined) {
    const names = new Set(w.calendar.map((c) => c.trim().toLowerCase()));
    tests.push((f) => f.calendar !== undefined && names.has(f.calendar));
  }
  if (w.occurrence !== undefined) {
    const { uid } = w.occurrence;
    const start = Date.parse(w.occurrence.start);
    tests.push((f) => f.uid === uid && f.start === start);
  }
  return (f) => tests.every((t) => t(f));
}

/**
 * Whole words, case ignored, an optional plural ending, and any run of spaces, hyphens or
 * underscores in a phrase matching any such run in the title (see TITLE_MATCHING). Word edges are
 * letters and digits in any script, so "1:1" is not found inside "11:15".
 */
function keywordRegex(words: readonly string[]): RegExp | undefined {
  const parts = words
    .map((w) => w.trim())
    .filter((w) => w !== '')
    .map((w) =>
      w
        .split(/[\s_-]+/)
        .map(escapeRegex)
        .join('[\\s_-]+'),
    );
  if (parts.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'iu');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Without the `u` flag, so the patterns people carry over from other tools (`\-`, `\/`) stay
 * valid; case is always ignored, as for words.
 */
const TITLE_REGEX_FLAGS = 'i';

/** Why `source` is not a usable title pattern, or undefined when it is. */
export function titleRegexProblem(source: string): string | undefined {
  try {
    new RegExp(source, TITLE_REGEX_FLAGS);
    return undefined;
  } catch (e) {
    // V8 says "Invalid regular expression: /(/i: Unterminated group": keep the last part.
    const message = (e as Error).message;
    return message.slice(message.lastIndexOf(': ') + 2).toLowerCase();
  }
}

// ---------------------------------------------------------------- explanation

export const CATEGORY_LABEL: Record<EventCategory, string> = {
  'one-on-one': '1:1',
  'team-meeting': 'team meeting',
  interview: 'interview',
  external: 'external meeting',
  focus: 'focus',
  personal: 'personal',
  other: 'other',
};

export const CLASS_LABEL: Record<TimeClass, string> = {
  leadership: 'leadership',
  ic: 'IC',
  other: 'other',
};

function quoteList(xs: readonly string[]): string {
  const quoted = xs.map((x) => `"${x}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** The conditions of a rule as one phrase: "the title has "lunch" and it repeats". */
export function describeWhen(when: ClassifyConditions): string {
  const parts: string[] = [];
  const has = (name: ConditionName) => when[name] !== undefined;
  if (when.titleAny !== undefined) parts.push(`the title has ${quoteList(when.titleAny)}`);
  if (when.titleNone !== undefined) parts.push(`the title has none of ${quoteList(when.titleNone)}`);
  if (when.titleRegex !== undefined) parts.push(`the title matches /${when.titleRegex}/`);
  const { attendeesMin: min, attendeesMax: max } = when;
  const people = (n: number) => (n === 1 ? '1 person takes part' : `${n} people take part`);
  if (min !== undefined && max !== undefined) {
    parts.push(min === max ? `exactly ${people(min)}` : `${min} to ${max} people take part`);
  } else if (min !== undefined) {
    parts.push(`${min} or more people take part`);
  } else if (max !== undefined) {
    parts.push(`at most ${people(max)}`);
  }
  if (has('recurring')) parts.push(when.recurring ? 'it repeats' : 'it does not repeat');
  if (has('allDay')) parts.push(when.allDay ? 'it lasts all day' : 'it has a start and end time');
  if (has('externalAttendees')) {
    parts.push(
      when.externalAttendees ? 'someone from outside takes part' : 'everyone taking part is a colleague',
    );
  }
  if (when.calendar !== undefined) parts.push(`it is on the calendar ${quoteList(when.calendar)}`);
  if (has('organizerIsMe')) parts.push(when.organizerIsMe ? 'you organised it' : 'someone else organised it');
  if (when.occurrence !== undefined) {
    parts.push(`it is the one event "${when.occurrence.uid}" starting ${when.occurrence.start}`);
  }
  return parts.length === 0 ? 'any event' : parts.join(', and ');
}

/** A rule whose conditions cannot fail: every rule after it is never tried. */
export function matchesEverything(rule: ClassifyRule): boolean {
  return Object.values(rule.when).every((v) => v === undefined);
}
