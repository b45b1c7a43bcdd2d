import { z } from 'zod';
import { ReflectionSchema } from '../../domain/records.js';
import type { Reflection } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { id, localDate } from '../schemas.js';

const saysSomething = (r: Pick<Reflection, 'text' | 'answers'>) =>
  r.text !== '' || r.answers.some((a) => a.answer !== '');

async function getReflection(ctx: AppContext, reflectionId: string): Promise<Reflection> {
  const found = await ctx.store.getReflection(reflectionId);
  if (!found) {
    throw new AppError(
      'not-found',
      `There is no reflection "${reflectionId}"; see \`handson reflect list\`.`,
      {
        field: 'id',
      },
    );
  }
  return found;
}

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
      .refine(saysSomething, {
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

  edit: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Change a reflection: its text, its answers or its date.',
    input: z.object({
      id,
      date: ReflectionSchema.shape.date.optional(),
      text: ReflectionSchema.shape.text.optional(),
      answers: ReflectionSchema.shape.answers.optional(),
    }),
    async run(ctx, input): Promise<Reflection> {
      const found = await getReflection(ctx, input.id);
      // `at` stays when it was written: the date says which week it is about.
      const reflection: Reflection = {
        ...found,
        date: input.date ?? found.date,
        text: input.text ?? found.text,
        answers: input.answers ?? found.answers,
      };
      if (!saysSomething(reflection)) {
        throw new AppError(
          'invalid',
          'text: a reflection needs some text or one answered prompt; delete it instead.',
          {
            field: 'text',
          },
        );
      }
      await ctx.store.upsertReflection(reflection);
      return reflection;
    },
  }),

  delete: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Delete a reflection.',
    input: z.object({ id }),
    async run(ctx, input): Promise<{ deleted: Reflection }> {
      const found = await getReflection(ctx, input.id);
      await ctx.store.deleteReflection(found.id);
      return { deleted: found };
    },
  }),
};
