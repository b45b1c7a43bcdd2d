import {
  budgetNote,
  dayLabel,
  duration,
  FLAG_THRESHOLDS,
  type FlagContext,
  type FlagDraft,
  isOverBudget,
  listing,
  weekEvidence,
} from './context.js';

/**
 * IC done (never planned) over budget this week (warning), or in `budgetPatternWeeks` of the recent weeks (alert: a habit,
 * not a bad week). Evidence: every recent week that went over.
 */
export function budgetFlags(cx: FlagContext): FlagDraft[] {
  const current = cx.current;
  if (!current) return [];
  const over = cx.recent.filter((w) => isOverBudget(cx, w));
  const pattern = over.length >= FLAG_THRESHOLDS.budgetPatternWeeks;
  if (!pattern && !isOverBudget(cx, current)) return [];
  const evidence = over.map((w) => weekEvidence(w, budgetNote(cx, w)));
  if (!pattern) {
    return [
      {
        id: 'budget',
        severity: 'warning',
        text: `This week you have done ${duration(cx.weekIc(current))} of IC work against a budget of ${duration(current.budgetMinutes)}.`,
        evidence,
      },
    ];
  }
  const weeks = over.map(
    (w) =>
      `${duration(cx.weekIc(w))} of ${duration(w.budgetMinutes)} ${w === current ? 'this week' : `in the week of ${dayLabel(w.start)}`}`,
  );
  return [
    {
      id: 'budget',
      severity: 'alert',
      text: `You went over your IC budget in ${over.length} of the last ${cx.recent.length} weeks: ${listing(weeks, 4)}.`,
      evidence,
    },
  ];
}
