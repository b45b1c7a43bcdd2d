import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalendar } from '../importers/ics/index.js';
import { cli, initAna, tempDataDir } from './test-support/run.js';

/**
 * `handson commitments edit`, `add --every` and `schedule`, as a script would use them. Ana is in
 * Berlin (UTC+1 in November); today is Wednesday 25 November 2026.
 */

function setup() {
  const data = tempDataDir();
  const run = (args: string[]) =>
    cli(args, { env: { HANDSON_DATA: data, HANDSON_NOW: '2026-11-25T09:00:00Z' } });
  return { data, run };
}

interface Listed {
  id: string;
  title: string;
  due?: string;
  status: string;
  seriesId?: string;
  recurrence?: unknown;
  version: number;
}

async function added(run: ReturnType<typeof setup>['run'], args: string[]): Promise<Listed> {
  const r = await run(['commitments', 'add', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
}

describe('handson commitments edit', () => {
  it('changes what was asked and keeps the rest; an unknown id or a bad date changes nothing', async () => {
    const { run } = setup();
    await run(initAna());
    const c = await added(run, [
      '--kind',
      'one-on-one',
      '--title',
      '1:1 Priya',
      '--person',
      'Priya',
      '--due',
      '2026-12-04',
    ]);

    const edited = await run([
      'commitments',
      'edit',
      c.id,
      '--title',
      'Career talk with Priya',
      '--due',
      '2026-12-01',
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('Career talk with Priya');
    const [after] = JSON.parse((await run(['commitments', 'list', '--json'])).stdout) as (Listed & {
      person: string;
      kind: string;
    })[];
    expect(after).toMatchObject({
      id: c.id,
      title: 'Career talk with Priya',
      due: '2026-12-01',
      person: 'Priya',
      kind: 'one-on-one',
      version: c.version + 1,
    });

    const unknown = await run(['commitments', 'edit', 'nope', '--title', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no commitment "nope"');
    const bad = await run(['commitments', 'edit', c.id, '--due', '2026-02-30']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--due');
    expect(JSON.parse((await run(['commitments', 'list', '--json'])).stdout)).toEqual([after]);
  });
});

describe('handson commitments add --every', () => {
  it('keeps each occurrence: marking one done adds the next, due a week later, in the same series', async () => {
    const { run } = setup();
    await run(initAna());
    const first = await added(run, [
      ...['--kind', 'one-on-one', '--title', '1:1 Jonas', '--person', 'Jonas'],
      ...['--due', '2026-11-27', '--every', 'week'],
    ]);
    expect(first.recurrence).toBeDefined();

    const done = await run(['commitments', 'done', first.id]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('due 2026-12-04');

    const all = JSON.parse((await run(['commitments', 'list', '--all', '--json'])).stdout) as Listed[];
    const series = all.filter((x) => x.title === '1:1 Jonas');
    expect(series.map((x) => [x.due, x.status])).toEqual(
      expect.arrayContaining([
        ['2026-11-27', 'done'],
        ['2026-12-04', 'open'],
      ]),
    );
    expect(series).toHaveLength(2);
    expect(new Set(series.map((x) => x.seriesId)).size).toBe(1);

    // Monthly from the last day of a month lands on the last day of a shorter one.
    const monthly = await added(run, [
      ...['--kind', 'one-on-one', '--title', 'Skip-level', '--due', '2027-01-31', '--every', 'month'],
    ]);
    expect((await run(['commitments', 'done', monthly.id])).stdout).toContain('due 2027-02-28');

    const refused = await run([
      'commitments',
      'add',
      '--kind',
      'decision',
      '--title',
      'x',
      '--due',
      '2026-12-01',
      '--every',
      'daily',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--every');
    const noDue = await run(['commitments', 'add', '--kind', 'decision', '--title', 'y', '--every', 'week']);
    expect(noDue.code).toBe(1);
    expect(JSON.parse((await run(['commitments', 'list', '--all', '--json'])).stdout)).toHaveLength(4);
  });
});

describe('handson commitments schedule', () => {
  it('books a time in the leader’s zone and writes an invitation that our own importer reads back', async () => {
    const { data, run } = setup();
    await run(initAna());
    const talk = await added(run, [
      ...['--kind', 'tough-conversation', '--title', 'On-call load, with Sam; again', '--person', 'Sam'],
      ...['--due', '2026-11-27'],
    ]);
    const out = join(data, 'talk.ics');
    const booked = await run([
      'commitments',
      'schedule',
      talk.id,
      '--at',
      '2026-11-26T14:00',
      '--minutes',
      '45',
      '--out',
      out,
    ]);
    expect(booked.code, booked.stderr).toBe(0);
    expect(booked.stdout).toContain('2026-11-26 14:00');

    const ics = readFileSync(out, 'utf8');
    expect(ics).toContain('\r\n');
    const read = readCalendar(ics, {
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-31T00:00:00Z',
      emails: ['ana@example.com'],
      floatingTz: 'UTC',
    });
    expect(read.skipped).toEqual([]);
    expect(read.events).toHaveLength(1);
    expect(read.events[0]).toMatchObject({
      title: 'On-call load, with Sam; again',
      // 14:00 in Berlin is 13:00 UTC.
      start: '2026-11-26T13:00:00.000Z',
      end: '2026-11-26T13:45:00.000Z',
    });

    // Without --out, the invitation goes to stdout; a time that is not a time is refused.
    const printed = await run([
      'commitments',
      'schedule',
      talk.id,
      '--at',
      '2026-11-26T15:00',
      '--minutes',
      '30',
    ]);
    expect(printed.stdout).toContain('BEGIN:VCALENDAR');
    const bad = await run([
      'commitments',
      'schedule',
      talk.id,
      '--at',
      '2026-11-26T25:00',
      '--minutes',
      '30',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--at');
  });
});
