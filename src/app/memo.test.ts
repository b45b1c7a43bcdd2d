import { describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { clockTurn, memo } from './memo.js';

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

describe('clockTurn', () => {
  const at = (iso: string, ms = 0) => new Date(Date.parse(iso) + ms);
  const owners = Array.from({ length: 200 }, (_, i) => `account-${i}`);

  it('never keeps a result for a minute or more', () => {
    for (const owner of owners.slice(0, 20)) {
      for (let ms = 0; ms < 120_000; ms += 997) {
        const t = at('2026-12-03T10:00:00Z', ms);
        expect(clockTurn(t, owner)).not.toBe(clockTurn(new Date(t.getTime() + 60_000), owner));
      }
    }
  });

  it('never spans a quarter hour, where local midnight falls in every time zone', () => {
    for (const owner of owners) {
      for (const edge of ['2026-12-03T00:00:00Z', '2026-12-03T18:15:00Z', '2026-12-03T18:45:00Z']) {
        expect(clockTurn(at(edge, -1), owner)).not.toBe(clockTurn(at(edge), owner));
      }
    }
  });

  it("turns at each owner's own second, the same on every instance", () => {
    const turnsAt = (owner: string) => {
      for (let s = 1; s <= 60; s++) {
        if (
          clockTurn(at('2026-12-03T10:01:00Z', (s - 1) * 1000), owner) !==
          clockTurn(at('2026-12-03T10:01:00Z', s * 1000), owner)
        )
          return s;
      }
      return 0;
    };
    const seconds = owners.map(turnsAt);
    // 200 people spread over the minute: no second holds more than a handful of them.
    const most = Math.max(...[...new Set(seconds)].map((s) => seconds.filter((x) => x === s).length));
    expect(new Set(seconds).size).toBeGreaterThan(40);
    expect(most).toBeLessThan(12);
    expect(owners.map(turnsAt)).toEqual(seconds);
    // The same instant as a Date or as text is the same turn.
    expect(clockTurn('2026-12-03T10:00:30.000Z', 'x')).toBe(clockTurn(at('2026-12-03T10:00:30Z'), 'x'));
  });
});
