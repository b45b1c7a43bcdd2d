import { journalHandlers } from '../../app/journal/journal.js';
import { bool, list, missing, num, str } from '../args.js';
import { defineCommand } from '../command.js';
import { hours } from '../format.js';
import { pickReasons } from '../reason-picker.js';

export default defineCommand({
  meta: {
    name: 'log',
    summary: 'Log a session of IC work.',
    usage: [
      'log --title T (--minutes M | --start HH:MM --end HH:MM) --reason ID... [--date DATE]',
      '    [--energy-before N --energy-after N] [--gap TEXT]... [--notes TEXT] [--check ID] [--visible] [--json]',
    ],
    help: `--date           the day of the work (default: today in your time zone)
--energy-*       1 (drained) to 5 (energised); how the work left you is the test of "unwind"
--gap            a gap in systems or processes you found; each one becomes an improvement action
--check          the check that led to this work (printed by \`handson check\`)
--visible        people beyond your team will see this work: a demo, a launch, a review by your
                 manager. Picking work for its visibility can be a sign of insecurity`,
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
    check: { type: 'string' },
    visible: { type: 'boolean' },
  },
  flags: { reasons: 'reason', gaps: 'gap', checkId: 'check' },
  async run(cx) {
    const p = cx.prompt;
    let title = str(cx, 'title');
    let minutes = str(cx, 'minutes');
    let reasons = list(cx, 'reason');
    const timed = str(cx, 'start') !== undefined || str(cx, 'end') !== undefined;
    let visible = bool(cx, 'visible');
    if (cx.interactive) {
      // Asked only along the guided questions: a command line with its title given is complete.
      const guided = title === undefined;
      title ??= await p.text('What did you work on?');
      if (minutes === undefined && !timed) minutes = await p.text('How many minutes?');
      if (reasons.length === 0) reasons = await pickReasons(cx, 'Why did you do it yourself?');
      if (guided && !visible) {
        visible = await p.confirm('Will people beyond your team see this work (a demo, a launch, a review)?');
      }
    }
    if (title === undefined) throw missing('title', 'what you worked on');
    if (minutes === undefined && !timed) throw missing('minutes', 'how long, or --start and --end');
    if (reasons.length === 0) throw missing('reason', 'why you did it; see `handson reasons list`');

    const { session, actions } = await cx.call(journalHandlers.log, {
      title,
      minutes: num(minutes),
      start: str(cx, 'start'),
      end: str(cx, 'end'),
      date: str(cx, 'date'),
      reasons,
      energyBefore: num(str(cx, 'energy-before')),
      energyAfter: num(str(cx, 'energy-after')),
      gaps: list(cx, 'gap'),
      notes: str(cx, 'notes'),
      checkId: str(cx, 'check'),
      visible,
    });
    if (cx.json) return cx.outJson({ session, actions });
    cx.out(`Logged ${hours(session.minutes)} on "${session.title}" (${session.date}) as ${session.id}.`);
    for (const a of actions) cx.out(`  + improvement action ${a.id}: ${a.text}`);
  },
});
