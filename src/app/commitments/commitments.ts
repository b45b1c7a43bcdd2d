import { z } from 'zod';
import { CommitmentSchema, PostponementSchema } from '../../domain/records.js';
import type { Commitment, CommitmentStatus } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { id, localDate } from '../schemas.js';

async function getOpen(ctx: AppContext, commitmentId: string): Promise<Commitment> {
  const found = await ctx.store.getCommitment(commitmentId);
  if (!found) {
    throw new AppError(
      'not-found',
      `There is no commitment "${commitmentId}"; see \`handson commitments list\`.`,
      {
        field: 'id',
      },
    );
  }
  if (found.status !== 'open') {
    throw new AppError('conflict', `Commitment "${commitmentId}" is already ${found.status}.`, {
      field: 'id',
    });
  }
  return found;
}

function close(status: Exclude<CommitmentStatus, 'open'>, summary: string) {
  return handler({
    access: 'owner',
    touches: ['journal'],
    summary,
    input: z.object({ id }),
    async run(ctx, input): Promise<Commitment> {
      const found = await getOpen(ctx, input.id);
      const closed: Commitment = { ...found, status, closedAt: ctx.now().toISOString() };
      await ctx.store.upsertCommitment(closed);
      return closed;
    },
  });
}

export const commitmentsHandlers = {
  add: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Add a leadership commitment: a 1:1, a tough conversation, a decision, a review…',
    input: CommitmentSchema.pick({ kind: true, title: true, person: true, due: true }),
    async run(ctx, input): Promise<Commitment> {
      await requireProfile(ctx);
      const commitment: Commitment = {
        id: ctx.newId(),
        kind: input.kind,
        title: input.title,
        person: input.person,
        due: input.due,
        status: 'open',
        createdAt: ctx.now().toISOString(),
        postponements: [],
      };
      await ctx.store.upsertCommitment(commitment);
      return commitment;
    },
  }),

  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Commitments, soonest due first; filter by status.',
    input: z.object({
      status: CommitmentSchema.shape.status.optional(),
    }),
    async run(ctx, filter): Promise<Commitment[]> {
      return ctx.store.listCommitments(filter);
    },
  }),

  done: close('done', 'Mark a commitment done.'),
  cancel: close('cancelled', 'Cancel a commitment (it stays in the journal, marked cancelled).'),

  postpone: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Move a commitment to a new due date; every postponement is kept with its reason.',
    input: z.object({ id, to: localDate, why: PostponementSchema.shape.why }),
    async run(ctx, input): Promise<Commitment> {
      const profile = await requireProfile(ctx);
      const found = await getOpen(ctx, input.id);
      if (found.due !== undefined && input.to <= found.due) {
        throw new AppError('invalid', `to: expected a date after the current due date ${found.due}`, {
          field: 'to',
        });
      }
      if (input.to < today(ctx, profile)) {
        throw new AppError('invalid', 'to: expected today or a later date', { field: 'to' });
      }
      const postponed: Commitment = {
        ...found,
        due: input.to,
        postponements: [
          ...found.postponements,
          {
            id: ctx.newId(),
            at: ctx.now().toISOString(),
            fromDue: found.due,
            toDue: input.to,
            why: input.why,
          },
        ],
      };
      await ctx.store.upsertCommitment(postponed);
      return postponed;
    },
  }),
};
