import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PEOPLE_ICS } from '../test-support/people-calendar.js';
import { cli, initDana, scriptedPrompter, tempDataDir } from './test-support/run.js';

// Wednesday 25 November 2026: Priya's last 1:1 was on Monday, Jonas's two weeks ago (see PEOPLE_ICS).
const NOW = '2026-11-25T15:00:00Z';

const INIT = initDana();

function setup() {
  const dir = tempDataDir();
  const env = { HANDSON_DATA: dir, HANDSON_NOW: NOW };
  const run = (args: string[], options: Omit<Parameters<typeof cli>[1], 'env'> = {}) =>
    cli(args, { ...options, env });
  return { dir, run };
}

async function withCalendar() {
  const s = setup();
  expect((await s.run(INIT)).code).toBe(0);
  const ics = join(s.dir, 'work.ics');
  writeFileSync(ics, PEOPLE_ICS);
  expect((await s.run(['import', 'ics', ics, '--from', '2026-11-01', '--to', '2026-12-31'])).code).toBe(0);
  return s;
}

describe('handson people', () => {
  it('imports people from the calendar with --yes, lists them with who is overdue, and shows it as a flag', async () => {
    const { run } = await withCalendar();
    expect((await run(['people'])).stdout).toContain('Nobody on your list yet');

    // Without a terminal and without --yes nothing is added.
    const proposed = await run(['people', 'import']);
    expect(proposed.code).toBe(0);
    expect(proposed.stdout).toContain('Priya Sharma <priya@example.com>: 4 1:1s, the latest 2026-11-30');
    expect(proposed.stdout).toContain('Nothing added');
    expect(JSON.parse((await run(['people', '--json'])).stdout).people).toEqual([]);

    const imported = await run(['people', 'import', '--yes']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^Added: \S+ Priya Sharma <priya@example\.com>, report, a 1:1 every week$/m,
    );
    expect(imported.stdout).toMatch(/^Added: \S+ Jonas Berg <jonas\.berg@example\.com>, report/m);

    const listed = await run(['people']);
    expect(listed.code).toBe(0);
    const jonasLine = listed.stdout.split('\n').find((l) => l.includes('Jonas Berg'))!;
    expect(jonasLine).toContain('Tue 10 Nov, 15 days ago');
    expect(jonasLine).toMatch(/overdue\s*$/);
    const priyaLine = listed.stdout.split('\n').find((l) => l.includes('Priya Sharma'))!;
    expect(priyaLine).toContain('Mon 30 Nov');
    expect(priyaLine).toMatch(/on time\s*$/);

    const json = JSON.parse((await run(['people', 'list', '--json'])).stdout);
    expect(
      json.people.map((p: { person: { name: string }; overdue: boolean }) => [p.person.name, p.overdue]),
    ).toEqual([
      ['Jonas Berg', true],
      ['Priya Sharma', false],
    ]);
    const flags = await run(['flags']);
    expect(flags.stdout).toContain(' ! one-on-one-overdue: ');
    expect(flags.stdout).toContain('Your last 1:1 with Jonas Berg was on Tue 10 Nov, 15 days ago');
    expect((await run(['people', 'import'])).stdout).toContain('No one new');
  });

  it('asks about each candidate on a terminal and adds only those confirmed', async () => {
    const { run } = await withCalendar();
    const prompter = scriptedPrompter([false, true]);
    const result = await run(['people', 'import'], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(prompter.asked).toEqual([
      'Add Priya Sharma <priya@example.com>: 4 1:1s, the latest 2026-11-30?',
      'Add Jonas Berg <jonas.berg@example.com>: 1 1:1, the latest 2026-11-10?',
    ]);
    expect(result.stdout).toContain('Added: ');
    const people = JSON.parse((await run(['people', '--json'])).stdout).people;
    expect(people.map((p: { person: { name: string } }) => p.person.name)).toEqual(['Jonas Berg']);
  });

  it('adds, edits and removes a person, and refuses bad input with exit code 2 or 1', async () => {
    const { run } = setup();
    expect((await run(INIT)).code).toBe(0);
    const added = await run([
      'people',
      'add',
      '--name',
      'Sam Ortiz',
      '--email',
      'Sam@Example.com',
      '--other',
      '--every',
      '14',
      '--json',
    ]);
    expect(added.code).toBe(0);
    const sam = JSON.parse(added.stdout);
    expect(sam).toMatchObject({
      name: 'Sam Ortiz',
      email: 'sam@example.com',
      relation: 'other',
      oneOnOneEvery: 14,
    });

    const edited = await run(['people', 'edit', sam.id, '--report', '--every', '7', '--email', '']);
    expect(edited).toEqual({
      code: 0,
      stdout: `Changed: ${sam.id} Sam Ortiz, report, a 1:1 every week\n`,
      stderr: '',
    });
    // No calendar: the list says it does not know, rather than calling Sam overdue.
    const listed = await run(['people']);
    expect(listed.stdout).toContain('unknown (no calendar for those days)');
    expect(listed.stdout).toContain('No calendar covers the last weeks');

    expect((await run(['people', 'add'])).code).toBe(2);
    const bad = await run(['people', 'add', '--name', 'Lee', '--every', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected at least 1 day between 1:1s');
    const unknown = await run(['people', 'remove', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no person "nobody"');

    expect((await run(['people', 'remove', sam.id])).stdout).toContain(`Removed: ${sam.id} Sam Ortiz`);
    expect((await run(['people', '--help'])).stdout).toContain('handson people add --name N');
  });
});
