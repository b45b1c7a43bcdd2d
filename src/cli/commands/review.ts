import { insightHandlers } from '../../app/insight/insight.js';
import { weekKey } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { list, str } from '../args.js';
import { defineCommand } from '../command.js';
import { bar, hours, paint } from '../format.js';
import { printFlag } from './flags.js';

export default defineCommand({
  meta: {
    name: 'review',
    summary: 'Walk through the week: its numbers, each flag with its evidence, and questions to answer.',
    usage: [
      'review [--week DATE] [--json]',
      'review [--week DATE] [--ack ID]... [--dismiss ID]... [--answer "PROMPT=ANSWER"]... [--note TEXT]',
    ],
    help: `On a terminal it asks, flag by flag, whether to acknowledge or dismiss it, then asks the week's
questions; your answers are saved as a reflection. In scripts, --ack/--dismiss (flag ids from
\`handson flags --json\`) and --answer do the same. --json prints the review's content.`,
  },
  options: {
    week: { type: 'string' },
    ack: { type: 'string', multiple: true },
    dismiss: { type: 'string', multiple: true },
    answer: { type: 'string', multiple: true },
    note: { type: 'string' },
  },
  async run(cx) {
    const content = await cx.call(insightHandlers.weeklyReview, { week: str(cx, 'week') });
    if (cx.json) return cx.outJson(content);
    const color = cx.interactive && !cx.io.env['NO_COLOR'];
    const w = content.week;
    const ratio = w.budgetMinutes > 0 ? w.icMinutes / w.budgetMinutes : 0;
    cx.out(paint(color, 'bold', `Weekly review — ${weekKey(w.start)} (${w.start} – ${w.end})`));
    cx.out();
    cx.out(
      `IC            ${hours(w.icMinutes)} of ${hours(w.budgetMinutes)}  ${bar(ratio)} ${w.budgetUsedPct}%`,
    );
    cx.out(
      `Leadership    ${hours(w.leadershipMinutes)} (1:1s ${hours(w.leadership['one-on-one'])}, team ${hours(w.leadership['team-meeting'])}, interviews ${hours(w.leadership.interview)}, external ${hours(w.leadership.external)})`,
    );
    cx.out(
      `Focus         ${hours(w.focusMinutes)} in blocks of 2 h or more, ${hours(w.fragmentedMinutes)} fragmented; longest block ${hours(w.longestBlockMinutes)}`,
    );
    cx.out(`Switches      ${w.contextSwitches}`);
    cx.out();

    const decisions: { fingerprint: string; status: 'acknowledged' | 'dismissed'; note?: string }[] = [];
    const answers: { prompt: string; answer: string }[] = [];
    const note = str(cx, 'note');
    for (const id of list(cx, 'ack'))
      decisions.push({ fingerprint: id, status: 'acknowledged', ...(note ? { note } : {}) });
    for (const id of list(cx, 'dismiss'))
      decisions.push({ fingerprint: id, status: 'dismissed', ...(note ? { note } : {}) });
    for (const a of list(cx, 'answer')) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new AppError('usage', `--answer: expected "PROMPT=ANSWER" (got "${a}")`);
      answers.push({ prompt: a.slice(0, eq), answer: a.slice(eq + 1) });
    }

    if (content.flags.length === 0) cx.out('No flags this week.');
    else cx.out(`${content.flags.length} flag${content.flags.length === 1 ? '' : 's'}:`);
    for (const [i, f] of content.flags.entries()) {
      printFlag(cx, f, i + 1);
      if (cx.interactive && !f.acknowledged) {
        const [choice] = await cx.prompt.choose('What about it?', [
          { value: 'ack', label: 'Acknowledge: it is true, I will act on it' },
          { value: 'dismiss', label: 'Dismiss: it does not apply (it comes back if new evidence appears)' },
          { value: 'skip', label: 'Skip for now' },
        ]);
        if (choice === 'ack' || choice === 'dismiss') {
          const why = await cx.prompt.text(
            choice === 'dismiss' ? 'Why does it not apply?' : 'What will you do?',
            { optional: true },
          );
          decisions.push({
            fingerprint: f.fingerprint,
            status: choice === 'ack' ? 'acknowledged' : 'dismissed',
            ...(why ? { note: why } : {}),
          });
        }
      }
      cx.out();
    }
    if (content.dismissed)
      cx.out(`(${content.dismissed} dismissed flag${content.dismissed === 1 ? '' : 's'} hidden)`);

    cx.out(paint(color, 'bold', 'Questions for this week'));
    for (const p of content.prompts) {
      if (cx.interactive) {
        const answer = await cx.prompt.text(`${p.prompt}`, { optional: true });
        if (answer) answers.push({ prompt: p.prompt, answer });
      } else cx.out(`  ? ${p.prompt}`);
    }
    if (decisions.length === 0 && answers.length === 0) {
      if (!cx.interactive)
        cx.out('\nAnswer them on a terminal with `handson review`, or with --answer "PROMPT=ANSWER".');
      return;
    }
    const saved = await cx.call(insightHandlers.saveReview, { week: w.start, answers, flags: decisions });
    cx.out();
    cx.out(
      `Saved: ${saved.flags} flag decision${saved.flags === 1 ? '' : 's'}${saved.reflection ? `, reflection ${saved.reflection.id}` : ''}.`,
    );
  },
});
