import { gitHandlers } from '../../app/evidence/git.js';
import { num, str } from '../args.js';
import { defineCommand } from '../command.js';
import { table } from '../format.js';
import { wallClock } from '../wall-clock.js';

export default defineCommand({
  meta: {
    name: 'commits',
    summary: 'Your commits per day and repository.',
    usage: [
      'commits [--from DATE] [--to DATE] [--repo NAME] [--json]',
      'commits --sessions [--gap MIN] [--lead MIN] [--from DATE] [--to DATE] [--json]',
    ],
    help: `--json prints: date (your time zone), repo, commits, added, removed, first, last (ISO 8601, UTC).
--sessions shows IC sessions estimated from commit clusters instead: a pause longer than --gap minutes
(default 120) starts a new session, and a session starts --lead minutes (default 30) before its first commit.`,
  },
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    repo: { type: 'string' },
    sessions: { type: 'boolean' },
    gap: { type: 'string' },
    lead: { type: 'string' },
  },
  flags: { gapMinutes: 'gap', leadMinutes: 'lead' },
  async run(cx) {
    if (cx.values['sessions']) {
      const sessions = await cx.call(gitHandlers.sessions, {
        from: str(cx, 'from'),
        to: str(cx, 'to'),
        gapMinutes: num(str(cx, 'gap')),
        leadMinutes: num(str(cx, 'lead')),
      });
      if (cx.json) return cx.outJson(sessions);
      if (sessions.length === 0) return cx.out('No commits in that range.');
      const clock = await wallClock(cx);
      return cx.out(
        table([
          ['DATE', `START–END (${clock.tz})`, 'MIN', 'COMMITS', 'REPOS'],
          ...sessions.map((s) => [
            s.date,
            `${clock.time(s.start)}–${clock.time(s.end)}`,
            String(s.minutes),
            String(s.commits),
            s.repos.join(', '),
          ]),
        ]),
      );
    }
    const days = await cx.call(gitHandlers.days, {
      from: str(cx, 'from'),
      to: str(cx, 'to'),
      repo: str(cx, 'repo'),
    });
    if (cx.json) return cx.outJson(days);
    if (days.length === 0)
      return cx.out('No commits in that range. Import a repository with `handson import git PATH`.');
    const clock = await wallClock(cx);
    cx.out(
      table([
        ['DATE', 'REPO', 'COMMITS', '+', '-', `FIRST–LAST (${clock.tz})`],
        ...days.map((d) => [
          d.date,
          d.repo,
          String(d.commits),
          String(d.added),
          String(d.removed),
          `${clock.time(d.first)}–${clock.time(d.last)}`,
        ]),
      ]),
    );
  },
});
