/**
 * The organisation overview (issue 11): numbers about several people's weeks, shown only when
 * enough people are counted that no one's own number can be read from them. Below that, a figure
 * is `null` with the reason, never a number made from two or three people.
 */

/** The fewest people a figure about several may be made from. */
export const MIN_PEOPLE = 5;

/** One person's week as their own weekly review computed it (minutes; `null` = not known). */
export interface PersonWeek {
  icDoneMinutes: number;
  budgetMinutes: number;
  /** `null` when no calendar covers any day of their week. */
  leadershipMinutes: number | null;
}

/** A figure, or why there is none. */
export type Figure = { value: number; counted: number } | { value: null; counted: number; reason: string };

export interface OrgOverview {
  /** People who chose to be counted and have a journal. */
  counted: number;
  /** Median IC done, hours. */
  icHoursDone: Figure;
  /** Median share of their own IC budget used, percent (people with a budget above 0). */
  budgetUsedPercent: Figure;
  /** How many were over their own budget. */
  overBudget: Figure;
  /** Median leadership time, hours, over the people whose calendar covers the week. */
  leadershipHours: Figure;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `who`: the people a figure is about ("people with a calendar"). */
function figure(values: readonly number[], of: (vs: readonly number[]) => number, who: string): Figure {
  if (values.length < MIN_PEOPLE) {
    const sofar =
      values.length === 0 ? 'none are yet' : `${values.length} ${values.length === 1 ? 'is' : 'are'} so far`;
    return {
      value: null,
      counted: values.length,
      reason: `Shown once at least ${MIN_PEOPLE} ${who} are counted; ${sofar}.`,
    };
  }
  return { value: of(values), counted: values.length };
}

export function orgOverview(people: readonly PersonWeek[]): OrgOverview {
  const budgeted = people.filter((p) => p.budgetMinutes > 0);
  const withCalendar = people.flatMap((p) => (p.leadershipMinutes === null ? [] : [p.leadershipMinutes]));
  return {
    counted: people.length,
    icHoursDone: figure(
      people.map((p) => p.icDoneMinutes),
      (vs) => round1(median(vs) / 60),
      'people',
    ),
    budgetUsedPercent: figure(
      budgeted.map((p) => (100 * p.icDoneMinutes) / p.budgetMinutes),
      (vs) => Math.round(median(vs)),
      'people with an IC budget',
    ),
    overBudget: figure(
      budgeted.map((p) => (p.icDoneMinutes > p.budgetMinutes ? 1 : 0)),
      (vs) => vs.reduce((a, b) => a + b, 0),
      'people with an IC budget',
    ),
    leadershipHours: figure(withCalendar, (vs) => round1(median(vs) / 60), 'people with a calendar'),
  };
}
