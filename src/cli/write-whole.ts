import { chmodSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../errors.js';

/**
 * The temporary file of a write to `target` by process `pid`: hidden, beside the target (a rename
 * is atomic only within one file system), and named so a later write can tell whose it was.
 */
function tempName(target: string, pid: number): string {
  return join(dirname(target), `.${basename(target)}.${pid}.handson-tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of earlier writes to `target` whose process is gone (killed with -9, a crash). */
function removeStaleTemps(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.handson-tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) {
      rmSync(join(dirname(target), name), { force: true });
    }
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Writes `text` to `target` (named by the command-line option `flag`, if any) whole or not at all, readable only by its owner (0600). A backup of an
 * encrypted store is the store's plaintext, so no copy of it may be left where the user does not
 * know of it:
 * - it is written beside the target and renamed over it, so an interrupted write never leaves half
 *   a backup under the target's name;
 * - on any failure the temporary file is removed;
 * - Ctrl+C, SIGTERM and SIGHUP wait for the write and rename to finish (they are synchronous), then
 *   end the process with 128 + the signal's number (by default they end it at once, mid-write);
 * - SIGKILL cannot be caught: a temporary file it leaves is removed by the next write to the same
 *   target, once its process is gone.
 */
export function writeWhole(target: string, text: string | Uint8Array, flag?: string): void {
  removeStaleTemps(target);
  const tmp = tempName(target, process.pid);
  let writing = true;
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (writing) caught ??= signal;
    else endAsSignalled(signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    // The mode given to writeFileSync is filtered by the umask; a backup is private whatever it is.
    chmodSync(tmp, 0o600);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const why = (e as Error).message;
    throw flag
      ? new AppError('invalid', `${flag}: could not write ${target}: ${why}`, { cause: e, field: flag })
      : new AppError('invalid', `Could not write ${target}: ${why}`, { cause: e });
  } finally {
    writing = false;
    if (caught) endAsSignalled(caught);
    // A signal that came during the write is emitted only after the event loop's next immediates
    // (measured: a 400 MB write, SIGTERM at its start), so the handler stays a little longer to
    // end the process then; unref'd, it never keeps the process alive.
    setTimeout(() => {
      for (const s of SIGNALS) process.off(s, onSignal);
    }, 200).unref();
  }
}

/** Ends the process the way a shell reports a program ended by `signal` (128 + its number). */
function endAsSignalled(signal: NodeJS.Signals): never {
  process.exit(128 + (constants.signals[signal] ?? 0));
}
