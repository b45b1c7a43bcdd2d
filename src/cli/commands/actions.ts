import { actionsHandlers } from '../../app/actions/actions.js';
import { positional, str } from '../args.js';
import { defineCommand, defineGroup } from '../command.js';
import { table } from '../format.js';

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'Improvement actions, oldest first (open ones unless --all).',
    usage: ['actions list [--all] [--status open|done] [--json]'],
  },
  options: { status: { type: 'string' }, all: { type: 'boolean' } },
  async run(cx) {
    const status = cx.values['all'] ? undefined : (str(cx, 'status') ?? 'open');
    const items = await cx.call(actionsHandlers.list, { status: status as 'open' | 'done' | undefined });
    if (cx.json) return cx.outJson(items);
    if (items.length === 0)
      return cx.out('No improvement actions. Gaps you log with `handson log --gap` show up here.');
    cx.out(
      table([
        ['ID', 'STATUS', 'SINCE', 'ACTION'],
        ...items.map((a) => [a.id, a.status, a.createdAt.slice(0, 10), a.text]),
      ]),
    );
  },
});

const done = defineCommand({
  takesPositionals: true,
  meta: { name: 'done', summary: 'Mark an improvement action done.', usage: ['actions done ID [--json]'] },
  async run(cx) {
    const a = await cx.call(actionsHandlers.done, { id: positional(cx, 'ID (see `handson actions list`)') });
    if (cx.json) return cx.outJson(a);
    cx.out(`Done: ${a.id} ${a.text}`);
  },
});

export default defineGroup(
  'actions',
  'Improvement actions made from the gaps you found while doing IC work.',
  { list, done },
);
