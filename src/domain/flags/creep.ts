import type { CommitDay } from '../evidence.js';
import { titleKey, weekOf } from '../time.js';
import type { IcSession } from '../types.js';
import {
  commitDayEvidence,
  compare,
  duration,
  type FlagContext,
  type FlagDraft,
  plural,
  quote,
  sessionEvidence,
  sum,
  within,
} from './context.js';

/**
 * The same IC thread active in at least `creepWeeks` of the recent weeks. A thread is a session
 * title (compared by `titleKey`) or a repository in the commit history. Repositories are a coarse
 * thread — a tech-lead-manager may commit to the team's main repository every week by design —
 * so they raise an info flag, titles a warning. Tracker items carry no epic to group by.
 */
export function creepFlags(cx: FlagContext): FlagDraft[] {
  return [...sessionThreads(cx), ...repoThreads(cx)];
}

function weeksOf(dates: readonly string[]): number {
  return new Set(dates.map((d) => weekOf(d).start)).size;
}

function sessionThreads(cx: FlagContext): FlagDraft[] {
  const threads = new Map<string, IcSession[]>();
  for (const s of cx.sessions) {
    const key = titleKey(s.title);
    if (key === '' || s.date < cx.windowStart) continue;
    threads.set(key, [...(threads.get(key) ?? []), s]);
  }
  const flags: FlagDraft[] = [];
  for (const [, sessions] of [...threads].sort((a, b) => compare(a[0], b[0]))) {
    const weeks = weeksOf(sessions.map((s) => s.date));
    if (weeks < cx.config.creepWeeks) continue;
    const latest = sessions[sessions.length - 1]!;
    flags.push({
      id: 'creep',
      severity: 'warning',
      text:
        `You have worked on ${quote(latest.title)} in ${weeks} of the last ${cx.recentCount} weeks ` +
        `(${duration(sum(sessions.map((s) => s.minutes)))} over ${plural(sessions.length, 'session')}): ` +
        'what began as helping out has become a task you own.',
      evidence: sessions.map((s) => sessionEvidence(s)),
    });
  }
  return flags;
}

function repoThreads(cx: FlagContext): FlagDraft[] {
  const repos = new Map<string, CommitDay[]>();
  for (const d of cx.input.commitDays) {
    if (!within(d.date, cx.windowStart, cx.today)) continue;
    repos.set(d.repo, [...(repos.get(d.repo) ?? []), d]);
  }
  const flags: FlagDraft[] = [];
  for (const [repo, days] of [...repos].sort((a, b) => compare(a[0], b[0]))) {
    const weeks = weeksOf(days.map((d) => d.date));
    if (weeks < cx.config.creepWeeks) continue;
    flags.push({
      id: 'creep',
      severity: 'info',
      text:
        `You committed to ${repo} in ${weeks} of the last ${cx.recentCount} weeks ` +
        `(${plural(sum(days.map((d) => d.commits)), 'commit')} on ${plural(days.length, 'day')}): ` +
        'check whether that work is still helping out or has become yours to own.',
      evidence: days.map(commitDayEvidence),
    });
  }
  return flags;
}
