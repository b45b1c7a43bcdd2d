import { z } from 'zod';
import { type WeekCommitments, weekCommitments } from '../../domain/commitments/commitments.js';
import { computeFlags, storedFingerprint } from '../../domain/insight/flags.js';
import {
  type DayModel,
  DEFAULT_FLAG_CONFIG,
  type Flag,
  type FlagReview,
  type InsightInput,
  type TimeSummary,
  type WeekModel,
} from '../../domain/insight/insight-types.js';
import type { ReportData, ReportMetric } from '../../domain/insight/report-types.js';
import { type ReviewQuestion, reviewQuestions } from '../../domain/insight/review-questions.js';
import { budgetHours, budgetPct } from '../../domain/profile/budget.js';
import { addDays, earlierOf, laterOf, weekOf } from '../../domain/time.js';
import type { LocalDate, Profile } from '../../domain/types.js';
import { timeSummary } from '../../domain/week/time-model.js';
import { AppError } from '../../errors.js';
import { type FollowThroughView, followThroughOf } from '../check/follow-through.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { clockTurn, memo } from '../memo.js';
import { requireProfile, today } from '../profile/profile.js';
import { loadCatalogue } from '../reasons/reasons.js';
import { atMost, localDate } from '../schemas.js';
import { weekAsOf } from '../week/week.js';
import {
  dayModels,
  ensureFresh,
  historyStart,
  modelEvents,
  rebuildDayModels,
  weekModels,
  weeksOf,
} from './model.js';

/** How far back flags look: the current week and the four before it, plus room for review run-ups. */
const LOOKBACK_DAYS = 7 * 8;

/** Everything the flags need, as of `on` (the leader's local day). */
export async function insightInput(ctx: AppContext, profile: Profile, on: LocalDate): Promise<InsightInput> {
  const weekStart = weekOf(on).start;
  const from = addDays(weekStart, -LOOKBACK_DAYS);
  const [weeks, sessions, commitments, events, commitDays, trackerItems, checks, reasons, people] =
    await Promise.all([
      weekModels(ctx, profile, addDays(weekStart, -28), on),
      ctx.store.listSessions({ from: addDays(on, -90), to: on }),
      ctx.store.listCommitments(),
      modelEvents(ctx, profile, from, on),
      ctx.store.listCommitDays({ from, to: on }),
      ctx.store.listTrackerItems(),
      ctx.store.listChecks({ from, to: on }),
      loadCatalogue(ctx),
      ctx.store.listPeople(),
    ]);
  // Only the actions that came from these sessions' gaps are read: a journal of 100,000 actions
  // otherwise cost a second of reading for flags that look at a few weeks.
  const withGaps = sessions.filter((s) => s.gaps.length > 0).map((s) => s.id);
  const actions = withGaps.length === 0 ? [] : await ctx.store.listActions({ sessionIds: withGaps });
  // Direct reports by name: the people listed as reports and the people of one-on-one commitments.
  // Review dates: review commitments.
  const reports = [
    ...new Set([
      ...people.filter((p) => p.relation === 'report').map((p) => p.name),
      ...commitments.filter((c) => c.kind === 'one-on-one' && c.person).map((c) => c.person!),
    ]),
  ].sort();
  const reviewDates = [
    ...new Set(commitments.filter((c) => c.kind === 'review' && c.due).map((c) => c.due!)),
  ].sort();
  return {
    today: on,
    profile,
    reports,
    reviewDates,
    weeks,
    sessions,
    commitments,
    events,
    commitDays,
    trackerItems,
    checks,
    actions,
    reasons,
    config: DEFAULT_FLAG_CONFIG,
    people,
    now: ctx.now().toISOString(),
  };
}

export interface FlagView extends Flag {
  /** Set when the leader acknowledged this flag with this evidence. */
  acknowledged?: { at: string; note?: string };
}

export interface FlagsView {
  today: LocalDate;
  /** Every flag not dismissed, most important first; acknowledged ones stay, marked. */
  flags: FlagView[];
  /** Flags neither acknowledged nor dismissed: what is left to look at. */
  toLookAt: number;
  /** Flags dismissed for this very evidence: not shown until the evidence changes. */
  dismissed: number;
}

/**
 * The flags as of `on`, computed once per data version (see memo.ts). The dashboard asks for flags
 * and for the weekly review (which shows them) on every load, and the check asks again: without
 * this each request would read eight weeks of evidence again (about 80 ms on a five-year history).
 */
export async function flagsAsOf(ctx: AppContext, profile: Profile, on: LocalDate): Promise<readonly Flag[]> {
  return (await insightAsOf(ctx, profile, on)).flags;
}

/** The flags and the input they were computed from, kept together (the weekly review reads both). */
async function insightAsOf(
  ctx: AppContext,
  profile: Profile,
  on: LocalDate,
): Promise<{ input: InsightInput; flags: readonly Flag[] }> {
  // The refresh writes day models, so it comes before the version is read; the version then only
  // moves when the evidence does.
  await ensureFresh(ctx);
  // Today's figures move with the clock (a focus block becomes done as it passes): the turn of the
  // clock (memo.ts `clockTurn`, the owner's minute) is part of the key, as it is of the figures',
  // so a flag is never older than the figures beside it.
  const key = `${await ctx.store.dataVersion()}|${on}|${clockTurn(ctx.now(), ctx.store.ownerId)}`;
  return memo(ctx.store, 'flags', key, async () => {
    const input = await insightInput(ctx, profile, on);
    return { input, flags: computeFlags(input) };
  });
}

export async function currentFlags(ctx: AppContext, profile: Profile, on: LocalDate): Promise<FlagsView> {
  const [flags, reviews] = await Promise.all([flagsAsOf(ctx, profile, on), ctx.store.listFlagReviews()]);
  // Reviews saved before flag ids were short hold the long form; either finds its flag. Of two
  // reviews of one flag the one under the short id wins (it was saved since), else the latest.
  const isShort = (r: FlagReview) => storedFingerprint(r.fingerprint) === r.fingerprint;
  const ordered = [...reviews.filter((r) => !isShort(r)), ...reviews.filter(isShort)];
  const byFingerprint = new Map(ordered.map((r) => [storedFingerprint(r.fingerprint), r]));
  const shown: FlagView[] = [];
  let dismissed = 0;
  for (const f of flags) {
    const review = byFingerprint.get(f.fingerprint);
    if (review?.status === 'dismissed') dismissed += 1;
    else if (review?.status === 'acknowledged') {
      shown.push({ ...f, acknowledged: { at: review.at, ...(review.note ? { note: review.note } : {}) } });
    } else shown.push(f);
  }
  const toLookAt = shown.filter((f) => !f.acknowledged).length;
  return { today: on, flags: shown, toLookAt, dismissed };
}

export interface WeeklyReview {
  week: WeekModel;
  /** The week's figures as every surface shows them (see TimeSummary). */
  time: TimeSummary;
  flags: FlagView[];
  toLookAt: number;
  dismissed: number;
  /** Commitments open, overdue, put off and due in the week, as they stood at its end (or now). */
  commitments: WeekCommitments;
  /** Questions built from the week's own data (see domain/insight/review-questions.ts). */
  prompts: ReviewQuestion[];
  /** The week's checks, oldest first, each with its verdict and what happened next. */
  followThrough: FollowThroughView['followThrough'];
  /** Unlinked sessions that look like the work of one of the week's checks. */
  suggestions: FollowThroughView['suggestions'];
}

const review = z.object({
  fingerprint: z
    .string()
    .trim()
    .min(3, 'expected a flag id (the id line under a flag in `handson flags`)')
    .transform(storedFingerprint),
  status: z.enum(['acknowledged', 'dismissed'], { message: 'expected acknowledged or dismissed' }),
  note: z.string().trim().max(2000).optional(),
});

export const insightHandlers = {
  flags: handler({
    access: 'owner',
    readOnly: true,
    kept: true,
    summary: 'Flags about your IC work, each with the evidence behind it.',
    input: z.object({ date: localDate.optional() }),
    async run(ctx, input): Promise<FlagsView> {
      const profile = await requireProfile(ctx);
      return currentFlags(ctx, profile, input.date ?? today(ctx, profile));
    },
  }),

  reviewFlag: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Acknowledge or dismiss a flag; a dismissed flag stays quiet until its evidence changes.',
    input: review,
    async run(ctx, input): Promise<FlagReview> {
      const profile = await requireProfile(ctx);
      const { flags } = await currentFlags(ctx, profile, today(ctx, profile));
      const flag = flags.find((f) => f.fingerprint === input.fingerprint);
      if (!flag) {
        throw new AppError(
          'not-found',
          `fingerprint: no current flag has the fingerprint "${input.fingerprint}"`,
          {
            field: 'fingerprint',
          },
        );
      }
      const saved: FlagReview = {
        fingerprint: flag.fingerprint,
        flagId: flag.id,
        status: input.status,
        ...(input.note ? { note: input.note } : {}),
        at: ctx.now().toISOString(),
      };
      await ctx.store.saveFlagReview(saved);
      return saved;
    },
  }),

  weeklyReview: handler({
    access: 'owner',
    readOnly: true,
    kept: true,
    summary: 'The week to review: its numbers, its flags with their evidence, and questions to answer.',
    input: z.object({ week: localDate.optional() }),
    async run(ctx, input): Promise<WeeklyReview> {
      return weeklyReview(ctx, await requireProfile(ctx), input.week);
    },
  }),

  saveReview: handler({
    access: 'owner',
    touches: ['journal'],
    summary:
      'Save a weekly review: your answers become a reflection; flag acknowledgements and dismissals are kept.',
    input: z.object({
      week: localDate,
      answers: atMost(
        50,
        'answers',
        z.object({ prompt: z.string().min(1), answer: z.string().trim().max(5000) }),
      ).default([]),
      text: z.string().trim().max(20000).default(''),
      flags: atMost(1000, 'flag reviews', review).default([]),
    }),
    async run(ctx, input) {
      const profile = await requireProfile(ctx);
      const { flags } = await currentFlags(ctx, profile, today(ctx, profile));
      const known = new Map(flags.map((f) => [f.fingerprint, f]));
      for (const r of input.flags) {
        if (!known.has(r.fingerprint)) {
          throw new AppError('not-found', `flags: no current flag has the fingerprint "${r.fingerprint}"`, {
            field: 'flags',
          });
        }
      }
      const at = ctx.now().toISOString();
      const answered = input.answers.filter((a) => a.answer !== '');
      return ctx.store.transaction(async (tx) => {
        for (const r of input.flags) {
          await tx.saveFlagReview({
            fingerprint: r.fingerprint,
            flagId: known.get(r.fingerprint)!.id,
            status: r.status,
            ...(r.note ? { note: r.note } : {}),
            at,
          });
        }
        const reflection =
          answered.length > 0 || input.text !== ''
            ? {
                id: ctx.newId(),
                date: earlierOf(weekOf(input.week).end, today(ctx, profile)),
                at,
                text: input.text || `Weekly review of ${weekOf(input.week).start}`,
                answers: answered,
              }
            : undefined;
        if (reflection) await tx.upsertReflection(reflection);
        return { reflection, flags: input.flags.length };
      });
    },
  }),

  rebuild: handler({
    access: 'owner',
    // Only the derived day models: reads all the evidence first, then replaces them in one go.
    touches: [],
    transaction: 'own',
    summary: 'Recompute every day of the time model from the evidence.',
    input: z.object({}),
    async run(ctx): Promise<{ days: number }> {
      return { days: await rebuildDayModels(ctx) };
    },
  }),

  report: handler({
    access: 'owner',
    readOnly: true,
    kept: true,
    summary: 'A report over any range, compared with the previous period of the same length.',
    input: z.object({ from: localDate, to: localDate }),
    async run(ctx, input): Promise<ReportData> {
      const profile = await requireProfile(ctx);
      if (input.to < input.from)
        throw new AppError('invalid', `to: expected a date on or after ${input.from}`, { field: 'to' });
      // Kept (`invoke`): asked on every dashboard load. The names of reasons an organisation adopts
      // meanwhile join within the owner's minute. The day models are refreshed first: they are read.
      await ensureFresh(ctx);
      return reportData(ctx, profile, input.from, input.to);
    },
  }),
};

/**
 * The weekly review of the week with `date` in it (default: the current week). The review page, `handson
 * review` and the digest email all show this one computation, so their numbers cannot disagree.
 */
export async function weeklyReview(
  ctx: AppContext,
  profile: Profile,
  date?: LocalDate,
): Promise<WeeklyReview> {
  const now = today(ctx, profile);
  const { start, end } = weekOf(date ?? now);
  const on = earlierOf(end, now);
  // The flags' input holds the week's sessions, commitments, actions and calendar events: the
  // questions come from the same read as the flags.
  const [[week], flags, { input: data }, checks] = await Promise.all([
    weekModels(ctx, profile, start, start),
    currentFlags(ctx, profile, on),
    insightAsOf(ctx, profile, on),
    ctx.store.listChecks({ from: start, to: end }),
  ]);
  const follow = await followThroughOf(ctx, profile, checks.reverse());
  return {
    week: week!,
    time: timeSummary(week!.days),
    flags: flags.flags,
    toLookAt: flags.toLookAt,
    dismissed: flags.dismissed,
    commitments: weekCommitments(data.commitments, weekAsOf(ctx, profile, { end }), { start, end }, on),
    prompts: reviewQuestions({
      start,
      end,
      tz: profile.tz,
      days: week!.days.map((d) => ({
        date: d.date,
        icDone: d.ic.done,
        workingMinutes: d.workingMinutes,
      })),
      budgetMinutes: week!.budgetMinutes,
      sessions: data.sessions,
      commitments: data.commitments,
      actions: data.actions,
    }),
    followThrough: follow.followThrough,
    suggestions: follow.suggestions,
  };
}

// ---------------------------------------------------------------- reports

function daysInclusive(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export async function reportData(
  ctx: AppContext,
  profile: Profile,
  from: LocalDate,
  to: LocalDate,
): Promise<ReportData> {
  const days = daysInclusive(from, to);
  const prevTo = addDays(from, -1);
  const prevFrom = addDays(from, -days);
  const history = await historyStart(ctx, profile);
  const previousKnown = prevTo >= history;
  // One read of the days from the Monday before `from` to the Sunday after `to` serves the
  // range's totals and its weekly charts; the weeks before the leader's history are left out.
  const weekFrom = weekOf(laterOf(from, history)).start;
  const weekTo = weekOf(to).end;
  const [span, previous, mix, commitments, catalogue, flags, checks] = await Promise.all([
    weekFrom <= weekTo ? dayModels(ctx, profile, weekFrom, weekTo) : Promise.resolve([]),
    previousKnown ? dayModels(ctx, profile, laterOf(prevFrom, history), prevTo) : Promise.resolve([]),
    ctx.store.reasonMix({ from, to }),
    ctx.store.listCommitments(),
    loadCatalogue(ctx),
    currentFlags(ctx, profile, to),
    ctx.store.listChecks({ from, to }),
  ]);
  const follow = await followThroughOf(ctx, profile, checks.reverse());

  const current = span.filter((d) => d.date >= from && d.date <= to && d.date >= history);
  const weeks = weeksOf(span, profile);
  const budgetPerDay = (budgetHours(profile) * 60) / 7;
  // The budget is for every day of the period (as in the week summary), whatever part of it the
  // history covers; a period wholly before the history has no share to show.
  const budgetUsed = (ds: readonly DayModel[], periodDays: number): number | null => {
    if (ds.length === 0) return null;
    const budget = budgetPerDay * periodDays;
    return budget > 0 ? Math.round((timeSummary(ds).ic.done / budget) * 100) : 0;
  };
  const metric = (
    id: ReportMetric['id'],
    label: string,
    unit: ReportMetric['unit'],
    f: (d: DayModel) => number | null,
    weekly: (w: WeekModel) => number | null,
  ): ReportMetric => ({
    id,
    label,
    unit,
    value: sumKnown(current, f),
    previous: previousKnown ? sumKnown(previous, f) : null,
    trend: weeks.map(weekly),
  });

  const metrics: ReportMetric[] = [
    metric(
      'ic',
      'IC time done',
      'minutes',
      (d) => d.ic.done,
      (w) => w.ic.done,
    ),
    metric(
      'leadership',
      'Leadership time',
      'minutes',
      (d) => d.leadershipMinutes,
      (w) => w.leadershipMinutes,
    ),
    metric(
      'one-on-ones',
      '1:1 time',
      'minutes',
      (d) => d.leadership?.['one-on-one'] ?? null,
      (w) => w.leadership?.['one-on-one'] ?? null,
    ),
    metric(
      'meetings',
      'Meetings',
      'minutes',
      (d) => d.meetingMinutes,
      (w) => w.meetingMinutes,
    ),
    metric(
      'focus',
      'Focus time (blocks ≥ 2 h)',
      'minutes',
      (d) => d.focusMinutes,
      (w) => w.focusMinutes,
    ),
    metric(
      'fragmented',
      'Fragmented time',
      'minutes',
      (d) => d.fragmentedMinutes,
      (w) => w.fragmentedMinutes,
    ),
    metric(
      'context-switches',
      'Context switches',
      'count',
      (d) => d.contextSwitches,
      (w) => w.contextSwitches,
    ),
    {
      id: 'budget-used',
      label: 'IC budget used',
      unit: 'percent',
      value: budgetUsed(current, days),
      previous: previousKnown ? budgetUsed(previous, days) : null,
      trend: weeks.map((w) => w.budgetUsedPct),
    },
  ];

  const reasons = mix
    .map(({ reason, minutes }) => {
      const r = catalogue.find((c) => c.id === reason);
      return { reason, title: r?.title ?? reason, kind: r?.kind ?? ('good' as const), minutes };
    })
    .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason));

  // Commitments open at the end of the range, by how long they had been open then.
  const endInstant = `${addDays(to, 1)}T00:00:00.000Z`;
  const buckets = ['< 1 week', '1–2 weeks', '2–4 weeks', '> 4 weeks'] as const;
  const byAge = buckets.map((bucket) => ({ bucket, open: 0, postponed: 0 }));
  for (const c of commitments) {
    const openAtEnd =
      c.createdAt < endInstant &&
      (c.status === 'open' || (c.closedAt !== undefined && c.closedAt >= endInstant));
    if (!openAtEnd) continue;
    const age = (Date.parse(endInstant) - Date.parse(c.createdAt)) / 86_400_000;
    const i = age < 7 ? 0 : age < 14 ? 1 : age < 28 ? 2 : 3;
    const postponed = c.postponements.some((p) => p.at < endInstant);
    if (postponed) byAge[i]!.postponed += 1;
    else byAge[i]!.open += 1;
  }

  return {
    range: { from, to, days },
    previous: { from: prevFrom, to: prevTo, evidence: previousKnown },
    historyStart: history,
    time: timeSummary(current),
    leader: { name: profile.name, tz: profile.tz, budgetPct: budgetPct(profile) },
    metrics,
    weeks: weeks.map((w) => ({
      start: w.start,
      end: w.end,
      icMinutes: w.icMinutes,
      leadershipMinutes: w.leadershipMinutes,
      leadership: w.leadership,
      focusMinutes: w.focusMinutes,
      fragmentedMinutes: w.fragmentedMinutes,
      budgetUsedPct: w.budgetUsedPct,
      budgetMinutes: w.budgetMinutes,
      time: timeSummary(w.days),
    })),
    reasons,
    commitmentsByAge: byAge,
    flags: flags.flags,
    followThrough: follow.followThrough,
  };
}

/** Adds up a figure over the days that know it; `null` when none does. */
function sumKnown(days: readonly DayModel[], f: (d: DayModel) => number | null): number | null {
  let total: number | null = null;
  for (const d of days) {
    const v = f(d);
    if (v !== null) total = (total ?? 0) + v;
  }
  return total;
}
