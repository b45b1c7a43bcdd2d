import { caldavHandlers } from '../../app/evidence/caldav.js';
import { AppError } from '../../errors.js';
import { str } from '../args.js';
import { type CommandContext, defineCommand, defineGroup } from '../command.js';
import { table } from '../format.js';

/** The CalDAV password: HANDSON_CALDAV_PASSWORD, else typed without echo on a terminal. Never stored. */
export async function caldavPassword(cx: CommandContext, user: string): Promise<string> {
  const fromEnv = cx.io.env['HANDSON_CALDAV_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (!cx.interactive)
    throw new AppError(
      'usage',
      'the CalDAV password is needed: set HANDSON_CALDAV_PASSWORD or run in a terminal',
    );
  return cx.prompt.secret(`CalDAV password for ${user}: `);
}

const add = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'add',
    summary: 'Add the calendars of a CalDAV account (Nextcloud, Fastmail, iCloud, Radicale, …).',
    usage: ['calendars add caldav URL --user U [--name NAME] [--json]'],
    help: `URL is the server, your principal, or one calendar. Every calendar found is added (or the one,
named --name). The password is asked for, or read from HANDSON_CALDAV_PASSWORD, and never stored.
Then run \`handson sync\`.`,
  },
  options: { user: { type: 'string' }, name: { type: 'string' } },
  async run(cx) {
    const [kind, url] = cx.positionals;
    if (kind !== 'caldav') throw new AppError('usage', 'expected `calendars add caldav URL --user U`');
    if (url === undefined) throw new AppError('usage', 'missing URL (the CalDAV server or calendar address)');
    if (cx.positionals.length > 2) throw cx.unexpected(2);
    const user = str(cx, 'user') ?? (cx.interactive ? await cx.prompt.text('CalDAV user name') : undefined);
    if (user === undefined) throw new AppError('usage', 'missing --user (your CalDAV user name)');
    const added = await cx.call(caldavHandlers.add, {
      url,
      user,
      password: await caldavPassword(cx, user),
      name: str(cx, 'name'),
    });
    if (cx.json) return cx.outJson(added);
    for (const c of added) cx.out(`Added calendar "${c.name}" (${c.url}).`);
    cx.out('Next: handson sync');
  },
});

const list = defineCommand({
  meta: {
    name: 'list',
    summary: 'Your calendars and when each was last synced.',
    usage: ['calendars list [--json]'],
  },
  async run(cx) {
    const cals = await cx.call(caldavHandlers.list, {});
    if (cx.json) return cx.outJson(cals);
    if (cals.length === 0)
      return cx.out(
        'No calendars yet: `handson import ics FILE` or `handson calendars add caldav URL --user U`.',
      );
    cx.out(
      table([
        ['NAME', 'KIND', 'LAST SYNC (UTC)', 'SOURCE'],
        ...cals.map((c) => [c.name, c.kind, c.lastSyncAt?.slice(0, 16).replace('T', ' ') ?? '', c.url ?? '']),
      ]),
    );
  },
});

export default defineGroup('calendars', 'Your calendars: add a CalDAV account, list them.', { add, list });
