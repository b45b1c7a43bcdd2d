import { z } from 'zod';
import { runCheck } from '../../domain/check/check.js';
import { budgetHours } from '../../domain/profile/budget.js';
import { CheckRecordSchema } from '../../domain/records.js';
import { addDays, titleKey, weekKey, weekOf } from '../../domain/time.js';
import type {
  CheckContext,
  CheckInput,
  CheckRecord,
  CheckResult,
  LocalDate,
  Profile,
} from '../../domain/types.js';
import { focusMinutesLeft, timeSummary } from '../../domain/week/time-model.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { calendarCoverage } from '../evidence/coverage.js';
import { handler } from '../handler.js';
import { currentFlags } from '../insight/insight.js';
import { dayModels, modelEvents, workingHours } from '../insight/model.js';
import { requireProfile, today } from '../profile/profile.js';
import { assertKnownReasons, loadCatalogue } from '../reasons/reasons.js';
import { id, localDate, reasonList, title } from '../schemas.js';
import { type FollowThroughView, followThroughOf } from './follow-through.js';

/** How long "new to the function" lasts: learning by doing has a horizon of months, not forever. */
export const NEW_TO_FUNCTION_DAYS = 365;

export function isNewToFunction(profile: Profile, on: LocalDate): boolean {
  const since = profile.newToFunctionSince;
  return since !== undefined && since <= on && on < addDays(since, NEW_TO_FUNCTION_DAYS);
}

/** The check's input as the leader gives it: the record's fields, with the reasons a request may name. */
const CheckInputSchema = CheckRecordSchema.shape.input.safeExtend({ reasons: reasonList });

/** Everything the check weighs besides the task itself, read from the journal. */
export async function checkContext(
  ctx: AppContext,
  profile: Profile,
  task: { title: string; due?: LocalDate | undefined },
): Promise<CheckContext> {
  const on = today(ctx, profile);
  const week = weekOf(on);
  const [open, sameTask, reasons] = await Promise.all([
    ctx.store.listCommitments({ status: 'open' }),
    ctx.store.listSessions({ titleKey: titleKey(task.title) }),
    loadCatalogue(ctx),
  ]);
  // Creep counts the weeks this task has already been worked on, plus this one (the check is about now).
  const weeks = new Set(sameTask.map((s) => weekKey(s.date)));
  weeks.add(weekKey(on));
  // The time model knows IC the leader did not log (commits, focus blocks) and the calendar's
  // free blocks; the flags know what the evidence says about this week.
  const [days, flags, todaysEvents, hours, coverage] = await Promise.all([
    dayModels(ctx, profile, week.start, week.end),
    currentFlags(ctx, profile, on),
    modelEvents(ctx, profile, on, on),
    workingHours(ctx),
    calendarCoverage(ctx.store),
  ]);
  // Today counts only from now: a free morning that has passed cannot take the task any more.
  const focusToday = focusMinutesLeft({
    date: on,
    tz: profile.tz,
    workingHours: hours,
    events: todaysEvents,
    sessions: [],
    gitSessions: [],
    calendarCoverage: coverage,
    from: ctx.now().toISOString(),
  });
  // The same figures as `week`, the review and the dashboard: one computation, one number.
  const time = timeSummary(days);
  const later = timeSummary(days.filter((d) => d.date > on));
  const focusAhead = focusToday === null || later.focus === null ? null : focusToday + later.focus;
  // Up to the end of the due date, when that is today or later this week: the same figures, cut
  // there. A date past this week (or a day without a calendar) leaves it unknown.
  const due = task.due;
  const between = due === undefined ? [] : days.filter((d) => d.date > on && d.date <= due);
  const untilDue =
    due === undefined || due < on || due > week.end || !between.every((d) => d.calendar)
      ? null
      : (timeSummary(between).focus ?? 0);
  const beforeDue = focusToday === null || untilDue === null ? null : focusToday + untilDue;
  return {
    today: on,
    icHoursThisWeek: time.ic.done / 60,
    ...(time.ic.planned !== null ? { icPlannedHoursThisWeek: time.ic.planned / 60 } : {}),
    ...(focusAhead !== null ? { focusHoursAhead: focusAhead / 60 } : {}),
    ...(beforeDue !== null ? { focusHoursBeforeDue: beforeDue / 60 } : {}),
    activeFlags: flags.flags.map((f) => f.id),
    budgetHours: budgetHours(profile),
    commitments: open,
    newToFunction: isNewToFunction(profile, on),
    sameTaskWeeks: weeks.size,
    reasons,
  };
}

async function getCheck(ctx: AppContext, checkId: string): Promise<CheckRecord> {
  const found = await ctx.store.getCheck(checkId);
  if (!found) {
    throw new AppError('not-found', `There is no check "${checkId}"; see \`handson check list\`.`, {
      field: 'id',
    });
  }
  return found;
}

/** Anything but the title names an answer the verdict was given for: a new check is the honest way. */
const ONLY_TITLE =
  'Only the title of a check can be changed: its verdict was given for those answers. Run a new check instead.';

export interface CheckOutcome extends CheckResult {
  id: string;
  date: LocalDate;
}

export const checkHandlers = {
  run: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Check an IC task before you take it: take, time-box, pair, delegate, or pause and reflect.',
    input: CheckInputSchema,
    async run(ctx, raw): Promise<CheckOutcome> {
      const profile = await requireProfile(ctx);
      const input: CheckInput = { ...raw, reasons: [...new Set(raw.reasons)] };
      const context = await checkContext(ctx, profile, input);
      assertKnownReasons(context.reasons, input.reasons, 'reasons');
      const result = runCheck(input, context);
      const record: CheckRecord = {
        id: ctx.newId(),
        at: ctx.now().toISOString(),
        date: context.today,
        input,
        result,
      };
      await ctx.store.upsertCheck(record);
      return { id: record.id, date: record.date, ...result };
    },
  }),

  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Recent checks, newest first.',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(20) }),
    async run(ctx, { limit }): Promise<CheckRecord[]> {
      return ctx.store.listChecks({ limit });
    },
  }),

  edit: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Rename a check. Only the title changes: the verdict was given for the answers.',
    input: z.strictObject(
      { id, title },
      { error: (iss) => (iss.code === 'unrecognized_keys' ? ONLY_TITLE : undefined) },
    ),
    async run(ctx, input): Promise<CheckRecord> {
      const found = await getCheck(ctx, input.id);
      const check: CheckRecord = { ...found, input: { ...found.input, title: input.title } };
      await ctx.store.upsertCheck(check);
      return check;
    },
  }),

  delete: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Delete a check. The sessions linked to it stay, no longer linked.',
    input: z.object({ id }),
    async run(ctx, input): Promise<{ deleted: CheckRecord }> {
      const found = await getCheck(ctx, input.id);
      await ctx.store.deleteCheck(found.id);
      return { deleted: found };
    },
  }),

  followThrough: handler({
    access: 'owner',
    readOnly: true,
    summary:
      'What happened after each check: taken, time-boxed, delegated, or done anyway, with the hours; and sessions that look like a check’s work, to link.',
    input: z.object({
      from: localDate.optional(),
      to: localDate.optional(),
      limit: z.number().int().min(1).max(1000).default(20),
    }),
    async run(ctx, input): Promise<FollowThroughView> {
      const profile = await requireProfile(ctx);
      const checks = await ctx.store.listChecks(input);
      return followThroughOf(ctx, profile, checks);
    },
  }),
};
