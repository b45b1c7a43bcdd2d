import { AppError } from '../../errors.js';
import type { DayModel } from '../insight/insight-types.js';
import { isValidLocalDate } from '../time.js';
import type { LocalDate } from '../types.js';
import { addIc, sumKnown } from './time-model.js';

/**
 * This week, planned against what happened: per day, the IC and leadership time still ahead in the
 * calendar and the time done. Every figure is read from the time model's days (`modelRange`, as
 * `dayModels` hands them to the week summary), so "done" here is the very number the dashboard and
 * `handson week` show; this only lays it out by day. What counts as which:
 *
 * - IC planned: class-`ic` calendar blocks (focus blocks and any event a rule classes as IC) after
 *   the present, less the time a meeting is booked over them or a log already covers.
 * - Leadership planned: events of class `leadership` (1:1, team meeting, interview, external, and
 *   whatever a rule classes as leadership) after the present.
 * - IC done: logged plus inferred (past IC blocks and commits no log covers).
 * - Leadership done: leadership events before the present.
 *
 * Planned is never done: a block counts as planned while it is ahead; once its time has passed it
 * counts as done only where the time model says it happened. A day that is over has nothing still
 * to come (planned 0). A day no calendar covers has planned `null` ("no calendar"), never 0, and
 * leadership done `null` too; IC done is known without a calendar (logs and commits).
 */

export type PlanWhen = 'past' | 'today' | 'ahead';

export interface PlanFigures {
  /** Minutes still ahead in the calendar; `null` when no calendar covers the day(s). */
  planned: number | null;
  /** Minutes done; leadership's is `null` when no calendar covers the day(s). */
  done: number | null;
}

export interface PlanDay {
  date: LocalDate;
  /** Where the day stands against today. */
  when: PlanWhen;
  /** A calendar covers the day, so planned (and leadership done) are known. */
  calendar: boolean;
  ic: PlanFigures & { done: number };
  leadership: PlanFigures;
}

export interface WeekPlan {
  days: PlanDay[];
  /** The days added up: known figures over the days that know them, `null` when none does. */
  total: { ic: PlanFigures & { done: number }; leadership: PlanFigures };
}

/**
 * The plan of the given days (a week, oldest first) as seen on `today`, the leader's local date.
 * Throws when a day is given twice or `today` is not a date.
 */
export function weekPlan(days: readonly DayModel[], today: LocalDate): WeekPlan {
  if (!isValidLocalDate(today)) {
    throw new AppError('invalid', `"${today}" is not a date; expected YYYY-MM-DD, e.g. 2026-11-25.`, {
      field: 'today',
    });
  }
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.date === sorted[i - 1]!.date) {
      throw new AppError('invalid', `${sorted[i]!.date} appears twice; each day is planned once.`, {
        field: 'days',
      });
    }
  }
  const out = sorted.map((d): PlanDay => {
    const when: PlanWhen = d.date < today ? 'past' : d.date === today ? 'today' : 'ahead';
    // The model already has nothing ahead on a day that is over; saying so here keeps the promise
    // even for a stored day computed before it ended.
    const ahead = (minutes: number | null) => (minutes === null ? null : when === 'past' ? 0 : minutes);
    return {
      date: d.date,
      when,
      calendar: d.calendar,
      ic: { planned: d.calendar ? ahead(d.ic.planned) : null, done: d.ic.done },
      leadership: {
        planned: d.calendar ? ahead(d.leadershipPlannedMinutes) : null,
        done: d.calendar ? d.leadershipMinutes : null,
      },
    };
  });
  return {
    days: out,
    total: {
      ic: {
        planned: sumKnown(out.map((d) => d.ic.planned)),
        done: addIc(sorted.map((d) => d.ic)).done,
      },
      leadership: {
        planned: sumKnown(out.map((d) => d.leadership.planned)),
        done: sumKnown(out.map((d) => d.leadership.done)),
      },
    },
  };
}
