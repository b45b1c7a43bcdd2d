import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.js';
import { FILE_IMPORTERS, type FileSource, type ImportContext, type ImportedFile } from './importer.js';

/**
 * The built worker sits beside the bundle's chunks (scripts/bundle.mjs builds it as an entry of
 * its own). Running from source — the tests, a TypeScript runner — there is none, and files are
 * read on this thread as before.
 */
const BUILT_WORKER = new URL('./read-worker.js', import.meta.url);

/** Old-generation heap one file's reading may use: far above a real export, far below the machine. */
export const READ_MEMORY_MB = 4096;

export interface OffThreadOptions {
  /** The worker script; `false` reads on this thread. Default: the built worker when there is one. */
  worker?: URL | false;
  memoryMb?: number;
}

/**
 * Reads one file with the importer for `source` on a worker thread, so a large or hostile file
 * keeps only the worker busy: `handson serve` goes on answering other requests, and the CLI's
 * progress keeps moving. A file whose reading needs more than `memoryMb` ends only the worker,
 * and is refused with a sentence, instead of taking the whole process down.
 */
export async function readOffThread<R>(
  source: FileSource,
  file: { name: string; bytes: Uint8Array },
  context: ImportContext,
  options: OffThreadOptions = {},
): Promise<ImportedFile<R>> {
  const [answer] = await readAllOffThread<R>(source, [file], context, options);
  if (answer instanceof AppError) throw answer;
  return answer!;
}

/**
 * Reads several small files on one worker (a thread costs tens of milliseconds to start: one per
 * CalDAV object would cost more than the reading). Each file gets its answer: what it holds, or
 * the error that refused it. The memory limit applies to all of them together.
 */
export function readAllOffThread<R>(
  source: FileSource,
  files: readonly { name: string; bytes: Uint8Array }[],
  context: ImportContext,
  options: OffThreadOptions = {},
): Promise<(ImportedFile<R> | AppError)[]> {
  const worker = options.worker ?? (existsSync(fileURLToPath(BUILT_WORKER)) ? BUILT_WORKER : false);
  if (worker === false) {
    return Promise.resolve().then(() =>
      files.map((file) => {
        try {
          return FILE_IMPORTERS[source].read(file, context) as ImportedFile<R>;
        } catch (e) {
          if (e instanceof AppError) return e;
          throw e;
        }
      }),
    );
  }
  const memoryMb = options.memoryMb ?? READ_MEMORY_MB;
  const what = files.length === 1 ? files[0]!.name : `${files[0]?.name} and ${files.length - 1} more`;
  type Message =
    | { file: number; records: R[] }
    | { file: number; result: Omit<ImportedFile<R>, 'records'> }
    | { file: number; error: { code: ErrorCode; message: string; field?: string } }
    | { done: true };
  return new Promise((resolve, reject) => {
    let answered = false;
    const records: R[][] = files.map(() => []);
    const answers: (ImportedFile<R> | AppError)[] = [];
    const thread = new Worker(worker, {
      workerData: { source, files, context },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    // Records come in parts (read-worker.ts), each a task of its own on this thread.
    thread.on('message', (m: Message) => {
      if ('done' in m) {
        answered = true;
        resolve(answers);
      } else if ('records' in m) {
        for (const r of m.records) records[m.file]!.push(r);
      } else if ('result' in m) {
        answers[m.file] = { ...m.result, records: records[m.file]! };
      } else {
        const { code, message, field } = m.error;
        answers[m.file] = new AppError(code, message, field === undefined ? {} : { field });
      }
    });
    thread.once('error', (e: Error & { code?: string }) => {
      answered = true;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(
          new AppError(
            'import-invalid',
            `${what}: reading it needs more than ${memoryMb} MB of memory, the most one file may use; export a shorter period or split the file.`,
          ),
        );
      } else reject(e);
    });
    thread.once('exit', (code) => {
      if (!answered)
        reject(new Error(`The worker reading ${what} stopped (exit code ${code}) without an answer.`));
    });
  });
}
