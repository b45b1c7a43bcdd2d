import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import {
  type Classification,
  type ClassifyContext,
  classify,
  classifyAll,
  describeWhen,
  withDefaultRules,
} from './classify.js';
import {
  type ClassifyConditions,
  type ClassifyRule,
  DEFAULT_CLASSIFY_RULES,
  DEFAULT_RULE_IDS,
} from './classify-rules.js';
import type { CalendarOccurrence, EventCategory, TimeClass } from './evidence.js';

// The leader, with a work and a personal address, and the people on their calendar.
const DANA = 'dana@northwind.io';
const DANA_HOME = 'dana.k@gmail.com';
const SAM = 'sam@northwind.io';
const PRIYA = 'priya@northwind.io';
const LEE = 'lee@eng.northwind.io'; // a colleague on a subdomain
const ANA = 'ana.lopez@northwind.io';
const JO = 'jo@contoso.com'; // a customer
const VENDOR = 'rep@acme-cloud.com';
const CANDIDATE = 'alex.chen.dev@gmail.com';
const PARTNER = 'kim.k@gmail.com';
const ROOM = 'c_1889aa@resource.calendar.google.com';
const ALL_STAFF = 'all@northwind.io';

const CTX: ClassifyContext = { emails: [DANA, DANA_HOME] };

interface EventOptions extends Partial<CalendarOccurrence> {
  /** Invited besides the leader; the leader is added as an attendee, as calendar servers do. */
  with?: string[];
}

function ev(title: string, { with: guests = [], ...rest }: EventOptions = {}): CalendarOccurrence {
  const attendees =
    guests.length === 0
      ? []
      : [DANA, ...guests].map((email) => ({ email, partstat: email === DANA ? 'ACCEPTED' : 'NEEDS-ACTION' }));
  return {
    uid: `${title}@test`,
    start: '2026-11-25T09:00:00.000Z',
    end: '2026-11-25T10:00:00.000Z',
    allDay: false,
    title,
    attendees,
    declined: false,
    cancelled: false,
    recurring: false,
    transparent: false,
    ...rest,
  };
}

type Expected = [EventCategory, TimeClass, string];

interface Row {
  name: string;
  event: CalendarOccurrence;
  expect: Expected;
  counted?: boolean;
}

const ROWS: Row[] = [
  // 1:1s
  {
    name: 'a weekly 1:1 without "1:1" in its title',
    event: ev('Sam / Dana', { with: [SAM], recurring: true, organizer: DANA }),
    expect: ['one-on-one', 'leadership', 'one-on-one-pair'],
  },
  {
    name: 'a 1:1 titled so',
    event: ev('Dana <> Priya 1:1', { with: [PRIYA], recurring: true }),
    expect: ['one-on-one', 'leadership', 'one-on-one-title'],
  },
  {
    name: 'a one-off 1-1',
    event: ev('1-1 Lee (career chat)', { with: [LEE] }),
    expect: ['one-on-one', 'leadership', 'one-on-one-title'],
  },
  {
    name: 'a skip-level',
    event: ev('Skip-level: Ana', { with: [ANA] }),
    expect: ['one-on-one', 'leadership', 'one-on-one-title'],
  },
  {
    name: 'a lunch 1:1 is a 1:1, not lunch',
    event: ev('Lunch 1:1 with Sam', { with: [SAM] }),
    expect: ['one-on-one', 'leadership', 'one-on-one-title'],
  },
  {
    name: 'a meeting room booked for a 1:1 is not a third person',
    event: ev('Ana / Dana', { with: [ANA, ROOM], recurring: true }),
    expect: ['one-on-one', 'leadership', 'one-on-one-pair'],
  },
  {
    name: 'both of the leader’s addresses invited still make one person',
    event: ev('Priya / Dana', { with: [PRIYA, DANA_HOME], recurring: true }),
    expect: ['one-on-one', 'leadership', 'one-on-one-pair'],
  },
  {
    name: 'an organizer missing from the attendee list still takes part',
    event: ev('Weekly catch-up', {
      attendees: [{ email: DANA, partstat: 'ACCEPTED' }],
      organizer: PRIYA,
      recurring: true,
    }),
    expect: ['one-on-one', 'leadership', 'one-on-one-pair'],
  },
  {
    name: 'a one-off coffee with one colleague is not a 1:1',
    event: ev('Coffee with Priya', { with: [PRIYA] }),
    expect: ['other', 'other', 'other'],
  },

  // external
  {
    name: 'a customer call, though its title says "review"',
    event: ev('Contoso quarterly business review', { with: [JO, SAM], organizer: JO }),
    expect: ['external', 'leadership', 'external'],
  },
  {
    name: 'a weekly call with one vendor is external, not a 1:1',
    event: ev('Acme Cloud check-in', { with: [VENDOR], recurring: true }),
    expect: ['external', 'leadership', 'external'],
  },
  {
    name: 'a focus group is research with customers, not a focus block',
    event: ev('Customer focus group: onboarding', { with: [JO, SAM] }),
    expect: ['external', 'leadership', 'external'],
  },

  // hiring
  {
    name: 'an interview loop with a candidate on a public mail address',
    event: ev('Onsite: Alex Chen – Senior Backend Engineer', { with: [CANDIDATE, SAM, PRIYA] }),
    expect: ['interview', 'leadership', 'interview'],
  },
  {
    name: 'a phone screen',
    event: ev('Phone Screen - Alex Chen', { with: [CANDIDATE] }),
    expect: ['interview', 'leadership', 'interview'],
  },
  {
    name: 'a hiring debrief among colleagues',
    event: ev('Debrief: Alex Chen', { with: [SAM, PRIYA, LEE] }),
    expect: ['interview', 'leadership', 'interview'],
  },
  {
    name: 'a coding interview is hiring, not coding',
    event: ev('Coding interview (pairing exercise)', { with: [CANDIDATE, SAM] }),
    expect: ['interview', 'leadership', 'interview'],
  },
  {
    name: 'a lunch with a candidate is hiring, not lunch',
    event: ev('Lunch with candidate', { with: [CANDIDATE, SAM] }),
    expect: ['interview', 'leadership', 'interview'],
  },
  {
    name: 'an incident debrief is a team post-mortem, not hiring',
    event: ev('Incident debrief: checkout outage', { with: [SAM, PRIYA, LEE] }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
  },

  // focus
  {
    name: '"Focus time" alone',
    event: ev('Focus time'),
    expect: ['focus', 'ic', 'focus'],
  },
  {
    name: 'a focus block about a review stays focus',
    event: ev('Focus: roadmap review'),
    expect: ['focus', 'ic', 'focus'],
  },
  {
    name: 'heads-down coding',
    event: ev('Heads-down: payments refactor', { recurring: true }),
    expect: ['focus', 'ic', 'focus'],
  },
  {
    name: 'a no-meetings block',
    event: ev('No meetings 🙏', { recurring: true }),
    expect: ['focus', 'ic', 'focus'],
  },
  {
    name: 'a deep-work block marked free is kept but not counted',
    event: ev('Deep work', { transparent: true }),
    expect: ['focus', 'ic', 'focus'],
    counted: false,
  },
  {
    name: '"Refocusing" is not a focus block',
    event: ev('Refocusing the Q3 roadmap', { with: [SAM, PRIYA] }),
    expect: ['team-meeting', 'leadership', 'team-size'],
  },

  // personal
  {
    name: 'lunch',
    event: ev('Lunch'),
    expect: ['personal', 'other', 'personal'],
  },
  {
    name: 'a dentist appointment',
    event: ev('Dentist (Dr. Ortiz)'),
    expect: ['personal', 'other', 'personal'],
  },
  {
    name: 'a school run shared with a partner on gmail is personal, not external',
    event: ev('School run', { with: [PARTNER], recurring: true }),
    expect: ['personal', 'other', 'personal'],
  },
  {
    name: 'out of office',
    event: ev('OOO – errands'),
    expect: ['personal', 'other', 'personal'],
  },
  {
    name: 'a Lunch & Learn is a team event, not lunch',
    event: ev('Lunch & Learn: intro to Rust', { with: [SAM, PRIYA, LEE, ANA] }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
  },

  // all-day
  {
    name: 'an all-day offsite is kept but not counted',
    event: ev('Eng leadership offsite', { allDay: true, with: [SAM, PRIYA, LEE] }),
    expect: ['personal', 'other', 'all-day'],
    counted: false,
  },

  // team
  {
    name: 'a 3-person internal meeting with no ritual in its title',
    event: ev('Checkout architecture', { with: [SAM, LEE] }),
    expect: ['team-meeting', 'leadership', 'team-size'],
  },
  {
    name: 'a 3-person internal sync',
    event: ev('Payments API sync', { with: [SAM, PRIYA] }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
  },
  {
    name: 'the daily stand-up',
    event: ev('Daily Stand-Up', { with: [SAM, PRIYA, LEE, ANA], recurring: true }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
  },
  {
    name: 'an all-hands sent to a list',
    event: ev('Q4 All-Hands', { with: [ALL_STAFF] }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
  },
  {
    name: 'a declined team meeting is kept but not counted',
    event: ev('Sprint planning', { with: [SAM, PRIYA, LEE], declined: true }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
    counted: false,
  },
  {
    name: 'a cancelled retro is kept but not counted',
    event: ev('Sprint retro', { with: [SAM, PRIYA, LEE], cancelled: true }),
    expect: ['team-meeting', 'leadership', 'team-ritual'],
    counted: false,
  },

  // nothing else applies
  {
    name: 'a solo event with no attendees',
    event: ev('Prepare board deck'),
    expect: ['other', 'other', 'other'],
  },
];

describe('classify with the default rules', () => {
  it.each(ROWS)('$name', ({ event, expect: [category, timeClass, rule], counted = true }) => {
    const result = classify(event, CTX);
    expect({ category: result.category, timeClass: result.timeClass, rule: result.rule }).toEqual({
      category,
      timeClass,
      rule,
    });
    expect(result.counted).toBe(counted);
  });

  it('has a row matched by every default rule', () => {
    const hit = new Set(ROWS.map((r) => classify(r.event, CTX).rule));
    expect(DEFAULT_RULE_IDS.filter((id) => !hit.has(id))).toEqual([]);
  });

  it('ends the default table with a rule that matches any event', () => {
    expect(DEFAULT_CLASSIFY_RULES.at(-1)).toMatchObject({ when: {}, category: 'other', class: 'other' });
  });
});

describe('what is counted as time spent', () => {
  const cases: [string, Partial<CalendarOccurrence>, Pick<Classification, 'counted' | 'notCounted'>][] = [
    ['an accepted meeting', {}, { counted: true }],
    ['a declined one', { declined: true }, { counted: false, notCounted: 'declined' }],
    ['a cancelled one', { cancelled: true }, { counted: false, notCounted: 'cancelled' }],
    ['one marked free', { transparent: true }, { counted: false, notCounted: 'free' }],
    ['an all-day one', { allDay: true }, { counted: false, notCounted: 'all-day' }],
    [
      'a cancelled one the leader had declined',
      { cancelled: true, declined: true },
      { counted: false, notCounted: 'cancelled' },
    ],
  ];
  it.each(cases)('%s', (_, fields, expected) => {
    const result = classify(ev('Architecture review', { with: [SAM, PRIYA], ...fields }), CTX);
    expect({ counted: result.counted, notCounted: result.notCounted }).toEqual({
      notCounted: undefined,
      ...expected,
    });
  });
});

describe('title words', () => {
  const probe = (words: string[]): ClassifyRule[] => [
    { id: 'probe', when: { titleAny: words }, category: 'focus', class: 'ic' },
  ];
  const cases: [string, string, boolean][] = [
    ['focus', 'Focus time', true],
    ['focus', 'FOCUS: roadmap', true],
    ['focus', 'focus-time', true],
    ['focus', 'Refocusing', false],
    ['focus', 'Unfocused rambling', false],
    ['review', 'Design reviews', true],
    ['lunch', 'Team lunches', true],
    ['stand up', 'Daily Stand-Up', true],
    ['stand up', 'stand_up', true],
    ['stand-up', 'Stand up', true],
    ['deep work', 'Deep   work', true],
    ['deep work', 'Deepwork', false],
    ['1:1', '1:1s this week', true],
    ['1:1', 'Sync at 11:15', false],
    ['o3', 'O3 w/ Sam', true],
    ['o3', 'GO3 launch', false],
    ['c++', 'C++ guild', true],
    ['café', 'CAFÉ chat', true],
    ['  sync ', 'Sync', true],
  ];
  it.each(cases)('"%s" in "%s" → %s', (word, title, matched) => {
    expect(classify(ev(title), CTX, probe([word])).rule).toBe(matched ? 'probe' : 'none');
  });

  it('lets titleNone veto a match', () => {
    const rules: ClassifyRule[] = [
      {
        id: 'probe',
        when: { titleAny: ['lunch'], titleNone: ['learn'] },
        category: 'personal',
        class: 'other',
      },
    ];
    expect(classify(ev('Lunch'), CTX, rules).rule).toBe('probe');
    expect(classify(ev('Lunch & Learn'), CTX, rules).rule).toBe('none');
  });

  it('matches titleRegex ignoring case', () => {
    const rules: ClassifyRule[] = [
      { id: 'board', when: { titleRegex: '^board (meeting|prep)' }, category: 'other', class: 'leadership' },
    ];
    expect(classify(ev('Board prep'), CTX, rules)).toMatchObject({ rule: 'board', timeClass: 'leadership' });
    expect(classify(ev('Pre-board meeting'), CTX, rules).rule).toBe('none');
  });

  it('refuses a rule whose titleRegex does not compile, naming the rule', () => {
    const rules: ClassifyRule[] = [
      { id: 'broken', when: { titleRegex: '(' }, category: 'other', class: 'other' },
    ];
    expect(() => classify(ev('Anything'), CTX, rules)).toThrow(AppError);
    expect(() => classify(ev('Anything'), CTX, rules)).toThrow(/"broken".*titleRegex/);
  });
});

describe('conditions', () => {
  const cases: [string, ClassifyConditions, CalendarOccurrence, boolean][] = [
    ['alone counts as 1 person', { attendeesMax: 1 }, ev('Plan'), true],
    ['two people are more than 1', { attendeesMax: 1 }, ev('Plan', { with: [SAM] }), false],
    ['3 people reach a minimum of 3', { attendeesMin: 3 }, ev('Plan', { with: [SAM, PRIYA] }), true],
    ['2 people miss a minimum of 3', { attendeesMin: 3 }, ev('Plan', { with: [SAM] }), false],
    ['recurring: true on a weekly event', { recurring: true }, ev('Plan', { recurring: true }), true],
    ['recurring: false on a weekly event', { recurring: false }, ev('Plan', { recurring: true }), false],
    ['allDay: true on an all-day event', { allDay: true }, ev('Trip', { allDay: true }), true],
    ['allDay: false on an all-day event', { allDay: false }, ev('Trip', { allDay: true }), false],
    ['a customer is external', { externalAttendees: true }, ev('Call', { with: [JO] }), true],
    ['a colleague on a subdomain is not', { externalAttendees: true }, ev('Call', { with: [LEE] }), false],
    ['a meeting room is not', { externalAttendees: true }, ev('Call', { with: [ROOM] }), false],
    ['only colleagues', { externalAttendees: false }, ev('Call', { with: [SAM, LEE] }), true],
    ['an external organizer counts', { externalAttendees: true }, ev('Call', { organizer: JO }), true],
    ['no organizer: the leader’s own event', { organizerIsMe: true }, ev('Plan'), true],
    [
      'organised from the personal address',
      { organizerIsMe: true },
      ev('Plan', { organizer: DANA_HOME }),
      true,
    ],
    ['organised by a colleague', { organizerIsMe: false }, ev('Plan', { organizer: SAM }), true],
    [
      'organizer given as a mailto: URI',
      { organizerIsMe: true },
      ev('Plan', { organizer: 'mailto:DANA@northwind.io' }),
      true,
    ],
    ['no conditions match any event', {}, ev('Anything'), true],
    [
      'all conditions must hold',
      { recurring: true, attendeesMax: 1 },
      ev('Plan', { recurring: true, with: [SAM] }),
      false,
    ],
  ];
  it.each(cases)('%s', (_, when, event, matched) => {
    const rules: ClassifyRule[] = [{ id: 'probe', when, category: 'other', class: 'leadership' }];
    expect(classify(event, CTX, rules).rule).toBe(matched ? 'probe' : 'none');
  });

  it('matches calendar names ignoring case, from the context or from each stored event', () => {
    const rules: ClassifyRule[] = [
      { id: 'family', when: { calendar: ['Family'] }, category: 'personal', class: 'other' },
    ];
    expect(classify(ev('Swim class'), { ...CTX, calendar: 'family' }, rules).rule).toBe('family');
    expect(classify(ev('Swim class'), { ...CTX, calendar: 'work' }, rules).rule).toBe('none');
    expect(classify(ev('Swim class'), CTX, rules).rule).toBe('none');
    const stored = [
      { ...ev('Swim class'), calendar: 'family' },
      { ...ev('Swim class'), calendar: 'work' },
    ];
    expect(classifyAll(stored, { ...CTX, calendar: 'work' }, rules).map((c) => c.rule)).toEqual([
      'family',
      'none',
    ]);
  });
});

describe('the occurrence condition ("this event only")', () => {
  const weekly = (start: string) => ev('Team sync', { uid: 'sync@t', recurring: true, start, end: start });
  const only: ClassifyRule = {
    id: 'only-this-sync',
    when: { occurrence: { uid: 'sync@t', start: '2026-11-25T09:00:00Z' } },
    category: 'focus',
    class: 'ic',
  };

  it('matches the one occurrence with that uid and start, however the instant is written', () => {
    expect(classify(weekly('2026-11-25T09:00:00.000Z'), CTX, [only]).rule).toBe('only-this-sync');
  });

  it('leaves the other occurrences of the series, and another event at the same start', () => {
    expect(classify(weekly('2026-12-02T09:00:00.000Z'), CTX, withDefaultRules([only])).rule).not.toBe(
      'only-this-sync',
    );
    const other = ev('Team sync', { uid: 'other@t', start: '2026-11-25T09:00:00.000Z' });
    expect(classify(other, CTX, [only]).rule).toBe('none');
  });
});

describe('internal domains', () => {
  const qbr = ev('Contoso quarterly business review', { with: [JO, SAM] });

  it('treats given internal domains as colleagues', () => {
    const ctx = { ...CTX, internalDomains: ['northwind.io', 'contoso.com'] };
    expect(classify(qbr, ctx).category).toBe('team-meeting');
  });

  it('does not make a public mail provider internal because the leader uses it', () => {
    expect(classify(ev('Intro call', { with: [CANDIDATE] }), CTX).category).toBe('external');
  });

  it('calls nobody external when no internal domain is known', () => {
    expect(classify(qbr, { emails: [DANA_HOME] }).category).toBe('team-meeting');
  });
});

describe('user rules', () => {
  const pairing: ClassifyRule = {
    id: 'pairing-is-ic',
    when: { titleAny: ['pairing'] },
    category: 'focus',
    class: 'ic',
  };
  const event = ev('Pairing with Sam', { with: [SAM], recurring: true });

  it('win over the defaults', () => {
    expect(classify(event, CTX)).toMatchObject({ category: 'one-on-one', rule: 'one-on-one-pair' });
    expect(classify(event, CTX, withDefaultRules([pairing]))).toMatchObject({
      category: 'focus',
      timeClass: 'ic',
      rule: 'pairing-is-ic',
    });
  });

  it('leave the defaults in place for everything else', () => {
    expect(classify(ev('Lunch'), CTX, withDefaultRules([pairing])).rule).toBe('personal');
  });
});

describe('classifyAll', () => {
  it('keeps each event and its order, adding its classification', () => {
    const events = [ev('Focus time'), ev('Lunch'), ev('Sprint retro', { with: [SAM, PRIYA] })];
    const result = classifyAll(events, CTX);
    expect(result.map((r) => [r.title, r.category, r.counted])).toEqual([
      ['Focus time', 'focus', true],
      ['Lunch', 'personal', true],
      ['Sprint retro', 'team-meeting', true],
    ]);
  });
});

describe('describeWhen', () => {
  const cases: [ClassifyConditions, string][] = [
    [{}, 'any event'],
    [{ titleAny: ['lunch'] }, 'the title has "lunch"'],
    [
      { titleAny: ['a', 'b', 'c'], titleNone: ['d'] },
      'the title has "a", "b" or "c", and the title has none of "d"',
    ],
    [{ attendeesMin: 2, attendeesMax: 2, recurring: true }, 'exactly 2 people take part, and it repeats'],
    [{ attendeesMin: 3 }, '3 or more people take part'],
    [{ attendeesMax: 1 }, 'at most 1 person takes part'],
    [
      { externalAttendees: false, organizerIsMe: true },
      'everyone taking part is a colleague, and you organised it',
    ],
    [{ calendar: ['family', 'kids'] }, 'it is on the calendar "family" or "kids"'],
    [
      { occurrence: { uid: 'sync@t', start: '2026-11-25T09:00:00Z' } },
      'it is the one event "sync@t" starting 2026-11-25T09:00:00Z',
    ],
  ];
  it.each(cases)('%j', (when, text) => {
    expect(describeWhen(when)).toBe(text);
  });
});
