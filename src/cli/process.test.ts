import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, tempDataDir } from './test-support/run.js';

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
