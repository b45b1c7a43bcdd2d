import { z } from 'zod';
import { overrunSentence } from '../../domain/present/timer.js';
import { IcSessionSchema } from '../../domain/records.js';
import { localDate, localDateTime, wallClockInstant } from '../../domain/time.js';
import { type Overrun, timerOverrun } from '../../domain/timer/timer.js';
import type { Instant, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { checkSessionLinks, clock, LogFields, type LogOutcome, logSession } from '../journal/journal.js';
import { requireProfile } from '../profile/profile.js';
import { workingHours } from '../profile/working-hours.js';
import { RUNNING_TIMER_SETTING, StoredTimer } from './running.js';

export interface RunningTimer extends StoredTimer {
  /** Whole minutes since it started (rounded, as `stop` counts them). */
  minutes: number;
  /** The local day and wall-clock time (`HH:MM`) it started at. */
  date: LocalDate;
  startTime: string;
  /** Set when it ran past midnight or the end of working hours: `stop` then asks when the work ended. */
  overrun?: Overrun;
}

async function storedTimer(ctx: AppContext): Promise<StoredTimer | undefined> {
  const raw = await ctx.store.getSetting(RUNNING_TIMER_SETTING);
  // `stop` leaves null behind: the settings have no delete, and null reads as no timer.
  return raw === undefined || raw === null ? undefined : StoredTimer.parse(raw);
}

const minutesBetween = (from: Instant, to: Instant) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** `14:05`, or `2026-11-25 14:05` when that was not today. */
function when(at: Instant, now: Instant, tz: string): string {
  const [date, time] = localDateTime(at, tz).split(' ');
  return date === localDate(now, tz) ? (time ?? '') : `${date} ${time}`;
}

const until = z
  .string()
  .trim()
  .refine((v) => v === 'now' || clock.safeParse(v).success, {
    message: 'expected the time you stopped as HH:MM on the day the timer started, e.g. 17:30, or now',
  });

export const timerHandlers = {
  start: handler({
    access: 'owner',
    touches: ['settings'],
    summary: 'Start a timer on a piece of IC work; `stop` logs it as a session.',
    input: LogFields.pick({ title: true, reasons: true, checkId: true, energyBefore: true }),
    async run(ctx, input): Promise<RunningTimer> {
      const profile = await requireProfile(ctx);
      const now = ctx.now().toISOString();
      const running = await storedTimer(ctx);
      if (running !== undefined) {
        throw new AppError(
          'conflict',
          `A timer is already running: "${running.title}", since ${when(running.startedAt, now, profile.tz)}. \`handson stop\` ends it.`,
        );
      }
      // Refused now rather than when it stops, an hour of work later.
      await checkSessionLinks(ctx, input);
      const timer: StoredTimer = {
        title: input.title,
        reasons: [...new Set(input.reasons)],
        ...(input.checkId === undefined ? {} : { checkId: input.checkId }),
        ...(input.energyBefore === undefined ? {} : { energyBefore: input.energyBefore }),
        startedAt: now,
      };
      await ctx.store.putSetting(RUNNING_TIMER_SETTING, timer, now);
      const [date, startTime] = localDateTime(now, profile.tz).split(' ') as [LocalDate, string];
      return { ...timer, minutes: 0, date, startTime };
    },
  }),

  status: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The running timer and how long it has run, or null.',
    input: z.object({}),
    async run(ctx): Promise<RunningTimer | null> {
      const timer = await storedTimer(ctx);
      if (timer === undefined) return null;
      const profile = await requireProfile(ctx);
      const now = ctx.now().toISOString();
      const [date, startTime] = localDateTime(timer.startedAt, profile.tz).split(' ') as [LocalDate, string];
      const overrun = timerOverrun(timer.startedAt, now, profile.tz, await workingHours(ctx.store));
      return {
        ...timer,
        minutes: Math.max(0, minutesBetween(timer.startedAt, now)),
        date,
        startTime,
        ...(overrun === undefined ? {} : { overrun }),
      };
    },
  }),

  stop: handler({
    access: 'owner',
    touches: ['journal', 'settings'],
    summary:
      'Stop the running timer and log its session; a timer that ran past midnight or working hours needs `until`.',
    input: LogFields.pick({ energyAfter: true, gaps: true, notes: true }).extend({ until: until.optional() }),
    async run(ctx, input): Promise<LogOutcome> {
      const timer = await storedTimer(ctx);
      if (timer === undefined) {
        throw new AppError('not-found', 'No timer is running; start one with `handson start`.');
      }
      const profile = await requireProfile(ctx);
      const now = ctx.now().toISOString();
      const date = localDate(timer.startedAt, profile.tz);
      let end: Instant = now;
      if (input.until === undefined) {
        const overrun = timerOverrun(timer.startedAt, now, profile.tz, await workingHours(ctx.store));
        if (overrun !== undefined) {
          const [nowDate, nowTime] = localDateTime(now, profile.tz).split(' ');
          throw new AppError(
            'invalid',
            overrunSentence(timer.title, overrun, { date: nowDate ?? '', time: nowTime ?? '' }),
            { field: 'until' },
          );
        }
      } else if (input.until !== 'now') {
        end = wallClockInstant(date, input.until, profile.tz);
        if (Date.parse(end) > Date.parse(now)) {
          throw new AppError(
            'invalid',
            `until: ${input.until} on ${date} is still ahead; give the time you stopped, or now.`,
            { field: 'until' },
          );
        }
      }
      const minutes = minutesBetween(timer.startedAt, end);
      if (minutes < 1) {
        throw new AppError(
          'invalid',
          input.until === undefined || input.until === 'now'
            ? 'The timer has run for less than a minute; nothing was logged. Stop it once a minute has passed.'
            : `until: ${input.until} is not a minute after the timer started (${localDateTime(timer.startedAt, profile.tz).slice(11)}); give a later time.`,
          { field: 'until' },
        );
      }
      // The same bound as a logged session's (the record's own schema).
      if (!IcSessionSchema.shape.minutes.safeParse(minutes).success) {
        throw new AppError(
          'invalid',
          `until: the timer ran ${minutes} minutes, more than a session can hold (1440, one day); give the time you stopped on ${date} as HH:MM.`,
          { field: 'until' },
        );
      }
      // Checked again: a reason or the check may have been removed while the timer ran.
      await checkSessionLinks(ctx, timer);
      const logged = await logSession(ctx, {
        ...timer,
        energyAfter: input.energyAfter,
        gaps: input.gaps,
        notes: input.notes,
        date,
        minutes,
      });
      // In the handler's one transaction: the session is logged and the timer gone, or neither.
      await ctx.store.putSetting(RUNNING_TIMER_SETTING, null, now);
      return logged;
    },
  }),

  discard: handler({
    access: 'owner',
    touches: ['settings'],
    summary: 'Forget the running timer without logging anything (one started by mistake).',
    input: z.object({}),
    async run(ctx): Promise<StoredTimer> {
      const timer = await storedTimer(ctx);
      if (timer === undefined) {
        throw new AppError('not-found', 'No timer is running, so there is nothing to discard.');
      }
      await ctx.store.putSetting(RUNNING_TIMER_SETTING, null, ctx.now().toISOString());
      return timer;
    },
  }),
};
