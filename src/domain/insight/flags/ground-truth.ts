import { addDays } from '../../time.js';
import {
  dayLabel,
  type FlagContext,
  type FlagDraft,
  listing,
  plural,
  quote,
  sessionEvidence,
  sum,
} from './context.js';

/**
 * Sessions whose gaps were written down more than `groundTruthDays` ago and that no improvement
 * action points to. An action that exists but is still open is follow-through in progress, not
 * this flag.
 */
export function groundTruthFlags(cx: FlagContext): FlagDraft[] {
  const cutoff = addDays(cx.today, -cx.config.groundTruthDays);
  const acted = new Set(cx.input.actions.map((a) => a.sessionId).filter((id) => id !== undefined));
  const unused = cx.sessions
    .map((s) => ({ s, gaps: s.gaps.map((g) => g.trim()).filter((g) => g !== '') }))
    .filter(({ s, gaps }) => gaps.length > 0 && s.date < cutoff && !acted.has(s.id));
  if (unused.length === 0) return [];
  const gaps = unused.flatMap(({ s, gaps }) => gaps.map((g) => `${quote(g)} (${dayLabel(s.date)})`));
  const count = sum(unused.map(({ gaps }) => gaps.length));
  return [
    {
      id: 'ground-truth-unused',
      severity: 'info',
      reason: 'ground-truth',
      text:
        `${count === 1 ? 'A gap' : `${count} gaps`} you found in IC work more than ` +
        `${plural(cx.config.groundTruthDays, 'day')} ago never became an improvement action: ${listing(gaps)}.`,
      evidence: unused.map(({ s, gaps }) =>
        sessionEvidence(
          s,
          `${gaps.length === 1 ? 'gap' : 'gaps'} written down: ${gaps.map(quote).join(', ')}`,
        ),
      ),
    },
  ];
}
