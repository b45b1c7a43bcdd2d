import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asked } from '../domain/fields.js';
import { CheckRecordSchema } from '../domain/records.js';
import { questionOptions, questions, questionUsage } from './asked.js';

describe('inputs that carry a question', () => {
  // What a new check input costs the CLI: its line in the schema, with the question.
  const input = z.object({
    title: z.string(),
    stakeholders: z.number().int().min(0).default(0).register(asked, { prompt: 'How many people care?' }),
    urgent: z.boolean().default(false).register(asked, { prompt: 'Is it urgent?' }),
    owner: z.string().optional().register(asked, { prompt: 'Who owns it?' }),
  });

  it('are a flag each, named after the field, in the order of the schema', () => {
    expect(questions(input)).toEqual([
      { field: 'stakeholders', flag: 'stakeholders', prompt: 'How many people care?', kind: 'number' },
      { field: 'urgent', flag: 'urgent', prompt: 'Is it urgent?', kind: 'boolean' },
      { field: 'owner', flag: 'owner', prompt: 'Who owns it?', kind: 'text' },
    ]);
    expect(questionOptions(questions(input))).toEqual({
      stakeholders: { type: 'string' },
      urgent: { type: 'boolean' },
      owner: { type: 'string' },
    });
    expect(questionUsage(questions(input))).toBe('[--stakeholders N] [--urgent] [--owner TEXT]');
  });

  it('give the check command the flags and questions it always had', () => {
    const qs = questions(CheckRecordSchema.shape.input);
    expect(qs.map((q) => [q.flag, q.prompt])).toEqual([
      ['critical-path', 'Is it on the critical path?'],
      ['blocks-others', 'Will others wait on it?'],
    ]);
    expect(questionUsage(qs)).toBe('[--critical-path] [--blocks-others]');
  });
});
