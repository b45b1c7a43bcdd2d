import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { cli, initDana, tempDataDir } from './test-support/run.js';

/** Dana in Berlin, whose zone had a local mean time offset (+00:53:28) before 1893. */
async function berlin() {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: '2026-11-25T10:00:00Z' };
  const run = (args: string[]) => cli(args, { env });
  expect((await run(initDana([], 'Europe/Berlin'))).code).toBe(0);
  return { data, run };
}

describe('dates outside 1970-01-01 to 2100-12-31', () => {
  it('a session stored in year 0 before dates were checked can be moved, and the journal works again', async () => {
    const { data, run } = await berlin();
    const store = await openStore({ dataDir: data });
    await store.upsertSession({
      id: 'year-zero',
      date: '0000-01-01',
      minutes: 30,
      title: 'Typo in the date',
      reasons: ['unwind'],
      gaps: [],
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
    });
    await store.close();

    const moved = await run(['sessions', 'edit', 'year-zero', '--date', '2026-11-24']);
    expect([moved.code, moved.stderr]).toEqual([0, '']);
    for (const command of [['review'], ['flags'], ['rebuild'], ['week']]) {
      const r = await run(command);
      expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
    }
  });
});
