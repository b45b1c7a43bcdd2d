import { z } from 'zod';
import { requireProfile } from '../../app/profile/profile.js';
import { type ShareItem, ShareItemSchema, snapshotOf } from '../../app/sharing/snapshot.js';
import { localDate } from '../../domain/fields.js';
import { addDays, startOfDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { missing, positional, str, weekOrDate } from '../args.js';
import { type Command, type CommandContext, defineCommand, defineGroup } from '../command.js';
import { postToServer, requireRemote } from '../remote.js';

/** The server's answer to a push (server/team/sharing.ts `push`), checked: it comes from the network. */
const Pushed = z.object({
  outcome: z.enum(['shared', 'updated', 'unchanged']),
  share: z.looseObject({ version: z.number().int().positive(), title: z.string() }),
});

const Email = z.email().max(320);

function coachEmail(cx: CommandContext): string {
  const email = str(cx, 'with');
  if (email === undefined) throw missing('with', 'the email address of your coach on the server');
  if (!Email.safeParse(email.trim()).success) {
    throw new AppError(
      'usage',
      `--with: "${email}" is not an email address; expected your coach's, e.g. maria@example.org`,
      {
        field: 'with',
      },
    );
  }
  return email.trim();
}

/** One message per bad field of the item, in the command line's own names. */
function checkedItem(item: unknown, names: Record<string, string>): ShareItem {
  const parsed = ShareItemSchema.safeParse(item);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    return `${names[field] ?? field}: ${i.message}`;
  });
  throw new AppError('usage', problems.join('; '));
}

/**
 * The end of the day `--until` names, in the leader's own time zone: the coach can read the item
 * through that whole day.
 */
async function expiry(cx: CommandContext): Promise<string | undefined> {
  const until = str(cx, 'until');
  if (until === undefined) return undefined;
  const date = localDate.safeParse(until);
  if (!date.success) {
    throw new AppError('usage', `--until: ${date.error.issues[0]?.message ?? 'expected a date'}`, {
      field: 'until',
    });
  }
  const profile = await requireProfile(await cx.app());
  const end = startOfDay(addDays(date.data, 1), profile.tz);
  if (Date.parse(end) <= Date.now()) {
    throw new AppError('usage', `--until: ${until} is over; expected today or a later day`, {
      field: 'until',
    });
  }
  return end;
}

const SHARE_HELP = `Builds the item on this computer, from your journal here, and pushes that copy to the server
linked with \`handson remote add\`; nothing else of your journal leaves this computer. Your coach must
have accepted your request on the server's Coaching page. Sharing the same item again pushes it only
if it changed (the coach then sees the new version); --until DATE ends the share after that day.
A check that a review or report mentions shows as "(private item)" unless you share that check too.
--json prints the server's answer.`;

function shareCommand(
  kind: ShareItem['kind'],
  usage: string,
  summary: string,
  itemOf: (cx: CommandContext) => unknown,
  names: Record<string, string>,
  extra: Command['options'] = {},
): Command {
  return defineCommand({
    meta: { name: kind, summary, usage: [usage], help: SHARE_HELP },
    options: { with: { type: 'string' }, until: { type: 'string' }, ...extra },
    takesPositionals: kind !== 'report',
    async run(cx) {
      // Before anything else: without a server there is nowhere to push to.
      const remote = requireRemote(cx.config.dataDir);
      const email = coachEmail(cx);
      const item = checkedItem(itemOf(cx), names);
      const expiresAt = await expiry(cx);
      const snapshot = await snapshotOf(await cx.app(), item, new Set());
      const answer = await postToServer(
        remote.url,
        '/api/push/share',
        { with: email, item: snapshot, ...(expiresAt === undefined ? {} : { expiresAt }) },
        remote.token,
      );
      if (cx.json) return cx.outJson(answer);
      const pushed = Pushed.safeParse(answer);
      if (!pushed.success) {
        throw new AppError(
          'server-unreachable',
          `${remote.url} answered the push in a way this version of Hands-on does not understand.`,
        );
      }
      const { outcome, share } = pushed.data;
      const what = `“${share.title}”`;
      cx.out(
        outcome === 'shared'
          ? `Shared ${what} with ${email} (version ${share.version}).`
          : outcome === 'updated'
            ? `Shared ${what} with ${email}: updated to version ${share.version}.`
            : `Unchanged: ${email} already has ${what} as it is now (version ${share.version}).`,
      );
    },
  });
}

const group = defineGroup('share', 'Share one item with your coach on the organisation’s server.', {
  review: shareCommand(
    'review',
    'share review WEEK --with EMAIL [--until DATE] [--json]',
    'Share a weekly review (WEEK: 2026-W48, or any date in the week).',
    (cx) => ({ kind: 'review', week: weekOrDate(positional(cx, 'WEEK (e.g. 2026-W48)'), 'WEEK') }),
    { week: 'WEEK' },
  ),
  flag: shareCommand(
    'flag',
    'share flag ID --with EMAIL [--until DATE] [--json]',
    'Share one flag with its evidence (ID: the id line under it in `handson flags`).',
    (cx) => ({ kind: 'flag', id: positional(cx, 'ID (see `handson flags`)') }),
    { id: 'ID' },
  ),
  check: shareCommand(
    'check',
    'share check ID --with EMAIL [--until DATE] [--json]',
    'Share one check with its verdict and what followed (ID: see `handson check list`).',
    (cx) => ({ kind: 'check', id: positional(cx, 'ID (see `handson check list`)') }),
    { id: 'ID' },
  ),
  reflection: shareCommand(
    'reflection',
    'share reflection ID --with EMAIL [--until DATE] [--json]',
    'Share one reflection (ID: see `handson reflect list`).',
    (cx) => ({ kind: 'reflection', id: positional(cx, 'ID (see `handson reflect list`)') }),
    { id: 'ID' },
  ),
  report: shareCommand(
    'report',
    'share report --from DATE --to DATE --with EMAIL [--until DATE] [--json]',
    'Share a report over a range of days.',
    (cx) => {
      const from = str(cx, 'from');
      const to = str(cx, 'to');
      if (from === undefined) throw missing('from', 'the first day of the report');
      if (to === undefined) throw missing('to', 'the last day of the report');
      return { kind: 'report', from, to };
    },
    { from: '--from', to: '--to' },
    { from: { type: 'string' }, to: { type: 'string' } },
  ),
});

export default group;
