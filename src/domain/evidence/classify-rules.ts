import type { EventCategory, TimeClass } from './evidence.js';

/**
 * Calendar classification as data: the conditions a rule may test, what they mean, and the
 * default rule table. `classify.ts` is only the interpreter. Everything here is plain JSON, so a
 * user's rules file (src/app/rules/rules-file.ts) uses exactly the same shapes.
 */

// ---------------------------------------------------------------- conditions

/**
 * What a rule tests. Every condition given must hold; a rule with no conditions matches every
 * event. Title words are matched as described in TITLE_MATCHING.
 */
export interface ClassifyConditions {
  /** The title contains at least one of these words or phrases. */
  titleAny?: string[];
  /** The title contains none of these words or phrases (the exceptions to `titleAny`). */
  titleNone?: string[];
  /** The title matches this JavaScript regular expression, ignoring case. */
  titleRegex?: string;
  /** At least this many people take part, the leader included. */
  attendeesMin?: number;
  /** At most this many people take part, the leader included. */
  attendeesMax?: number;
  recurring?: boolean;
  allDay?: boolean;
  /** Someone taking part has an address outside the internal domains. */
  externalAttendees?: boolean;
  /** The event comes from one of these calendars (the names given at import; case ignored). */
  calendar?: string[];
  /** The leader organised it (an event without an organizer is the leader's own). */
  organizerIsMe?: boolean;
  /**
   * Exactly one occurrence: the event with this uid that starts at this instant. A leader's
   * "reclassify this event only" writes it, so one instance of a weekly meeting can differ.
   */
  occurrence?: OccurrenceKey;
}

/** One occurrence of a calendar event: its uid (shared by every instance of a series) and its start. */
export interface OccurrenceKey {
  uid: string;
  /** An ISO instant; compared as an instant, so `…T09:00:00Z` and `…T09:00:00.000Z` are the same. */
  start: string;
}

export type ConditionName = keyof ClassifyConditions;

export interface ClassifyRule {
  /** Short, stable kebab-case: each classified event records the id of the rule that matched. */
  id: string;
  when: ClassifyConditions;
  category: EventCategory;
  class: TimeClass;
}

/** What each condition means, for the rules file's help and `handson rules show`. */
export const CONDITION_HELP: Record<ConditionName, string> = {
  titleAny: 'a list of words or phrases; the title must contain at least one of them',
  titleNone: 'a list of words or phrases; the title must contain none of them',
  titleRegex: 'a JavaScript regular expression the title must match (case is ignored)',
  attendeesMin: 'the fewest people taking part, you included (an event without guests has 1)',
  attendeesMax: 'the most people taking part, you included',
  recurring: 'true for repeating events, false for one-off ones',
  allDay: 'true for all-day events, false for events with a start and end time',
  externalAttendees: 'true when someone taking part is outside your internal domains',
  calendar: 'a list of calendar names (as given at import); the event must come from one of them',
  organizerIsMe: 'true when you organised the event (events without an organizer are yours)',
  occurrence:
    'one event only: { "uid": its calendar uid, "start": its start as an ISO instant } (what "this event only" writes)',
};

export const CONDITION_NAMES = Object.keys(CONDITION_HELP) as ConditionName[];

/** How `titleAny`/`titleNone` match, in words a user reads in the rules file and in `rules show`. */
export const TITLE_MATCHING =
  'Words and phrases match whole words, ignoring case, with an optional plural "s" or "es": "focus" ' +
  'matches "Focus time" and "FOCUS: roadmap" but not "Refocusing"; "review" matches "Reviews". Between ' +
  'the words of a phrase, spaces, hyphens and underscores are interchangeable: "stand up" matches "Stand-up".';

/** The class a category usually belongs to; a user rule that names only a category gets this class. */
export const USUAL_CLASS: Record<EventCategory, TimeClass> = {
  'one-on-one': 'leadership',
  'team-meeting': 'leadership',
  interview: 'leadership',
  external: 'leadership',
  focus: 'ic',
  personal: 'other',
  other: 'other',
};

// ---------------------------------------------------------------- the default table

/** Talks over lunch: team events, whatever "lunch" suggests. */
const LUNCH_TALKS = ['lunch & learn', 'lunch and learn', 'lunch&learn', 'lunch n learn', 'brown bag'];

const ONE_ON_ONE_WORDS = [
  '1:1',
  '1-1',
  '1on1',
  '1 on 1',
  '1x1',
  'one on one',
  'one to one',
  'o3',
  'skip level',
];

/**
 * Tried in order; the first rule that matches decides. The order carries meaning: an all-day
 * event or a dentist appointment is personal whoever is invited; a focus block stays focus even
 * when its title names a meeting ("Focus: roadmap review"); hiring beats "external" because
 * candidates write from outside addresses; a titled 1:1 beats "external" and "team" too.
 * `titleNone` holds the exceptions found in real calendars, so that the table stays readable.
 */
export const DEFAULT_CLASSIFY_RULES: readonly ClassifyRule[] = [
  {
    id: 'all-day',
    when: { allDay: true },
    category: 'personal',
    class: 'other',
  },
  {
    id: 'personal',
    when: {
      titleAny: [
        'lunch',
        'doctor',
        'dentist',
        'physio',
        'gym',
        'workout',
        'school run',
        'school pickup',
        'school pick up',
        'daycare',
        'vacation',
        'holiday',
        'ooo',
        'out of office',
        'pto',
        'day off',
        'sick',
        'haircut',
        'errand',
        'personal time',
        'personal appointment',
        'private',
      ],
      // A lunch talk is a team event, a lunch with a candidate is hiring, a lunch 1:1 is a 1:1.
      titleNone: [...LUNCH_TALKS, 'interview', 'candidate', ...ONE_ON_ONE_WORDS],
    },
    category: 'personal',
    class: 'other',
  },
  {
    id: 'focus',
    when: {
      titleAny: [
        'focus',
        'coding',
        'deep work',
        'maker time',
        'heads down',
        'no meeting',
        'do not book',
        'dnb',
        'ic time',
        'ic work',
        'code review',
        'pr review',
      ],
      // A coding interview is hiring; a focus group is research with other people.
      titleNone: ['interview', 'focus group'],
    },
    category: 'focus',
    class: 'ic',
  },
  {
    id: 'interview',
    when: {
      titleAny: [
        'interview',
        'phone screen',
        'tech screen',
        'technical screen',
        'onsite',
        'debrief',
        'hiring',
        'candidate',
        'recruiter',
      ],
      // An incident debrief is a team post-mortem, not a hiring debrief.
      titleNone: ['incident', 'postmortem', 'post mortem'],
    },
    category: 'interview',
    class: 'leadership',
  },
  {
    id: 'one-on-one-title',
    when: { titleAny: ONE_ON_ONE_WORDS },
    category: 'one-on-one',
    class: 'leadership',
  },
  {
    // The 1:1 nobody titled "1:1": a weekly "Sam / Dana" with the two of them only.
    id: 'one-on-one-pair',
    when: { attendeesMin: 2, attendeesMax: 2, recurring: true, externalAttendees: false },
    category: 'one-on-one',
    class: 'leadership',
  },
  {
    id: 'external',
    when: { externalAttendees: true },
    category: 'external',
    class: 'leadership',
  },
  {
    id: 'team-ritual',
    when: {
      titleAny: [
        'standup',
        'stand up',
        'daily',
        'scrum',
        'retro',
        'retrospective',
        'planning',
        'refinement',
        'grooming',
        'sync',
        'all hands',
        'town hall',
        'demo',
        'review',
        'kickoff',
        'kick off',
        'postmortem',
        'post mortem',
        // Reached only by debriefs the interview rule let through (incidents, post-mortems).
        'debrief',
        ...LUNCH_TALKS,
        'tech talk',
        'team meeting',
        'staff meeting',
      ],
    },
    category: 'team-meeting',
    class: 'leadership',
  },
  {
    id: 'team-size',
    when: { attendeesMin: 3, externalAttendees: false },
    category: 'team-meeting',
    class: 'leadership',
  },
  {
    id: 'other',
    when: {},
    category: 'other',
    class: 'other',
  },
];

export const DEFAULT_RULE_IDS: readonly string[] = DEFAULT_CLASSIFY_RULES.map((r) => r.id);
