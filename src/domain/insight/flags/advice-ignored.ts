import { followThrough } from '../../check/follow-through.js';
import {
  checkEvidence,
  compare,
  duration,
  type FlagContext,
  type FlagDraft,
  listing,
  quote,
  sessionsEvidence,
  times,
  within,
} from './context.js';

/** Advice passed over this many times in the flag window is a pattern, not one judgement call. */
export const ADVICE_IGNORED_MIN_CHECKS = 2;

/**
 * Checks in the recent weeks that advised delegating, pausing or a time-box, where the work linked
 * to them went ahead anyway (or past the time-box): at least `ADVICE_IGNORED_MIN_CHECKS` of them.
 * One check overruled is judgement; overruling the check again and again means either the check
 * is asking the wrong questions or the leader is not listening to it. Only linked sessions count
 * (see domain/check/follow-through.ts), so work never linked to a check cannot raise it.
 */
export function adviceIgnoredFlags(cx: FlagContext): FlagDraft[] {
  const checks = cx.input.checks
    .filter((c) => within(c.date, cx.windowStart, cx.today))
    .sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  const ignored = followThrough(checks, cx.sessions, cx.today).filter((f) => f.adviceIgnored);
  if (ignored.length < ADVICE_IGNORED_MIN_CHECKS) return [];
  const evidence = ignored.flatMap((f) => {
    const check = checks.find((c) => c.id === f.checkId)!;
    const done = cx.sessions.filter((s) => f.sessionIds.includes(s.id));
    return [checkEvidence(check), ...sessionsEvidence(done, { total: `${duration(f.minutes)} in all` })];
  });
  return [
    {
      id: 'advice-ignored',
      severity: 'warning',
      text:
        `In the last ${cx.recentCount} weeks you went past your check’s advice ${times(ignored.length)}: ` +
        `${listing(
          ignored.map((f) => `${quote(f.title)} (${f.text})`),
          4,
        )}.`,
      evidence,
    },
  ];
}
