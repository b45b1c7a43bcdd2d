import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import type { Reason } from '../types.js';
import { BUILTIN_REASONS, catalogue, findReason, REASON_ID, reasonIdFrom } from './reasons.js';

function own(id: string, kind: Reason['kind'] = 'good'): Reason {
  return { id, kind, title: id, summary: id, questions: [], signals: [], builtin: false };
}

describe('built-in reasons', () => {
  it('are the seven reasons of the framework, five good and two to watch out for', () => {
    expect(BUILTIN_REASONS.map((r) => [r.id, r.kind])).toEqual([
      ['ground-truth', 'good'],
      ['empathy', 'good'],
      ['unwind', 'good'],
      ['love-of-building', 'good'],
      ['learn-the-function', 'good'],
      ['insecurity', 'watch-out'],
      ['escape', 'watch-out'],
    ]);
  });

  it.each(BUILTIN_REASONS.map((r) => [r.id, r] as const))(
    '%s has a title, a summary, 2–4 questions and signals',
    (_, r) => {
      expect(r.builtin).toBe(true);
      expect(r.id).toMatch(REASON_ID);
      expect(r.title.length).toBeGreaterThan(3);
      expect(r.summary).toMatch(/\.$/);
      expect(r.questions.length).toBeGreaterThanOrEqual(2);
      expect(r.questions.length).toBeLessThanOrEqual(4);
      expect(new Set(r.questions.map((q) => q.id)).size).toBe(r.questions.length);
      for (const q of r.questions) {
        expect(q.id).toMatch(REASON_ID);
        expect(q.text).toMatch(/\?$/);
      }
      expect(r.signals.length).toBeGreaterThan(0);
    },
  );

  it('asks insecurity whether you would still do it if nobody knew', () => {
    const question = findReason(BUILTIN_REASONS, 'insecurity')?.questions.find((q) => q.id === 'nobody-knew');
    expect(question?.text).toMatch(/nobody/i);
  });
});

describe('catalogue', () => {
  it('lists built-ins first, then your own reasons by id', () => {
    const ids = catalogue([own('zen-garden'), own('boredom', 'watch-out'), own('pairing')]).map((r) => r.id);
    expect(ids).toEqual([...BUILTIN_REASONS.map((r) => r.id), 'boredom', 'pairing', 'zen-garden']);
  });

  it('marks your own reasons as not built in', () => {
    const mine = catalogue([{ ...own('pairing'), builtin: true }]).at(-1);
    expect(mine?.builtin).toBe(false);
  });

  it.each([
    ['a built-in id', [own('escape')], 'conflict'],
    ['the same id twice', [own('pairing'), own('pairing')], 'conflict'],
    ['an id that is not kebab-case', [own('Pairing Practice')], 'invalid'],
  ] as const)('refuses %s', (_, custom, code) => {
    expect(() => catalogue([...custom])).toThrow(AppError);
    expect(() => catalogue([...custom])).toThrow(expect.objectContaining({ code, field: 'id' }));
  });

  it('finds a reason by id, or nothing', () => {
    const all = catalogue([own('pairing')]);
    expect(findReason(all, 'pairing')?.builtin).toBe(false);
    expect(findReason(all, 'unwind')?.builtin).toBe(true);
    expect(findReason(all, 'vanity')).toBeUndefined();
  });
});

describe('REASON_ID', () => {
  it.each([
    ['pairing-practice', true],
    ['x2', true],
    ['ab', true],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['a', false],
    ['Pairing', false],
    ['-pairing', false],
    ['pairing-', false],
    ['pair--ing', false],
    ['2fast', false],
    ['pair_ing', false],
    ['pair ing', false],
  ])('%s → %s', (id, ok) => {
    expect(REASON_ID.test(id)).toBe(ok);
  });
});

describe('a reason id from a title (an organisation adopting a proposal)', () => {
  it.each([
    ['Pair to teach', 'pair-to-teach'],
    ['  Café & “focus”!  ', 'cafe-focus'],
    ['2nd opinion', 'r-2nd-opinion'],
    ['a'.repeat(60), 'a'.repeat(40)],
  ])('%s → %s, a valid id', (title, id) => {
    expect(reasonIdFrom(title)).toBe(id);
    expect(REASON_ID.test(reasonIdFrom(title))).toBe(true);
  });
});
