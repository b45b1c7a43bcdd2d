import type { CheckResult, DelegationLevel } from '../types.js';

/**
 * The check's verdict in words, the same on every surface (the CLI's `check`, the web app's check
 * page, the journal's "from a check"). Pure: the web app imports it too.
 */

/** What each delegation level hands over, in a few words. */
export const LEVEL_MEANING: Record<DelegationLevel, string> = {
  tell: 'you decide and tell them',
  sell: 'you decide and explain why, so they are on board',
  consult: 'you ask for their view, then decide',
  agree: 'you decide together',
  advise: 'you give your view and they decide',
  inquire: 'they decide and tell you afterwards',
  delegate: 'they decide; you need not hear about it',
};

/** The verdict as one short sentence: `Take it, and stop after 4 h.` */
export function verdictHeadline(r: Pick<CheckResult, 'verdict' | 'hours' | 'to'>): string {
  switch (r.verdict) {
    case 'take':
      return 'Go ahead: take it.';
    case 'time-box':
      return r.hours === undefined ? 'Take it, within a time-box.' : `Take it, and stop after ${r.hours} h.`;
    case 'pair':
      return r.to ? `Pair on it with ${r.to}.` : 'Pair on it with someone who can own it.';
    case 'delegate':
      return r.to ? `Hand it to ${r.to}.` : 'Hand it to someone on the team.';
    case 'pause-and-reflect':
      return 'Pause and reflect before you decide.';
  }
}

/** For `delegate`: how much of the decision passes on. */
export function levelLine(r: Pick<CheckResult, 'verdict' | 'level'>): string | undefined {
  if (r.verdict !== 'delegate' || r.level === undefined) return undefined;
  return `Delegation level “${r.level}”: ${LEVEL_MEANING[r.level]}.`;
}
