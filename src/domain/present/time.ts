import type { IcTime, TimeSummary } from '../insight/insight-types.js';

/**
 * The words for the time model's figures, shared by every surface that prints them (the CLI's
 * `week` and `review`, reports, the web app through the API), so a figure reads the same wherever
 * a leader meets it. Pure: numbers in, sentences out.
 */

/** What the figures mean, in two sentences: the help text of `week`, `review` and the dashboard. */
export const TIME_MODEL_HELP =
  'IC done is what you logged plus the IC your evidence shows and no log covers (calendar IC ' +
  'blocks that have passed, sessions estimated from commits); IC planned is what is still ahead ' +
  'in your calendar, and it never counts as done. Leadership, focus and fragmented time come from ' +
  'your calendar: where no calendar covers a day they read "no calendar", never zero and never a guess.';

/** Said in place of a calendar figure that nothing covers. */
export const NO_CALENDAR = 'no calendar';

/** `2.5 h`, `45 min`, `0 h`; `no calendar` for an unknown figure. */
export function hoursText(minutes: number | null): string {
  if (minutes === null) return NO_CALENDAR;
  if (minutes > 0 && minutes < 60) return `${Math.round(minutes)} min`;
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h} h`;
}

/** `4 h done (1 h logged, 3 h inferred) · 3 h planned · budget 6 h`. */
export function icSentence(ic: IcTime, budgetMinutes: number): string {
  const parts = [];
  if (ic.logged > 0 && ic.inferred > 0)
    parts.push(`${hoursText(ic.logged)} logged, ${hoursText(ic.inferred)} inferred`);
  else if (ic.inferred > 0) parts.push('inferred from your calendar and commits');
  else if (ic.logged > 0) parts.push('logged');
  const done = `${hoursText(ic.done)} done${parts.length > 0 ? ` (${parts[0]})` : ''}`;
  const planned = ic.planned === null ? 'planned unknown (no calendar)' : `${hoursText(ic.planned)} planned`;
  return `${done} · ${planned} · budget ${hoursText(budgetMinutes)}`;
}

/** `5 of 7 days have a calendar` — said when the calendar figures leave days out. */
export function coverageSentence(coverage: TimeSummary['coverage']): string | undefined {
  if (coverage.calendarDays === coverage.days) return undefined;
  if (coverage.calendarDays === 0)
    return 'No calendar covers these days: import one to see leadership and focus time.';
  return `${coverage.calendarDays} of ${coverage.days} days have a calendar; the calendar figures count those days only.`;
}
