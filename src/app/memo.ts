import type { Store } from '../store/store.js';

/**
 * Results derived from the data, kept per store under the data version they were computed from
 * (Store.dataVersion; decision 0006). The server answers the same reads over and over between
 * writes — every dashboard load asks for the week and the flags — and a write by anyone, in this
 * process or another, moves the version, so the next read recomputes. Only the latest result per
 * name is kept: callers ask about "now", not about many keys.
 *
 * Read the version before reading the data: a write landing in between then moves the version
 * again, and the result (which may have missed it) is never served for the newer data.
 */
const memos = new WeakMap<Store, Map<unknown, { key: string; value: Promise<unknown> }>>();

/** `name`: what is kept — a string, or the handler whose answers are kept (handler.ts `kept`). */
export function memo<T>(store: Store, name: unknown, key: string, compute: () => Promise<T>): Promise<T> {
  let byName = memos.get(store);
  if (byName === undefined) {
    byName = new Map();
    memos.set(store, byName);
  }
  const hit = byName.get(name);
  if (hit?.key === key) return hit.value as Promise<T>;
  const value = compute();
  byName.set(name, { key, value });
  // A failure is not kept: the next request tries again.
  value.catch(() => {
    if (byName.get(name)?.value === value) byName.delete(name);
  });
  return value;
}

const MINUTE_MS = 60_000;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * Which turn of the clock a result computed at `at` belongs to, as part of a memo key: a result
 * that moves with the clock (today's planned time becoming done) is kept for at most a minute, so
 * what a page shows is never more than a minute behind, and always less done than the truth, never
 * more (it was computed with the instant it was computed at).
 *
 * Each owner's minute starts at a second of its own (from their id), so that the dashboards of an
 * organisation's people are not all recomputed in the same second, every minute, by every
 * instance — measured, that second held every request back by up to two seconds. A turn never
 * spans a quarter hour: local midnight falls on one in every time zone in use (their offsets are
 * whole quarter hours), so a kept "today" never outlives its day.
 */
export function clockTurn(at: Date | string, ownerId: string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `${Math.floor((t - offsetOf(ownerId)) / MINUTE_MS)}.${Math.floor(t / QUARTER_HOUR_MS)}`;
}

/** 0 to 59,999 ms, the same for an owner on every instance (FNV-1a of the id). */
function offsetOf(ownerId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ownerId.length; i++) {
    h ^= ownerId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % MINUTE_MS;
}
