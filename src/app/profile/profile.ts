import { z } from 'zod';
import {
  budgetHours,
  budgetPct,
  defaultBudgetPct,
  weeklyHoursNote,
  workingWeekHours,
} from '../../domain/budget.js';
import type { WorkingHours } from '../../domain/insight-types.js';
import { localDate as toLocalDate } from '../../domain/time.js';
import type { LocalDate, Profile, Role } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { atMost, localDate, timeZone } from '../schemas.js';
import { WORKING_HOURS_SETTING, workingHours, workingHoursSchema } from './working-hours.js';

export const ROLES: readonly Role[] = [
  'engineering-manager',
  'product-manager',
  'tech-lead',
  'director',
  'founder',
  'other',
];

const InitInput = z.object({
  name: z.string().trim().min(1, 'expected your name').max(120, 'expected at most 120 characters'),
  role: z.enum(ROLES as unknown as [Role, ...Role[]], { message: `expected one of: ${ROLES.join(', ')}` }),
  reports: z
    .number({ message: 'expected the number of people who report to you directly, e.g. 6' })
    .int('expected a whole number of direct reports')
    .min(0, 'expected 0 or more direct reports')
    .max(500, 'expected at most 500 direct reports'),
  tz: timeZone,
  emails: atMost(
    20,
    'email addresses',
    z.email({ message: 'expected an email address such as you@example.com' }),
  ).min(1, 'expected at least one email address (used to recognise you in calendars and git)'),
  budgetPct: z
    .number({ message: 'expected a percentage from 0 to 100' })
    .min(0, 'expected a percentage from 0 to 100')
    .max(100, 'expected a percentage from 0 to 100')
    .optional(),
  /** Absent: the hours the working hours make (days × the working day). */
  weeklyHours: z
    .number({ message: 'expected working hours per week, e.g. 40' })
    .gt(0, 'expected working hours per week greater than 0')
    .max(100, 'expected at most 100 working hours per week')
    .optional(),
  newToFunctionSince: localDate.optional(),
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

/** The profile, or the one error every feature gives before `handson init` has run. */
export async function requireProfile(ctx: AppContext): Promise<Profile> {
  const profile = await ctx.store.getProfile();
  if (!profile) throw new AppError('no-profile', 'There is no profile yet: run `handson init` first.');
  return profile;
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
