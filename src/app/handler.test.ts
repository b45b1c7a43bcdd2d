import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { checkHandlers } from './check/check.js';
import { importHandlers } from './evidence/imports.js';
import { parseInput } from './handler.js';
import { journalHandlers } from './journal/journal.js';
import { rulesHandlers } from './rules/rules.js';

const schema = z.object({
  title: z.string().trim().min(1, 'expected a non-empty title'),
  hours: z.number().gt(0, 'expected more than 0 hours').lt(100, 'expected under 100 hours'),
  emails: z.array(z.email('expected an email address')),
});

function refusal(raw: unknown): AppError {
  try {
    parseInput(schema, raw);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the input to be refused');
}

describe('validation at the edge', () => {
  it('names every bad field, once each, in the order of the input', () => {
    const e = refusal({ title: ' ', hours: -1, emails: ['a@x.com', 'nope'] });
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('title');
    expect(e.problems).toEqual([
      { field: 'title', message: 'expected a non-empty title' },
      { field: 'hours', message: 'expected more than 0 hours' },
      { field: 'emails.1', message: 'expected an email address' },
    ]);
    expect(e.message).toBe(
      'title: expected a non-empty title; hours: expected more than 0 hours; emails.1: expected an email address',
    );
    expect(e.toJSON().problems).toHaveLength(3);
  });

  it('keeps one bad field as one plain message, with no list', () => {
    const e = refusal({ title: 'Fine', hours: 0, emails: [] });
    expect(e.message).toBe('hours: expected more than 0 hours');
    expect(e.field).toBe('hours');
    expect(e.problems).toEqual([]);
    expect(e.toJSON()).toEqual({ code: 'invalid', message: e.message, field: 'hours' });
  });
});

describe('lists in a request are bounded', () => {
  // One POST with 100,000 gaps used to create 100,000 actions (issue 14, class 2).
  const many = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
  const log = { title: 'Pair with Mei', minutes: 60, reasons: ['unwind'] };
  it.each([
    ['log gaps', journalHandlers.log.input, { ...log, gaps: many(100_000, (i) => `gap ${i}`) }, 'gaps', 20],
    [
      'log reasons',
      journalHandlers.log.input,
      { ...log, reasons: many(1000, () => 'unwind') },
      'reasons',
      20,
    ],
    [
      'check reasons',
      checkHandlers.run.input,
      { title: 'Fix the build', hours: 2, reasons: many(1000, () => 'unwind') },
      'reasons',
      20,
    ],
    [
      'ics files',
      importHandlers.ics.input,
      { files: many(1000, (i) => ({ name: `${i}.ics`, bytes: new Uint8Array(1) })) },
      'files',
      100,
    ],
    [
      'rule test attendees',
      rulesHandlers.test.input,
      { title: 'x', attendees: many(10_000, (i) => `p${i}@example.com`) },
      'attendees',
      500,
    ],
  ])('%s', (_, schema, raw, field, max) => {
    let refused: unknown;
    try {
      parseInput(schema as z.ZodType, raw);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(AppError);
    const e = refused as AppError;
    expect(e.field).toBe(field);
    expect(e.message).toContain(`${field}: expected at most ${max} `);
  });
});
