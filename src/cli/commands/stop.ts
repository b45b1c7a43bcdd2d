import { timerHandlers } from '../../app/timer/timer.js';
import { elapsedText } from '../../domain/present/timer.js';
import { bool, list, num, str } from '../args.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  meta: {
    name: 'stop',
    summary: 'Stop the running timer and log the session.',
    usage: [
      'stop [--energy-after N] [--gap TEXT]... [--notes TEXT] [--until HH:MM|now] [--json]',
      'stop --discard [--json]',
    ],
    help: `--energy-after   1 (drained) to 5 (energised): how the work left you
--gap            a gap in systems or processes you found; each one becomes an improvement action
--until          when you stopped, HH:MM on the day the timer started, or now. Needed when the
                 timer ran past midnight or past the end of your working hours: time you did not
                 work is not counted unless you say so
--discard        forget the running timer without logging anything (one started by mistake)`,
  },
  options: {
    'energy-after': { type: 'string' },
    gap: { type: 'string', multiple: true },
    notes: { type: 'string' },
    until: { type: 'string' },
    discard: { type: 'boolean' },
  },
  flags: { gaps: 'gap' },
  async run(cx) {
    if (bool(cx, 'discard')) {
      const gone = await cx.call(timerHandlers.discard, {});
      if (cx.json) return cx.outJson({ discarded: gone });
      return cx.out(`Discarded the timer on "${gone.title}"; nothing was logged.`);
    }
    let until = str(cx, 'until');
    if (until === undefined && cx.interactive) {
      // Asked only when it matters; without a terminal `stop` refuses with the same facts in one line.
      const timer = await cx.call(timerHandlers.status, {});
      const overrun = timer?.overrun;
      if (timer && overrun) {
        const past =
          overrun.past === 'midnight' ? 'midnight' : `the end of your working hours (${overrun.workEnd})`;
        cx.out(
          `The timer on "${timer.title}" started at ${overrun.startTime} on ${overrun.date} and ran past ${past}.`,
        );
        until = await cx.prompt.text('When did you stop (HH:MM that day, or now)?', {
          ...(overrun.workEnd === undefined ? {} : { default: overrun.workEnd }),
        });
      }
    }
    const { session, actions } = await cx.call(timerHandlers.stop, {
      energyAfter: num(str(cx, 'energy-after')),
      gaps: list(cx, 'gap'),
      notes: str(cx, 'notes'),
      until,
    });
    if (cx.json) return cx.outJson({ session, actions });
    cx.out(
      `Logged ${elapsedText(session.minutes)} on "${session.title}" (${session.date}) as ${session.id}.`,
    );
    for (const a of actions) cx.out(`  + improvement action ${a.id}: ${a.text}`);
  },
});
