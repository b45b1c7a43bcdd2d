import { profileHandlers } from '../../app/profile/profile.js';
import { describeWorkingHours } from '../../app/profile/working-hours.js';
import { defineCommand } from '../command.js';

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
    cx.out(
      `IC budget: ${v.budgetPct}% of ${p.weeklyHours} h = ${Math.round(v.budgetHours * 10) / 10} h a week` +
        (p.budgetPct === undefined
          ? ' (default for your role)'
          : ` (yours; the default would be ${v.defaultBudgetPct}%)`),
    );
    cx.out(`Working hours: ${describeWorkingHours(v.workingHours)}`);
    if (p.newToFunctionSince) cx.out(`New to the function since ${p.newToFunctionSince}`);
  },
});
