import { caldavHandlers } from '../../app/evidence/caldav.js';
import { str } from '../args.js';
import { defineCommand } from '../command.js';
import { caldavPassword } from './calendars.js';
import { printImportReports } from './report-import.js';

export default defineCommand({
  meta: {
    name: 'sync',
    summary: 'Fetch what changed in your CalDAV calendars.',
    usage: ['sync [--calendar NAME] [--json]'],
    help: 'Only what changed since the last sync is fetched. The password comes from HANDSON_CALDAV_PASSWORD or is asked for.',
  },
  options: { calendar: { type: 'string' } },
  async run(cx) {
    const calendars = (await cx.call(caldavHandlers.list, {})).filter((c) => c.kind === 'caldav');
    const user = calendars[0]?.user ?? 'your account';
    const reports = await cx.call(caldavHandlers.sync, {
      password: calendars.length ? await caldavPassword(cx, user) : 'unused',
      calendar: str(cx, 'calendar'),
    });
    printImportReports(cx, reports);
  },
});
