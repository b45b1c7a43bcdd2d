import { type ProfileView, profileHandlers } from '../../app/profile/profile.js';
import { describeWorkingHours } from '../../app/profile/working-hours.js';
import { defineCommand } from '../command.js';

/** The IC budget and the working hours it is a share of, as `profile` and `init` print them. */
export function budgetLines(v: ProfileView, howToChange = ''): string[] {
  const why = [
    v.profile.budgetPct === undefined
      ? `the default for your role${howToChange}`
      : `yours; the default would be ${v.defaultBudgetPct}%`,
    ...(v.weeklyHoursNote === undefined ? [] : [v.weeklyHoursNote]),
  ];
  return [
    `IC budget: ${v.budgetPct}% of ${v.profile.weeklyHours} h = ${Math.round(v.budgetHours * 10) / 10} h a week (${why.join('; ')})`,
    `Working hours: ${describeWorkingHours(v.workingHours)} (${v.workingWeekHours} h a week)`,
  ];
}

export default defineCommand({
  meta: {
    name: 'profile',
    summary: 'Show your profile and the IC budget in force.',
    usage: ['profile [--json]'],
  },
  async run(cx) {
    const v = await cx.call(profileHandlers.show, {});
    if (cx.json) return cx.outJson(v);
    const p = v.profile;
    cx.out(`${p.name} — ${p.role}, ${p.reports} direct report${p.reports === 1 ? '' : 's'}, ${p.tz}`);
    cx.out(`Emails: ${p.emails.join(', ')}`);
    for (const line of budgetLines(v)) cx.out(line);
    if (p.newToFunctionSince) cx.out(`New to the function since ${p.newToFunctionSince}`);
  },
});
