import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors.js';

/**
 * The SQLite binding for the Node.js running us (decision 0009). better-sqlite3-multiple-ciphers 12
 * is built on V8's own API: on Node 24 it aborts the process at exit (`Assertion failed: (env) !=
 * nullptr`, a known break upstream closed without a fix). Version 13 is built on Node-API and ships
 * prebuilt binaries, but needs Node 22 or later and crashes on Node 20. So both are installed, 13
 * under the alias `better-sqlite3-multiple-ciphers-13`, and the one this Node can run is loaded. Both
 * read the same files, encrypted ones included (the same SQLite3 Multiple Ciphers default cipher),
 * so a store moves between Node versions untouched.
 */

type Binding = typeof BetterSqlite3;

const require = createRequire(import.meta.url);

/** The package to load on a Node.js of this major version. */
export function bindingFor(nodeMajor: number): string {
  return nodeMajor >= 22 ? 'better-sqlite3-multiple-ciphers-13' : 'better-sqlite3-multiple-ciphers';
}

let loaded: Binding | undefined;

export function sqliteBinding(): Binding {
  if (loaded === undefined) {
    const name = bindingFor(Number(process.versions.node.split('.')[0]));
    try {
      loaded = require(name) as Binding;
    } catch (e) {
      throw new AppError(
        'store-unreachable',
        `The SQLite driver for Node.js ${process.versions.node} (${name}) is not installed or could not load (${e instanceof Error ? e.message : String(e)}); run npm ci with this Node.js.`,
      );
    }
  }
  return loaded;
}
