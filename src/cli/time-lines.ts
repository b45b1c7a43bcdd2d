import type { TimeSummary } from '../domain/insight/insight-types.js';
import { coverageSentence, hoursText, icSentence } from '../domain/present/time.js';
import { bar } from './format.js';

/**
 * The time model's lines, printed the same by `week` and `review`: IC done, planned and budget,
 * then leadership and focus, or "no calendar" where none covers the days.
 */
export function timeLines(
  time: TimeSummary,
  budgetMinutes: number,
  budgetUsedPct: number,
  warn: (s: string) => string,
): string[] {
  const ratio = budgetMinutes > 0 ? time.ic.done / budgetMinutes : time.ic.done > 0 ? 2 : 0;
  const ic = `${icSentence(time.ic, budgetMinutes)}  ${bar(ratio)} ${budgetUsedPct}%`;
  const lines = [
    `IC            ${time.ic.done > budgetMinutes ? warn(ic) : ic}`,
    `Leadership    ${hoursText(time.leadership)}`,
    `Focus         ${time.focus === null ? hoursText(null) : `${hoursText(time.focus)} in blocks of 2 h or more, ${hoursText(time.fragmented)} fragmented`}`,
  ];
  const coverage = coverageSentence(time.coverage);
  if (coverage !== undefined) lines.push(`              ${coverage}`);
  return lines;
}
