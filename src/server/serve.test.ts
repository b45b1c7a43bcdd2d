import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, spawnCli, tempDataDir } from '../cli/test-support/run.js';
import { SECRET_FILE } from './secret.js';

/** `handson serve` as a user runs it (the built CLI, a real port), signed in the way a browser is. */

const running: ChildProcess[] = [];
const blockers: Server[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  for (const s of blockers.splice(0)) s.close();
});

/** A port that something else is listening on. */
function takenPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    blockers.push(s);
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
  });
}

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: tmpdir(),
      XDG_CONFIG_HOME: join(tmpdir(), 'handson-no-config'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed; stderr: ${stderr}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]+/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', () => reject(new Error(`exited early; stderr: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, out: () => stdout, err: () => stderr };
}

describe('handson serve', () => {
  it('prints an address with the key, signs a browser in with it, serves the API, and stops on SIGTERM', async () => {
    const data = tempDataDir();
    const env = { HANDSON_DATA: data, HANDSON_NOW: '2026-11-25T09:00:00Z' };
    const init = spawnCli(
      [
        'init',
        '--name',
        'Dana Ortiz',
        '--role',
        'director',
        '--reports',
        '4',
        '--tz',
        'UTC',
        '--email',
        'dana@example.com',
        '--yes',
      ],
      env,
    );
    expect(init.code, init.stderr).toBe(0);

    const busy = await takenPort();
    const server = serve(['--port', String(busy)], env);
    const printed = new URL(await server.url);
    // The port asked for was taken: another one, and it says so.
    expect(printed.port).not.toBe(String(busy));
    expect(server.err()).toContain(`Port ${busy} is taken`);
    const secret = printed.searchParams.get('key')!;
    expect(readFileSync(join(data, SECRET_FILE), 'utf8').trim()).toBe(secret);
    expect(statSync(join(data, SECRET_FILE)).mode & 0o777).toBe(0o600);

    // Without the key: refused.
    const origin = printed.origin;
    expect((await fetch(`${origin}/api/week/summary`)).status).toBe(401);

    // The printed address: a session cookie named for this port (not the key) and a redirect to
    // the same place without the key.
    const signIn = await fetch(printed, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/');
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie).toMatch(new RegExp(`^handson_session_${printed.port}=v1\\.`));
    expect(cookie).not.toContain(secret);

    const week = await fetch(`${origin}/api/week/summary`, { headers: { cookie } });
    expect(week.status).toBe(200);
    expect(((await week.json()) as { data: { today: string } }).data.today).toBe('2026-11-25');
    const added = await fetch(`${origin}/api/commitments/add`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'one-on-one', title: '1:1 with Sam' }),
    });
    expect(added.status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = server.err();
    expect(log).toMatch(/^GET \/api\/week\/summary 200 \d+ms$/m);
    expect(log).toMatch(/^GET \/ 303 \d+ms$/m);
    expect(log).not.toContain(secret);

    // What the server wrote is in the store the CLI reads.
    const list = spawnCli(['commitments', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).map((c: { title: string }) => c.title)).toEqual(['1:1 with Sam']);
  });

  it('with --port 0 takes any free port and prints the address it really listens on', async () => {
    const server = serve(['--port', '0'], { HANDSON_DATA: tempDataDir() });
    const printed = new URL(await server.url);
    expect(Number(printed.port)).toBeGreaterThan(0);
    expect(server.err()).toBe('');
    const signIn = await fetch(printed, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses a port that is not a port, as a usage error', () => {
    for (const port of ['eighty', '-1', '65536']) {
      const r = spawnCli(['serve', '--port', port], { HANDSON_DATA: tempDataDir() });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'handson: --port: expected a port number from 1 to 65535, e.g. 4790, or 0 for any free port\n',
      );
    }
  });
});
