import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalendar } from '../importers/ics/index.js';
import { cli, initAna, tempDataDir } from './test-support/run.js';

// Wednesday 25 November 2026; Ana's clock is in Berlin (UTC+1 in November).
const NOW = '2026-11-25T09:00:00Z';

function setup() {
  const dir = tempDataDir();
  const run = (args: string[], now = NOW) => cli(args, { env: { HANDSON_DATA: dir, HANDSON_NOW: now } });
  return { dir, run };
}

async function json<T>(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<T> {
  const r = await p;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface Listed {
  id: string;
  title: string;
  due?: string;
  status: string;
  person?: string;
  seriesId?: string;
  putOff?: { times: number; firstDue: string | null };
}

async function withAna() {
  const s = setup();
  expect((await s.run(initAna())).code).toBe(0);
  const add = (...more: string[]) =>
    json<Listed>(s.run(['commitments', 'add', '--kind', 'one-on-one', '--json', ...more]));
  return { ...s, add };
}

describe('handson commitments edit', () => {
  it('changes the title, person and an earlier due date, and sends a later one to postpone', async () => {
    const { run, add } = await withAna();
    const c = await add('--title', '1:1 Priya', '--person', 'Priya', '--due', '2026-12-04');
    const edited = await run([
      'commitments',
      'edit',
      c.id,
      '--title',
      '1:1 Priya Sharma',
      '--due',
      '2026-12-02',
    ]);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toBe(
      `Changed: ${c.id} one-on-one "1:1 Priya Sharma" with Priya due 2026-12-02 [open]\n`,
    );
    const nobody = await json<Listed>(run(['commitments', 'edit', c.id, '--person', '', '--json']));
    expect(nobody).not.toHaveProperty('person');

    const later = await run(['commitments', 'edit', c.id, '--due', '2026-12-09']);
    expect(later.code).toBe(1);
    expect(later.stderr).toContain(
      `--due: to move it later than 2026-12-02, postpone it (\`handson commitments postpone ${c.id} --to 2026-12-09\`)`,
    );
    const kind = await run(['commitments', 'edit', c.id, '--kind', 'lunch']);
    expect(kind.stderr).toContain('--kind: expected one of: one-on-one');
    const [listed] = await json<Listed[]>(run(['commitments', 'list', '--json']));
    expect(listed).toMatchObject({ title: '1:1 Priya Sharma', due: '2026-12-02' });
  });
});

describe('handson commitments add --every', () => {
  it('repeats: done adds the next one, --stop-repeating ends the series', async () => {
    const { run, add } = await withAna();
    const c = await add('--title', '1:1 Jonas', '--person', 'Jonas', '--due', '2026-11-26', '--every', '2w');
    expect(c).toMatchObject({ recurrence: { unit: 'week', every: 2 }, seriesId: c.id });

    const done = await run(['commitments', 'done', c.id]);
    expect(done.code).toBe(0);
    const [closedLine, nextLine] = done.stdout.trimEnd().split('\n');
    expect(closedLine).toBe(
      `Done: ${c.id} one-on-one "1:1 Jonas" with Jonas due 2026-11-26, repeats every 2 weeks [done]`,
    );
    expect(nextLine).toMatch(
      /^Next: \S+ one-on-one "1:1 Jonas" with Jonas due 2026-12-10, repeats every 2 weeks \[open\]$/,
    );

    const [next] = await json<Listed[]>(run(['commitments', 'list', '--json']));
    expect(next).toMatchObject({ due: '2026-12-10', seriesId: c.id });
    const table = await run(['commitments', 'list']);
    expect(table.stdout).toContain('1:1 Jonas (every 2 weeks)');

    const last = await json<Listed & { next?: unknown }>(
      run(['commitments', 'cancel', next!.id, '--stop-repeating', '--json']),
    );
    expect(last.status).toBe('cancelled');
    expect(last).not.toHaveProperty('next');
    expect(await json(run(['commitments', 'list', '--json']))).toEqual([]);
  });

  it('needs --due, and says what --every takes', async () => {
    const { run } = await withAna();
    const undated = await run(['commitments', 'add', '--kind', 'review', '--title', 'x', '--every', 'month']);
    expect(undated.code).toBe(1);
    expect(undated.stderr).toBe(
      'handson: --due: expected a due date; a repeating commitment counts from it\n',
    );
    const daily = await run([
      ...[
        'commitments',
        'add',
        '--kind',
        'review',
        '--title',
        'x',
        '--due',
        '2026-12-01',
        '--every',
        'daily',
      ],
    ]);
    expect(daily.stderr).toBe(
      'handson: --every: expected week, 2w (every 2 weeks; up to 52w), month or 3m (every 3 months)\n',
    );
    expect(await json(run(['commitments', 'list', '--all', '--json']))).toEqual([]);
  });
});

describe('handson commitments schedule', () => {
  it('books a time on Ana’s clock and writes an invitation her calendar (and ours) reads', async () => {
    const { dir, run, add } = await withAna();
    const c = await add('--title', 'Feedback for Sam, on the launch; plan B', '--person', 'Sam');
    const out = join(dir, 'feedback.ics');
    const booked = await run([
      'commitments',
      'schedule',
      c.id,
      '--at',
      '2026-11-26T14:30',
      '--minutes',
      '45',
      '--out',
      out,
    ]);
    expect(booked.code).toBe(0);
    expect(booked.stdout).toBe(
      [
        `Booked: ${c.id} one-on-one "Feedback for Sam, on the launch; plan B" with Sam, booked 2026-11-26 14:30 for 45 min (Europe/Berlin) [open]`,
        `Invitation written to ${out}; open it with your calendar app.`,
        '',
      ].join('\n'),
    );
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('SUMMARY:Feedback for Sam\\, on the launch\\; plan B\r\n');
    const { events } = readCalendar(text, {
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      emails: ['ana@example.com'],
      floatingTz: 'Europe/Berlin',
    });
    expect(events.map((e) => [e.title, e.start, e.end])).toEqual([
      ['Feedback for Sam, on the launch; plan B', '2026-11-26T13:30:00.000Z', '2026-11-26T14:15:00.000Z'],
    ]);

    // Without --out the invitation itself is the output, byte for byte, CRLF and all.
    const again = await run(['commitments', 'schedule', c.id, '--at', '2026-11-27T09:00', '--minutes', '30']);
    expect(again.code).toBe(0);
    expect(again.stdout.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(again.stdout).toContain('DTSTART:20261127T080000Z\r\nDTEND:20261127T083000Z\r\n');
    expect(again.stdout).toContain(`UID:${c.id}@commitments.handson\r\n`);

    const bad = await run(['commitments', 'schedule', c.id, '--at', '2026-11-27 09:00', '--minutes', '30']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'handson: --at: expected a date and time as YYYY-MM-DDTHH:MM, e.g. 2026-11-26T14:30\n',
    );
    const missing = await run(['commitments', 'schedule', c.id, '--at', '2026-11-27T09:00']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --minutes');
  });
});

describe('handson commitments list: put off', () => {
  it('sets apart what was postponed twice or more, with the count and the first due date', async () => {
    const { run, add } = await withAna();
    const talk = await add('--title', 'Talk to Lee about deadlines', '--due', '2026-11-26');
    await add('--title', '1:1 Priya', '--due', '2026-11-27');
    for (const to of ['2026-11-30', '2026-12-07']) {
      expect((await run(['commitments', 'postpone', talk.id, '--to', to])).code).toBe(0);
    }
    const listed = await run(['commitments', 'list']);
    expect(listed.code).toBe(0);
    const [main, putOff] = listed.stdout.split('\n\n');
    expect(main).toContain('1:1 Priya');
    expect(main).not.toContain('Talk to Lee');
    expect(putOff).toContain('Put off (postponed 2 times or more):');
    const row = putOff!.split('\n').find((l) => l.includes('Talk to Lee'))!;
    expect(row).toMatch(new RegExp(`^${talk.id}\\s+one-on-one\\s+2026-11-26\\s+2026-12-07\\s+2×`));

    const items = await json<Listed[]>(run(['commitments', 'list', '--json']));
    expect(items.map((i) => [i.title, i.putOff])).toEqual([
      ['1:1 Priya', undefined],
      ['Talk to Lee about deadlines', { times: 2, firstDue: '2026-11-26' }],
    ]);
  });
});
