/**
 * Reads one import file on a worker thread (see off-thread.ts): the file, the importer's name and
 * the context come in `workerData`; the result, or the user-facing error, goes back as one message.
 * Anything else thrown is a bug and ends the worker with its stack, which the caller reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors.js';
import { FILE_IMPORTERS, type FileSource, type ImportContext } from './importer.js';

const { source, file, context } = workerData as {
  source: FileSource;
  file: { name: string; bytes: Uint8Array };
  context: ImportContext;
};
try {
  parentPort?.postMessage({ result: FILE_IMPORTERS[source].read(file, context) });
} catch (e) {
  if (!(e instanceof AppError)) throw e;
  parentPort?.postMessage({ error: { code: e.code, message: e.message, field: e.field } });
}
