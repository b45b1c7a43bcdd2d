import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo } from '../importers/git/test-support/repo.js';
import { bindingFor } from '../store/sqlite-binding.js';
import { sqliteFile } from '../store/sqlite-file.js';
import { icsOf, oneOnOne } from '../test-support/calendar.js';
import { HAS_SCRIPT, spawnCli, tempDataDir, terminalCli } from './test-support/run.js';

/** The built CLI as a user runs it: exit codes, one-line errors, no stack traces, encryption at rest. */
describe('handson as a process', () => {
  const init = [
    'init',
    '--name',
    'Zebulon Quartermaine',
    '--role',
    'director',
    '--reports',
    '4',
    '--tz',
    'UTC',
    '--email',
    'a@example.com',
    '--yes',
  ];

  it('starts, prints help and exits 0', () => {
    const r = spawnCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: handson COMMAND');
    expect(spawnCli([]).code).toBe(0); // no terminal: help, not a menu
  });

  it('exits 1 or 2 with one line and no stack trace', () => {
    const data = tempDataDir();
    const usage = spawnCli(['check', '--nope'], { HANDSON_DATA: data });
    expect(usage.code).toBe(2);
    const user = spawnCli(['week'], { HANDSON_DATA: data });
    expect(user.code).toBe(1);
    expect(user.stderr.trim().split('\n')).toHaveLength(1);
    expect(user.stderr).not.toMatch(/\n\s+at /);
    const config = spawnCli(['week'], { HANDSON_DATA: data, HANDSON_DATABASE_URL: 'mysql://x' });
    expect(config.code).toBe(1);
    expect(config.stderr).toBe(
      'handson: Configuration is not valid — HANDSON_DATABASE_URL: expected a postgres:// URL.\n',
    );
  });

  it('encrypts at rest: right key works, no key and wrong key are one line each, the file holds no stored text', () => {
    const data = tempDataDir();
    const key = 'correct horse battery staple';
    const secret = 'Confidential-talk-with-Morgan-about-performance';
    expect(spawnCli([...init, '--encrypt'], { HANDSON_DATA: data, HANDSON_KEY: key }).code).toBe(0);
    const added = spawnCli(['commitments', 'add', '--kind', 'tough-conversation', '--title', secret], {
      HANDSON_DATA: data,
      HANDSON_KEY: key,
    });
    expect(added.code).toBe(0);
    const list = spawnCli(['commitments', 'list', '--json'], { HANDSON_DATA: data, HANDSON_KEY: key });
    expect(JSON.parse(list.stdout)[0].title).toBe(secret);

    const locked = spawnCli(['week'], { HANDSON_DATA: data });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toContain('encrypted');

    const wrong = spawnCli(['week'], { HANDSON_DATA: data, HANDSON_KEY: 'not the key' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).not.toMatch(/\n\s+at |SqliteError/);

    for (const f of readdirSync(data)) {
      const bytes = readFileSync(join(data, f));
      expect(bytes.includes(Buffer.from(secret)), `${f} contains the stored text`).toBe(false);
      expect(bytes.includes(Buffer.from('Quartermaine')), `${f} contains the profile name`).toBe(false);
    }
  });
});

describe('times on screen', () => {
  it('are in the profile’s time zone, not UTC nor the machine’s zone', () => {
    const data = tempDataDir();
    const env = { HANDSON_DATA: data, HANDSON_NOW: '2026-11-27T17:00:00Z', TZ: 'UTC' };
    const dana = { name: 'Dana', email: 'dana@example.com' };
    const init = ['init', '--name', 'Dana', '--role', 'director', '--reports', '4', '--email', dana.email];
    expect(spawnCli([...init, '--tz', 'America/New_York', '--yes'], env).code).toBe(0);
    const ics = join(data, 'work.ics');
    writeFileSync(ics, icsOf(oneOnOne('2026-11-26'))); // 10:00–10:30 UTC
    expect(spawnCli(['import', 'ics', ics], env).code).toBe(0);
    const repo = new TestRepo();
    repo.commit({ message: 'a', author: dana, at: '2026-11-26T15:00:00Z', files: { a: '1' } });
    repo.commit({ message: 'b', author: dana, at: '2026-11-26T16:30:00Z', files: { a: '2' } });
    expect(spawnCli(['import', 'git', repo.dir], env).code).toBe(0);

    const day = ['--from', '2026-11-26', '--to', '2026-11-26'];
    const events = spawnCli(['events', ...day], env).stdout.split('\n');
    expect(events[0]).toMatch(/^START \(America\/New_York\)\s+MIN/);
    expect(events[1]).toMatch(/^2026-11-26 05:00\s+30\s/);
    const sessions = spawnCli(['commits', '--sessions', ...day], env).stdout.split('\n');
    expect(sessions[0]).toMatch(/^DATE\s+START–END \(America\/New_York\)/);
    // The session starts 30 minutes before its first commit.
    expect(sessions[1]).toMatch(/^2026-11-26\s+09:30–11:30\s/);
    const days = spawnCli(['commits', ...day], env).stdout.split('\n');
    expect(days[1]).toMatch(/\s10:00–11:30$/);
  });
});

/** Escape sequences a terminal interprets (cursor moves, clearing), which are not text a person reads. */
const visible = (screen: string) => screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

describe.skipIf(!HAS_SCRIPT)('leaving a prompt on a terminal (needs util-linux script)', () => {
  const CTRL_C = '\u0003';
  const CTRL_D = '\u0004';
  const plain = { HANDSON_DATA: tempDataDir() };
  const encrypted = { HANDSON_DATA: tempDataDir() };
  const init = ['init', '--name', 'Ana', '--role', 'director', '--reports', '4', '--tz', 'UTC'];
  const yes = ['--email', 'ana@example.com', '--yes'];
  expect(spawnCli([...init, ...yes], plain).code).toBe(0);
  expect(
    spawnCli([...init, ...yes, '--encrypt'], { ...encrypted, HANDSON_KEY: 'a long passphrase' }).code,
  ).toBe(0);

  // Each case: the command, then what to wait for and what to type next; the last step leaves.
  const cases: [string, string[], typeof plain, [string, string][]][] = [
    ['Ctrl+C at a question', ['check'], plain, [['What is the task?: ', CTRL_C]]],
    ['Ctrl+D at a question', ['check'], plain, [['What is the task?: ', CTRL_D]]],
    ['Ctrl+C at the menu', [], plain, [['Number: ', CTRL_C]]],
    ['Ctrl+D at the menu', [], plain, [['Number: ', CTRL_D]]],
    [
      'Ctrl+C in a task picked from the menu',
      [],
      plain,
      [
        ['Number: ', '1\r'],
        ['What is the task?: ', CTRL_C],
      ],
    ],
    ['Ctrl+C at the passphrase', ['week'], encrypted, [['Passphrase for your Hands-on data: ', CTRL_C]]],
    ['Ctrl+D at the passphrase', ['week'], encrypted, [['Passphrase for your Hands-on data: ', CTRL_D]]],
    ['SIGINT at a question', ['check'], plain, [['What is the task?: ', 'SIGINT']]],
  ];

  it.each(cases)('%s ends quietly with exit code 130', async (_, args, env, steps) => {
    const t = terminalCli(args, env);
    for (const [text, keys] of steps) {
      await t.waitFor(text);
      if (keys === 'SIGINT') t.interrupt();
      else t.type(keys);
    }
    const { code, screen } = await t.exited;
    const last = steps.at(-1)![0];
    const after = visible(screen.slice(screen.lastIndexOf(last) + last.length));
    expect(after.trim(), screen).toBe('');
    expect(code, screen).toBe(130);
  });
});

/** Files that are not files: each is one clear line, at once, never a hang (issue 14, class 5). */
describe('handson given special files', () => {
  const data = tempDataDir();
  it.each([
    [
      ['import', 'ics', '/dev/zero'],
      '/dev/zero is a device (like /dev/zero or a terminal); expected an .ics calendar file.',
    ],
    [
      ['import', '/dev/urandom'],
      '/dev/urandom is a device (like /dev/zero or a terminal); expected a Hands-on export.',
    ],
    [
      ['import', 'jira', '/dev/zero'],
      '/dev/zero is a device (like /dev/zero or a terminal); expected a Jira CSV export',
    ],
    [
      ['rules', 'edit', '--file', '/dev/urandom'],
      '/dev/urandom is a device (like /dev/zero or a terminal); expected a rules file (JSON).',
    ],
  ])('%j is refused in one line', (args, message) => {
    const r = spawnCli(args, { HANDSON_DATA: data });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a data folder under /proc is one error, not a hang', () => {
    const r = spawnCli(['week'], { HANDSON_DATA: '/proc/self/handson' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^handson: Could not create the store in \/proc\/self\/handson: .+\n$/);
  });
});

/** A command that meets another process's write lock waits, says so, and finishes (issue 14, class 0). */
describe('handson while another process writes', () => {
  it('waits for the lock with a line on stderr instead of failing with "database is locked"', async () => {
    const data = tempDataDir();
    const init = [
      'init',
      '--name',
      'Ada',
      '--role',
      'director',
      '--reports',
      '3',
      '--tz',
      'UTC',
      '--email',
      'ada@example.com',
      '--yes',
    ];
    expect(spawnCli(init, { HANDSON_DATA: data }).code).toBe(0);
    // Holds the write lock for 2.5 s, as a large import's save does.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(bindingFor(Number(process.versions.node.split('.')[0])))});
         const db = new D(${JSON.stringify(sqliteFile(data))});
         db.exec('begin immediate');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('commit'); db.close(); }, 2500);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const r = spawnCli(['log', '--title', 'Pair with Mei', '--minutes', '60', '--reason', 'unwind'], {
      HANDSON_DATA: data,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^handson: waiting for another Hands-on command to finish writing to the store \(\d+ s\)…$/m,
    );
    expect(r.stderr).not.toMatch(/locked|\n\s+at /);
    const listed = spawnCli(['sessions', '--json'], { HANDSON_DATA: data });
    expect(JSON.parse(listed.stdout).map((x: { title: string }) => x.title)).toEqual(['Pair with Mei']);
  });
});
