import { reasonsHandlers } from '../../app/reasons/reasons.js';
import type { Reason } from '../../domain/types.js';
import { list as many, missing, positional, str } from '../args.js';
import { defineCommand, defineGroup } from '../command.js';
import { table } from '../format.js';

const list = defineCommand({
  meta: { name: 'list', summary: 'The reasons catalogue.', usage: ['reasons list [--json]'] },
  async run(cx) {
    const reasons = await cx.call(reasonsHandlers.list, {});
    if (cx.json) return cx.outJson(reasons);
    cx.out(
      table([
        ['ID', 'KIND', 'REASON'],
        ...reasons.map((r) => [r.id, r.kind + (r.builtin ? '' : ' (yours)'), `${r.title} — ${r.summary}`]),
      ]),
    );
    cx.out('\nSee one with its questions: handson reasons show ID');
  },
});

function render(r: Reason): string {
  const lines = [
    `${r.title} (${r.id}, ${r.kind === 'good' ? 'a good reason' : 'a reason to watch out for'})`,
    r.summary,
  ];
  if (r.questions.length)
    lines.push('', 'Ask yourself:', ...r.questions.map((q) => `  ? ${q.text}   [${q.id}]`));
  if (r.signals.length) {
    lines.push(
      '',
      r.kind === 'good' ? 'It is genuine when:' : 'Signs it is at play:',
      ...r.signals.map((s) => `  - ${s}`),
    );
  }
  return lines.join('\n');
}

const show = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'show',
    summary: 'One reason with its questions and signals.',
    usage: ['reasons show ID [--json]'],
  },
  async run(cx) {
    const r = await cx.call(reasonsHandlers.show, { id: positional(cx, 'ID (see `handson reasons list`)') });
    if (cx.json) return cx.outJson(r);
    cx.out(render(r));
  },
});

const add = defineCommand({
  meta: {
    name: 'add',
    summary: 'Add your own reason.',
    usage: [
      'reasons add --id ID --kind good|watch-out --title T [--summary S] [--question Q]... [--signal S]... [--json]',
    ],
  },
  options: {
    id: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    question: { type: 'string', multiple: true },
    signal: { type: 'string', multiple: true },
  },
  flags: { questions: 'question', signals: 'signal' },
  async run(cx) {
    const id = str(cx, 'id');
    const kind = str(cx, 'kind');
    const title = str(cx, 'title');
    if (id === undefined) throw missing('id', 'a short lowercase id such as pairing-practice');
    if (kind === undefined) throw missing('kind', 'good or watch-out');
    if (title === undefined) throw missing('title', 'the reason in a few words');
    const r = await cx.call(reasonsHandlers.add, {
      id,
      kind: kind as 'good' | 'watch-out',
      title,
      summary: str(cx, 'summary'),
      questions: many(cx, 'question'),
      signals: many(cx, 'signal'),
    });
    if (cx.json) return cx.outJson(r);
    cx.out(`Added reason ${r.id}.`);
  },
});

export default defineGroup(
  'reasons',
  'The reasons catalogue: why leaders take on IC work, good and watch-out.',
  {
    list,
    show,
    add,
  },
);
