import { describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { memo } from './memo.js';

// memo only uses the store as a key, so any object stands in for one here.
const aStore = () => ({}) as Store;

describe('memo', () => {
  it('computes once per key, and again when the key moves', async () => {
    const store = aStore();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await memo(store, 'week', 'v1|2026-11-25', compute)).toBe(1);
    expect(await memo(store, 'week', 'v1|2026-11-25', compute)).toBe(1);
    expect(await memo(store, 'week', 'v2|2026-11-25', compute)).toBe(2);
    // Only the latest key is kept.
    expect(await memo(store, 'week', 'v1|2026-11-25', compute)).toBe(3);
  });

  it('shares one computation between callers that arrive while it runs', async () => {
    const store = aStore();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      runs += 1;
      await gate;
      return runs;
    };
    const a = memo(store, 'flags', 'v1', compute);
    const b = memo(store, 'flags', 'v1', compute);
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
  });

  it('keeps names and stores apart', async () => {
    const one = aStore();
    const two = aStore();
    expect(await memo(one, 'a', 'v1', async () => 'one a')).toBe('one a');
    expect(await memo(one, 'b', 'v1', async () => 'one b')).toBe('one b');
    expect(await memo(two, 'a', 'v1', async () => 'two a')).toBe('two a');
    expect(await memo(one, 'a', 'v1', async () => 'again')).toBe('one a');
  });

  it('does not keep a failure: the next call tries again', async () => {
    const store = aStore();
    await expect(memo(store, 'week', 'v1', async () => Promise.reject(new Error('locked')))).rejects.toThrow(
      'locked',
    );
    expect(await memo(store, 'week', 'v1', async () => 'ok')).toBe('ok');
  });
});
