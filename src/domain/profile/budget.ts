import { AppError } from '../../errors.js';
import type { WorkingHours } from '../insight/insight-types.js';
import type { Profile, Role } from '../types.js';

/**
 * The default IC budget, as a percent of working time. Field heuristic (see PRODUCT.md): the
 * expected IC share falls as direct reports rise — under ~4 reports a manager works as a
 * tech-lead-manager and codes ~30% or more; with 6–8 reports there is room for ~10–20%; a
 * director of managers does close to none. The table picks one number inside each band so
 * the default is predictable; the user's override always wins.
 */
const DIRECTOR_PCT = 5;
const TECH_LEAD_SMALL_TEAM_PCT = 40;
/** Upper bound of reports (inclusive) → percent. Checked in order; the last row catches the rest. */
const BY_REPORTS: readonly { maxReports: number; pct: number }[] = [
  { maxReports: 3, pct: 30 },
  { maxReports: 5, pct: 20 },
  { maxReports: 8, pct: 15 },
  { maxReports: Number.POSITIVE_INFINITY, pct: 10 },
];

export function defaultBudgetPct(role: Role, reports: number): number {
  if (!Number.isInteger(reports) || reports < 0) {
    throw new AppError('invalid', `Direct reports must be a whole number of 0 or more, not ${reports}.`, {
      field: 'reports',
    });
  }
  if (role === 'director') return DIRECTOR_PCT;
  if (role === 'tech-lead' && reports < 4) return TECH_LEAD_SMALL_TEAM_PCT;
  // The last row has no upper bound, so a row is always found.
  return BY_REPORTS.find((row) => reports <= row.maxReports)!.pct;
}

export function budgetPct(profile: Pick<Profile, 'role' | 'reports' | 'budgetPct'>): number {
  return profile.budgetPct ?? defaultBudgetPct(profile.role, profile.reports);
}

/** The weekly IC budget in hours, rounded to hundredths so sums of hours compare cleanly. */
export function budgetHours(
  profile: Pick<Profile, 'role' | 'reports' | 'budgetPct' | 'weeklyHours'>,
): number {
  return Math.round(budgetPct(profile) * profile.weeklyHours) / 100;
}

/**
 * The hours of the working week that the working hours describe: working days times the length of
 * the working day (Monday to Friday, 09:00–18:00: 45 h). The IC budget is a share of this week,
 * unless the leader set weekly hours of their own.
 */
export function workingWeekHours(hours: WorkingHours): number {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  const weekMinutes = hours.days.length * (minutes(hours.end) - minutes(hours.start));
  // Hundredths, as budgetHours rounds, so a 20-minute day does not print as 0.3333… h.
  return Math.round((weekMinutes / 60) * 100) / 100;
}

/**
 * Why the budget is a share of other hours than the working hours make, when it is (the leader set
 * their own weekly hours); one sentence for every surface.
 */
export function weeklyHoursNote(weeklyHours: number, fromWorkingHours: number): string | undefined {
  if (weeklyHours === fromWorkingHours) return undefined;
  return `${weeklyHours} h is the working week you set, not the ${fromWorkingHours} h of your working hours`;
}

export const BUDGET_HELP = [
  'Your IC budget is the share of your working week you mean to spend on IC work.',
  'The default follows a rule of thumb from the field: the more people report to you, the less room there is.',
  'With fewer than about 4 reports you work as a tech-lead-manager and may code 30% or more;',
  'with 6 to 8 reports there is room for roughly 10 to 20%; a director of managers does close to none.',
  `Defaults: director ${DIRECTOR_PCT}%; tech lead with fewer than 4 reports ${TECH_LEAD_SMALL_TEAM_PCT}%;`,
  'otherwise 0–3 reports 30%, 4–5 reports 20%, 6–8 reports 15%, 9 or more 10%.',
  'Set your own percentage to override it.',
].join(' ');
