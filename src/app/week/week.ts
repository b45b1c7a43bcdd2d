import { z } from 'zod';
import { type WeekCommitments, weekCommitments } from '../../domain/commitments/commitments.js';
import type { TimeSummary } from '../../domain/insight/insight-types.js';
import { TIME_MODEL_HELP } from '../../domain/present/time.js';
import { budgetHours, budgetPct } from '../../domain/profile/budget.js';
import { addDays, earlierOf, weekOf } from '../../domain/time.js';
import type { CheckRecord, ImprovementAction, Instant, LocalDate, Profile } from '../../domain/types.js';
import { type WeekPlan, weekPlan } from '../../domain/week/plan.js';
import { timeSummary } from '../../domain/week/time-model.js';
import type { AppContext } from '../context.js';
import { startOfDay } from '../evidence/window.js';
import { handler } from '../handler.js';
import { dayModels } from '../insight/model.js';
import { requireProfile, today } from '../profile/profile.js';
import { localDate } from '../schemas.js';

export interface WeekSummary {
  week: { start: LocalDate; end: LocalDate };
  /** The day the week is seen from: today, or the week's last day when the week is over. */
  today: LocalDate;
  /** The instant everything is as of: now, or the end of a week that is over. */
  asOf: Instant;
  /** IC logged, inferred, planned and done, leadership, focus, and how much a calendar covers. */
  time: TimeSummary;
  /** What those figures mean, in two sentences (the same words on every surface). */
  timeHelp: string;
  /** Per day, IC and leadership time still ahead in the calendar against the time done (from `time`'s days). */
  plan: WeekPlan;
  ic: {
    /** Sessions logged in the week. */
    sessions: number;
    budgetMinutes: number;
    budgetHours: number;
    budgetPct: number;
    /** IC done as a share of the budget, in percent (can exceed 100). */
    budgetUsedPct: number;
    overBudget: boolean;
  };
  /** Minutes per reason; a session with two reasons counts toward both. Largest first. */
  reasons: { reason: string; minutes: number; sessions: number }[];
  /** Average energy change (after − before) over sessions that recorded both, if any. */
  energyDelta?: number;
  /** As they stood at `asOf`. */
  commitments: WeekCommitments;
  actions: { open: ImprovementAction[] };
  checks: CheckRecord[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const weekHandlers = {
  summary: handler({
    access: 'owner',
    readOnly: true,
    kept: true,
    summary:
      'This week at a glance: IC done and planned against budget, reasons mix, commitments health, open actions, checks.',
    input: z.object({ date: localDate.optional() }),
    async run(ctx, input): Promise<WeekSummary> {
      // Kept (`invoke`): asked on every dashboard load, the same answer until the data or the
      // owner's minute changes.
      const profile = await requireProfile(ctx);
      const week = weekOf(input.date ?? today(ctx, profile));
      return summarise(ctx, profile, week, weekAsOf(ctx, profile, week));
    },
  }),
};

/** Now, or the end of a week that is over: a past week is shown as it stood when it ended. */
export function weekAsOf(ctx: AppContext, profile: Profile, week: { end: LocalDate }): Instant {
  const now = ctx.now().toISOString();
  const end = startOfDay(addDays(week.end, 1), profile.tz);
  return earlierOf(end, now);
}

async function summarise(
  ctx: AppContext,
  profile: Profile,
  week: { start: LocalDate; end: LocalDate },
  asOf: Instant,
): Promise<WeekSummary> {
  const current = today(ctx, profile);
  const on = earlierOf(week.end, current);
  const [sessions, allCommitments, allActions, checks, days] = await Promise.all([
    ctx.store.listSessions({ from: week.start, to: week.end }),
    ctx.store.listCommitments(),
    ctx.store.listActions(),
    ctx.store.listChecks({ from: week.start, to: week.end, limit: 10 }),
    dayModels(ctx, profile, week.start, week.end),
  ]);
  const actions = allActions.filter(
    (a) => a.createdAt <= asOf && (a.status === 'open' || (a.doneAt !== undefined && a.doneAt > asOf)),
  );
  const time = timeSummary(days);
  const budgetMinutes = Math.round(budgetHours(profile) * 60);
  const mix = new Map<string, { minutes: number; sessions: number }>();
  for (const s of sessions) {
    for (const r of s.reasons) {
      const m = mix.get(r) ?? { minutes: 0, sessions: 0 };
      m.minutes += s.minutes;
      m.sessions += 1;
      mix.set(r, m);
    }
  }
  const withEnergy = sessions.filter((s) => s.energyBefore !== undefined && s.energyAfter !== undefined);
  const c = weekCommitments(allCommitments, asOf, week, on);
  const done = time.ic.done;

  const summary: WeekSummary = {
    week,
    today: on,
    asOf,
    time,
    timeHelp: TIME_MODEL_HELP,
    plan: weekPlan(days, current),
    ic: {
      sessions: sessions.length,
      budgetMinutes,
      budgetHours: round1(budgetMinutes / 60),
      budgetPct: budgetPct(profile),
      budgetUsedPct: budgetMinutes > 0 ? Math.round((done / budgetMinutes) * 100) : done > 0 ? 100 : 0,
      overBudget: done > budgetMinutes,
    },
    reasons: [...mix.entries()]
      .map(([reason, m]) => ({ reason, ...m }))
      .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason)),
    commitments: {
      open: c.open,
      overdue: c.overdue,
      postponed: c.postponed,
      toughPostponedOrOverdue: c.toughPostponedOrOverdue,
      healthy: c.healthy,
      dueThisWeek: c.dueThisWeek,
    },
    actions: { open: actions },
    checks,
  };
  if (withEnergy.length > 0) {
    summary.energyDelta = round1(
      withEnergy.reduce((sum, s) => sum + (s.energyAfter! - s.energyBefore!), 0) / withEnergy.length,
    );
  }
  return summary;
}
