import { describe, expect, it } from 'vitest';
import { parseRulesFile } from '../../../src/app/rules/rules-file.js';
import { classify } from '../../../src/domain/evidence/classify.js';
import type { CalendarOccurrence } from '../../../src/domain/evidence/evidence.js';
import {
  documentOf,
  documentText,
  draftOf,
  EMPTY_DRAFT,
  equalsPattern,
  freshId,
  movedRule,
  ruleOf,
  takenIds,
  withoutRule,
  withRule,
} from './rule-form.js';

const event = (title: string, people = 1): CalendarOccurrence => ({
  uid: 'e1',
  start: '2026-11-24T13:00:00.000Z',
  end: '2026-11-24T14:00:00.000Z',
  allDay: false,
  title,
  attendees: Array.from({ length: people - 1 }, (_, i) => ({
    email: `p${i}@example.com`,
    partstat: 'ACCEPTED',
  })),
  declined: false,
  cancelled: false,
  recurring: false,
  transparent: false,
});

/** The form's rule, read by the server's own parser and classifier: what the leader would get. */
function categoryWith(rule: Record<string, unknown>, e: CalendarOccurrence): string {
  const file = parseRulesFile(documentText({ version: 1, rules: [rule] }));
  return classify(e, { emails: ['dana@example.com'] }, file.rules).category;
}

describe('a rule from the form', () => {
  it('"title contains" takes words separated by commas, and the server reads them as title words', () => {
    const rule = ruleOf(
      { ...EMPTY_DRAFT, title: 'Architecture, design doc', category: 'focus' },
      undefined,
      new Set(),
    );
    expect(rule).toEqual({
      id: 'architecture-design-doc',
      when: { titleAny: ['Architecture', 'design doc'] },
      category: 'focus',
    });
    expect(categoryWith(rule, event('Design doc review'))).toBe('focus');
    expect(categoryWith(rule, event('Weekly sync'))).toBe('other');
  });

  it('"title is exactly" matches that title only, whatever its punctuation', () => {
    const rule = ruleOf(
      { ...EMPTY_DRAFT, titleMode: 'equals', title: 'Sync (a.k.a. c/o)', category: 'team-meeting' },
      undefined,
      new Set(),
    );
    expect(categoryWith(rule, event('Sync (a.k.a. c/o)'))).toBe('team-meeting');
    expect(categoryWith(rule, event('sync (A.K.A. c/o) '))).toBe('team-meeting');
    expect(categoryWith(rule, event('Sync (a.k.a. c/o) part 2'))).toBe('other');
    expect(draftOf(rule)).toMatchObject({ titleMode: 'equals', title: 'Sync (a.k.a. c/o)' });
  });

  it('counts people and one occurrence, and reads them back into the same fields', () => {
    const draft = {
      ...EMPTY_DRAFT,
      id: 'big-meetings',
      titleMode: 'any' as const,
      attendeesMin: '5',
      attendeesMax: '12',
      occurrenceUid: 'e1',
      occurrenceStart: '2026-11-24T13:00:00Z',
      category: 'team-meeting',
    };
    const rule = ruleOf(draft, undefined, new Set());
    expect(rule['when']).toEqual({
      attendeesMin: 5,
      attendeesMax: 12,
      occurrence: { uid: 'e1', start: '2026-11-24T13:00:00Z' },
    });
    expect(categoryWith(rule, event('Anything', 6))).toBe('team-meeting');
    expect(categoryWith(rule, event('Anything', 2))).toBe('other');
    expect(draftOf(rule)).toEqual(draft);
  });

  it('leaves a wrong count as typed, so the server names the problem', () => {
    const rule = ruleOf({ ...EMPTY_DRAFT, title: 'x', attendeesMin: 'three' }, undefined, new Set());
    expect(() => parseRulesFile(documentText({ version: 1, rules: [rule] }))).toThrow(/attendeesMin/);
  });

  it('keeps what the form does not show, and drops the old time class with a new category', () => {
    const original = {
      id: 'mine',
      when: { titleAny: ['ops'], titleNone: ['opsgenie'], recurring: true, titleRegex: 'x' },
      category: 'team-meeting',
      class: 'ic',
      _help: 'a note',
    };
    const same = ruleOf({ ...draftOf(original), title: 'ops, oncall' }, original, new Set());
    expect(same).toEqual({ ...original, when: { ...original.when, titleAny: ['ops', 'oncall'] } });
    const moved = ruleOf({ ...draftOf(original), category: 'focus' }, original, new Set());
    expect(moved['class']).toBeUndefined();
    expect(moved['_help']).toBe('a note');
  });

  it('makes an id no other rule has, the defaults included', () => {
    const taken = takenIds({ version: 1, rules: [{ id: 'planning' }] }, ['focus']);
    expect(freshId({ ...EMPTY_DRAFT, title: 'Planning' }, taken)).toBe('planning-2');
    expect(freshId({ ...EMPTY_DRAFT, titleMode: 'any', category: 'focus' }, taken)).toBe('focus-2');
  });

  it('escapes what a pattern would read as special', () => {
    expect(new RegExp(equalsPattern('1:1 [Priya]?'), 'i').test('1:1 [priya]?')).toBe(true);
  });
});

describe('the rules document', () => {
  const doc = {
    version: 1,
    internalDomains: ['example.com'],
    rules: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  };
  const ids = (d: { rules: unknown[] }) => d.rules.map((r) => (r as { id: string }).id);

  it('starts empty when there is no file yet, whatever the template suggests', () => {
    expect(documentOf({ text: '{"version":1,"rules":[{"id":"x"}]}', custom: false })).toEqual({
      version: 1,
      rules: [],
    });
    expect(documentOf({ text: `\uFEFF${JSON.stringify(doc)}`, custom: true })).toEqual(doc);
  });

  it('adds at the end, replaces in place, deletes, and moves one place at a time', () => {
    expect(ids(withRule(doc, undefined, { id: 'd' }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(withRule(doc, 1, { id: 'B' }))).toEqual(['a', 'B', 'c']);
    expect(ids(withoutRule(doc, 0))).toEqual(['b', 'c']);
    expect(ids(movedRule(doc, 2, -1))).toEqual(['a', 'c', 'b']);
    expect(ids(movedRule(doc, 0, -1))).toEqual(['a', 'b', 'c']);
    expect(ids(movedRule(doc, 2, 1))).toEqual(['a', 'b', 'c']);
    // Everything else in the document is kept.
    expect(movedRule(doc, 0, 1).internalDomains).toEqual(['example.com']);
  });
});
