import type { CommitDay } from '../../evidence/evidence.js';
import { titleKey, weekOf } from '../../time.js';
import type { IcSession, LocalDate } from '../../types.js';
import {
  commitDayEvidence,
  compare,
  duration,
  type FlagContext,
  type FlagDraft,
  listing,
  plural,
  quote,
  sessionsEvidence,
  sum,
  within,
  words,
} from './context.js';

/**
 * The same IC thread active in at least `creepWeeks` of the recent weeks. A thread is a session
 * title (compared by `titleKey`) or a repository in the commit history. Repositories are a coarse
 * thread — a tech-lead-manager may commit to the team's main repository every week by design —
 * so alone they raise an info flag, titles a warning. A repository that is the same work as a
 * session thread joins that thread's flag instead of raising its own: one piece of work, one flag.
 * Tracker items carry no epic to group by.
 */
export function creepFlags(cx: FlagContext): FlagDraft[] {
  const sessions = sessionThreads(cx);
  const repos = repoThreads(cx);
  const joined = new Map<SessionThread, RepoThread[]>();
  const alone: RepoThread[] = [];
  for (const r of repos) {
    const best = sessions
      .map((t) => ({ t, shared: sameWork(cx, t, r) }))
      .filter((x): x is { t: SessionThread; shared: number } => x.shared !== undefined)
      .sort((a, b) => b.shared - a.shared || compare(a.t.key, b.t.key))[0];
    if (best) joined.set(best.t, [...(joined.get(best.t) ?? []), r]);
    else alone.push(r);
  }
  return [
    ...sessions.map((t) => sessionFlag(cx, t, joined.get(t) ?? [])),
    ...alone.map((r) => repoFlag(cx, r)),
  ];
}

interface SessionThread {
  key: string;
  sessions: IcSession[];
}

interface RepoThread {
  repo: string;
  days: CommitDay[];
}

function weeksOf(dates: readonly LocalDate[]): number {
  return new Set(dates.map((d) => weekOf(d).start)).size;
}

/** Session threads of the recent weeks active in enough weeks, by key. */
function sessionThreads(cx: FlagContext): SessionThread[] {
  const threads = new Map<string, IcSession[]>();
  for (const s of cx.sessions) {
    const key = titleKey(s.title);
    if (key === '' || s.date < cx.windowStart) continue;
    threads.set(key, [...(threads.get(key) ?? []), s]);
  }
  return [...threads]
    .filter(([, sessions]) => weeksOf(sessions.map((s) => s.date)) >= cx.config.creepWeeks)
    .sort((a, b) => compare(a[0], b[0]))
    .map(([key, sessions]) => ({ key, sessions }));
}

/** Repositories committed to in enough of the recent weeks, by name. */
function repoThreads(cx: FlagContext): RepoThread[] {
  const repos = new Map<string, CommitDay[]>();
  for (const d of cx.input.commitDays) {
    if (!within(d.date, cx.windowStart, cx.today)) continue;
    repos.set(d.repo, [...(repos.get(d.repo) ?? []), d]);
  }
  return [...repos]
    .filter(([, days]) => weeksOf(days.map((d) => d.date)) >= cx.config.creepWeeks)
    .sort((a, b) => compare(a[0], b[0]))
    .map(([repo, days]) => ({ repo, days: days.sort((a, b) => compare(a.date, b.date)) }));
}

/**
 * A repository and a session thread are the same work when the title names the repository (every
 * word of its name is a word of the title: `search-ranking` in "Prototype search ranking") or when
 * both were active on the same days in enough weeks to be a thread of their own. Returns the
 * number of days they share (the better match wins), or undefined when they are not the same work.
 */
function sameWork(cx: FlagContext, t: SessionThread, r: RepoThread): number | undefined {
  const sessionDays = new Set(t.sessions.map((s) => s.date));
  const shared = r.days.map((d) => d.date).filter((d) => sessionDays.has(d));
  const repoWords = words(r.repo);
  const titleWords = words(t.key);
  const named = repoWords.length > 0 && repoWords.every((w) => titleWords.includes(w));
  return named || weeksOf(shared) >= cx.config.creepWeeks ? shared.length : undefined;
}

function sessionFlag(cx: FlagContext, t: SessionThread, repos: readonly RepoThread[]): FlagDraft {
  const { sessions } = t;
  const latest = sessions[sessions.length - 1]!;
  const commitDays = repos.flatMap((r) => r.days);
  const weeks = weeksOf([...sessions.map((s) => s.date), ...commitDays.map((d) => d.date)]);
  const spent = duration(sum(sessions.map((s) => s.minutes)));
  const commits = repos.map(
    (r) =>
      `${plural(sum(r.days.map((d) => d.commits)), 'commit')} to ${r.repo} on ${plural(r.days.length, 'day')}`,
  );
  const also = commits.length > 0 ? `, and ${listing(commits)}` : '';
  return {
    id: 'creep',
    severity: 'warning',
    text:
      `You have worked on ${quote(latest.title)} in ${weeks} of the last ${cx.recentCount} weeks ` +
      `(${spent} over ${plural(sessions.length, 'session')}${also}): ` +
      'what began as helping out has become a task you own.',
    evidence: [
      ...sessionsEvidence(sessions, { total: `${spent} in all` }),
      ...commitDays.map((d) => commitDayEvidence(d)),
    ],
  };
}

function repoFlag(cx: FlagContext, { repo, days }: RepoThread): FlagDraft {
  return {
    id: 'creep',
    severity: 'info',
    text:
      `You committed to ${repo} in ${weeksOf(days.map((d) => d.date))} of the last ${cx.recentCount} weeks ` +
      `(${plural(sum(days.map((d) => d.commits)), 'commit')} on ${plural(days.length, 'day')}): ` +
      'check whether that work is still helping out or has become yours to own.',
    evidence: days.map((d) => commitDayEvidence(d)),
  };
}
