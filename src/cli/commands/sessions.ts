import { journalHandlers } from '../../app/journal/journal.js';
import { noPositionals, str } from '../args.js';
import { defineCommand } from '../command.js';
import { hours, table } from '../format.js';

export default defineCommand({
  meta: {
    name: 'sessions',
    summary: 'List logged IC sessions.',
    usage: ['sessions [--from DATE] [--to DATE] [--json]'],
  },
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(cx) {
    noPositionals(cx);
    const sessions = await cx.call(journalHandlers.list, { from: str(cx, 'from'), to: str(cx, 'to') });
    if (cx.json) return cx.outJson(sessions);
    if (sessions.length === 0) return cx.out('No sessions logged in that range.');
    cx.out(
      table([
        ['ID', 'DATE', 'TIME', 'REASONS', 'ENERGY', 'TITLE'],
        ...sessions.map((s) => [
          s.id,
          s.date,
          hours(s.minutes),
          s.reasons.join(','),
          s.energyBefore !== undefined && s.energyAfter !== undefined
            ? `${s.energyBefore}→${s.energyAfter}`
            : '',
          s.title,
        ]),
      ]),
    );
  },
});
