import { weekHandlers } from '../../app/week/week.js';
import { dayLabel } from '../../domain/insight/flags/context.js';
import { TIME_MODEL_HELP } from '../../domain/present/time.js';
import { PLAN_HELP, PLAN_TITLE, planPair } from '../../domain/present/week-plan.js';
import { weekKey } from '../../domain/time.js';
import type { Commitment } from '../../domain/types.js';
import { str } from '../args.js';
import { defineCommand } from '../command.js';
import { hours, paint, table, wrap } from '../format.js';
import { timeLines } from '../time-lines.js';

function commitmentLine(c: Commitment): string {
  const moved = c.postponements.length ? `, postponed ${c.postponements.length}×` : '';
  return `${c.id} ${c.kind} "${c.title}"${c.person ? ` with ${c.person}` : ''}${c.due ? `, due ${c.due}` : ''}${moved}`;
}

export default defineCommand({
  meta: {
    name: 'week',
    summary:
      'This week at a glance: IC done and planned against budget, reasons, commitments, actions, checks.',
    usage: ['week [--date DATE] [--json]'],
    help: `--date shows the week that contains DATE as it stood then (default: this week in your time zone).
${TIME_MODEL_HELP}`,
  },
  options: { date: { type: 'string' } },
  async run(cx) {
    const w = await cx.call(weekHandlers.summary, { date: str(cx, 'date') });
    if (cx.json) return cx.outJson(w);
    const color = cx.interactive && !cx.io.env['NO_COLOR'];
    const warn = (s: string) => paint(color, 'yellow', s);
    cx.out(paint(color, 'bold', `Week ${weekKey(w.week.start)} (${w.week.start} – ${w.week.end})`));
    cx.out();
    for (const l of timeLines(w.time, w.ic.budgetMinutes, w.ic.budgetUsedPct, warn)) cx.out(l);
    cx.out(
      `Sessions      ${w.ic.sessions} logged${w.energyDelta !== undefined ? `, energy ${w.energyDelta >= 0 ? '+' : ''}${w.energyDelta} on average` : ''}`,
    );
    cx.out(
      `Reasons       ${w.reasons.length ? w.reasons.map((r) => `${r.reason} ${hours(r.minutes)}`).join(' · ') : '—'}`,
    );
    cx.out();
    cx.out(PLAN_TITLE);
    const rows = w.plan.days.map((d) => [
      `  ${dayLabel(d.date)}${d.when === 'today' ? ' (today)' : ''}`,
      planPair(d.ic, d.when),
      planPair(d.leadership, d.when),
    ]);
    const total = w.plan.total;
    // The week's planned is what is still ahead of it: a sum, never the "–" of a day that is over.
    rows.push(['  Week', planPair(total.ic, 'ahead'), planPair(total.leadership, 'ahead')]);
    cx.out(table([['', 'IC planned / done', 'Leadership planned / done'], ...rows]));
    cx.out(`  ${wrap(PLAN_HELP, 96, '  ')}`);
    cx.out();
    const c = w.commitments;
    const health = c.healthy
      ? 'healthy'
      : warn(`${c.overdue.length} overdue, ${c.postponed.length} postponed`);
    cx.out(`Commitments   ${c.open} open — ${health}`);
    for (const t of c.toughPostponedOrOverdue) cx.out(`  ${warn('!')} ${commitmentLine(t)}`);
    for (const o of c.overdue.filter((x) => !c.toughPostponedOrOverdue.includes(x)))
      cx.out(`  ${warn('!')} ${commitmentLine(o)}`);
    for (const d of c.dueThisWeek.filter(
      (x) => !c.overdue.includes(x) && !c.toughPostponedOrOverdue.includes(x),
    )) {
      cx.out(`  · ${commitmentLine(d)}`);
    }
    cx.out(`Open actions  ${w.actions.open.length || '—'}`);
    for (const a of w.actions.open.slice(0, 5)) cx.out(`  - ${a.id} ${a.text}`);
    if (w.actions.open.length > 5) cx.out(`  … and ${w.actions.open.length - 5} more: handson actions list`);
    cx.out(`Checks        ${w.checks.length || '—'}`);
    for (const k of w.checks) cx.out(`  ${k.date} ${k.result.verdict.padEnd(17)} "${k.input.title}"`);
  },
});
