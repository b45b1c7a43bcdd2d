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

const remove = defineCommand({
  meta: {
    name: 'remove',
    summary: 'Remove one of your own reasons.',
    usage: ['reasons remove ID [--json]'],
    help: `Built-in reasons stay. Sessions and checks that used the reason keep its id: \`handson sessions\`
and the week still list it, the report counts its time under the bare id, and it can no longer be
chosen for a new session or check. A reason the catalogue leaves out with a warning (an id with
spaces, or a built-in's id) is removed the same way.`,
  },
  takesPositionals: true,
  async run(cx) {
    const r = await cx.call(reasonsHandlers.remove, {
      id: positional(cx, 'ID (see `handson reasons list`)'),
    });
    if (cx.json) return cx.outJson(r);
    cx.out(
      r.builtin
        ? `Removed your reason ${r.id}, which clashed with the built-in one; the built-in reason stays.`
        : `Removed your reason ${r.id}.`,
    );
    if (r.sessions > 0) {
      cx.out(
        r.sessions === 1
          ? `1 session logged with it keeps ${r.id} among its reasons.`
          : `${r.sessions} sessions logged with it keep ${r.id} among their reasons.`,
      );
    }
  },
});

export default defineGroup(
  'reasons',
  'The reasons catalogue: why leaders take on IC work, good and watch-out.',
  {
    list,
    show,
    add,
    remove,
  },
);
