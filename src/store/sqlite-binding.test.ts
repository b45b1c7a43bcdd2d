import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import { bindingFor } from './sqlite-binding.js';

/**
 * The SQLite binding follows the Node.js line (decision 0009), and a store written under one binding
 * opens under the other: the two fixtures are encrypted stores made by `handson` itself on Node 20
 * (better-sqlite3-multiple-ciphers 12) and on Node 24 (13), each holding one profile. CI runs this
 * file on both lines, so each binding reads the other's file.
 */

const KEY = 'correct horse battery staple';
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the SQLite binding', () => {
  it.each([
    [20, 'better-sqlite3-multiple-ciphers'],
    [22, 'better-sqlite3-multiple-ciphers-13'],
    [24, 'better-sqlite3-multiple-ciphers-13'],
  ])('on Node %i is %s', (major, name) => {
    expect(bindingFor(major)).toBe(name);
  });

  it.each([
    ['encrypted-node20.db', 'Made on Node 20.20.2'],
    ['encrypted-node24.db', 'Made on Node 24.21.0'],
  ])(
    `opens %s, an encrypted store made on another Node line, on Node ${process.versions.node}`,
    async (fixture, made) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'handson-binding-'));
      dirs.push(dataDir);
      copyFileSync(join(import.meta.dirname, 'fixtures', fixture), join(dataDir, 'handson.db'));
      const store = await openStore({ dataDir, key: KEY });
      try {
        expect((await store.getProfile())?.name).toBe(made);
      } finally {
        await store.close();
      }
      await expect(openStore({ dataDir, key: 'wrong' })).rejects.toMatchObject({ code: 'wrong-key' });
    },
  );
});
