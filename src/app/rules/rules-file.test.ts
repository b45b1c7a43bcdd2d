import { describe, expect, it } from 'vitest';
import { classify, withDefaultRules } from '../../domain/evidence/classify.js';
import {
  type ClassifyRule,
  CONDITION_NAMES,
  DEFAULT_CLASSIFY_RULES,
} from '../../domain/evidence/classify-rules.js';
import { AppError } from '../../errors.js';
import { explainRules, parseRulesFile, RULES_FILE_TEMPLATE } from './rules-file.js';

/** The AppError a bad document raises; fails the test if it parses or throws anything else. */
function rejection(text: string): AppError {
  try {
    parseRulesFile(text);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the document to be rejected');
}

const doc = (value: unknown) => JSON.stringify(value, null, 2);

describe('parseRulesFile', () => {
  it('reads a valid file, giving a class-less rule its category’s usual class', () => {
    const text = doc({
      version: 1,
      _help: 'My rules.',
      internalDomains: ['Northwind.io ', 'contoso.com'],
      rules: [
        {
          id: 'hiring-syncs',
          _help: ['Recruiter syncs are hiring work,', 'whoever organises them.'],
          when: { titleAny: ['recruiting sync'], titleNone: ['cancelled'], attendeesMax: 3 },
          category: 'interview',
        },
        {
          id: 'writing-is-leadership',
          when: { titleRegex: '^(write|draft):', organizerIsMe: true, recurring: false },
          category: 'focus',
          class: 'leadership',
        },
        { id: 'family', when: { calendar: ['family'], allDay: false }, category: 'personal' },
      ],
    });
    expect(parseRulesFile(text)).toEqual({
      version: 1,
      internalDomains: ['northwind.io', 'contoso.com'],
      rules: [
        {
          id: 'hiring-syncs',
          when: { titleAny: ['recruiting sync'], titleNone: ['cancelled'], attendeesMax: 3 },
          category: 'interview',
          class: 'leadership',
        },
        {
          id: 'writing-is-leadership',
          when: { titleRegex: '^(write|draft):', organizerIsMe: true, recurring: false },
          category: 'focus',
          class: 'leadership',
        },
        { id: 'family', when: { calendar: ['family'], allDay: false }, category: 'personal', class: 'other' },
      ],
    });
  });

  it('reads a file with no rules, and ignores a byte-order mark', () => {
    expect(parseRulesFile('\uFEFF{ "version": 1, "rules": [] }')).toEqual({ version: 1, rules: [] });
  });

  it('accepts the default rules written as a user would write them', () => {
    const rules = DEFAULT_CLASSIFY_RULES.map((r) => ({ ...r, id: `my-${r.id}` }));
    expect(parseRulesFile(doc({ version: 1, rules })).rules).toEqual(rules);
  });

  it('reports every problem of the file in one error, each with its place in the document', () => {
    const text = doc({
      version: 2,
      internalDomains: ['@northwind.io'],
      rule: [],
      rules: [
        { id: 'Team Stuff', when: { titelAny: ['sync'] }, category: 'meeting', class: 'ic' },
        { id: 'deep', when: { titleRegex: '(focus', attendeesMin: 0 }, category: 'focus', class: 'IC' },
        { id: 'deep', when: { attendeesMin: 4, attendeesMax: 2, recurring: 'yes' }, category: 'focus' },
        { id: 'focus', when: { calendar: [] }, category: 'focus' },
        { id: 'no-when', category: 'other', colour: 'red' },
        { when: { titleAny: ['', 'ok'] } },
        'standup',
      ],
    });
    const error = rejection(text);
    expect(error.code).toBe('invalid');
    const expected = [
      'version: expected 1, the only version this Hands-on reads',
      'internalDomains[0]: expected a domain such as example.com, without "@"',
      'rule: unknown key; did you mean "rules"?',
      'rules[0].id: expected an id of lowercase letters, digits and dashes',
      'rules[0].when.titelAny: unknown key; did you mean "titleAny"?',
      'rules[0].category: expected one of one-on-one, team-meeting, interview, external, focus, personal, other',
      'rules[1].when.titleRegex: not a valid regular expression: unterminated group',
      'rules[1].when.attendeesMin: expected a whole number of people, 1 or more',
      'rules[1].class: expected one of leadership, ic, other',
      'rules[2].id: "deep" is already the id of rules[1]',
      'rules[2].when.attendeesMax: is below attendeesMin (4), so no event could match',
      'rules[2].when.recurring: expected true or false',
      'rules[3].id: is the id of a default rule',
      'rules[3].when.calendar: expected at least one calendar name',
      'rules[4].when: missing; expected an object of conditions',
      'rules[4].colour: unknown key; expected one of id, when, category, class',
      'rules[5].id: missing; expected an id',
      'rules[5].when.titleAny[0]: expected a word or phrase with at least one letter or digit',
      'rules[5].category: missing; expected one of',
      'rules[6]: expected a rule',
    ];
    for (const fragment of expected) expect(error.message).toContain(fragment);
    expect(error.message).toMatch(/^The rules file has 20 problems — /);
    // In file order: the rules come one after the other.
    const at = (s: string) => error.message.indexOf(s);
    for (let i = 1; i <= 6; i++) expect(at(`rules[${i - 1}]`)).toBeLessThan(at(`rules[${i}]`));
  });

  it('says "a problem" when there is one, and names the field', () => {
    const error = rejection(
      doc({ version: 1, rules: [{ id: 'x', when: {}, category: 'focus', class: 'code' }] }),
    );
    expect(error.message).toBe(
      'The rules file has a problem — rules[0].class: expected one of leadership, ic, other.',
    );
    expect(error.field).toBe('rules[0].class');
  });

  it('reads an occurrence condition, and names a wrong start or key inside it', () => {
    const only = { uid: 'sync@t', start: '2026-11-24T09:00:00.000Z' };
    const rules = [{ id: 'only-sync', when: { occurrence: only }, category: 'focus' }];
    expect(parseRulesFile(doc({ version: 1, rules })).rules[0]!.when).toEqual({ occurrence: only });
    const bad = [
      {
        id: 'only-sync',
        when: { occurrence: { uid: 'sync@t', start: 'Tuesday', at: 1 } },
        category: 'focus',
      },
    ];
    const message = rejection(doc({ version: 1, rules: bad })).message;
    expect(message).toContain('rules[0].when.occurrence.start: expected its start as an ISO instant');
    expect(message).toContain('rules[0].when.occurrence.at: unknown key; expected one of uid, start');
  });

  it('uses the name it is given for the file', () => {
    expect(() => parseRulesFile('{"version": 1}', '~/.handson/rules.json')).toThrow(
      /^~\/\.handson\/rules\.json has a problem — rules: missing; expected a list of rules/,
    );
  });

  const unknownKeys: [string, unknown, string][] = [
    [
      'a misspelt condition',
      { version: 1, rules: [{ id: 'a', when: { attendeeMin: 2 }, category: 'focus' }] },
      'rules[0].when.attendeeMin: unknown key; did you mean "attendeesMin"?',
    ],
    [
      'a condition in the wrong case',
      { version: 1, rules: [{ id: 'a', when: { TitleAny: ['x'] }, category: 'focus' }] },
      'rules[0].when.TitleAny: unknown key; did you mean "titleAny"?',
    ],
    [
      'a condition put on the rule itself',
      { version: 1, rules: [{ id: 'a', when: {}, titleAny: ['x'], category: 'focus' }] },
      'rules[0].titleAny: unknown key; expected one of id, when, category, class',
    ],
    [
      'a made-up condition',
      { version: 1, rules: [{ id: 'a', when: { location: 'HQ' }, category: 'focus' }] },
      'rules[0].when.location: unknown key; expected one of titleAny, titleNone, titleRegex',
    ],
    [
      'a misspelt top-level key',
      { version: 1, rules: [], internalDomain: ['x.io'] },
      'internalDomain: unknown key; did you mean "internalDomains"?',
    ],
  ];
  it.each(unknownKeys)('names %s', (_, value, message) => {
    expect(rejection(doc(value)).message).toContain(message);
  });

  const badJson: [string, string, string][] = [
    [
      'a trailing comma',
      '{\n  "version": 1,\n  "rules": [],\n}',
      'line 4, column 1: expected double-quoted property name (JSON allows no comma before a closing bracket)',
    ],
    [
      'a trailing comma in a list',
      '{\n  "version": 1,\n  "rules": [\n    {"id": "a", "when": {}, "category": "focus"},\n  ]\n}',
      "line 5, column 3: unexpected token ']' (JSON allows no comma before a closing bracket)",
    ],
    [
      'a missing comma',
      '{\n  "version": 1\n  "rules": []\n}',
      "line 3, column 3: expected ',' or '}' after property value",
    ],
    [
      'single quotes',
      '{\n  "version": 1,\n  "rules": [{ \'id\': \'a\' }]\n}',
      "line 3, column 15: expected property name or '}' (JSON needs double quotes around names and text)",
    ],
    [
      'a cut-off document',
      '{\n  "version": 1,\n  "rules": [',
      'line 3, column 13: the document ends before it is complete',
    ],
    [
      'text after the document',
      '{ "version": 1, "rules": [] }\nrules',
      'line 2, column 1: unexpected non-whitespace character after JSON',
    ],
  ];
  it.each(badJson)('locates %s in invalid JSON', (_, text, where) => {
    const error = rejection(text);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe(`The rules file is not valid JSON — ${where}.`);
  });

  it('refuses an empty file, saying what the least it needs is', () => {
    expect(rejection('  \n').message).toBe(
      'The rules file is empty; it needs at least { "version": 1, "rules": [] }.',
    );
  });

  it('refuses a document that is not an object', () => {
    expect(rejection('[]').message).toContain('the document: expected a JSON object');
  });
});

describe('RULES_FILE_TEMPLATE', () => {
  const file = parseRulesFile(RULES_FILE_TEMPLATE);

  it('parses, with example rules a new user can keep or delete', () => {
    expect(file.rules.map((r) => r.id)).toEqual([
      'family-calendar',
      'pairing-is-ic',
      'my-office-hours',
      'board-prep',
    ]);
    expect(file.internalDomains).toBeUndefined();
  });

  it('explains every condition a rule can use', () => {
    const help: string[] = JSON.parse(RULES_FILE_TEMPLATE)._help;
    for (const name of CONDITION_NAMES)
      expect(help.some((line) => line.trimStart().startsWith(`${name}:`))).toBe(true);
  });

  const ctx = { emails: ['dana@northwind.io'] };
  const weeklyWithSam = (title: string) => ({
    uid: `${title}@test`,
    start: '2026-11-25T09:00:00.000Z',
    end: '2026-11-25T10:00:00.000Z',
    allDay: false,
    title,
    attendees: [
      { email: 'dana@northwind.io', partstat: 'ACCEPTED' },
      { email: 'sam@northwind.io', partstat: 'ACCEPTED' },
    ],
    declined: false,
    cancelled: false,
    recurring: true,
    transparent: false,
  });
  const examples: [string, string, string][] = [
    ['Pairing: flaky checkout test', 'one-on-one-pair', 'pairing-is-ic'],
    ['Coding interview (pairing exercise)', 'interview', 'interview'],
    ['Board prep', 'one-on-one-pair', 'board-prep'],
    ['Sam / Dana', 'one-on-one-pair', 'one-on-one-pair'],
  ];
  it.each(examples)('sorts "%s" by %s alone and by %s with its examples', (title, alone, withExamples) => {
    expect(classify(weeklyWithSam(title), ctx).rule).toBe(alone);
    expect(classify(weeklyWithSam(title), ctx, withDefaultRules(file.rules)).rule).toBe(withExamples);
  });
});

describe('explainRules', () => {
  const mine: ClassifyRule = {
    id: 'pairing-is-ic',
    when: { titleAny: ['pairing', 'pair programming'], attendeesMax: 3 },
    category: 'focus',
    class: 'ic',
  };

  it('lists every rule in the order tried, telling the user’s from the defaults', () => {
    const lines = explainRules(withDefaultRules([mine]));
    const numbered = lines.filter((l) => /^\s*\d+\. /.test(l));
    expect(numbered).toHaveLength(1 + DEFAULT_CLASSIFY_RULES.length);
    expect(numbered[0]).toBe(
      ' 1. pairing-is-ic (yours) → focus, IC: when the title has "pairing" or "pair programming", and at most 3 people take part',
    );
    expect(numbered[1]).toBe(' 2. all-day (default) → personal, other: when it lasts all day');
    expect(numbered.at(-1)).toBe(`${numbered.length}. other (default) → other, other: any event`);
    expect(lines.some((l) => l.includes('not count as time spent'))).toBe(true);
  });

  it('warns that rules after a catch-all of the user’s are never tried', () => {
    const catchAll: ClassifyRule = { id: 'everything-else', when: {}, category: 'other', class: 'ic' };
    const numbered = explainRules(withDefaultRules([catchAll, mine])).filter((l) => /^\s*\d+\. /.test(l));
    expect(numbered[0]).not.toContain('never tried');
    expect(numbered[1]).toContain('never tried: "everything-else" above matches any event');
    expect(numbered.at(-1)).toContain('never tried');
  });

  it('names the internal domains when they are set', () => {
    expect(explainRules([mine], { internalDomains: ['northwind.io'] })).toContain(
      'Colleagues are addresses on northwind.io (and their subdomains); anyone else is external.',
    );
  });
});
