import { PLAN_HELP, PLAN_TITLE, planPair } from '../../../src/domain/present/week-plan.js';
import type { Output } from '../api/types.js';
import { addDays, weekOf } from '../lib/dates.js';
import { shortDate } from '../lib/format.js';
import { useAppState } from '../state.js';

type Summary = Output<'week', 'summary'>;

/**
 * This week, planned against what happened, day by day: the table `handson week` prints, in the
 * same words (planPair), so the two can never disagree. A day no calendar covers says
 * "no calendar", never 0. While the numbers load, the week's days are drawn with dashes, so
 * nothing moves when they arrive.
 */
export function WeekPlanPanel({ summary }: { summary: Summary | undefined }) {
  const { today } = useAppState();
  const plan = summary?.plan;
  const week = weekOf(today);
  const rows = plan
    ? [
        ...plan.days.map((d) => ({
          key: d.date,
          day: `${shortDate(d.date)}${d.when === 'today' ? ' (today)' : ''}`,
          ic: planPair(d.ic, d.when),
          leadership: planPair(d.leadership, d.when),
        })),
        // The week's planned is what is still ahead of it: a sum, never the "–" of a day that is over.
        {
          key: 'week',
          day: 'Week',
          ic: planPair(plan.total.ic, 'ahead'),
          leadership: planPair(plan.total.leadership, 'ahead'),
        },
      ]
    : [
        ...Array.from({ length: 7 }, (_, i) => addDays(week.start, i)).map((date) => ({
          key: date,
          day: `${shortDate(date)}${date === today ? ' (today)' : ''}`,
          ic: '–',
          leadership: '–',
        })),
        { key: 'week', day: 'Week', ic: '–', leadership: '–' },
      ];
  return (
    <section class="card week-plan" aria-labelledby="plan-h" aria-busy={plan ? undefined : 'true'}>
      <h2 id="plan-h">{PLAN_TITLE}</h2>
      <table>
        <caption class="vh">Planned and done time each day this week, in hours</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">IC planned / done</th>
            <th scope="col">Leadership planned / done</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} class={r.key === 'week' ? 'plan-total' : undefined}>
              <th scope="row">{r.day}</th>
              <td>{r.ic}</td>
              <td>{r.leadership}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="small muted">{PLAN_HELP}</p>
    </section>
  );
}
