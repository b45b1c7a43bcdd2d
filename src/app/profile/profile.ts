import { z } from 'zod';
import type { WorkingHours } from '../../domain/insight/insight-types.js';
import {
  budgetHours,
  budgetPct,
  defaultBudgetPct,
  weeklyHoursNote,
  workingWeekHours,
} from '../../domain/profile/budget.js';
import { ProfileSchema } from '../../domain/records.js';
import { localDate as toLocalDate } from '../../domain/time.js';
import type { LocalDate, Profile } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { WORKING_HOURS_SETTING, workingHours, workingHoursSchema } from './working-hours.js';

export { ROLES } from '../../domain/types.js';

/** A profile as the leader sets it up: the record's own fields, and the working hours with it. */
const InitInput = ProfileSchema.omit({ createdAt: true, updatedAt: true }).extend({
  /** Absent: the hours the working hours make (days × the working day). */
  weeklyHours: ProfileSchema.shape.weeklyHours.optional(),
  /** Unchanged when absent. */
  workingHours: workingHoursSchema.optional(),
});

export interface ProfileView {
  profile: Profile;
  workingHours: WorkingHours;
  /** The budget in force: the override, else the default for the role and reports. */
  budgetPct: number;
  defaultBudgetPct: number;
  budgetHours: number;
  /** The hours of the week the working hours make; the profile's weekly hours unless the leader set their own. */
  workingWeekHours: number;
  /** Why the budget's weekly hours are not the working hours', when they are not. */
  weeklyHoursNote?: string;
}

function view(profile: Profile, hours: WorkingHours): ProfileView {
  const fromHours = workingWeekHours(hours);
  const note = weeklyHoursNote(profile.weeklyHours, fromHours);
  return {
    profile,
    workingHours: hours,
    budgetPct: budgetPct(profile),
    defaultBudgetPct: defaultBudgetPct(profile.role, profile.reports),
    budgetHours: budgetHours(profile),
    workingWeekHours: fromHours,
    ...(note === undefined ? {} : { weeklyHoursNote: note }),
  };
}

/**
 * The profile, or the one error every feature gives before `handson init` has run. Its direct
 * reports are the people listed as reports when there is any (the budget, the week and the check
 * then follow the list); the number the leader typed stands only while the list has none.
 */
export async function requireProfile(ctx: AppContext): Promise<Profile> {
  const [profile, people] = await Promise.all([ctx.store.getProfile(), ctx.store.listPeople()]);
  if (!profile) throw new AppError('no-profile', 'There is no profile yet: run `handson init` first.');
  const reports = people.filter((p) => p.relation === 'report').length;
  return reports > 0 ? { ...profile, reports } : profile;
}

/** Today in the leader's own time zone. */
export function today(ctx: AppContext, profile: Profile): LocalDate {
  return toLocalDate(ctx.now().toISOString(), profile.tz);
}

export const profileHandlers = {
  init: handler({
    access: 'owner',
    // The working hours are a setting; a new time zone moves every commit to its new local day.
    touches: ['profile', 'settings', 'evidence'],
    summary: 'Create or update your profile: role, direct reports, time zone, emails and IC budget.',
    input: InitInput,
    async run(ctx, input): Promise<ProfileView> {
      const now = ctx.now().toISOString();
      const existing = await ctx.store.getProfile();
      const hoursBefore = await workingHours(ctx.store);
      const hours = input.workingHours ?? hoursBefore;
      const hoursChanged = JSON.stringify(hours) !== JSON.stringify(hoursBefore);
      // Every reader of the profile (the week, reports, the check) takes the budget's base from
      // here, so weekly hours that follow the working hours are kept equal to them when saved.
      const profile: Profile = {
        name: input.name,
        role: input.role,
        reports: input.reports,
        tz: input.tz,
        emails: [...new Set(input.emails.map((e) => e.toLowerCase()))],
        budgetPct: input.budgetPct,
        weeklyHours: input.weeklyHours ?? workingWeekHours(hours),
        newToFunctionSince: input.newToFunctionSince,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await ctx.store.transaction(async (tx) => {
        await tx.saveProfile(profile);
        // Focus time is measured inside working hours: saving them marks every day (day-tracking.ts).
        if (hoursChanged) await tx.putSetting(WORKING_HOURS_SETTING, hours, now);
        // A commit's day was fixed in the zone of its import; it belongs to the leader's new days.
        if (existing && existing.tz !== profile.tz) await tx.relocateCommitDays(profile.tz);
      });
      return view(profile, hours);
    },
  }),

  show: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Your profile and the IC budget in force.',
    input: z.object({}),
    async run(ctx): Promise<ProfileView> {
      return view(await requireProfile(ctx), await workingHours(ctx.store));
    },
  }),
};
