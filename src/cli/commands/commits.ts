import { gitHandlers } from '../../app/evidence/git.js';
import { noPositionals, str } from '../args.js';
import { defineCommand } from '../command.js';
import { table } from '../format.js';

export default defineCommand({
  meta: {
    name: 'commits',
    summary: 'Your commits per day and repository.',
    usage: ['commits [--from DATE] [--to DATE] [--repo NAME] [--json]'],
    help: '--json prints: date (your time zone), repo, commits, added, removed, first, last (ISO 8601, UTC).',
  },
  options: { from: { type: 'string' }, to: { type: 'string' }, repo: { type: 'string' } },
  async run(cx) {
    noPositionals(cx);
    const days = await cx.call(gitHandlers.days, {
      from: str(cx, 'from'),
      to: str(cx, 'to'),
      repo: str(cx, 'repo'),
    });
    if (cx.json) return cx.outJson(days);
    if (days.length === 0)
      return cx.out('No commits in that range. Import a repository with `handson import git PATH`.');
    cx.out(
      table([
        ['DATE', 'REPO', 'COMMITS', '+', '-', 'FIRST–LAST (UTC)'],
        ...days.map((d) => [
          d.date,
          d.repo,
          String(d.commits),
          String(d.added),
          String(d.removed),
          `${d.first.slice(11, 16)}–${d.last.slice(11, 16)}`,
        ]),
      ]),
    );
  },
});
