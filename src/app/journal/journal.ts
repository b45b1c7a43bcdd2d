import { DateTime } from 'luxon';
import { z } from 'zod';
import type { IcSession, ImprovementAction, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { assertKnownReasons, loadCatalogue } from '../reasons/reasons.js';
import { energy, id, localDate, note, title } from '../schemas.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. 09:30');

const LogInput = z
  .object({
    title,
    date: localDate.optional(),
    minutes: z
      .number({ message: 'expected minutes spent, e.g. 90' })
      .int('expected a whole number of minutes')
      .gt(0, 'expected more than 0 minutes')
      .max(24 * 60, 'expected at most 1440 minutes (one day)')
      .optional(),
    start: clock.optional(),
    end: clock.optional(),
    reasons: z
      .array(z.string().trim().min(1))
      .min(1, 'expected at least one reason (see `handson reasons list`)'),
    energyBefore: energy.optional(),
    energyAfter: energy.optional(),
    gaps: z.array(z.string().trim().min(1, 'expected a non-empty gap').max(1000)).default([]),
    notes: note.optional(),
    checkId: id.optional(),
  })
  .refine((i) => i.minutes !== undefined || (i.start !== undefined && i.end !== undefined), {
    message: 'expected how long you worked: minutes, or a start and an end time',
    path: ['minutes'],
  })
  .refine((i) => i.minutes === undefined || (i.start === undefined && i.end === undefined), {
    message: 'give either minutes or a start and end time, not both',
    path: ['minutes'],
  })
  .refine((i) => i.start === undefined || i.end === undefined || i.start < i.end, {
    message: 'expected the end time to be after the start time',
    path: ['end'],
  });

export interface LogOutcome {
  session: IcSession;
  /** One improvement action per gap found. */
  actions: ImprovementAction[];
}

export const journalHandlers = {
  log: handler({
    summary: 'Log a session of IC work: when, how long, why, energy before and after, gaps found.',
    input: LogInput,
    async run(ctx, input): Promise<LogOutcome> {
      const profile = await requireProfile(ctx);
      const reasons = [...new Set(input.reasons)];
      assertKnownReasons(await loadCatalogue(ctx), reasons, 'reasons');
      if (input.checkId !== undefined && !(await ctx.store.getCheck(input.checkId))) {
        throw new AppError('not-found', `checkId: there is no check "${input.checkId}"`, {
          field: 'checkId',
        });
      }
      const date: LocalDate = input.date ?? today(ctx, profile);
      let minutes = input.minutes;
      let startedAt: string | undefined;
      if (input.start !== undefined && input.end !== undefined) {
        // Times of day are the leader's wall clock on that date; luxon resolves DST for the zone.
        const start = DateTime.fromISO(`${date}T${input.start}`, { zone: profile.tz });
        const end = DateTime.fromISO(`${date}T${input.end}`, { zone: profile.tz });
        minutes = Math.round(end.diff(start, 'minutes').minutes);
        startedAt = start.toUTC().toISO()!;
      }
      const now = ctx.now().toISOString();
      const session: IcSession = {
        id: ctx.newId(),
        date,
        startedAt,
        minutes: minutes!,
        title: input.title,
        reasons,
        energyBefore: input.energyBefore,
        energyAfter: input.energyAfter,
        gaps: input.gaps,
        notes: input.notes,
        checkId: input.checkId,
        createdAt: now,
        updatedAt: now,
      };
      const actions: ImprovementAction[] = input.gaps.map((gap) => ({
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
      return { session, actions };
    },
  }),

  list: handler({
    summary: 'IC sessions in a date range (inclusive), oldest first.',
    input: z.object({ from: localDate.optional(), to: localDate.optional() }),
    async run(ctx, range): Promise<IcSession[]> {
      return ctx.store.listSessions(range);
    },
  }),
};
