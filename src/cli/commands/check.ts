import { checkHandlers } from '../../app/check/check.js';
import type { FollowThroughView } from '../../app/check/follow-through.js';
import { journalHandlers } from '../../app/journal/journal.js';
import { reasonsHandlers } from '../../app/reasons/reasons.js';
import { levelLine, verdictHeadline } from '../../domain/present/check.js';
import { followThroughLine, suggestionText } from '../../domain/present/follow-through.js';
import { CheckRecordSchema } from '../../domain/records.js';
import type { CheckInput, Maturity } from '../../domain/types.js';
import { MATURITIES } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { bool, list, missing, num, positional, str } from '../args.js';
import { answers as askedAnswers, questionOptions, questions, questionUsage } from '../asked.js';
import { type CommandContext, defineCommand } from '../command.js';
import { paint, wrap } from '../format.js';

/** The check's inputs that are a flag and a question each, from the schema (cli/asked.ts). */
const QUESTIONS = questions(CheckRecordSchema.shape.input);

function parseAnswers(raw: string[]): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const a of raw) {
    const eq = a.indexOf('=');
    if (eq <= 0)
      throw new AppError('usage', `--answer: expected QUESTION-ID=TEXT, e.g. nobody-knew=no (got "${a}")`);
    answers[a.slice(0, eq).trim()] = a.slice(eq + 1).trim();
  }
  return answers;
}

/** On a terminal, asks what the flags left out. */
async function interview(cx: CommandContext) {
  const p = cx.prompt;
  const title = str(cx, 'title') ?? (await p.text('What is the task?'));
  const hours = str(cx, 'hours') ?? (await p.text('How many hours do you expect it to take?'));
  let reasons = list(cx, 'reason');
  if (reasons.length === 0) {
    const catalogue = await cx.call(reasonsHandlers.list, {});
    reasons = await p.choose(
      'Why do you want to do it yourself?',
      catalogue.map((r) => ({
        value: r.id,
        label: `${r.title} (${r.id}${r.kind === 'watch-out' ? ', watch out' : ''})`,
      })),
      true,
    );
  }
  const asked = await askedAnswers<CheckInput>(cx, QUESTIONS, true);
  let couldDo = str(cx, 'could-do');
  if (couldDo === undefined) {
    couldDo = (await p.text('Who else could do it? (empty: nobody)', { optional: true })) || undefined;
  }
  let grows = bool(cx, 'grows');
  let maturity = str(cx, 'maturity');
  if (couldDo !== undefined) {
    if (cx.values['grows'] === undefined) grows = await p.confirm(`Would it help ${couldDo} grow?`);
    if (maturity === undefined) {
      maturity = (
        await p.choose(
          `How experienced is ${couldDo} with this kind of task?`,
          MATURITIES.map((m) => ({ value: m, label: m })),
        )
      )[0];
    }
  }
  const answers = parseAnswers(list(cx, 'answer'));
  if (answers['nobody-knew'] === undefined) {
    answers['nobody-knew'] = (await p.confirm('Would you still do it if nobody ever knew you did?', true))
      ? 'yes'
      : 'no';
  }
  return { ...asked, title, hours, reasons, couldDo, grows, maturity, answers };
}

/** Sessions that look like a check's work, each with the command that links it. */
export function printSuggestions(cx: CommandContext, suggestions: FollowThroughView['suggestions']): void {
  for (const s of suggestions) {
    cx.out(
      `  Looks like: ${suggestionText(s)}; link with \`handson check link ${s.sessionId} ${s.checkId}\``,
    );
  }
}

const listChecks = defineCommand({
  meta: {
    name: 'list',
    summary: 'Recent checks, each with its verdict and what happened next.',
    usage: ['check list [--from DATE] [--to DATE] [--limit N] [--json]'],
    help: `What happened next comes from the sessions linked to a check (\`handson log --check ID\`, or
\`handson check link SESSION CHECK\`); sessions whose titles match a check are suggested for linking.`,
  },
  options: { from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' } },
  async run(cx) {
    const view = await cx.call(checkHandlers.followThrough, {
      from: str(cx, 'from'),
      to: str(cx, 'to'),
      limit: num(str(cx, 'limit')),
    });
    if (cx.json) return cx.outJson(view);
    if (view.followThrough.length === 0) return cx.out('No checks in that range.');
    for (const f of view.followThrough) cx.out(`${f.checkId}  ${followThroughLine(f)}`);
    if (view.suggestions.length > 0) cx.out();
    printSuggestions(cx, view.suggestions);
  },
});

const link = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'link',
    summary: 'Link a logged session to the check that led to it.',
    usage: ['check link SESSION-ID CHECK-ID [--json]'],
    help: 'The session then counts in the check’s follow-through (`handson check list`, `handson review`).',
  },
  options: {},
  async run(cx) {
    const [sessionId, checkId] = cx.positionals;
    if (sessionId === undefined) throw new AppError('usage', 'missing SESSION-ID (see `handson sessions`)');
    if (checkId === undefined) throw new AppError('usage', 'missing CHECK-ID (see `handson check list`)');
    if (cx.positionals.length > 2) throw cx.unexpected(2);
    const { session } = await cx.call(journalHandlers.edit, { id: sessionId, checkId });
    if (cx.json) return cx.outJson(session);
    cx.out(`Linked session ${session.id} ("${session.title}", ${session.date}) to check ${checkId}.`);
  },
});

const CHECK_ID = 'ID (see `handson check list`)';

const edit = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'edit',
    summary: 'Rename a check.',
    usage: ['check edit ID --title T [--json]'],
    help: 'Only the title can change: the verdict was given for your answers. To change them, run a new check.',
  },
  options: { title: { type: 'string' } },
  async run(cx) {
    const id = positional(cx, CHECK_ID);
    const title = str(cx, 'title');
    if (title === undefined) throw missing('title', 'the new title');
    const c = await cx.call(checkHandlers.edit, { id, title });
    if (cx.json) return cx.outJson(c);
    cx.out(`Check ${c.id} is now "${c.input.title}".`);
  },
});

const remove = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'delete',
    summary: 'Delete a check; the sessions linked to it stay, unlinked.',
    usage: ['check delete ID [--json]'],
  },
  options: {},
  async run(cx) {
    const { deleted } = await cx.call(checkHandlers.delete, { id: positional(cx, CHECK_ID) });
    if (cx.json) return cx.outJson({ deleted });
    cx.out(`Check ${deleted.id} ("${deleted.input.title}") deleted; its sessions are kept.`);
  },
});

export default defineCommand({
  subcommands: {
    list: async () => listChecks,
    link: async () => link,
    edit: async () => edit,
    delete: async () => remove,
  },
  meta: {
    name: 'check',
    summary: 'Check an IC task before you take it.',
    usage: [
      `check --title T --hours H --reason ID... [--due DATE] ${questionUsage(QUESTIONS)}`,
      '      [--could-do NAME [--grows] [--maturity new|some|experienced]] [--answer QID=TEXT]... [--json]',
    ],
    help: `The verdict is one of: take, time-box (with hours), pair (with whom), delegate (to whom, with a
delegation level), pause-and-reflect. Every line of the explanation names the rule behind it.
--due DATE: the check compares the focus time your calendar leaves before it with the estimate,
and says when the date has already passed.
Reasons: see \`handson reasons list\`. --answer nobody-knew=no records that you would not do it if nobody knew.
Heuristics behind the rules: stay off the critical path (a leader who owns a blocking task does two jobs
badly); hand work to someone it would grow, at a delegation level that fits their experience with the task;
keep IC within your budget; "just helping" for weeks has become ownership.`,
  },
  options: {
    title: { type: 'string' },
    hours: { type: 'string' },
    due: { type: 'string' },
    reason: { type: 'string', multiple: true, list: true },
    ...questionOptions(QUESTIONS),
    'could-do': { type: 'string' },
    grows: { type: 'boolean' },
    maturity: { type: 'string' },
    answer: { type: 'string', multiple: true },
  },
  flags: { reasons: 'reason', answers: 'answer' },
  async run(cx) {
    const needsInterview =
      str(cx, 'title') === undefined || str(cx, 'hours') === undefined || list(cx, 'reason').length === 0;
    let input: Awaited<ReturnType<typeof interview>>;
    if (needsInterview && cx.interactive) input = await interview(cx);
    else {
      if (str(cx, 'title') === undefined) throw missing('title', 'the task');
      if (str(cx, 'hours') === undefined) throw missing('hours', 'the estimated effort in hours');
      if (list(cx, 'reason').length === 0)
        throw missing('reason', 'why you want to do it; see `handson reasons list`');
      input = {
        ...(await askedAnswers<CheckInput>(cx, QUESTIONS, false)),
        title: str(cx, 'title')!,
        hours: str(cx, 'hours')!,
        reasons: list(cx, 'reason'),
        couldDo: str(cx, 'could-do'),
        grows: bool(cx, 'grows'),
        maturity: str(cx, 'maturity'),
        answers: parseAnswers(list(cx, 'answer')),
      };
    }
    const outcome = await cx.call(checkHandlers.run, {
      ...input,
      hours: num(input.hours)!,
      due: str(cx, 'due'),
      maturity: input.maturity as Maturity | undefined,
    });
    if (cx.json) {
      const { id, date, verdict, hours, to, level, lines } = outcome;
      return cx.outJson({ verdict, hours, to, level, lines, id, date });
    }
    const color = cx.interactive && !cx.io.env['NO_COLOR'];
    cx.out(paint(color, 'bold', verdictHeadline(outcome)));
    const level = levelLine(outcome);
    if (level !== undefined) cx.out(level);
    // On a terminal, wrap to its width so every explanation stays readable; pipes get one line each.
    const columns = (cx.io.stdout as { columns?: number }).columns;
    const fitWidth = (text: string, indent: string) =>
      cx.interactive && columns ? wrap(text, Math.max(40, columns - 1), indent) : text;
    for (const line of outcome.lines) {
      const tag = `[${line.rule}${line.reason ? ` · ${line.reason}` : ''}]`;
      cx.out(fitWidth(`  • ${line.text} ${tag}`, '    ').replace(tag, paint(color, 'gray', tag)));
      for (const q of line.questions ?? []) cx.out(fitWidth(`      ? ${q}`, '        '));
    }
    cx.out();
    cx.out(
      `Saved as check ${outcome.id}. If you do the work: handson log --check ${outcome.id} --minutes M ...`,
    );
  },
});
