import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handler } from '../app/handler.js';
import { fieldsToInput } from './input.js';
import { routesOf } from './routes.js';

/** Query strings and form fields arrive as text; each becomes what its field expects. */
const [route] = routesOf({
  t: {
    h: handler({
      access: 'owner',
      touches: [],
      summary: 'Takes one of everything.',
      input: z
        .object({
          n: z.number().int().optional(),
          b: z.boolean().default(false),
          tags: z.array(z.string()).default([]),
          counts: z.array(z.number()).optional(),
          answers: z.array(z.object({ prompt: z.string(), answer: z.string() })).optional(),
          meta: z.record(z.string(), z.string()).optional(),
          s: z.string().optional(),
        })
        .refine(() => true),
      run: async () => null,
    }),
  },
});

describe('fieldsToInput', () => {
  it.each([
    ['n=3', { n: 3 }],
    ['n=-1.5', { n: -1.5 }],
    ['n=1e3', { n: 1000 }],
    ['n=three', { n: 'three' }],
    ['n=', { n: '' }],
    ['b=true', { b: true }],
    ['b=0', { b: false }],
    ['b=yes', { b: 'yes' }],
    ['tags=a&tags=b', { tags: ['a', 'b'] }],
    ['tags=[infra]', { tags: ['[infra]'] }],
    ['counts=1&counts=2', { counts: [1, 2] }],
    ['answers={"prompt":"Why?","answer":"Curious"}', { answers: [{ prompt: 'Why?', answer: 'Curious' }] }],
    [
      'answers=[{"prompt":"a","answer":"b"},{"prompt":"c","answer":"d"}]',
      {
        answers: [
          { prompt: 'a', answer: 'b' },
          { prompt: 'c', answer: 'd' },
        ],
      },
    ],
    ['meta={"team":"checkout"}', { meta: { team: 'checkout' } }],
    ['s=2026-11-25', { s: '2026-11-25' }],
    ['other=x&other=y', { other: ['x', 'y'] }],
  ])('%s → %j', (query, expected) => {
    expect(fieldsToInput(route!, new URLSearchParams(query).entries())).toEqual(expected);
  });

  it('refuses two values for a field that takes one, naming it', () => {
    expect(() => fieldsToInput(route!, new URLSearchParams('s=a&s=b').entries())).toThrow(
      's: expected one value, got 2',
    );
  });
});
