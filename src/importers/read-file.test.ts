import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBoundedFile } from './read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'handson-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KB = 1024;

/** A named pipe fed by a child process, as `<(…)` or `mkfifo` would give, and how the writer ended. */
function fifoFedWith(name: string, bytes: number): { path: string; writer: Promise<number | null> } {
  const path = join(dir, name);
  spawnSync('mkfifo', [path]);
  // The shell's status is tr's: 0 when everything was read, 141 (SIGPIPE) when the reader closed
  // the pipe before the end.
  const child = spawn('sh', ['-c', `head -c ${bytes} /dev/zero | tr '\\0' a > '${path}'`], {
    stdio: 'ignore',
  });
  return { path, writer: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('readBoundedFile', () => {
  it('reads a regular file whole', () => {
    const path = join(dir, 'a.ics');
    writeFileSync(path, 'BEGIN:VCALENDAR\n');
    expect(Buffer.from(readBoundedFile(path, KB, 'a calendar')).toString()).toBe('BEGIN:VCALENDAR\n');
  });

  it.each([
    ['/dev/zero', /\/dev\/zero is a device \(like \/dev\/zero or a terminal\); expected a calendar\./],
    ['/dev/urandom', /\/dev\/urandom is a device/],
    ['/dev/null', /\/dev\/null is a device/],
  ])('refuses %s before reading it, instead of reading forever', (path, message) => {
    expect(() => readBoundedFile(path, 100 * KB * KB, 'a calendar')).toThrow(message);
  });

  it('refuses a folder, naming what was expected', () => {
    const path = join(dir, 'folder');
    mkdirSync(path);
    expect(() => readBoundedFile(path, KB, 'a Hands-on export')).toThrow(
      `${path} is a folder; expected a Hands-on export.`,
    );
  });

  it('refuses a missing file as not found', () => {
    expect(() => readBoundedFile(join(dir, 'nope.ics'), KB, 'a calendar')).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('refuses a regular file over the limit by its size, before reading it', () => {
    const path = join(dir, 'big.ics');
    writeFileSync(path, Buffer.alloc(3 * KB, 0x41));
    expect(() => readBoundedFile(path, 2 * KB, 'a calendar')).toThrow(
      `${path} is 3 KB, over the 2 KB limit for a calendar; export a shorter period.`,
    );
  });

  it('reads a pipe whole when it stays within the limit', async () => {
    const { path, writer } = fifoFedWith('small.pipe', 5000);
    expect(readBoundedFile(path, 10 * KB, 'a calendar').length).toBe(5000);
    expect(await writer).toBe(0);
  });

  it('stops reading a pipe one byte past the limit instead of reading it whole', async () => {
    // 64 MB offered, 1 MB allowed: the reader gives up and closes the pipe, so the writer is cut
    // off (SIGPIPE) instead of having all 64 MB read.
    const { path, writer } = fifoFedWith('big.pipe', 64 * KB * KB);
    expect(() => readBoundedFile(path, KB * KB, 'a calendar')).toThrow(
      `${path} is more than the 1 MB limit for a calendar; export a shorter period.`,
    );
    expect(await writer).toBe(141);
  });
});
