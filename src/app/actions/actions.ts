import { z } from 'zod';
import { ImprovementActionSchema } from '../../domain/records.js';
import type { ImprovementAction } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { handler } from '../handler.js';
import { id } from '../schemas.js';

export const actionsHandlers = {
  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Improvement actions from the gaps you found, oldest first.',
    input: z.object({ status: ImprovementActionSchema.shape.status.optional() }),
    async run(ctx, filter): Promise<ImprovementAction[]> {
      return ctx.store.listActions(filter);
    },
  }),

  done: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Mark an improvement action done.',
    input: z.object({ id }),
    async run(ctx, input): Promise<ImprovementAction> {
      const found = await ctx.store.getAction(input.id);
      if (!found) {
        throw new AppError('not-found', `There is no action "${input.id}"; see \`handson actions list\`.`, {
          field: 'id',
        });
      }
      if (found.status === 'done') throw new AppError('conflict', `Action "${input.id}" is already done.`);
      const done: ImprovementAction = { ...found, status: 'done', doneAt: ctx.now().toISOString() };
      await ctx.store.upsertAction(done);
      return done;
    },
  }),
};
