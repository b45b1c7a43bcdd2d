import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const OUTSIDE = /expected a date from 1970-01-01 to 2100-12-31/;

describe('dates outside 1970-01-01 to 2100-12-31', () => {
  it('are refused wherever a date is typed, so the journal keeps working', async () => {
    const { run } = await berlin();
    const refused: [string[], string][] = [
      [['log', '--title', 'Typo', '--minutes', '30', '--reason', 'unwind', '--date', '0000-01-01'], '--date'],
      [['log', '--title', 'Typo', '--minutes', '30', '--reason', 'unwind', '--date', '9999-12-31'], '--date'],
      [['commitments', 'add', '--kind', 'decision', '--title', 'Vendor', '--due', '2101-01-01'], '--due'],
      [['reflect', '--text', 'Calm week', '--date', '1969-12-31'], '--date'],
      [['report', '--from', '0001-01-01', '--to', '2026-11-25'], '--from'],
      [['flags', '--date', '9999-12-31'], '--date'],
    ];
    for (const [args, flag] of refused) {
      const r = await run(args);
      expect([args, r.code, r.stderr]).toEqual([args, 1, expect.stringMatching(OUTSIDE)]);
      expect(r.stderr).toContain(`${flag}: `);
    }
    for (const command of [
      ['review'],
      ['flags'],
      ['rebuild'],
      ['report', '--from', '2026-11-01', '--to', '2026-11-30'],
    ]) {
      const r = await run(command);
      expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
    }
    expect(JSON.parse((await run(['sessions', '--json'])).stdout)).toEqual([]);
  });

  it('refuses a start time whose moment falls before 1970 in UTC, though its date does not', async () => {
    const { run } = await berlin();
    const r = await run([
      'log',
      '--title',
      'New year',
      '--date',
      '1970-01-01',
      '--start',
      '00:30',
      '--end',
      '01:30',
      '--reason',
      'unwind',
    ]);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringMatching(
        /^handson: --start: 00:30 on 1970-01-01 in Europe\/Berlin is 1969-12-31T23:30:00.000Z in UTC; expected a moment from 1970-01-01/,
      ),
    ]);
  });

  it('refuses HANDSON_NOW outside the range', async () => {
    const r = await cli(['week'], {
      env: { HANDSON_DATA: tempDataDir(), HANDSON_NOW: '9999-12-31T00:00:00Z' },
    });
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringContaining('HANDSON_NOW: expected a moment from 1970-01-01 to 2100-12-31'),
    ]);
  });

  it('refuses a backup holding a session dated 0000-01-01, naming it, and imports nothing', async () => {
    const { data, run } = await berlin();
    expect((await run(['log', '--title', 'Spike', '--minutes', '30', '--reason', 'unwind'])).code).toBe(0);
    const file = join(data, 'backup.json');
    expect((await run(['export', file])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.sessions[0].date = '0000-01-01';
    writeFileSync(file, JSON.stringify(doc));

    const other = await berlin();
    const r = await other.run(['import', file]);
    expect([r.code, r.stderr]).toEqual([
      1,
      `handson: ${file}: sessions.0.date: expected a date from 1970-01-01 to 2100-12-31, not "0000-01-01" (id "${doc.sessions[0].id}").\n`,
    ]);
    for (const command of [['review'], ['flags'], ['rebuild']]) {
      const after = await other.run(command);
      expect([command, after.code, after.stderr]).toEqual([command, 0, '']);
    }
  });

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
