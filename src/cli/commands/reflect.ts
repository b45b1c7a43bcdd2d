import { reflectionsHandlers } from '../../app/reflections/reflections.js';
import type { Reflection } from '../../domain/types.js';
import { list, positional, str } from '../args.js';
import { type CommandContext, defineCommand } from '../command.js';

const ID = 'ID (see `handson reflect list`)';

function show(cx: CommandContext, r: Reflection): void {
  cx.out(`${r.id}  ${r.date}  ${r.text}`);
  for (const a of r.answers) if (a.answer !== '') cx.out(`    ${a.prompt} ${a.answer}`);
}

const listReflections = defineCommand({
  meta: {
    name: 'list',
    summary: 'Your reflections, oldest first.',
    usage: ['reflect list [--from DATE] [--to DATE] [--json]'],
  },
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(cx) {
    const all = await cx.call(reflectionsHandlers.list, { from: str(cx, 'from'), to: str(cx, 'to') });
    if (cx.json) return cx.outJson(all);
    if (all.length === 0) return cx.out('No reflections in that range.');
    for (const r of all) show(cx, r);
  },
});

const edit = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'edit',
    summary: 'Change the text or the date of a reflection.',
    usage: ['reflect edit ID [--text TEXT] [--date DATE] [--json]'],
  },
  options: { text: { type: 'string' }, date: { type: 'string' } },
  async run(cx) {
    const r = await cx.call(reflectionsHandlers.edit, {
      id: positional(cx, ID),
      text: str(cx, 'text'),
      date: str(cx, 'date'),
    });
    if (cx.json) return cx.outJson(r);
    cx.out(`Reflection ${r.id} changed (${r.date}).`);
  },
});

const remove = defineCommand({
  takesPositionals: true,
  meta: { name: 'delete', summary: 'Delete a reflection.', usage: ['reflect delete ID [--json]'] },
  options: {},
  async run(cx) {
    const { deleted } = await cx.call(reflectionsHandlers.delete, { id: positional(cx, ID) });
    if (cx.json) return cx.outJson({ deleted });
    cx.out(`Reflection ${deleted.id} (${deleted.date}) deleted.`);
  },
});

export default defineCommand({
  subcommands: { list: async () => listReflections, edit: async () => edit, delete: async () => remove },
  meta: {
    name: 'reflect',
    summary: 'Write a reflection.',
    usage: [
      'reflect --text TEXT [--date DATE] [--answer "PROMPT=ANSWER"]... [--json]',
      ...listReflections.meta.usage,
      ...edit.meta.usage,
      ...remove.meta.usage,
    ],
  },
  options: { text: { type: 'string' }, date: { type: 'string' }, answer: { type: 'string', multiple: true } },
  flags: { answers: 'answer' },
  async run(cx) {
    let text = str(cx, 'text');
    if (text === undefined && cx.interactive)
      text = await cx.prompt.text('What is on your mind about this week?');
    const answers = list(cx, 'answer').map((a) => {
      const eq = a.indexOf('=');
      return eq > 0 ? { prompt: a.slice(0, eq), answer: a.slice(eq + 1) } : { prompt: a, answer: '' };
    });
    const r = await cx.call(reflectionsHandlers.add, { text: text ?? '', date: str(cx, 'date'), answers });
    if (cx.json) return cx.outJson(r);
    cx.out(`Reflection saved for ${r.date} (${r.id}).`);
  },
});
