import { insightHandlers } from '../../app/insight/insight.js';
import { FOLLOW_THROUGH_TITLE, followThroughLine } from '../../domain/present/follow-through.js';
import { hoursText, NO_CALENDAR, TIME_MODEL_HELP } from '../../domain/present/time.js';
import { weekKey } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { list, str, weekOrDate } from '../args.js';
import { defineCommand } from '../command.js';
import { paint } from '../format.js';
import { timeLines } from '../time-lines.js';
import { printSuggestions } from './check.js';
import { flagCount, printFlag } from './flags.js';

export default defineCommand({
  meta: {
    name: 'review',
    summary: 'Walk through the week: its numbers, each flag with its evidence, and questions to answer.',
    usage: [
      'review [--week DATE|2026-W48] [--json]',
      'review [--week DATE|2026-W48] [--ack ID]... [--dismiss ID]... [--answer "PROMPT=ANSWER"]... [--note TEXT]',
    ],
    help: `On a terminal it asks, flag by flag, whether to acknowledge or dismiss it, then asks the week's
questions, each drawn from what happened in the week; your answers are saved as a reflection.
In scripts, --ack/--dismiss (the id line under a flag in \`handson flags\`) and --answer do the
same. --json prints the review's content.
${TIME_MODEL_HELP}`,
  },
  options: {
    week: { type: 'string' },
    ack: { type: 'string', multiple: true },
    dismiss: { type: 'string', multiple: true },
    answer: { type: 'string', multiple: true },
    note: { type: 'string' },
  },
  async run(cx) {
    const week = str(cx, 'week');
    const content = await cx.call(insightHandlers.weeklyReview, {
      week: week === undefined ? undefined : weekOrDate(week, '--week'),
    });
    if (cx.json) return cx.outJson(content);
    const color = cx.interactive && !cx.io.env['NO_COLOR'];
    const w = content.week;
    cx.out(paint(color, 'bold', `Weekly review — ${weekKey(w.start)} (${w.start} – ${w.end})`));
    cx.out();
    for (const l of timeLines(content.time, w.budgetMinutes, w.budgetUsedPct, (s) =>
      paint(color, 'yellow', s),
    ))
      cx.out(l);
    if (w.leadership !== null) {
      cx.out(
        `              1:1s ${hoursText(w.leadership['one-on-one'])}, team ${hoursText(w.leadership['team-meeting'])}, interviews ${hoursText(w.leadership.interview)}, external ${hoursText(w.leadership.external)}; longest free block ${hoursText(w.longestBlockMinutes)}`,
      );
    }
    cx.out(`Switches      ${w.contextSwitches ?? NO_CALENDAR}`);
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
    else cx.out(`${flagCount(content)}:`);
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

    if (content.followThrough.length > 0) {
      cx.out(paint(color, 'bold', FOLLOW_THROUGH_TITLE));
      for (const f of content.followThrough) cx.out(`  ${followThroughLine(f)}`);
      printSuggestions(cx, content.suggestions);
      cx.out();
    }

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
