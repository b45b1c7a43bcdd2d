import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../store/open.js';
import { CANCELLED_ONE_ON_ONE_ICS } from '../test-support/calendar.js';
import { cli, tempDataDir } from './test-support/run.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const schemas: string[] = [];

/** The environment for a fresh store on each engine, as a user would configure it. */
function target(engine: 'sqlite' | 'postgres', now: string): Record<string, string> {
  const env: Record<string, string> = { HANDSON_DATA: tempDataDir(), HANDSON_NOW: now };
  if (engine === 'postgres') {
    const schema = `handson_cli_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    Object.assign(env, { HANDSON_DATABASE_URL: PG_URL!, HANDSON_DATABASE_SCHEMA: schema });
  }
  return env;
}

afterAll(async () => {
  if (!PG_URL || schemas.length === 0) return;
  const { db, destroy } = await openEngine({ dataDir: tempDataDir(), databaseUrl: PG_URL });
  try {
    for (const s of schemas) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(db);
  } finally {
    await destroy();
  }
});

const engines = PG_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

describe.each(engines)('export → import → export with the CLI on %s', (engine) => {
  it('gives the same document apart from its timestamp', async () => {
    const source = target(engine, '2026-11-25T10:00:00Z');
    const run = (args: string[]) => cli(args, { env: source });
    expect(
      (
        await run([
          'init',
          '--name',
          'Ana',
          '--role',
          'founder',
          '--reports',
          '3',
          '--tz',
          'Asia/Kolkata',
          '--email',
          'ana@example.com',
          '--new-to-function-since',
          '2026-06-01',
          '--yes',
        ])
      ).code,
    ).toBe(0);
    await run([
      'reasons',
      'add',
      '--id',
      'show-the-way',
      '--kind',
      'good',
      '--title',
      'Show the way',
      '--question',
      'Who watches?',
    ]);
    const c = JSON.parse(
      (
        await run([
          'commitments',
          'add',
          '--kind',
          'review',
          '--title',
          'Mid-year reviews',
          '--due',
          '2026-11-30',
          '--json',
        ])
      ).stdout,
    );
    await run(['commitments', 'postpone', c.id, '--to', '2026-12-10', '--why', 'calibration moved']);
    const k = JSON.parse(
      (
        await run([
          'check',
          '--title',
          'Pricing page copy',
          '--hours',
          '3',
          '--reason',
          'learn-the-function',
          '--json',
        ])
      ).stdout,
    );
    await run([
      'log',
      '--title',
      'Pricing page copy',
      '--minutes',
      '75',
      '--reason',
      'learn-the-function',
      '--check',
      k.id,
      '--gap',
      'No style guide',
    ]);
    await run(['reflect', '--text', 'Learning fast']);
    // Evidence travels too: an uploaded calendar file may exist nowhere else.
    const ics = join(source['HANDSON_DATA']!, 'work.ics');
    writeFileSync(ics, CANCELLED_ONE_ON_ONE_ICS);
    expect((await run(['import', 'ics', ics, '--from', '2026-11-01', '--to', '2026-11-30'])).code).toBe(0);
    const first = await run(['export']);
    expect(first.code).toBe(0);

    const file = join(source['HANDSON_DATA']!, 'backup.json');
    writeFileSync(file, first.stdout);
    const dest = target(engine, '2026-12-01T00:00:00Z');
    const imported = await cli(['import', file, '--json'], { env: dest });
    expect(imported.code).toBe(0);
    // 7 journal records; a calendar, its event and the import that brought it in.
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({ added: 10, updated: 0, unchanged: 0 });
    expect(summary.byKind.occurrences).toEqual({ added: 1, updated: 0, unchanged: 0 });
    const second = await cli(['export'], { env: dest });
    const a = JSON.parse(first.stdout);
    const b = JSON.parse(second.stdout);
    expect(b.exportedAt).not.toBe(a.exportedAt);
    expect({ ...b, exportedAt: null }).toEqual({ ...a, exportedAt: null });
    expect(b.calendars[0].occurrences[0]).toMatchObject({ title: '1:1 Priya', cancelled: true });

    const again = await cli(['import', file], { env: dest });
    expect(again.stdout).toContain('0 added, 0 updated, 10 unchanged.');
    expect(again.stdout).toMatch(/^ {2}calendar events +0 added +0 updated +1 unchanged$/m);
    expect(again.stdout).not.toContain('commits');
    const saved = await cli(['export', join(source['HANDSON_DATA']!, 'again.json')], { env: dest });
    expect(saved.stdout).toMatch(
      /^Exported 5 journal records and 1 calendar with 1 event to .*again\.json\.$/m,
    );
  });
});
