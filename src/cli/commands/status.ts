import { timerHandlers } from '../../app/timer/timer.js';
import { runningLine } from '../../domain/present/timer.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  meta: {
    name: 'status',
    summary: 'Show the running timer, if any.',
    usage: ['status [--json]'],
  },
  async run(cx) {
    const timer = await cx.call(timerHandlers.status, {});
    if (cx.json) return cx.outJson(timer);
    cx.out(timer === null ? 'No timer is running.' : runningLine(timer));
  },
});
