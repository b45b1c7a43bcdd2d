import type { PlanFigures, PlanWhen } from '../week/plan.js';
import { hoursText, NO_CALENDAR } from './time.js';

/**
 * The words of "this week, planned against what happened", the same in `handson week` and on the
 * dashboard. Pure: figures in, text out; each surface passes its own way of writing hours.
 */

export const PLAN_TITLE = 'This week: planned vs happened';

/** What the table means, under it on every surface. */
export const PLAN_HELP =
  'Planned is IC and leadership time still ahead in your calendar; it never counts as done. Once ' +
  'its time has passed it counts as done only if it happened (a log, a passed IC block, a meeting ' +
  'you did not decline). "–": the day is over, nothing is still to come.';

/** Said for the planned time of a day that is over. */
export const NOTHING_AHEAD = '–';

/** `2 h / 1 h` (planned / done); `– / 1 h` on a day that is over; `no calendar` when neither is known. */
export function planPair(
  figures: PlanFigures,
  when: PlanWhen,
  hours: (minutes: number) => string = hoursText,
): string {
  if (figures.planned === null && figures.done === null) return NO_CALENDAR;
  const planned =
    figures.planned === null ? NO_CALENDAR : when === 'past' ? NOTHING_AHEAD : hours(figures.planned);
  const done = figures.done === null ? NO_CALENDAR : hours(figures.done);
  return `${planned} / ${done}`;
}
