import { z } from 'zod';
import { BUILTIN_REASONS, catalogue } from '../../domain/reasons/reasons.js';
import { ReasonQuestionSchema, ReasonSchema } from '../../domain/records.js';
import type { Reason } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { reasonId, strictly, title } from '../schemas.js';

const BUILTIN_IDS = new Set(BUILTIN_REASONS.map((r) => r.id));

const { kind, summary } = ReasonSchema.shape;
const question = ReasonQuestionSchema.shape.text;
const signal = ReasonSchema.shape.signals.element;
const atMostSix = (what: string) => `expected at most 6 ${what}`;

/**
 * One of the leader's own reasons as it is stored and backed up: what `reasons add` accepts, with
 * its questions numbered. Its id must not be a built-in's, or answers would be ambiguous.
 */
export const ReasonRecord = strictly(
  // A leader's own reason never comes from an organisation's proposal.
  ReasonSchema.omit({ proposalId: true }).extend({
    id: reasonId.refine((id) => !BUILTIN_IDS.has(id), {
      message: 'expected an id that no built-in reason has',
    }),
    builtin: z.literal(false),
  }),
);

/** How to give an id on a command line: as it is when it is a plain id, else in quotes. */
function shellWord(id: string): string {
  return /^[a-z0-9-]+$/.test(id) ? id : `'${id.replaceAll("'", `'\\''`)}'`;
}

/**
 * Built-in reasons plus the user's own. A stored reason the CLI would refuse (a backup from before
 * backups were checked could bring one) is left out and named in a warning, with how to remove it,
 * rather than breaking every command that reads the catalogue.
 */
export async function loadCatalogue(ctx: AppContext): Promise<Reason[]> {
  const own: Reason[] = [];
  for (const stored of await ctx.store.listCustomReasons()) {
    const checked = ReasonRecord.safeParse(stored);
    const issue = checked.success
      ? checked.data.id === stored.id
        ? undefined
        : { path: ['id'], message: 'expected no spaces around it' }
      : checked.error.issues[0]!;
    if (issue === undefined) own.push(stored);
    else
      ctx.warn?.(
        `Your reason ${JSON.stringify(stored.id)} is left out of the catalogue (${issue.path.join('.')}: ${issue.message}); remove it with \`handson reasons remove ${shellWord(stored.id)}\`.`,
      );
  }
  const mine = catalogue(own);
  if (ctx.organisationReasons === undefined) return mine;
  // The organisation's adopted reasons come last. One that has the id of a leader's own reason
  // is left out for them: the id in their past checks means their own, and must go on doing so.
  const taken = new Set(mine.map((r) => r.id));
  const adopted: Reason[] = [];
  for (const r of await ctx.organisationReasons()) {
    if (taken.has(r.id)) {
      ctx.warn?.(
        `Your organisation's reason ${JSON.stringify(r.id)} is left out of your catalogue: your own reason has that id.`,
      );
      continue;
    }
    taken.add(r.id);
    adopted.push(r);
  }
  return [...mine, ...adopted];
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

/** What `reasons remove` did. */
export interface RemovedReason {
  id: string;
  /** The id is also a built-in's: the stored reason that clashed with it is gone, the built-in stays. */
  builtin: boolean;
  /** Sessions logged with it; they keep the id among their reasons. */
  sessions: number;
}

export const reasonsHandlers = {
  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The reasons catalogue: the built-in good and watch-out reasons, then your own.',
    input: z.object({}),
    async run(ctx): Promise<Reason[]> {
      return loadCatalogue(ctx);
    },
  }),

  show: handler({
    access: 'owner',
    readOnly: true,
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
    access: 'owner',
    touches: ['reasons'],
    summary: 'Add your own reason to the catalogue (its kind is required: good or watch-out).',
    input: z.object({
      id: reasonId,
      kind,
      title,
      summary: summary.optional(),
      questions: z.array(question).max(6, atMostSix('questions')).default([]),
      signals: z.array(signal).max(6, atMostSix('signals')).default([]),
    }),
    async run(ctx, input): Promise<Reason> {
      if (BUILTIN_IDS.has(input.id)) {
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

  remove: handler({
    access: 'owner',
    touches: ['reasons'],
    summary:
      'Remove one of your own reasons. Sessions and checks that used it keep its id; it can no longer be chosen.',
    // Any id: a stored reason the catalogue leaves out (a space in its id, a built-in's id) must be removable.
    input: z.object({
      id: z.string().min(1, 'expected the id of one of your own reasons (see `handson reasons list`)'),
    }),
    async run(ctx, { id }): Promise<RemovedReason> {
      const builtin = BUILTIN_IDS.has(id);
      if (!(await ctx.store.deleteReason(id))) {
        throw builtin
          ? new AppError('conflict', `"${id}" is a built-in reason; only your own reasons can be removed.`)
          : new AppError('not-found', `You have no reason "${id}"; see \`handson reasons list\`.`);
      }
      const sessions = (await ctx.store.listSessions()).filter((s) => s.reasons.includes(id)).length;
      return { id, builtin, sessions };
    },
  }),
};
