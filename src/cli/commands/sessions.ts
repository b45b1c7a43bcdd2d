import { journalHandlers } from '../../app/journal/journal.js';
import type { IcSession } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { bool, list, num, positional, str } from '../args.js';
import { type CommandContext, defineCommand } from '../command.js';
import { hours, table } from '../format.js';

const VISIBLE_HELP = `--visible        people beyond your team will see this work: a demo, a launch, a review by your
                 manager. Picking work for its visibility can be a sign of insecurity
--no-visible     clears that mark`;

/** `true`, `false`, or unchanged when neither flag is given. */
function visibility(cx: CommandContext): boolean | undefined {
  const on = bool(cx, 'visible');
  const off = bool(cx, 'no-visible');
  if (on && off)
    throw new AppError('usage', 'give either --visible or --no-visible, not both', { field: 'visible' });
  return on ? true : off ? false : undefined;
}

const edit = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'edit',
    summary: 'Change a logged session; new gaps become improvement actions.',
    usage: [
      'sessions edit ID [--title T] [--date DATE] [--minutes M | --start HH:MM --end HH:MM] [--reason ID]...',
      '    [--energy-before N] [--energy-after N] [--gap TEXT]... [--notes TEXT] [--visible | --no-visible] [--json]',
    ],
    help: `Only the flags given change. --reason replaces the reasons; --gap adds gaps (the ones there stay).
${VISIBLE_HELP}`,
  },
  options: {
    title: { type: 'string' },
    minutes: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    date: { type: 'string' },
    reason: { type: 'string', multiple: true, list: true },
    'energy-before': { type: 'string' },
    'energy-after': { type: 'string' },
    gap: { type: 'string', multiple: true },
    notes: { type: 'string' },
    visible: { type: 'boolean' },
    'no-visible': { type: 'boolean' },
  },
  flags: { reasons: 'reason', gaps: 'gap' },
  async run(cx) {
    const id = positional(cx, 'ID (see `handson sessions`)');
    const reasons = list(cx, 'reason');
    const { session, actions } = await cx.call(journalHandlers.edit, {
      id,
      title: str(cx, 'title'),
      date: str(cx, 'date'),
      minutes: num(str(cx, 'minutes')),
      start: str(cx, 'start'),
      end: str(cx, 'end'),
      reasons: reasons.length > 0 ? reasons : undefined,
      energyBefore: num(str(cx, 'energy-before')),
      energyAfter: num(str(cx, 'energy-after')),
      gaps: list(cx, 'gap'),
      notes: str(cx, 'notes'),
      visible: visibility(cx),
    });
    if (cx.json) return cx.outJson({ session, actions });
    cx.out(`Updated ${session.id}: ${describe(session)}.`);
    for (const a of actions) cx.out(`  + improvement action ${a.id}: ${a.text}`);
  },
});

function describe(s: IcSession): string {
  return `${hours(s.minutes)} on "${s.title}" (${s.date})${s.visible ? ', others will see it' : ''}`;
}

export default defineCommand({
  meta: {
    name: 'sessions',
    summary: 'List logged IC sessions, or change one.',
    usage: ['sessions [--from DATE] [--to DATE] [--json]', ...edit.meta.usage],
    help: 'VISIBLE marks work people beyond your team will see (`handson log --visible`).',
  },
  options: { from: { type: 'string' }, to: { type: 'string' } },
  subcommands: { edit: async () => edit },
  async run(cx) {
    const sessions = await cx.call(journalHandlers.list, { from: str(cx, 'from'), to: str(cx, 'to') });
    if (cx.json) return cx.outJson(sessions);
    if (sessions.length === 0) return cx.out('No sessions logged in that range.');
    cx.out(
      table([
        ['ID', 'DATE', 'TIME', 'REASONS', 'ENERGY', 'VISIBLE', 'TITLE'],
        ...sessions.map((s) => [
          s.id,
          s.date,
          hours(s.minutes),
          s.reasons.join(','),
          s.energyBefore !== undefined && s.energyAfter !== undefined
            ? `${s.energyBefore}→${s.energyAfter}`
            : '',
          s.visible ? 'yes' : '',
          s.title,
        ]),
      ]),
    );
  },
});
