/**
 * Reads import files on a worker thread (see off-thread.ts): the files, the importer's name and
 * the context come in `workerData`; one answer per file (its result, or the user-facing error)
 * goes back as one message. Anything else thrown is a bug and ends the worker with its stack,
 * which the caller reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { FILE_IMPORTERS, type FileSource, type ImportContext } from './importer.js';

const { source, files, context } = workerData as {
  source: FileSource;
  files: { name: string; bytes: Uint8Array }[];
  context: ImportContext;
};
const answers = files.map((file) => {
  try {
    return { result: FILE_IMPORTERS[source].read(file, context) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { error: { code: e.code, message: e.message, field: e.field } };
  }
});
parentPort?.postMessage({ answers });
