import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWhole } from './write-whole.js';

const dir = mkdtempSync(join(tmpdir(), 'handson-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeWhole', () => {
  it('writes the whole text, readable only by its owner, and leaves nothing beside it', () => {
    const target = join(dir, 'backup.json');
    writeWhole(target, '{"a":1}\n');
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['backup.json']);
    rmSync(target);
  });

  it('removes its temporary file when the write fails, and says why in one sentence', () => {
    const target = join(dir, 'a-folder');
    mkdirSync(target);
    expect(() => writeWhole(target, 'secret', '--out')).toThrow(/^--out: could not write .*a-folder: /);
    expect(readdirSync(dir)).toEqual(['a-folder']);
    rmSync(target, { recursive: true });
  });

  it('removes what a killed write (kill -9) left, and keeps what a running one is writing', () => {
    const target = join(dir, 'week.html');
    // No process has pid 2^22 + 1 (above Linux's pid_max default); pid 1 always runs.
    const dead = join(dir, `.week.html.${4_194_305}.handson-tmp`);
    const running = join(dir, '.week.html.1.handson-tmp');
    writeFileSync(dead, 'plaintext of an encrypted store');
    writeFileSync(running, 'being written');
    writeWhole(target, 'report');
    expect(readdirSync(dir).sort()).toEqual(['.week.html.1.handson-tmp', 'week.html']);
    rmSync(running);
    rmSync(target);
  });

  it('finishes the write when SIGTERM arrives during it, then ends with 143 (128 + SIGTERM)', async () => {
    const target = join(dir, 'big.json');
    const module = pathToFileURL(resolve('dist/cli/write-whole.js')).href;
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { writeWhole } = await import(${JSON.stringify(module)});
         writeWhole(${JSON.stringify(target)}, 'x'.repeat(200_000_000));
         setTimeout(() => process.exit(7), 10_000);`,
      ],
      { stdio: 'ignore' },
    );
    // Signal as soon as the temporary file exists: the write is under way.
    while (!readdirSync(dir).some((n) => n.startsWith('.big.json.'))) {
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on('exit', (c, s) => r([c, s])),
    );
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(statSync(target).size).toBe(200_000_000);
    expect(readdirSync(dir)).toEqual(['big.json']);
    rmSync(target);
  });
});
