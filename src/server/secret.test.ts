import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { SECRET_FILE, serverSecret } from './secret.js';

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'handson-secret-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the server secret', () => {
  it('is made once — 32 random bytes, base64url, in a file only its owner can read — and then kept', () => {
    const dir = join(dataDir(), 'not-yet-there');
    const secret = serverSecret(dir);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const file = join(dir, SECRET_FILE);
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(serverSecret(dir)).toBe(secret);
    expect(serverSecret(dataDir())).not.toBe(secret);
  });

  it.each([
    ['readable by others', (file: string) => chmodSync(file, 0o644)],
    ['readable by the group', (file: string) => chmodSync(file, 0o640)],
    ['damaged', (file: string) => writeFileSync(file, 'not a key\n', { mode: 0o600 })],
    ['empty', (file: string) => writeFileSync(file, '', { mode: 0o600 })],
  ])('is replaced, owner-only again, when the file is %s', (_what, spoil) => {
    const dir = dataDir();
    const first = serverSecret(dir);
    const file = join(dir, SECRET_FILE);
    spoil(file);
    const second = serverSecret(dir);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a symbolic link in place of the file, with a sentence saying what to do', () => {
    const dir = dataDir();
    const elsewhere = join(dataDir(), 'planted');
    writeFileSync(elsewhere, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n', { mode: 0o600 });
    symlinkSync(elsewhere, join(dir, SECRET_FILE));
    expect(() => serverSecret(dir)).toThrow(AppError);
    expect(() => serverSecret(dir)).toThrow(/is a symbolic link; remove it/);
  });
});
