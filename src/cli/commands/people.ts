import { peopleHandlers } from '../../app/people/people.js';
import type { PersonStatus } from '../../domain/people/people.js';
import { cadenceText, lastText, nextText, overdueText } from '../../domain/present/people.js';
import type { Person } from '../../domain/types.js';
import { bool, missing, num, positional, str } from '../args.js';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { table } from '../format.js';

function describe(p: Person): string {
  const email = p.email ? ` <${p.email}>` : '';
  return `${p.id} ${p.name}${email}, ${p.relation === 'report' ? 'report' : 'other'}, a 1:1 ${cadenceText(p.oneOnOneEvery)}`;
}

/** `--report` or `--other`, or neither (undefined); both is a usage error. */
function relation(cx: CommandContext): 'report' | 'other' | undefined {
  const report = bool(cx, 'report');
  const other = bool(cx, 'other');
  if (report && other) throw missing('report', 'either --report or --other, not both');
  return report ? 'report' : other ? 'other' : undefined;
}

const relationOptions = {
  report: { type: 'boolean' },
  other: { type: 'boolean' },
  every: { type: 'string' },
} as const;

const RELATION_HELP = `--report / --other  a direct report (the default for a new person) or someone else you hold 1:1s with
--every DAYS        a 1:1 is due every DAYS days (default 7, weekly)`;

function statusRow(s: PersonStatus): string[] {
  return [
    s.person.id,
    s.person.name,
    s.person.relation,
    cadenceText(s.person.oneOnOneEvery),
    lastText(s),
    nextText(s.next),
    String(s.missed.length),
    String(s.open.length),
    overdueText(s.overdue),
  ];
}

async function listPeople(cx: CommandContext): Promise<void> {
  const view = await cx.call(peopleHandlers.list, {});
  if (cx.json) return cx.outJson(view);
  if (view.people.length === 0) {
    return cx.out('Nobody on your list yet: `handson people import` proposes people from your 1:1s.');
  }
  cx.out(
    table([
      ['ID', 'NAME', 'RELATION', 'CADENCE', 'LAST 1:1', 'NEXT 1:1', 'MISSED', 'OPEN', '1:1'],
      ...view.people.map(statusRow),
    ]),
  );
  if (!view.calendar) cx.out('No calendar covers the last weeks: 1:1s and overdue ones are unknown.');
}

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'The people you hold 1:1s with, and where each stands.',
    usage: ['people [list] [--json]'],
    help: 'MISSED: 1:1s declined or cancelled in the last 4 weeks. OPEN: open commitments that name them.',
  },
  run: listPeople,
});

const add = defineCommand({
  meta: {
    name: 'add',
    summary: 'Add a person.',
    usage: ['people add --name N [--email E] [--report|--other] [--every DAYS] [--json]'],
    help: RELATION_HELP,
  },
  options: { name: { type: 'string' }, email: { type: 'string' }, ...relationOptions },
  flags: { oneOnOneEvery: 'every', relation: 'report' },
  async run(cx) {
    const name = str(cx, 'name');
    if (name === undefined) throw missing('name', 'their name');
    const [person] = await cx.call(peopleHandlers.add, {
      people: [
        { name, email: str(cx, 'email'), relation: relation(cx), oneOnOneEvery: num(str(cx, 'every')) },
      ],
    });
    if (cx.json) return cx.outJson(person);
    cx.out(`Added: ${describe(person!)}`);
  },
});

const edit = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'edit',
    summary: 'Change a person.',
    usage: ['people edit ID [--name N] [--email E] [--report|--other] [--every DAYS] [--json]'],
    help: `${RELATION_HELP}\n--email ""          removes their address`,
  },
  options: { name: { type: 'string' }, email: { type: 'string' }, ...relationOptions },
  flags: { oneOnOneEvery: 'every', relation: 'report' },
  async run(cx) {
    const person = await cx.call(peopleHandlers.edit, {
      id: positional(cx, 'ID (see `handson people`)'),
      name: str(cx, 'name'),
      email: str(cx, 'email'),
      relation: relation(cx),
      oneOnOneEvery: num(str(cx, 'every')),
    });
    if (cx.json) return cx.outJson(person);
    cx.out(`Changed: ${describe(person)}`);
  },
});

const remove = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'remove',
    summary: 'Remove a person from your list; their 1:1s and commitments stay.',
    usage: ['people remove ID [--json]'],
  },
  async run(cx) {
    const { removed } = await cx.call(peopleHandlers.remove, {
      id: positional(cx, 'ID (see `handson people`)'),
    });
    if (cx.json) return cx.outJson({ removed });
    cx.out(`Removed: ${describe(removed)}`);
  },
});

const importPeople = defineCommand({
  meta: {
    name: 'import',
    summary: 'Propose the other attendees of your 1:1s as people, and add the ones you confirm.',
    usage: ['people import [--yes] [--other] [--every DAYS] [--json]'],
    help: `On a terminal each person is asked about in turn; --yes adds them all without asking.
Without a terminal and without --yes nothing is added: the candidates are listed.
${RELATION_HELP}`,
  },
  options: { yes: { type: 'boolean' }, ...relationOptions },
  flags: { oneOnOneEvery: 'every', relation: 'report' },
  async run(cx) {
    const candidates = await cx.call(peopleHandlers.candidates, {});
    const yes = bool(cx, 'yes');
    if (candidates.length === 0) {
      if (cx.json) return cx.outJson({ candidates, added: [] });
      return cx.out('No one new: everyone you hold 1:1s with in your calendar is on your list.');
    }
    const chosen = [];
    for (const c of candidates) {
      const seen = `${c.name} <${c.email}>: ${c.oneOnOnes} 1:1${c.oneOnOnes === 1 ? '' : 's'}, the latest ${c.lastSeen}`;
      if (yes) chosen.push(c);
      else if (cx.interactive) {
        if (await cx.prompt.confirm(`Add ${seen}?`, true)) chosen.push(c);
      } else if (!cx.json) cx.out(`  ${seen}`);
    }
    if (!yes && !cx.interactive) {
      if (cx.json) return cx.outJson({ candidates, added: [] });
      return cx.out(
        'Nothing added: run `handson people import --yes` to add them all, or on a terminal to choose.',
      );
    }
    const added =
      chosen.length === 0
        ? []
        : await cx.call(peopleHandlers.add, {
            people: chosen.map((c) => ({
              name: c.name,
              email: c.email,
              relation: relation(cx),
              oneOnOneEvery: num(str(cx, 'every')),
            })),
          });
    if (cx.json) return cx.outJson({ candidates, added });
    if (added.length === 0) return cx.out('Nobody added.');
    for (const p of added) cx.out(`Added: ${describe(p)}`);
  },
});

const subcommands: Record<string, Command> = { list, add, edit, remove, import: importPeople };

export default {
  meta: {
    name: 'people',
    summary: 'The people you hold 1:1s with: list, add, edit, remove, import from your calendar.',
    usage: Object.values(subcommands).flatMap((c) => c.meta.usage),
  },
  subcommands: Object.fromEntries(Object.entries(subcommands).map(([k, c]) => [k, async () => c])),
  run: listPeople,
} satisfies Command;
