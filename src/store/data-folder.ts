import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` with mode 0700 for the data folder, one level at a time. Node's own recursive
 * mkdirSync never returns for a path under /proc (`/proc/self/x`: each level reports "exists"
 * and "no such file" in turn and it retries forever), so a mistyped `--data` hung the CLI.
 * Walking the levels ourselves turns every such path into one error naming it.
 */
export function makePrivateFolder(dir: string): void {
  const path = resolve(dir);
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const info = statSync(at, { throwIfNoEntry: false });
    if (info) {
      if (!info.isDirectory()) throw new Error(`${at} exists and is not a folder`);
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (e) {
      // Made by another process in between: fine if it is a folder now.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(level).isDirectory()) throw e;
    }
  }
}
