import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { AppError } from '../errors.js';

const MB = 1024 * 1024;
const CHUNK = 1024 * 1024;

/** What a file system entry is, in the words the refusal uses. */
function kindOf(info: Stats): string | undefined {
  if (info.isFile() || info.isFIFO()) return undefined;
  if (info.isDirectory()) return 'a folder';
  if (info.isCharacterDevice()) return 'a device (like /dev/zero or a terminal)';
  if (info.isBlockDevice()) return 'a disk device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function sizeText(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.round((bytes / 1024) * 10) / 10} KB`;
}

/**
 * Reads a file the user named, whole, never more than `maxBytes`: a regular file or a pipe
 * (`<(…)`, `/dev/stdin` fed by a pipe) and nothing else. A device such as /dev/zero or
 * /dev/urandom never ends, so it is refused before reading; a pipe has no size to check first, so
 * the limit is applied while reading and a 1 GB stream is refused after `maxBytes + 1` bytes
 * instead of being held whole in memory first. `what` says what was expected ("an .ics calendar
 * file") in each refusal.
 */
export function readBoundedFile(path: string, maxBytes: number, what: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw openError(path, e as NodeJS.ErrnoException, what);
  }
  try {
    const info = fstatSync(fd);
    const kind = kindOf(info);
    if (kind) throw new AppError('import-invalid', `${path} is ${kind}; expected ${what}.`);
    if (info.isFile() && info.size > maxBytes) {
      throw new AppError(
        'import-invalid',
        `${path} is ${sizeText(info.size)}, over the ${sizeText(maxBytes)} limit for ${what}; export a shorter period.`,
      );
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the limit is enough to know the input is too large.
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      const n = readChunk(fd, buf, path);
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new AppError(
          'import-invalid',
          `${path} is more than the ${sizeText(maxBytes)} limit for ${what}; export a shorter period.`,
        );
      }
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function readChunk(fd: number, buf: Buffer, path: string): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A pipe whose writer has not written yet, opened non-blocking by the shell: wait briefly.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EISDIR') throw new AppError('import-invalid', `${path} is a folder.`);
      throw new AppError('import-invalid', `${path} cannot be read (${code ?? 'error'}).`);
    }
  }
}

function openError(path: string, e: NodeJS.ErrnoException, what: string): AppError {
  switch (e.code) {
    case 'ENOENT':
      return new AppError('not-found', `${path}: no such file; expected ${what}.`);
    case 'EACCES':
    case 'EPERM':
      return new AppError('import-invalid', `${path} cannot be read: permission denied.`);
    case 'ENXIO':
      return new AppError('import-invalid', `${path} is a socket; expected ${what}.`);
    default:
      return new AppError(
        'import-invalid',
        `${path} cannot be opened (${e.code ?? 'error'}); expected ${what}.`,
      );
  }
}
