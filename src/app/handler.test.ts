import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseInput } from './handler.js';

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
