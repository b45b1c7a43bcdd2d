import { commitmentsHandlers } from '../../app/commitments/commitments.js';
import type { Commitment, CommitmentKind, CommitmentStatus } from '../../domain/types.js';
import { COMMITMENT_KINDS } from '../../domain/types.js';
import { missing, positional, str } from '../args.js';
import { type Command, type CommandContext, defineCommand, defineGroup } from '../command.js';
import { table } from '../format.js';

function describe(c: Commitment): string {
  const due = c.due ? ` due ${c.due}` : '';
  const moved = c.postponements.length ? `, postponed ${c.postponements.length}×` : '';
  return `${c.id} ${c.kind} "${c.title}"${c.person ? ` with ${c.person}` : ''}${due}${moved} [${c.status}]`;
}

function print(cx: CommandContext, c: Commitment, verb: string): void {
  if (cx.json) cx.outJson(c);
  else cx.out(`${verb}: ${describe(c)}`);
}

const add = defineCommand({
  meta: {
    name: 'add',
    summary: 'Add a leadership commitment.',
    usage: ['commitments add --kind K --title T [--person P] [--due DATE] [--json]'],
    help: `Kinds: ${COMMITMENT_KINDS.join(', ')}.`,
  },
  options: {
    kind: { type: 'string' },
    title: { type: 'string' },
    person: { type: 'string' },
    due: { type: 'string' },
  },
  async run(cx) {
    let kind = str(cx, 'kind');
    let title = str(cx, 'title');
    let person = str(cx, 'person');
    let due = str(cx, 'due');
    if (cx.interactive && (kind === undefined || title === undefined)) {
      kind ??= (
        await cx.prompt.choose(
          'What kind?',
          COMMITMENT_KINDS.map((k) => ({ value: k, label: k })),
        )
      )[0];
      title ??= await cx.prompt.text('What is it?');
      person ??=
        (await cx.prompt.text('With whom? (empty: nobody in particular)', { optional: true })) || undefined;
      due ??= (await cx.prompt.text('Due date, YYYY-MM-DD (empty: none)', { optional: true })) || undefined;
    }
    if (kind === undefined) throw missing('kind', COMMITMENT_KINDS.join('|'));
    if (title === undefined) throw missing('title', 'what you committed to');
    const c = await cx.call(commitmentsHandlers.add, { kind: kind as CommitmentKind, title, person, due });
    print(cx, c, 'Added');
  },
});

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'List commitments, soonest due first.',
    usage: ['commitments list [--status open|done|cancelled] [--all] [--json]'],
    help: 'Shows open commitments unless --status or --all is given.',
  },
  options: { status: { type: 'string' }, all: { type: 'boolean' } },
  async run(cx) {
    const status = cx.values['all'] ? undefined : (str(cx, 'status') ?? 'open');
    const items = await cx.call(commitmentsHandlers.list, { status: status as CommitmentStatus | undefined });
    if (cx.json) return cx.outJson(items);
    if (items.length === 0) return cx.out(`No ${status ?? ''} commitments.`.replace('  ', ' '));
    cx.out(
      table([
        ['ID', 'KIND', 'DUE', 'MOVED', 'STATUS', 'WITH', 'TITLE'],
        ...items.map((c) => [
          c.id,
          c.kind,
          c.due ?? '',
          c.postponements.length ? `${c.postponements.length}×` : '',
          c.status,
          c.person ?? '',
          c.title,
        ]),
      ]),
    );
  },
});

function closeCommand(name: 'done' | 'cancel', summary: string, verb: string): Command {
  return defineCommand({
    takesPositionals: true,
    meta: { name, summary, usage: [`commitments ${name} ID [--json]`] },
    async run(cx) {
      const c = await cx.call(commitmentsHandlers[name], {
        id: positional(cx, 'ID (see `handson commitments list`)'),
      });
      print(cx, c, verb);
    },
  });
}

const postpone = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'postpone',
    summary: 'Move a commitment to a later date; the postponement and its reason are kept.',
    usage: ['commitments postpone ID --to DATE [--why TEXT] [--json]'],
  },
  options: { to: { type: 'string' }, why: { type: 'string' } },
  async run(cx) {
    const id = positional(cx, 'ID (see `handson commitments list`)');
    let to = str(cx, 'to');
    let why = str(cx, 'why');
    if (cx.interactive) {
      to ??= await cx.prompt.text('New due date (YYYY-MM-DD)');
      why ??= (await cx.prompt.text('Why? (be honest; only you see this)', { optional: true })) || undefined;
    }
    if (to === undefined) throw missing('to', 'the new due date, YYYY-MM-DD');
    const c = await cx.call(commitmentsHandlers.postpone, { id, to, why });
    print(cx, c, 'Postponed');
  },
});

export default defineGroup(
  'commitments',
  'Your leadership commitments: 1:1s, tough conversations, decisions, reviews, hiring, planning, feedback.',
  {
    add,
    list,
    done: closeCommand('done', 'Mark a commitment done.', 'Done'),
    postpone,
    cancel: closeCommand('cancel', 'Cancel a commitment (kept, marked cancelled).', 'Cancelled'),
  },
);
