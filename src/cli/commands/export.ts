import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { backupHandlers } from '../../app/backup/backup.js';
import { AppError } from '../../errors.js';
import { defineCommand } from '../command.js';

export default defineCommand({
  meta: {
    name: 'export',
    summary: 'Write everything you have entered to one versioned JSON document.',
    usage: ['export [FILE]'],
    help: 'Without FILE the document goes to stdout. The file is written whole or not at all, readable only by you.',
  },
  async run(cx) {
    if (cx.positionals.length > 1) throw new AppError('usage', `unexpected argument "${cx.positionals[1]}"`);
    const file = cx.positionals[0];
    const doc = await cx.call(backupHandlers.export, {});
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (file === undefined || file === '-') {
      cx.io.stdout.write(text);
      return;
    }
    // Write beside the target and rename, so an interrupted export never leaves half a backup.
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, text, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, file);
    } catch (e) {
      throw new AppError('invalid', `Could not write ${file}: ${(e as Error).message}`, { cause: e });
    }
    const n =
      doc.sessions.length +
      doc.commitments.length +
      doc.checks.length +
      doc.actions.length +
      doc.reflections.length;
    if (cx.json) cx.outJson({ file, records: n });
    else cx.out(`Exported ${n} records to ${file}.`);
  },
});
