import { type FlagView, insightHandlers } from '../../app/insight/insight.js';
import { FLAG_HELP } from '../../domain/insight/flags.js';
import { AppError, isAppError } from '../../errors.js';
import { str } from '../args.js';
import { type CommandContext, defineCommand, defineGroup } from '../command.js';
import { paint } from '../format.js';

export function printFlag(cx: CommandContext, f: FlagView, index?: number): void {
  const color = cx.interactive && !cx.io.env['NO_COLOR'];
  const mark =
    f.severity === 'alert'
      ? paint(color, 'red', '!!')
      : f.severity === 'warning'
        ? paint(color, 'yellow', ' !')
        : ' ·';
  const n = index === undefined ? '' : `${index}. `;
  cx.out(`${mark} ${n}${paint(color, 'bold', f.id)}${f.reason ? ` (${f.reason})` : ''}: ${f.text}`);
  for (const e of f.evidence) cx.out(`     - ${e.label}`);
  if (f.acknowledged)
    cx.out(
      `     acknowledged ${f.acknowledged.at.slice(0, 10)}${f.acknowledged.note ? `: ${f.acknowledged.note}` : ''}`,
    );
  cx.out(paint(color, 'gray', `     id: ${f.fingerprint}`));
}

/** `3 flags to look at, 1 acknowledged`: acknowledged and dismissed flags are not left to look at. */
export function flagCount(view: { flags: readonly FlagView[]; toLookAt: number }): string {
  const acknowledged = view.flags.length - view.toLookAt;
  const open = `${view.toLookAt} flag${view.toLookAt === 1 ? '' : 's'} to look at`;
  return acknowledged > 0 ? `${open}, ${acknowledged} acknowledged` : open;
}

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'Flags about your IC work, each with its evidence.',
    usage: ['flags [list] [--date DATE] [--json]'],
    help: Object.entries(FLAG_HELP)
      .map(([id, text]) => `${id}: ${text}`)
      .join('\n'),
  },
  options: { date: { type: 'string' } },
  async run(cx) {
    const view = await cx.call(insightHandlers.flags, { date: str(cx, 'date') });
    if (cx.json) return cx.outJson(view);
    if (view.flags.length === 0)
      cx.out('No flags. Your IC work and your leadership commitments look in balance.');
    else cx.out(`${flagCount(view)}:`);
    view.flags.forEach((f) => {
      printFlag(cx, f);
    });
    if (view.dismissed)
      cx.out(
        `(${view.dismissed} dismissed flag${view.dismissed === 1 ? '' : 's'} hidden until new evidence)`,
      );
  },
});

/** The ids `flags ack` and `flags dismiss` take today, for a message about a missing or wrong one. */
async function currentIds(cx: CommandContext): Promise<string> {
  const { flags } = await cx.call(insightHandlers.flags, {});
  if (flags.length === 0)
    return 'there are no flags to review now (`handson flags` lists them when there are)';
  const ids = flags.map((f) => `"${f.fingerprint}"`).join(', ');
  return `give the id of a current flag (the "id:" line under each in \`handson flags\`): ${ids}`;
}

function reviewCommand(name: 'ack' | 'dismiss', status: 'acknowledged' | 'dismissed', summary: string) {
  return defineCommand({
    takesPositionals: true,
    meta: { name, summary, usage: [`flags ${name} ID [--note TEXT] [--json]`] },
    options: { note: { type: 'string' } },
    async run(cx) {
      const fingerprint = cx.positionals[0];
      if (fingerprint === undefined) throw new AppError('usage', `missing ID: ${await currentIds(cx)}`);
      if (cx.positionals.length > 1) throw cx.unexpected(1);
      const r = await cx
        .call(insightHandlers.reviewFlag, { fingerprint, status, note: str(cx, 'note') })
        .catch(async (e: unknown) => {
          if (!isAppError(e) || e.code !== 'not-found') throw e;
          throw new AppError(
            'not-found',
            `no current flag has the id "${fingerprint}": ${await currentIds(cx)}`,
          );
        });
      if (cx.json) return cx.outJson(r);
      cx.out(
        status === 'dismissed' ? 'Dismissed: it stays quiet until its evidence changes.' : 'Acknowledged.',
      );
    },
  });
}

const group = defineGroup('flags', 'Flags about your IC work: list, ack, dismiss.', {
  list,
  ack: reviewCommand('ack', 'acknowledged', 'Acknowledge a flag (it stays listed, marked).'),
  dismiss: reviewCommand('dismiss', 'dismissed', 'Dismiss a flag until its evidence changes.'),
});
// `handson flags` alone lists them.
export default {
  ...group,
  run: list.run,
  options: list.options,
  meta: { ...group.meta, usage: [...list.meta.usage, ...group.meta.usage.slice(1)] },
};
