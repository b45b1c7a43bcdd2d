import { timerHandlers } from '../../app/timer/timer.js';
import { list, missing, num, str } from '../args.js';
import { defineCommand } from '../command.js';
import { pickReasons } from '../reason-picker.js';

export default defineCommand({
  meta: {
    name: 'start',
    summary: 'Start a timer on a piece of IC work; `handson stop` logs it.',
    usage: ['start --title T --reason ID... [--energy-before N] [--check ID] [--json]'],
    help: `--energy-before  1 (drained) to 5 (energised): how you feel as you start; \`stop --energy-after\`
                 notes how the work left you
--check          the check that led to this work (printed by \`handson check\`)
One timer runs at a time; \`handson status\` shows it, \`handson stop\` logs it as a session.`,
  },
  options: {
    title: { type: 'string' },
    reason: { type: 'string', multiple: true, list: true },
    check: { type: 'string' },
    'energy-before': { type: 'string' },
  },
  flags: { reasons: 'reason', checkId: 'check' },
  async run(cx) {
    let title = str(cx, 'title');
    let reasons = list(cx, 'reason');
    if (cx.interactive) {
      title ??= await cx.prompt.text('What are you working on?');
      if (reasons.length === 0) reasons = await pickReasons(cx, 'Why are you doing it yourself?');
    }
    if (title === undefined) throw missing('title', 'what you are working on');
    if (reasons.length === 0) throw missing('reason', 'why you are doing it; see `handson reasons list`');

    const timer = await cx.call(timerHandlers.start, {
      title,
      reasons,
      checkId: str(cx, 'check'),
      energyBefore: num(str(cx, 'energy-before')),
    });
    if (cx.json) return cx.outJson(timer);
    cx.out(`Started a timer on "${timer.title}" at ${timer.startTime}. \`handson stop\` logs it.`);
  },
});
