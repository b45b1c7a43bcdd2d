import { type Closed, commitmentsHandlers } from '../../app/commitments/commitments.js';
import { PUT_OFF_AFTER, splitPutOff } from '../../domain/commitments/put-off.js';
import { RECURRENCE_HELP } from '../../domain/commitments/recurrence.js';
import { recurrenceLabel } from '../../domain/present/commitments.js';
import type { Commitment, CommitmentKind, CommitmentStatus } from '../../domain/types.js';
import { COMMITMENT_KINDS } from '../../domain/types.js';
import { bool, missing, need, num, positional, str } from '../args.js';
import { type Command, type CommandContext, defineCommand, defineGroup } from '../command.js';
import { table } from '../format.js';
import { type WallClock, wallClock } from '../wall-clock.js';
import { writeWhole } from '../write-whole.js';

const ID = 'ID (see `handson commitments list`)';

function describe(c: Commitment, clock?: WallClock): string {
  const due = c.due ? ` due ${c.due}` : '';
  const repeats = c.recurrence ? `, repeats ${recurrenceLabel(c.recurrence)}` : '';
  const moved = c.postponements.length ? `, postponed ${c.postponements.length}×` : '';
  const booked =
    c.scheduledAt && c.scheduledMinutes && clock
      ? `, booked ${clock.dateTime(c.scheduledAt)} for ${c.scheduledMinutes} min (${clock.tz})`
      : '';
  return `${c.id} ${c.kind} "${c.title}"${c.person ? ` with ${c.person}` : ''}${due}${repeats}${moved}${booked} [${c.status}]`;
}

function print(cx: CommandContext, c: Commitment | Closed, verb: string, clock?: WallClock): void {
  if (cx.json) {
    cx.outJson(c);
    return;
  }
  cx.out(`${verb}: ${describe(c, clock)}`);
  if ('next' in c && c.next !== undefined) cx.out(`Next: ${describe(c.next)}`);
}

const add = defineCommand({
  meta: {
    name: 'add',
    summary: 'Add a leadership commitment.',
    usage: ['commitments add --kind K --title T [--person P] [--due DATE] [--every week|2w|month] [--json]'],
    help: [
      `Kinds: ${COMMITMENT_KINDS.join(', ')}.`,
      `--every: it repeats (${RECURRENCE_HELP}), counted from --due, which it then needs.`,
      'Each time is a commitment of its own: when one is done or cancelled, the next is added.',
    ].join('\n'),
  },
  options: {
    kind: { type: 'string' },
    title: { type: 'string' },
    person: { type: 'string' },
    due: { type: 'string' },
    every: { type: 'string' },
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
    const c = await cx.call(commitmentsHandlers.add, {
      kind: kind as CommitmentKind,
      title,
      person,
      due,
      every: str(cx, 'every'),
    });
    print(cx, c, 'Added');
  },
});

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'List commitments, soonest due first; those postponed twice or more apart, as put off.',
    usage: ['commitments list [--status open|done|cancelled] [--all] [--json]'],
    help: [
      'Shows open commitments unless --status or --all is given.',
      `An open commitment postponed ${PUT_OFF_AFTER} times or more is listed apart, under "Put off", with its first due date;`,
      'in --json it carries "putOff": {"times", "firstDue"}.',
    ].join('\n'),
  },
  options: { status: { type: 'string' }, all: { type: 'boolean' } },
  async run(cx) {
    const status = cx.values['all'] ? undefined : (str(cx, 'status') ?? 'open');
    const items = await cx.call(commitmentsHandlers.list, { status: status as CommitmentStatus | undefined });
    const { putOff, others } = splitPutOff(items);
    if (cx.json) {
      const marked = new Map(putOff.map((p) => [p.commitment.id, p]));
      return cx.outJson(
        items.map((c) => {
          const p = marked.get(c.id);
          return p === undefined ? c : { ...c, putOff: { times: p.times, firstDue: p.firstDue ?? null } };
        }),
      );
    }
    if (items.length === 0) return cx.out(`No ${status ?? ''} commitments.`.replace('  ', ' '));
    if (others.length > 0) {
      cx.out(
        table([
          ['ID', 'KIND', 'DUE', 'MOVED', 'STATUS', 'WITH', 'TITLE'],
          ...others.map((c) => [
            c.id,
            c.kind,
            c.due ?? '',
            c.postponements.length ? `${c.postponements.length}×` : '',
            c.status,
            c.person ?? '',
            c.recurrence ? `${c.title} (${recurrenceLabel(c.recurrence)})` : c.title,
          ]),
        ]),
      );
    }
    if (putOff.length > 0) {
      if (others.length > 0) cx.out();
      cx.out(`Put off (postponed ${PUT_OFF_AFTER} times or more):`);
      cx.out(
        table([
          ['ID', 'KIND', 'FIRST DUE', 'DUE NOW', 'MOVED', 'WITH', 'TITLE'],
          ...putOff.map((p) => [
            p.commitment.id,
            p.commitment.kind,
            p.firstDue ?? 'none',
            p.commitment.due ?? '',
            `${p.times}×`,
            p.commitment.person ?? '',
            p.commitment.title,
          ]),
        ]),
      );
    }
  },
});

function closeCommand(name: 'done' | 'cancel', summary: string, verb: string): Command {
  return defineCommand({
    takesPositionals: true,
    meta: {
      name,
      summary,
      usage: [`commitments ${name} ID [--stop-repeating] [--json]`],
      help: 'A repeating commitment gets its next one added, unless --stop-repeating is given.',
    },
    options: { 'stop-repeating': { type: 'boolean' } },
    async run(cx) {
      const c = await cx.call(commitmentsHandlers[name], {
        id: positional(cx, ID),
        stopRepeating: bool(cx, 'stop-repeating') || undefined,
      });
      print(cx, c, verb);
    },
  });
}

const edit = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'edit',
    summary: 'Change an open commitment: its title, kind, person or due date.',
    usage: ['commitments edit ID [--title T] [--kind K] [--person P] [--due DATE] [--json]'],
    help: [
      '--person ""   it is with nobody in particular',
      '--due can move it earlier or give it a first date; to move it later, postpone it (the move is kept).',
    ].join('\n'),
  },
  options: {
    title: { type: 'string' },
    kind: { type: 'string' },
    person: { type: 'string' },
    due: { type: 'string' },
  },
  async run(cx) {
    const c = await cx.call(commitmentsHandlers.edit, {
      id: positional(cx, ID),
      title: str(cx, 'title'),
      kind: str(cx, 'kind') as CommitmentKind | undefined,
      person: str(cx, 'person'),
      due: str(cx, 'due'),
    });
    print(cx, c, 'Changed');
  },
});

const schedule = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'schedule',
    summary: 'Book a time for a commitment and write its calendar invitation (.ics).',
    usage: ['commitments schedule ID --at YYYY-MM-DDTHH:MM --minutes N [--out FILE.ics] [--json]'],
    help: [
      '--at is on your own clock, in the time zone of your profile.',
      'The invitation goes to --out, or to standard output without it; open it with your calendar app.',
      '--json prints the commitment and the invitation ({"commitment", "filename", "ics"}).',
    ].join('\n'),
  },
  options: { at: { type: 'string' }, minutes: { type: 'string' }, out: { type: 'string' } },
  async run(cx) {
    const id = positional(cx, ID);
    const at = await need(cx, 'at', 'When, as YYYY-MM-DDTHH:MM on your clock?');
    // A defined text always gives a number (or the text, for the schema to refuse).
    const minutes = num(await need(cx, 'minutes', 'For how many minutes?')) as number;
    const commitment = await cx.call(commitmentsHandlers.schedule, { id, at, minutes });
    const invitation = await cx.call(commitmentsHandlers.invitation, { id });
    if (cx.json) return cx.outJson({ commitment, ...invitation });
    const out = str(cx, 'out');
    if (out === undefined) {
      // The file's own bytes: CRLF line ends are part of the format.
      cx.io.stdout.write(invitation.ics);
      return;
    }
    writeWhole(out, invitation.ics, '--out');
    cx.out(`Booked: ${describe(commitment, await wallClock(cx))}`);
    cx.out(`Invitation written to ${out}; open it with your calendar app.`);
  },
});

const postpone = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'postpone',
    summary: 'Move a commitment to a later date; the postponement and its reason are kept.',
    usage: ['commitments postpone ID --to DATE [--why TEXT] [--json]'],
  },
  options: { to: { type: 'string' }, why: { type: 'string' } },
  async run(cx) {
    const id = positional(cx, ID);
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
    edit,
    schedule,
    cancel: closeCommand('cancel', 'Cancel a commitment (kept, marked cancelled).', 'Cancelled'),
  },
);
