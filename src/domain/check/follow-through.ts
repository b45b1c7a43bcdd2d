import { followThroughText } from '../present/follow-through.js';
import { dayDifference, titleKey } from '../time.js';
import type { CheckRecord, IcSession, LocalDate, Verdict } from '../types.js';

/**
 * What happened after a check: its verdict set against the sessions linked to it (`log --check`,
 * the web's "Log work on this", or a title match the leader confirmed). Only linked sessions
 * count; work logged under another title is not guessed at, so "nothing logged" means exactly
 * that and says how long it has been. Pure: the review, the report, the check list and the flag
 * all read this one computation.
 */

export type FollowThroughOutcome =
  /** Nothing linked yet, and the check is from today: too early to say anything. */
  | 'nothing-yet'
  /** Take or pair, nothing linked since: not known whether it was done (unlinked or not logged). */
  | 'not-known'
  /** Take or pair, with hours linked. */
  | 'taken'
  /** Time-box, with hours within it. */
  | 'within-time-box'
  /** Time-box, with more hours than it allowed. */
  | 'over-time-box'
  /** Delegate, nothing linked since. */
  | 'delegated'
  /** Pause and reflect, nothing linked since. */
  | 'paused'
  /** Delegate or pause, with hours linked: done anyway. */
  | 'done-anyway';

export interface FollowThrough {
  checkId: string;
  /** The day of the check. */
  date: LocalDate;
  title: string;
  verdict: Verdict;
  /** For pair and delegate: the person named. */
  to?: string;
  /** For time-box: the hours it allowed. */
  timeBoxHours?: number;
  outcome: FollowThroughOutcome;
  /** Minutes logged on the sessions linked to the check (0 when none). */
  minutes: number;
  /** The linked sessions' ids, oldest first. */
  sessionIds: string[];
  /** Days from the check to `today`. */
  daysSince: number;
  /** Advice to delegate, pause or time-box that the work went past. */
  adviceIgnored: boolean;
  /** The outcome in words: `advised to delegate to Priya — done anyway, 24 h`. */
  text: string;
}

/** The follow-through of each check as of `today`, in the order the checks were given. */
export function followThrough(
  checks: readonly CheckRecord[],
  sessions: readonly IcSession[],
  today: LocalDate,
): FollowThrough[] {
  const byCheck = new Map<string, IcSession[]>();
  for (const s of sessions) {
    if (s.checkId === undefined || s.date > today) continue;
    byCheck.set(s.checkId, [...(byCheck.get(s.checkId) ?? []), s]);
  }
  return checks.map((check) => {
    const linked = (byCheck.get(check.id) ?? []).sort(
      (a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id),
    );
    return ofCheck(check, linked, today);
  });
}

function ofCheck(check: CheckRecord, linked: IcSession[], today: LocalDate): FollowThrough {
  const { verdict, to, hours } = check.result;
  const minutes = linked.reduce((total, s) => total + s.minutes, 0);
  const daysSince = Math.max(0, dayDifference(check.date, today));
  const outcome = outcomeOf(verdict, minutes, daysSince, hours);
  const base = {
    checkId: check.id,
    date: check.date,
    title: check.input.title,
    verdict,
    ...(to !== undefined ? { to } : {}),
    ...(verdict === 'time-box' && hours !== undefined ? { timeBoxHours: hours } : {}),
    outcome,
    minutes,
    sessionIds: linked.map((s) => s.id),
    daysSince,
    adviceIgnored: outcome === 'done-anyway' || outcome === 'over-time-box',
  };
  return { ...base, text: followThroughText(base) };
}

function outcomeOf(
  verdict: Verdict,
  minutes: number,
  daysSince: number,
  timeBoxHours: number | undefined,
): FollowThroughOutcome {
  if (minutes === 0) {
    if (daysSince === 0) return 'nothing-yet';
    if (verdict === 'delegate') return 'delegated';
    if (verdict === 'pause-and-reflect') return 'paused';
    return 'not-known';
  }
  if (verdict === 'delegate' || verdict === 'pause-and-reflect') return 'done-anyway';
  if (verdict === 'time-box' && timeBoxHours !== undefined)
    return minutes > timeBoxHours * 60 ? 'over-time-box' : 'within-time-box';
  return 'taken';
}

/** An unlinked session that looks like the work a check was about: the leader confirms it. */
export interface LinkSuggestion {
  sessionId: string;
  sessionDate: LocalDate;
  sessionTitle: string;
  minutes: number;
  /** The session's stored version, for the edit that links it. */
  version?: number;
  checkId: string;
  checkDate: LocalDate;
  checkTitle: string;
}

/** The words of a title, in any order: `Fix the deploy!` and `the deploy — fix` match. */
function titleWords(title: string): string {
  return [...new Set(titleKey(title).split(' '))].sort().join(' ');
}

/**
 * Sessions with no check whose title has the same words as a check's, logged on or after the
 * check's day. A session that matches several checks goes with the latest of them (the advice
 * that was freshest when the work was done). Oldest session first.
 */
export function linkSuggestions(
  checks: readonly CheckRecord[],
  sessions: readonly IcSession[],
): LinkSuggestion[] {
  const byWords = new Map<string, CheckRecord[]>();
  for (const c of checks) {
    const key = titleWords(c.input.title);
    if (key === '') continue;
    byWords.set(key, [...(byWords.get(key) ?? []), c]);
  }
  const suggestions: LinkSuggestion[] = [];
  for (const s of sessions) {
    if (s.checkId !== undefined) continue;
    const candidates = (byWords.get(titleWords(s.title)) ?? []).filter((c) => c.date <= s.date);
    const check = candidates.sort((a, b) => b.date.localeCompare(a.date) || b.at.localeCompare(a.at))[0];
    if (check === undefined) continue;
    suggestions.push({
      sessionId: s.id,
      sessionDate: s.date,
      sessionTitle: s.title,
      minutes: s.minutes,
      ...(s.version !== undefined ? { version: s.version } : {}),
      checkId: check.id,
      checkDate: check.date,
      checkTitle: check.input.title,
    });
  }
  return suggestions.sort(
    (a, b) => a.sessionDate.localeCompare(b.sessionDate) || a.sessionId.localeCompare(b.sessionId),
  );
}
