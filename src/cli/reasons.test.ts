import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reason } from '../domain/types.js';
import { openStore } from '../store/open.js';
import { cli, initDana, tempDataDir } from './test-support/run.js';

async function dana() {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: '2026-11-25T10:00:00Z' };
  const run = (args: string[]) => cli(args, { env });
  expect((await run(initDana())).code).toBe(0);
  return { data, run };
}

const own = (id: string): Reason => ({
  id,
  kind: 'watch-out',
  title: `Reason ${id}`,
  summary: 'Brought in by a backup from before backups were checked.',
  questions: [],
  signals: [],
  builtin: false,
});

const LOG = ['log', '--title', 'Spike', '--minutes', '30', '--reason', 'unwind'];
const READS = [
  LOG,
  ['check', '--title', 'Fix the build', '--hours', '2', '--reason', 'ground-truth'],
  ['review'],
  ['flags'],
  ['report', '--from', '2026-11-01', '--to', '2026-11-30'],
  ['reasons', 'list', '--json'],
];

describe('reasons the CLI would refuse, already in the store', () => {
  it('are each left out with one warning naming them; `reasons remove` takes them away', async () => {
    const { data, run } = await dana();
    const store = await openStore({ dataDir: data });
    for (const id of ['__proto__', 'escape', 'has space']) await store.upsertReason(own(id));
    await store.close();

    for (const command of READS) {
      const r = await run(command);
      expect([command, r.code]).toEqual([command, 0]);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
        'handson: warning: Your reason "__proto__" is left out of the catalogue (id: expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice); remove it with `handson reasons remove \'__proto__\'`.',
        'handson: warning: Your reason "escape" is left out of the catalogue (id: expected an id that no built-in reason has); remove it with `handson reasons remove escape`.',
        'handson: warning: Your reason "has space" is left out of the catalogue (id: expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice); remove it with `handson reasons remove \'has space\'`.',
      ]);
    }
    const list = JSON.parse((await run(['reasons', 'list', '--json'])).stdout) as Reason[];
    expect(list.filter((r) => r.id === 'escape')).toEqual([expect.objectContaining({ builtin: true })]);

    expect((await run(['reasons', 'remove', 'escape'])).stdout).toBe(
      'Removed your reason escape, which clashed with the built-in one; the built-in reason stays.\n',
    );
    expect((await run(['reasons', 'remove', '__proto__'])).code).toBe(0);
    expect((await run(['reasons', 'remove', 'has space'])).code).toBe(0);
    for (const command of READS) {
      const r = await run(command);
      expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
    }
  });
});

describe('a backup holding a reason the CLI would refuse', () => {
  const NOT_AN_ID = 'expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice';
  it.each([
    ['__proto__', NOT_AN_ID],
    ['escape', 'expected an id that no built-in reason has'],
    ['has space', NOT_AN_ID],
  ])('is refused whole when a reason is %j, and every command keeps working', async (id, expected) => {
    const { data, run } = await dana();
    const file = join(data, 'backup.json');
    expect((await run(['export', file])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...doc, reasons: [own(id)] }));

    const r = await run(['import', file]);
    expect([r.code, r.stderr]).toEqual([
      1,
      `handson: ${file}: reasons.0.id: ${expected}, not ${JSON.stringify(id)}.\n`,
    ]);
    for (const command of READS) {
      const after = await run(command);
      expect([command, after.code, after.stderr]).toEqual([command, 0, '']);
    }
  });
});

describe('handson reasons remove', () => {
  it('removes your own reason; sessions logged with it keep it, and it can no longer be chosen', async () => {
    const { data, run } = await dana();
    const add = ['reasons', 'add', '--id', 'hero-mode', '--kind', 'watch-out', '--title', 'Being the hero'];
    expect((await run(add)).code).toBe(0);
    expect(
      (await run(['log', '--title', 'Save the release', '--minutes', '90', '--reason', 'hero-mode'])).code,
    ).toBe(0);

    const removed = await run(['reasons', 'remove', 'hero-mode']);
    expect([removed.code, removed.stdout]).toEqual([
      0,
      'Removed your reason hero-mode.\n1 session logged with it keeps hero-mode among its reasons.\n',
    ]);
    const [session] = JSON.parse((await run(['sessions', '--json'])).stdout) as { reasons: string[] }[];
    expect(session?.reasons).toEqual(['hero-mode']);
    for (const command of [
      ['sessions'],
      ['week'],
      ['report', '--from', '2026-11-01', '--to', '2026-11-30'],
    ]) {
      const r = await run(command);
      expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
      expect(r.stdout).toContain('hero-mode');
    }
    const again = await run(['log', '--title', 'Again', '--minutes', '30', '--reason', 'hero-mode']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('unknown reason "hero-mode"')]);

    // The backup holds the session without its reason, and comes back whole.
    const file = join(data, 'backup.json');
    expect((await run(['export', file])).code).toBe(0);
    const other = await dana();
    expect((await other.run(['import', file])).code).toBe(0);
    expect(JSON.parse((await other.run(['sessions', '--json'])).stdout)).toEqual([
      expect.objectContaining({ reasons: ['hero-mode'] }),
    ]);
  });

  it('refuses a built-in reason and one you do not have', async () => {
    const { run } = await dana();
    const builtin = await run(['reasons', 'remove', 'escape']);
    expect([builtin.code, builtin.stderr]).toEqual([
      1,
      'handson: "escape" is a built-in reason; only your own reasons can be removed.\n',
    ]);
    const unknown = await run(['reasons', 'remove', 'vanity']);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'handson: You have no reason "vanity"; see `handson reasons list`.\n',
    ]);
  });
});
