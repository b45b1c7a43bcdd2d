import { DateTime } from 'luxon';
import { z } from 'zod';
import { IcSessionSchema } from '../../domain/records.js';
import { DATE_RANGE_TEXT, isInstantInRange } from '../../domain/time.js';
import type { IcSession, ImprovementAction, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { assertKnownReasons, loadCatalogue } from '../reasons/reasons.js';
import { id, localDate, reasonList } from '../schemas.js';

export const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. 09:30');

/** A session's own fields, as the record checks them (domain/records.ts). */
const session = IcSessionSchema.shape;

export const LogFields = z.object({
  title: session.title,
  date: session.date.optional(),
  minutes: session.minutes.optional(),
  start: clock.optional(),
  end: clock.optional(),
  reasons: reasonList,
  energyBefore: session.energyBefore,
  energyAfter: session.energyAfter,
  gaps: session.gaps,
  notes: session.notes,
  checkId: session.checkId,
  visible: session.visible,
});

const LogInput = LogFields.refine(
  (i) => i.minutes !== undefined || (i.start !== undefined && i.end !== undefined),
  {
    message: 'expected how long you worked: minutes, or a start and an end time',
    path: ['minutes'],
  },
)
  .refine((i) => i.minutes === undefined || (i.start === undefined && i.end === undefined), {
    message: 'give either minutes or a start and end time, not both',
    path: ['minutes'],
  })
  .refine((i) => i.start === undefined || i.end === undefined || i.start < i.end, {
    message: 'expected the end time to be after the start time',
    path: ['end'],
  });

/** Minutes and start instant from `minutes`, or from wall-clock start and end on `date` in `tz`. */
function timing(
  date: LocalDate,
  tz: string,
  t: { minutes?: number | undefined; start?: string | undefined; end?: string | undefined },
): { minutes: number; startedAt?: string } {
  if (t.start === undefined || t.end === undefined) return { minutes: t.minutes! };
  // Times of day are the leader's wall clock on that date; luxon resolves DST for the zone.
  const start = DateTime.fromISO(`${date}T${t.start}`, { zone: tz });
  const end = DateTime.fromISO(`${date}T${t.end}`, { zone: tz });
  const startedAt = start.toUTC().toISO()!;
  // The date is in range, but its first or last hours may not be in UTC.
  if (!isInstantInRange(startedAt)) {
    throw new AppError(
      'invalid',
      `start: ${t.start} on ${date} in ${tz} is ${startedAt} in UTC; expected a moment ${DATE_RANGE_TEXT} (UTC)`,
      { field: 'start' },
    );
  }
  return { minutes: Math.round(end.diff(start, 'minutes').minutes), startedAt };
}

/** Someone else's write came first: say so, and what to do, without writing anything. */
function editConflict(session: IcSession): AppError {
  return new AppError(
    'conflict',
    `Session "${session.id}" was changed since you opened it; nothing was saved. Look at it again (\`handson sessions\`) and make your change on what is there now.`,
    { field: 'version' },
  );
}

async function getSession(ctx: Pick<AppContext, 'store'>, id: string): Promise<IcSession> {
  const found = await ctx.store.getSession(id);
  if (!found) {
    throw new AppError('not-found', `There is no session "${id}"; see \`handson sessions\`.`, {
      field: 'id',
    });
  }
  return found;
}

export interface LogOutcome {
  session: IcSession;
  /** One improvement action per gap found. */
  actions: ImprovementAction[];
}

/** What a logged session says besides when it happened: `log`'s fields, kept by a timer until it stops. */
export type SessionEntry = Omit<z.output<typeof LogFields>, 'date' | 'minutes' | 'start' | 'end'>;

/** Refuses reasons the catalogue does not know and a check that does not exist, before anything is written. */
export async function checkSessionLinks(
  ctx: AppContext,
  entry: { reasons: readonly string[]; checkId?: string | undefined },
): Promise<void> {
  assertKnownReasons(await loadCatalogue(ctx), [...new Set(entry.reasons)], 'reasons');
  if (entry.checkId !== undefined && !(await ctx.store.getCheck(entry.checkId))) {
    throw new AppError('not-found', `checkId: there is no check "${entry.checkId}"`, {
      field: 'checkId',
    });
  }
}

/**
 * Writes a session once it is known when it happened, with one improvement action per gap. `log`
 * and the timer's `stop` both end here, so a session is the same record however it was taken; the
 * caller has checked its links (`checkSessionLinks`).
 */
export async function logSession(
  ctx: AppContext,
  entry: SessionEntry & { date: LocalDate; minutes: number; startedAt?: string | undefined },
): Promise<LogOutcome> {
  const now = ctx.now().toISOString();
  const session: IcSession = {
    id: ctx.newId(),
    date: entry.date,
    startedAt: entry.startedAt,
    minutes: entry.minutes,
    title: entry.title,
    reasons: [...new Set(entry.reasons)],
    energyBefore: entry.energyBefore,
    energyAfter: entry.energyAfter,
    gaps: entry.gaps,
    notes: entry.notes,
    checkId: entry.checkId,
    // Only a visible session carries the field, as the store reads it back.
    ...(entry.visible ? { visible: true } : {}),
    createdAt: now,
    updatedAt: now,
  };
  const actions: ImprovementAction[] = entry.gaps.map((gap) => ({
    id: ctx.newId(),
    text: gap,
    sessionId: session.id,
    status: 'open',
    createdAt: now,
  }));
  await ctx.store.transaction(async (tx) => {
    await tx.upsertSession(session);
    for (const action of actions) await tx.upsertAction(action);
  });
  // A new session is stored at version 1; an edit names it.
  return { session: { ...session, version: 1 }, actions };
}

export const journalHandlers = {
  log: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Log a session of IC work: when, how long, why, energy before and after, gaps found.',
    input: LogInput,
    async run(ctx, input): Promise<LogOutcome> {
      const profile = await requireProfile(ctx);
      await checkSessionLinks(ctx, input);
      const date: LocalDate = input.date ?? today(ctx, profile);
      return logSession(ctx, { ...input, date, ...timing(date, profile.tz, input) });
    },
  }),

  edit: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Change a logged session; new gaps become improvement actions.',
    input: z
      .object({
        id,
        title: session.title.optional(),
        date: session.date.optional(),
        minutes: LogFields.shape.minutes,
        start: clock.optional(),
        end: clock.optional(),
        reasons: reasonList.optional(),
        energyBefore: session.energyBefore,
        energyAfter: session.energyAfter,
        /** Gaps to add; existing ones stay (each already has its action). */
        gaps: session.gaps,
        notes: session.notes,
        visible: session.visible,
        /** Links the session to the check that led to it (a title match the leader confirmed). */
        checkId: session.checkId,
        /** The version the edit started from (as listed); a newer stored one is a conflict. */
        version: session.version,
      })
      .refine((i) => (i.start === undefined) === (i.end === undefined), {
        message: 'give both a start and an end time',
        path: ['start'],
      })
      .refine((i) => i.minutes === undefined || i.start === undefined, {
        message: 'give either minutes or a start and end time, not both',
        path: ['minutes'],
      })
      .refine((i) => i.start === undefined || i.end === undefined || i.start < i.end, {
        message: 'expected the end time to be after the start time',
        path: ['end'],
      }),
    async run(ctx, input): Promise<LogOutcome> {
      const profile = await requireProfile(ctx);
      if (input.reasons) assertKnownReasons(await loadCatalogue(ctx), input.reasons, 'reasons');
      if (input.checkId !== undefined) await checkSessionLinks(ctx, { reasons: [], checkId: input.checkId });
      // Read, change and write in one transaction, and write only if no other write came in
      // between: the last writer must not win silently.
      return ctx.store.transaction(async (tx) => {
        const before = await getSession({ store: tx }, input.id);
        if (input.version !== undefined && input.version !== before.version) throw editConflict(before);
        const date = input.date ?? before.date;
        const timed =
          input.start !== undefined
            ? timing(date, profile.tz, input)
            : input.minutes !== undefined
              ? { minutes: input.minutes }
              : {
                  minutes: before.minutes,
                  ...(before.startedAt && date === before.date ? { startedAt: before.startedAt } : {}),
                };
        const now = ctx.now().toISOString();
        const newGaps = input.gaps.filter((g) => !before.gaps.includes(g));
        const after: IcSession = {
          ...before,
          date,
          minutes: timed.minutes,
          startedAt: timed.startedAt,
          title: input.title ?? before.title,
          reasons: input.reasons ? [...new Set(input.reasons)] : before.reasons,
          energyBefore: input.energyBefore ?? before.energyBefore,
          energyAfter: input.energyAfter ?? before.energyAfter,
          gaps: [...before.gaps, ...newGaps],
          notes: input.notes ?? before.notes,
          visible: (input.visible ?? before.visible) ? true : undefined,
          checkId: input.checkId ?? before.checkId,
          updatedAt: now,
        };
        const actions: ImprovementAction[] = newGaps.map((gap) => ({
          id: ctx.newId(),
          text: gap,
          sessionId: after.id,
          status: 'open',
          createdAt: now,
        }));
        if (!(await tx.updateSession(after, before.version ?? 1))) throw editConflict(before);
        for (const action of actions) await tx.upsertAction(action);
        return { session: { ...after, version: (before.version ?? 1) + 1 }, actions };
      });
    },
  }),

  delete: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Delete a logged session. Improvement actions made from its gaps stay.',
    input: z.object({ id }),
    async run(ctx, input): Promise<IcSession> {
      const found = await getSession(ctx, input.id);
      await ctx.store.deleteSession(found.id);
      return found;
    },
  }),

  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'IC sessions in a date range (inclusive), oldest first.',
    input: z.object({ from: localDate.optional(), to: localDate.optional() }),
    async run(ctx, range): Promise<IcSession[]> {
      return ctx.store.listSessions(range);
    },
  }),
};
