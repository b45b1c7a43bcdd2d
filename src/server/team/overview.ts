import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { invoke } from '../../app/handler.js';
import { insightHandlers } from '../../app/insight/insight.js';
import { localDate } from '../../domain/fields.js';
import { type OrgOverview, orgOverview, type PersonWeek } from '../../domain/org-overview.js';
import type { Account, TeamDirectory } from './directory.js';

/** Where a person's choice to be counted is kept: in their own journal, with their other settings. */
export const COUNT_ME_SETTING = 'org-overview';

export const CountMeInput = z.object({
  countMe: z.boolean({ message: 'expected true (count my weeks in the overview) or false' }),
});
export const OverviewInput = z.object({ week: localDate.optional() });

export async function countsMe(ctx: AppContext): Promise<boolean> {
  const stored = (await ctx.store.getSetting(COUNT_ME_SETTING)) as { countMe?: unknown } | undefined;
  return stored?.countMe === true;
}

/**
 * The organisation's overview of one week: each person who chose to be counted, whose account is
 * active and who has a profile, contributes their week exactly as their own weekly review computes
 * it; the domain (org-overview.ts) shows a figure only when at least five people are in it. No one
 * else's journal is read: the choice is checked first, in the person's own journal.
 */
export async function overviewOf(
  caller: Account,
  directory: TeamDirectory,
  journalOf: (account: Account) => AppContext,
  week: string | undefined,
): Promise<OrgOverview & { week: { start: string; end: string } | null }> {
  const weeks: PersonWeek[] = [];
  let span: { start: string; end: string } | null = null;
  for (const account of await directory.members(caller.organisationId)) {
    if (account.disabled) continue;
    const ctx = journalOf(account);
    if (!(await countsMe(ctx)) || (await ctx.store.getProfile()) === undefined) continue;
    const review = await invoke(insightHandlers.weeklyReview, ctx, week === undefined ? {} : { week });
    // Each in their own time zone: "this week" is each person's own week.
    span ??= { start: review.week.start, end: review.week.end };
    weeks.push({
      icDoneMinutes: review.time.ic.done,
      budgetMinutes: review.week.budgetMinutes,
      leadershipMinutes: review.time.leadership,
    });
  }
  return { ...orgOverview(weeks), week: span };
}
