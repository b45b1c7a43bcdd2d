import { z } from 'zod';
import { BUILTIN_REASONS, catalogue } from '../../domain/reasons.js';
import type { Reason } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { reasonId, title } from '../schemas.js';

/** Built-in reasons plus the user's own. */
export async function loadCatalogue(ctx: AppContext): Promise<Reason[]> {
  return catalogue(await ctx.store.listCustomReasons());
}

/** Throws an `invalid` error naming `field` when an id is not in the catalogue. */
export function assertKnownReasons(all: Reason[], ids: string[], field: string): void {
  const known = new Set(all.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid',
      `${field}: unknown reason "${unknown[0]}"; expected one of: ${[...known].join(', ')} (add your own with \`handson reasons add\`)`,
      { field },
    );
  }
}

const question = z
  .string()
  .trim()
  .min(3, 'expected a question of a few words')
  .max(300, 'expected at most 300 characters');

export const reasonsHandlers = {
  list: handler({
    summary: 'The reasons catalogue: the built-in good and watch-out reasons, then your own.',
    input: z.object({}),
    async run(ctx): Promise<Reason[]> {
      return loadCatalogue(ctx);
    },
  }),

  show: handler({
    summary: 'One reason with its reflection questions and what makes it genuine.',
    input: z.object({ id: reasonId }),
    async run(ctx, { id }): Promise<Reason> {
      const found = (await loadCatalogue(ctx)).find((r) => r.id === id);
      if (!found)
        throw new AppError('not-found', `There is no reason "${id}"; see \`handson reasons list\`.`);
      return found;
    },
  }),

  add: handler({
    summary: 'Add your own reason to the catalogue (its kind is required: good or watch-out).',
    input: z.object({
      id: reasonId,
      kind: z.enum(['good', 'watch-out'], { message: 'expected good or watch-out' }),
      title,
      summary: z.string().trim().max(300, 'expected at most 300 characters').optional(),
      questions: z.array(question).max(6, 'expected at most 6 questions').default([]),
      signals: z.array(z.string().trim().min(1).max(300)).max(6, 'expected at most 6 signals').default([]),
    }),
    async run(ctx, input): Promise<Reason> {
      if (BUILTIN_REASONS.some((r) => r.id === input.id)) {
        throw new AppError('conflict', `"${input.id}" is a built-in reason; choose another id.`, {
          field: 'id',
        });
      }
      const existing = await ctx.store.listCustomReasons();
      if (existing.some((r) => r.id === input.id)) {
        throw new AppError(
          'conflict',
          `You already have a reason "${input.id}"; ids never change, so choose another.`,
          {
            field: 'id',
          },
        );
      }
      const reason: Reason = {
        id: input.id,
        kind: input.kind,
        title: input.title,
        summary: input.summary ?? input.title,
        questions: input.questions.map((text, i) => ({ id: `q${i + 1}`, text })),
        signals: input.signals,
        builtin: false,
      };
      await ctx.store.upsertReason(reason);
      return reason;
    },
  }),
};
