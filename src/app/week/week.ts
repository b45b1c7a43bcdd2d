import { z } from 'zod';
import { budgetHours, budgetPct } from '../../domain/budget.js';
import { commitmentHealth } from '../../domain/commitments.js';
import { weekOf } from '../../domain/time.js';
import type { CheckRecord, Commitment, ImprovementAction, LocalDate, Profile } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { memo } from '../memo.js';
import { requireProfile, today } from '../profile/profile.js';
import { localDate } from '../schemas.js';

export interface WeekSummary {
  week: { start: LocalDate; end: LocalDate };
  today: LocalDate;
  ic: {
    sessions: number;
    minutes: number;
    hours: number;
    budgetHours: number;
    budgetPct: number;
    /** Share of the budget used, in percent (can exceed 100). */
    budgetUsedPct: number;
    overBudget: boolean;
  };
  /** Minutes per reason; a session with two reasons counts toward both. Largest first. */
  reasons: { reason: string; minutes: number; sessions: number }[];
  /** Average energy change (after − before) over sessions that recorded both, if any. */
  energyDelta?: number;
  commitments: {
    open: number;
    overdue: Commitment[];
    postponed: Commitment[];
    toughPostponedOrOverdue: Commitment[];
    healthy: boolean;
    dueThisWeek: Commitment[];
  };
  actions: { open: ImprovementAction[] };
  checks: CheckRecord[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const weekHandlers = {
  summary: handler({
    summary:
      'This week at a glance: IC hours against budget, reasons mix, commitments health, open actions, checks.',
    input: z.object({ date: localDate.optional() }),
    async run(ctx, input): Promise<WeekSummary> {
      const version = await ctx.store.dataVersion();
      const profile = await requireProfile(ctx);
      const on = input.date ?? today(ctx, profile);
      // Asked on every dashboard load; the same answer until the data or the day changes.
      return memo(ctx.store, 'week.summary', `${version}|${on}`, () => summarise(ctx, profile, on));
    },
  }),
};

async function summarise(ctx: AppContext, profile: Profile, on: LocalDate): Promise<WeekSummary> {
  const week = weekOf(on);
  const [sessions, open, actions, checks] = await Promise.all([
    ctx.store.listSessions({ from: week.start, to: week.end }),
    ctx.store.listCommitments({ status: 'open' }),
    ctx.store.listActions({ status: 'open' }),
    ctx.store.listChecks({ from: week.start, to: week.end, limit: 10 }),
  ]);

  const minutes = sessions.reduce((sum, s) => sum + s.minutes, 0);
  const budget = budgetHours(profile);
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
  const health = commitmentHealth(open, on);

  const summary: WeekSummary = {
    week,
    today: on,
    ic: {
      sessions: sessions.length,
      minutes,
      hours: round1(minutes / 60),
      budgetHours: round1(budget),
      budgetPct: budgetPct(profile),
      budgetUsedPct: budget > 0 ? Math.round((minutes / 60 / budget) * 100) : minutes > 0 ? 100 : 0,
      overBudget: minutes / 60 > budget,
    },
    reasons: [...mix.entries()]
      .map(([reason, m]) => ({ reason, ...m }))
      .sort((a, b) => b.minutes - a.minutes || a.reason.localeCompare(b.reason)),
    commitments: {
      open: open.length,
      overdue: health.overdue,
      postponed: health.postponed,
      toughPostponedOrOverdue: health.toughPostponedOrOverdue,
      healthy: health.healthy,
      dueThisWeek: open.filter((c) => c.due !== undefined && c.due >= week.start && c.due <= week.end),
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
