import { z } from 'zod';
import { ReflectionSchema } from '../../domain/records.js';
import type { Reflection } from '../../domain/types.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { localDate } from '../schemas.js';

export const reflectionsHandlers = {
  add: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Write a reflection: free text and the prompts you answered.',
    input: z
      .object({
        date: ReflectionSchema.shape.date.optional(),
        text: ReflectionSchema.shape.text.default(''),
        answers: ReflectionSchema.shape.answers.default([]),
      })
      .refine((r) => r.text !== '' || r.answers.some((a) => a.answer !== ''), {
        message: 'expected some text or at least one answered prompt',
        path: ['text'],
      }),
    async run(ctx, input): Promise<Reflection> {
      const profile = await requireProfile(ctx);
      const reflection: Reflection = {
        id: ctx.newId(),
        date: input.date ?? today(ctx, profile),
        at: ctx.now().toISOString(),
        text: input.text,
        answers: input.answers,
      };
      await ctx.store.upsertReflection(reflection);
      return reflection;
    },
  }),

  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Reflections in a date range (inclusive), oldest first.',
    input: z.object({ from: localDate.optional(), to: localDate.optional() }),
    async run(ctx, range): Promise<Reflection[]> {
      return ctx.store.listReflections(range);
    },
  }),
};
