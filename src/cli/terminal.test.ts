import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo } from '../importers/git/test-support/repo.js';
import { icsOf } from '../test-support/calendar.js';
import { type CliResult, cli, initDana, tempDataDir } from './test-support/run.js';

/**
 * Text that would drive a terminal: retitle the window (OSC 0 … BEL), clear the screen (CSI 2J),
 * a one-byte C1 CSI and a right-to-left override. It goes into every text field a person or a
 * file fills, and no command may pass those bytes on to a terminal.
 */
const HOSTILE = '\u001b]0;PWNED\u0007\u001b[2J\u009b\u202e';
/** How the terminal filter shows it. */
const VISIBLE = '␛]0;PWNED␇␛[2J\\u009b\\u202e';
/** Any byte that makes a terminal do something rather than show something (line feed aside). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** The hostile text as JSON writes it: C0 escaped, the rest exact. */
const IN_JSON = JSON.stringify(HOSTILE).slice(1, -1);

const NOW = '2026-11-27T17:00:00Z';

async function hostileStore() {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: NOW };
  const run = (args: string[]) => cli(args, { env });
  const ok = async (args: string[]) => {
    const r = await run(args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    return r;
  };
  const init = initDana(['--work-days', 'mon-fri', '--work-hours', '08:00-17:00']);
  init[init.indexOf('Dana')] = `Dana ${HOSTILE}`;
  await ok(init);
  await ok([
    'reasons',
    'add',
    '--id',
    'hostile',
    '--kind',
    'watch-out',
    '--title',
    HOSTILE,
    '--question',
    `Why ${HOSTILE}?`,
  ]);
  const logged = (day: string, start: string, end: string) =>
    ok([
      'log',
      '--title',
      HOSTILE,
      '--date',
      day,
      '--start',
      start,
      '--end',
      end,
      '--reason',
      'hostile',
      '--reason',
      'unwind',
      '--gap',
      `gap ${HOSTILE}`,
      '--notes',
      `notes ${HOSTILE}`,
    ]);
  await logged('2026-11-26', '09:00', '13:00');
  await logged('2026-11-25', '09:00', '15:00');
  await ok(['commitments', 'add', '--kind', 'one-on-one', '--title', HOSTILE, '--person', HOSTILE]);
  const commitment = JSON.parse(
    (
      await ok([
        'commitments',
        'add',
        '--kind',
        'decision',
        '--title',
        HOSTILE,
        '--due',
        '2026-11-20',
        '--json',
      ])
    ).stdout,
  ) as { id: string };
  await ok(['commitments', 'postpone', commitment.id, '--to', '2026-11-30', '--why', HOSTILE]);
  await ok(['check', '--title', HOSTILE, '--hours', '3', '--reason', 'hostile']);
  await ok(['reflect', '--text', HOSTILE, '--answer', `what=${HOSTILE}`]);

  // A calendar whose event titles and calendar name come from a file.
  const ics = join(data, `hostile ${HOSTILE}.ics`);
  const event = (uid: string, day: string, status: string) =>
    [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20261101T000000Z',
      `DTSTART:${day}T100000Z`,
      `DTEND:${day}T103000Z`,
      `SUMMARY:1:1 Priya ${HOSTILE}`,
      `STATUS:${status}`,
      'ATTENDEE:mailto:dana@example.com',
      'ATTENDEE:mailto:priya@example.com',
      'END:VEVENT',
    ].join('\r\n');
  writeFileSync(ics, icsOf(event('a@x', '20261126', 'CANCELLED'), event('b@x', '20261124', 'CONFIRMED')));
  await ok(['import', 'ics', ics, '--calendar', 'work']);

  // A repository whose commit messages and author name are the author's to choose.
  const repo = new TestRepo(join(data, `repo ${HOSTILE}`));
  repo.commit({
    message: `fix ${HOSTILE}`,
    author: { name: `Dana ${HOSTILE}`, email: 'dana@example.com' },
    at: '2026-11-26T11:00:00+00:00',
    files: { 'a.txt': 'a\n' },
  });
  await ok(['import', 'git', repo.dir, '--since', '2026-11-01']);

  const rules = join(data, 'rules.json');
  writeFileSync(
    rules,
    JSON.stringify({
      version: 1,
      rules: [{ id: 'hostile', _help: HOSTILE, when: { titleAny: [HOSTILE] }, category: 'focus' }],
    }),
  );
  await ok(['rules', 'edit', '--file', rules]);
  return { data, run };
}

/** What a terminal would get: nothing that drives it, and the hostile text shown. */
function expectShown(r: CliResult, what: string, shown = true): void {
  expect(r.stdout, `${what}: stdout`).not.toMatch(RAW_CONTROL);
  expect(r.stderr, `${what}: stderr`).not.toMatch(RAW_CONTROL);
  if (shown) expect(r.stdout + r.stderr, `${what}: the hostile text, made visible`).toContain(VISIBLE);
}

describe('text that would drive a terminal', () => {
  // One store for every test: they only read it.
  const store = hostileStore();
  it('is shown, not obeyed, by every command that prints stored text; --json keeps it exact', async () => {
    const { run } = await store;
    const commands = [
      ['profile'],
      ['sessions', '--from', '2026-11-01', '--to', '2026-11-30'],
      ['commitments', 'list', '--all'],
      ['actions', 'list', '--all'],
      ['reasons', 'list'],
      ['reasons', 'show', 'hostile'],
      ['check', '--title', HOSTILE, '--hours', '3', '--reason', 'hostile'],
      ['week', '--date', '2026-11-26'],
      ['review', '--week', '2026-11-26'],
      ['flags', '--date', '2026-11-27'],
      ['events', '--from', '2026-11-20', '--to', '2026-11-30'],
      ['commits', '--from', '2026-11-01', '--to', '2026-11-30'],
      ['commits', '--sessions', '--from', '2026-11-01', '--to', '2026-11-30'],
      ['imports'],
      ['rules', 'show'],
      ['rules', 'test', HOSTILE],
    ];
    const problems: string[] = [];
    for (const args of commands) {
      const human = await run(args);
      const json = await run([...args, '--json']);
      const name = args.slice(0, 2).join(' ');
      // Each command is checked whole, so one run names every command that lets the text through.
      try {
        expect(human.code, `${name}: ${human.stderr}`).toBe(0);
        expect(json.stdout, `${name} --json: the exact text`).toContain(IN_JSON);
        expectShown(human, name);
      } catch (e) {
        problems.push((e as Error).message.split('\n')[0]!);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is shown on a colour terminal, where only our own colour codes reach it', async () => {
    const { data } = await store;
    const env = { HANDSON_DATA: data, HANDSON_NOW: NOW };
    for (const args of [
      ['flags', '--date', '2026-11-27'],
      ['week', '--date', '2026-11-26'],
    ]) {
      const r = await cli(args, { env, tty: true });
      expect(r.stdout, args.join(' ')).toContain(VISIBLE);
      // Every escape sequence left is one of the colour codes the CLI writes itself.
      expect(r.stdout.replace(/\u001b\[(?:0|1|2|31|32|33|34|35|36|90)m/g, '')).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toMatch(/\u001b\[1m/);
    }
  });

  it('is shown in the terminal report, whose own colours stay', async () => {
    const { run } = await store;
    const report = await run(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'term']);
    expect(report.code).toBe(0);
    expectShown(report, 'report');
  });

  it('is shown in error messages: an unknown command, an unexpected word, a missing id', async () => {
    const { data, run } = await store;
    const rules = join(data, 'bad-rules.json');
    writeFileSync(
      rules,
      JSON.stringify({ version: 1, rules: [{ id: HOSTILE, when: {}, category: HOSTILE }] }),
    );
    const quoted = [
      [HOSTILE],
      ['commitments', HOSTILE],
      ['week', HOSTILE],
      ['commitments', 'done', HOSTILE],
      ['flags', 'ack', HOSTILE],
      ['log', '--title', 'x', '--minutes', '30', '--reason', HOSTILE],
    ];
    // Messages that say what is expected without quoting what was given: still nothing raw.
    const unquoted = [
      ['reasons', 'show', HOSTILE],
      ['rules', 'edit', '--file', rules],
      ['check', '--title', 'x', '--hours', HOSTILE],
    ];
    for (const [args, shown] of [
      ...quoted.map((a) => [a, true] as const),
      ...unquoted.map((a) => [a, false] as const),
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expectShown(r, args.join(' '), shown);
    }
  });

  it('is shown in importers’ messages that quote a file', async () => {
    const { data, run } = await store;
    const jira = join(data, 'jira.csv');
    writeFileSync(jira, `Summary,Issue key,Status,Created\r\nx,${HOSTILE},Done,${HOSTILE}\r\n`);
    const github = join(data, 'github.json');
    writeFileSync(github, JSON.stringify([{ number: 1, title: 'x', state: 'open', created_at: HOSTILE }]));
    const ics = join(data, 'bad.ics');
    writeFileSync(ics, `BEGIN:VCALENDAR\r\n${HOSTILE}\r\nEND:VCALENDAR\r\n`);
    for (const args of [
      ['import', 'jira', jira],
      ['import', 'github', github],
      ['import', 'ics', ics],
      ['import', jira],
      ['import', join(data, `missing ${HOSTILE}.ics`)],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      // The message may or may not quote the bad part; either way nothing reaches the terminal raw.
      expectShown(r, args.join(' '), false);
    }
  });
});
