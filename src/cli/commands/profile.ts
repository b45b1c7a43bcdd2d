import { digestHandlers } from '../../app/digest/digest.js';
import { type ProfileView, profileHandlers } from '../../app/profile/profile.js';
import { describeWorkingHours } from '../../app/profile/working-hours.js';
import { AppError } from '../../errors.js';
import { str } from '../args.js';
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
    usage: ['profile [--digest-text on|off] [--json]'],
    help: `--digest-text on puts titles, the flags' own sentences and the review's questions in the weekly
digest email (\`handson digest\`); off (the default) keeps the email to numbers.`,
  },
  options: { 'digest-text': { type: 'string' } },
  async run(cx) {
    const choice = str(cx, 'digest-text');
    if (choice !== undefined) {
      if (choice !== 'on' && choice !== 'off')
        throw new AppError('usage', `--digest-text: expected on or off (got "${choice}")`, {
          field: '--digest-text',
        });
      await cx.call(digestHandlers.setPreferences, { includeText: choice === 'on' });
    }
    const [v, digest] = await Promise.all([
      cx.call(profileHandlers.show, {}),
      cx.call(digestHandlers.preferences, {}),
    ]);
    if (cx.json) return cx.outJson({ ...v, digest });
    const p = v.profile;
    cx.out(`${p.name} — ${p.role}, ${p.reports} direct report${p.reports === 1 ? '' : 's'}, ${p.tz}`);
    cx.out(`Emails: ${p.emails.join(', ')}`);
    for (const line of budgetLines(v)) cx.out(line);
    if (p.newToFunctionSince) cx.out(`New to the function since ${p.newToFunctionSince}`);
    cx.out(
      digest.includeText
        ? 'Digest email: numbers, titles and the flags’ sentences (--digest-text off for numbers only)'
        : 'Digest email: numbers only (--digest-text on to include titles and the flags’ sentences)',
    );
  },
});
