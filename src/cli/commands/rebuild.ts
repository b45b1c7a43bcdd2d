import { insightHandlers } from '../../app/insight/insight.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  meta: {
    name: 'rebuild',
    summary: 'Recompute the daily time model from all evidence.',
    usage: ['rebuild [--json]'],
    help: 'The model is kept up to date as data changes; rebuild recomputes it from scratch and gives the same result.',
  },
  async run(cx) {
    const r = await cx.call(insightHandlers.rebuild, {});
    if (cx.json) return cx.outJson(r);
    cx.out(`Recomputed ${r.days} day${r.days === 1 ? '' : 's'}.`);
  },
});
