import { AppError } from '../errors.js';

/**
 * Waiting for SQLite's write lock without stopping the process. One process writes at a time;
 * the others used to wait inside SQLite (busy_timeout, 5 s), which blocks Node's only thread —
 * the server stopped answering anything — and then failed with `SqliteError: database is locked`
 * and a stack. Now SQLite waits only briefly (BUSY_TIMEOUT_MS) and the rest of the wait happens
 * here, between attempts, on timers: the server keeps answering reads, a command says that it is
 * waiting, and after a generous limit the user gets one sentence saying why.
 */
export interface LockWaitOptions {
  /** Give up after this long (default 2 minutes: an import of a large calendar takes seconds). */
  limitMs?: number | undefined;
  /** Told how long it has waited: first after 1 s, then every 5 s. */
  onWait?: ((waitedMs: number) => void) | undefined;
}

/** How long SQLite itself may block the thread before handing the wait back to us. */
export const BUSY_TIMEOUT_MS = 50;
const DEFAULT_LIMIT_MS = 120_000;
const FIRST_NOTICE_MS = 1000;
const NOTICE_EVERY_MS = 5000;

/** Thrown by the driver when BEGIN IMMEDIATE finds the lock taken: the transaction never began. */
export class LockBusy extends Error {
  constructor(cause: unknown) {
    super('database is locked', { cause });
    this.name = 'LockBusy';
  }
}

export function isSqliteBusy(e: unknown): boolean {
  if (e instanceof LockBusy) return true;
  const code = e instanceof Error && 'code' in e ? e.code : undefined;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

export class LockWait {
  readonly #limitMs: number;
  readonly #onWait: ((waitedMs: number) => void) | undefined;

  constructor(options: LockWaitOptions = {}) {
    this.#limitMs = options.limitMs ?? DEFAULT_LIMIT_MS;
    this.#onWait = options.onWait;
  }

  /**
   * Runs `attempt` until it does not fail for the lock, sleeping 20–70 ms between tries. Only for
   * work that can be repeated as a whole: a statement that failed for the lock changed nothing,
   * and a transaction whose BEGIN failed never ran.
   */
  async retry<T>(attempt: () => Promise<T>): Promise<T> {
    let started: number | undefined;
    let nextNotice = FIRST_NOTICE_MS;
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        if (!isSqliteBusy(e)) throw e;
        const now = Date.now();
        started ??= now;
        const waited = now - started;
        if (waited >= this.#limitMs) throw this.#gaveUp(waited, e);
        if (waited >= nextNotice) {
          this.#onWait?.(waited);
          nextNotice = waited + NOTICE_EVERY_MS;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 50));
      }
    }
  }

  #gaveUp(waitedMs: number, cause: unknown): AppError {
    return new AppError(
      'store-busy',
      `The store is still busy after ${Math.round(waitedMs / 1000)} s: another Hands-on command or server (an import, a rebuild) is writing to it. Nothing was changed; try again when it has finished.`,
      { cause },
    );
  }
}
