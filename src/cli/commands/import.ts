import { readFileSync, statSync } from 'node:fs';
import { backupHandlers } from '../../app/backup/backup.js';
import { AppError } from '../../errors.js';
import { positional } from '../args.js';
import { defineCommand } from '../command.js';

const MAX_BYTES = 200 * 1024 * 1024;

export function readJsonFile(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError('not-found', `${file}: no such file`);
  }
  if (size > MAX_BYTES)
    throw new AppError(
      'import-invalid',
      `${file}: ${Math.round(size / 1048576)} MB is over the 200 MB limit`,
    );
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(
      'import-invalid',
      `${file}: not UTF-8 text; expected a JSON file written by \`handson export\``,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('import-invalid', `${file}: not valid JSON (${(e as Error).message})`);
  }
}

export default defineCommand({
  meta: {
    name: 'import',
    summary: 'Read a Hands-on export back in.',
    usage: ['import FILE [--json]'],
    help: 'Records are matched by id: importing the same file twice changes nothing, and a file that fails\nvalidation imports nothing.',
  },
  async run(cx) {
    const file = positional(cx, 'FILE (a JSON document written by `handson export`)');
    const document = readJsonFile(file);
    let summary: Awaited<ReturnType<typeof backupHandlers.import.run>>;
    try {
      summary = await cx.call(backupHandlers.import, { document });
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid') {
        throw new AppError('import-invalid', `${file}: ${e.message.replace(/^--document:\s*/, '')}`, {
          cause: e,
        });
      }
      throw e;
    }
    if (cx.json) return cx.outJson(summary);
    cx.out(
      `Imported ${file}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged.`,
    );
  },
});
