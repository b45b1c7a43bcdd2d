import { reflectionsHandlers } from '../../app/reflections/reflections.js';
import { list, str } from '../args.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  meta: {
    name: 'reflect',
    summary: 'Write a reflection.',
    usage: ['reflect --text TEXT [--date DATE] [--answer "PROMPT=ANSWER"]... [--json]'],
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
