import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

// Kept apart from sqlite.ts so the CLI can look at the file without loading the native driver.

export const SQLITE_FILE = 'handson.db';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function sqliteFile(dataDir: string): string {
  return join(dataDir, SQLITE_FILE);
}

/**
 * Whether the file at `path` holds an encrypted store. A plain SQLite file always starts with
 * the 16-byte magic header; an encrypted one starts with random-looking bytes. A missing or
 * empty file is not encrypted (it is a store yet to be created).
 */
export function isEncryptedFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return false;
    return read < head.length || !head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}
