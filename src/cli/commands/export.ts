import { backupHandlers } from '../../app/backup/backup.js';
import { defineCommand } from '../command.js';
import { writeWhole } from '../write-whole.js';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export default defineCommand({
  takesPositionals: true,
  meta: {
    name: 'export',
    summary: 'Write everything you have entered and imported to one versioned JSON document.',
    usage: ['export [FILE]'],
    help: 'Without FILE the document goes to stdout. The file is written whole or not at all, readable only by you.',
  },
  async run(cx) {
    if (cx.positionals.length > 1) throw cx.unexpected(1);
    const file = cx.positionals[0];
    const doc = await cx.call(backupHandlers.export, {});
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (file === undefined || file === '-') {
      cx.io.stdout.write(text);
      return;
    }
    writeWhole(file, text);
    const n =
      doc.sessions.length +
      doc.commitments.length +
      doc.checks.length +
      doc.actions.length +
      doc.reflections.length;
    const events = doc.calendars.reduce((sum, c) => sum + c.occurrences.length, 0);
    const evidence = {
      calendars: doc.calendars.length,
      events,
      commits: doc.commits.length,
      issues: doc.trackerItems.length,
    };
    if (cx.json) return cx.outJson({ file, records: n, ...evidence });
    const parts = [
      `${n} journal record${n === 1 ? '' : 's'}`,
      ...(evidence.calendars > 0
        ? [`${plural(evidence.calendars, 'calendar')} with ${plural(events, 'event')}`]
        : []),
      ...(evidence.commits > 0 ? [plural(evidence.commits, 'commit')] : []),
      ...(evidence.issues > 0 ? [plural(evidence.issues, 'issue')] : []),
    ];
    const last = parts.pop()!;
    cx.out(`Exported ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last} to ${file}.`);
  },
});
