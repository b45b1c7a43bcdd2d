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
