import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { makePrivateFolder } from '../store/data-folder.js';

/**
 * The per-install secret of the local server: 32 random bytes, base64url, in
 * `<dataDir>/server-secret` readable by its owner only. It is kept (not made anew each start) so
 * the browser's cookie survives a restart; it lives in the data folder also with PostgreSQL,
 * because it guards this machine's server, not the database.
 */
export const SECRET_FILE = 'server-secret';

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored secret, or undefined when there is none worth keeping: missing, damaged, or readable
 * by others (then it may be known, and a new one replaces it).
 */
function readSecret(path: string): string | undefined {
  let fd: number;
  try {
    // O_NOFOLLOW: a link planted in the folder must not make us read (or later trust) another file.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new AppError('invalid', `${path} is a symbolic link; remove it and start the server again.`);
    }
    throw new AppError('store-unreachable', `Could not read the server key ${path}: ${(e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new AppError('invalid', `${path} is not a file; remove it and start the server again.`);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) {
      throw new AppError(
        'invalid',
        `${path} belongs to another user; remove it and start the server again to make your own.`,
      );
    }
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) return undefined;
    const text = readFileSync(fd, 'utf8').trim();
    return SHAPE.test(text) ? text : undefined;
  } finally {
    closeSync(fd);
  }
}

function writeSecret(path: string, secret: string): void {
  // Written beside and renamed over, so a reader never sees half a key and the mode is right
  // from the first byte (a rename also replaces a link rather than writing through it).
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
}

/** The secret of the server for this data folder, made on first use. */
export function serverSecret(dataDir: string): string {
  try {
    makePrivateFolder(dataDir);
  } catch (e) {
    throw new AppError(
      'store-unreachable',
      `Could not create the data folder ${dataDir}: ${(e as Error).message}`,
    );
  }
  const path = join(dataDir, SECRET_FILE);
  const kept = readSecret(path);
  if (kept !== undefined) return kept;
  const secret = newSecret();
  try {
    writeSecret(path, secret);
  } catch (e) {
    throw new AppError(
      'store-unreachable',
      `Could not write the server key ${path}: ${(e as Error).message}`,
    );
  }
  return secret;
}
