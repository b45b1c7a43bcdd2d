import { z } from 'zod';
import { invitationIcs } from '../../domain/commitments/invitation.js';
import { nextDue, recurrenceText, scheduledDue } from '../../domain/commitments/recurrence.js';
import { minutes } from '../../domain/fields.js';
import { CommitmentSchema, PostponementSchema } from '../../domain/records.js';
import { wallClockInstant } from '../../domain/time.js';
import type { Commitment, CommitmentStatus } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { id, localDate, personName } from '../schemas.js';

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

/** A commitment closed, and the next occurrence its closing added when it repeats. */
export type Closed = Commitment & { next?: Commitment };

function close(status: Exclude<CommitmentStatus, 'open'>, summary: string) {
  return handler({
    access: 'owner',
    touches: ['journal'],
    summary,
    input: z.object({
      id,
      version,
      /** For a repeating commitment: this was the last one, add no next. */
      stopRepeating: z.boolean().optional(),
    }),
    async run(ctx, input): Promise<Closed> {
      const found = await getOpen(ctx, input);
      const closed = await save(ctx, found, { ...found, status, closedAt: ctx.now().toISOString() });
      if (input.stopRepeating === true) return closed;
      const next = await addNext(ctx, found);
      return next === undefined ? closed : { ...closed, next };
    },
  });
}

/**
 * The next occurrence of a repeating commitment, added as `found` closes: the series' next date
 * after this one's (as postponed), never before today, so it does not start out overdue. Months
 * count from the series' first date, so the 31st stays the 31st where a month has one.
 */
async function addNext(ctx: AppContext, found: Commitment): Promise<Commitment | undefined> {
  const { recurrence, due } = found;
  if (recurrence === undefined || due === undefined) return undefined;
  const profile = await requireProfile(ctx);
  const own = scheduledDue(found) ?? due;
  const first = found.seriesId === undefined ? undefined : await ctx.store.getCommitment(found.seriesId);
  const anchor = (first === undefined ? undefined : scheduledDue(first)) ?? own;
  const nextDate = nextDue(own, recurrence, { anchor, after: due, notBefore: today(ctx, profile) });
  // Past the last date Hands-on keeps, the series ends.
  if (nextDate === undefined) return undefined;
  const next: Commitment = {
    id: ctx.newId(),
    kind: found.kind,
    title: found.title,
    ...(found.person !== undefined ? { person: found.person } : {}),
    due: nextDate,
    status: 'open',
    createdAt: ctx.now().toISOString(),
    postponements: [],
    recurrence,
    seriesId: found.seriesId ?? found.id,
  };
  await ctx.store.upsertCommitment(next);
  return { ...next, version: 1 };
}

/** `YYYY-MM-DDTHH:MM`, the leader's wall clock. */
const wallClock = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'expected a date and time as YYYY-MM-DDTHH:MM, e.g. 2026-11-26T14:30',
    abort: true,
  })
  .refine((s) => localDate.safeParse(s.slice(0, 10)).success, {
    message: 'expected a real date from 1970 to 2100, as YYYY-MM-DDTHH:MM',
  });

/** A file name from the title: `1-1-with-priya.ics`; only letters and digits make it into it. */
function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'commitment'}.ics`;
}

export const commitmentsHandlers = {
  add: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Add a leadership commitment: a 1:1, a tough conversation, a decision, a review…',
    input: CommitmentSchema.pick({ kind: true, title: true, person: true, due: true }).extend({
      /** Repeats: `week`, `2w`, `month`… (see recurrence.ts); each occurrence is its own commitment. */
      every: recurrenceText.optional(),
    }),
    async run(ctx, input): Promise<Commitment> {
      await requireProfile(ctx);
      if (input.every !== undefined && input.due === undefined) {
        throw new AppError('invalid', 'due: expected a due date; a repeating commitment counts from it', {
          field: 'due',
        });
      }
      const newId = ctx.newId();
      const commitment: Commitment = {
        id: newId,
        kind: input.kind,
        title: input.title,
        person: input.person,
        due: input.due,
        status: 'open',
        createdAt: ctx.now().toISOString(),
        postponements: [],
        ...(input.every !== undefined ? { recurrence: input.every, seriesId: newId } : {}),
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

  edit: handler({
    access: 'owner',
    touches: ['journal'],
    summary:
      'Change what an open commitment says: its title, kind, person or due date. A later due date is a postponement, not an edit.',
    input: z.object({
      id,
      title: CommitmentSchema.shape.title.optional(),
      kind: CommitmentSchema.shape.kind.optional(),
      /** Empty: nobody in particular. */
      person: personName.or(z.literal('')).optional(),
      due: localDate.optional(),
      version,
    }),
    async run(ctx, input): Promise<Commitment> {
      if ([input.title, input.kind, input.person, input.due].every((v) => v === undefined)) {
        throw new AppError('invalid', 'expected something to change: a title, kind, person or due date');
      }
      const found = await getOpen(ctx, input);
      if (input.due !== undefined && found.due !== undefined && input.due > found.due) {
        // Moving it later by an edit would leave no trace of the move, and "postponed 2×" would
        // no longer be true; a postponement keeps it.
        throw new AppError(
          'invalid',
          `due: to move it later than ${found.due}, postpone it (\`handson commitments postpone ${found.id} --to ${input.due}\`), so the move is kept`,
          { field: 'due' },
        );
      }
      const { person: _person, ...rest } = found;
      const person = input.person === undefined ? found.person : input.person || undefined;
      const changed: Commitment = {
        ...rest,
        ...(person !== undefined ? { person } : {}),
        title: input.title ?? found.title,
        kind: input.kind ?? found.kind,
        ...(input.due !== undefined ? { due: input.due } : {}),
      };
      return save(ctx, found, changed);
    },
  }),

  schedule: handler({
    access: 'owner',
    touches: ['journal'],
    summary:
      'Book a time for an open commitment (date and time in your time zone, and how long); its invitation can then be downloaded.',
    input: z.object({ id, at: wallClock, minutes, version }),
    async run(ctx, input): Promise<Commitment> {
      const profile = await requireProfile(ctx);
      const found = await getOpen(ctx, input);
      const scheduledAt = wallClockInstant(input.at.slice(0, 10), input.at.slice(11, 16), profile.tz);
      return save(ctx, found, { ...found, scheduledAt, scheduledMinutes: input.minutes });
    },
  }),

  invitation: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The calendar invitation (.ics) for a scheduled commitment: its file name and text.',
    input: z.object({ id }),
    async run(ctx, input): Promise<{ filename: string; ics: string }> {
      const found = await ctx.store.getCommitment(input.id);
      if (!found) {
        throw new AppError(
          'not-found',
          `There is no commitment "${input.id}"; see \`handson commitments list\`.`,
          { field: 'id' },
        );
      }
      if (found.scheduledAt === undefined || found.scheduledMinutes === undefined) {
        throw new AppError(
          'conflict',
          `Commitment "${found.id}" has no time booked yet; give it one first (\`handson commitments schedule ${found.id} --at YYYY-MM-DDTHH:MM --minutes N\`).`,
          { field: 'id' },
        );
      }
      return {
        filename: fileName(found.title),
        ics: invitationIcs({
          id: found.id,
          title: found.title,
          start: found.scheduledAt,
          minutes: found.scheduledMinutes,
          stamp: ctx.now().toISOString(),
          description: found.person === undefined ? undefined : `With ${found.person}`,
        }),
      };
    },
    // After `run`, whose answer types `out`.
    file: {
      extension: 'ics',
      type: 'text/calendar; charset=utf-8',
      of: (out) => ({ name: out.filename, body: out.ics }),
    },
  }),
};
