import { z } from 'zod';
import { CommitmentSchema, PostponementSchema } from '../../domain/records.js';
import type { Commitment, CommitmentStatus } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { id, localDate } from '../schemas.js';

/** Someone else's change came first: say so, and what to do, without writing anything. */
function changeConflict(commitment: Commitment): AppError {
  return new AppError(
    'conflict',
    `Commitment "${commitment.id}" was changed since you opened it; nothing was saved. Look at it again (\`handson commitments list\`) and make your change on what is there now.`,
    { field: 'version' },
  );
}

/** The version a change started from, as listed; a newer stored one is a conflict. */
const version = CommitmentSchema.shape.version;

/** The commitment a change is about: there, at the version the change started from, and open. */
async function getOpen(
  ctx: AppContext,
  input: { id: string; version?: number | undefined },
): Promise<Commitment> {
  const found = await ctx.store.getCommitment(input.id);
  if (!found) {
    throw new AppError(
      'not-found',
      `There is no commitment "${input.id}"; see \`handson commitments list\`.`,
      {
        field: 'id',
      },
    );
  }
  if (input.version !== undefined && input.version !== found.version) throw changeConflict(found);
  if (found.status !== 'open') {
    throw new AppError('conflict', `Commitment "${input.id}" is already ${found.status}.`, {
      field: 'id',
    });
  }
  return found;
}

/**
 * Writes a change of `found` only over the version it was read at: two changes read at once (two
 * tabs, two processes; on PostgreSQL two transactions can read the same version) cannot both be
 * written, and the one that comes second is told instead of silently undoing the first.
 */
async function save(ctx: AppContext, found: Commitment, changed: Commitment): Promise<Commitment> {
  const read = found.version ?? 1;
  if (!(await ctx.store.updateCommitment(changed, read))) throw changeConflict(found);
  return { ...changed, version: read + 1 };
}

function close(status: Exclude<CommitmentStatus, 'open'>, summary: string) {
  return handler({
    access: 'owner',
    touches: ['journal'],
    summary,
    input: z.object({ id, version }),
    async run(ctx, input): Promise<Commitment> {
      const found = await getOpen(ctx, input);
      return save(ctx, found, { ...found, status, closedAt: ctx.now().toISOString() });
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
      // A new commitment is stored at version 1; a change names it.
      return { ...commitment, version: 1 };
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
    input: z.object({ id, to: localDate, why: PostponementSchema.shape.why, version }),
    async run(ctx, input): Promise<Commitment> {
      const profile = await requireProfile(ctx);
      const found = await getOpen(ctx, input);
      if (found.due !== undefined && input.to <= found.due) {
        throw new AppError('invalid', `to: expected a date after the current due date ${found.due}`, {
          field: 'to',
        });
      }
      if (input.to < today(ctx, profile)) {
        throw new AppError('invalid', 'to: expected today or a later date', { field: 'to' });
      }
      return save(ctx, found, {
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
      });
    },
  }),
};
