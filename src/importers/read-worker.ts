/**
 * Reads import files on a worker thread (see off-thread.ts): the files, the importer's name and
 * the context come in `workerData`. Each file's records go back in parts of RECORDS_PER_MESSAGE,
 * then its answer (what else it read, or the user-facing error), then `done`. Anything else thrown
 * is a bug and ends the worker with its stack, which the caller reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { FILE_IMPORTERS, type FileSource, type ImportContext } from './importer.js';

/**
 * Records per message. A message is copied into the main thread in one go, blocking it: 200,000
 * events at once took about 0.3 s there; parts of 5,000 take a few milliseconds each, and the
 * server answers other requests between them.
 */
const RECORDS_PER_MESSAGE = 5_000;

const { source, files, context } = workerData as {
  source: FileSource;
  files: { name: string; bytes: Uint8Array }[];
  context: ImportContext;
};
for (const [file, f] of files.entries()) {
  try {
    const { records, ...rest } = FILE_IMPORTERS[source].read(f, context);
    for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) {
      parentPort?.postMessage({ file, records: records.slice(i, i + RECORDS_PER_MESSAGE) });
    }
    parentPort?.postMessage({ file, result: rest });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    parentPort?.postMessage({ file, error: { code: e.code, message: e.message, field: e.field } });
  }
}
parentPort?.postMessage({ done: true });
