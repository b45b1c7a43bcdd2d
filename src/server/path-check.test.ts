import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engines, useStore } from '../store/test-support/engines.js';
import { createApp } from './app.js';
import { listen } from './listen.js';
import { localHosts } from './security.js';
import { SECRET, testApi } from './test-support/api.js';

type Answer = { error?: { code: string; message: string } };

/** A built web app in miniature: the page and one asset, as dist/web holds them. */
function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'handson-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hands-on</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
  return root;
}

/** Percent signs that spell no text: a lone %, bytes that are not UTF-8, non-hex digits, overlong UTF-8. */
const MALFORMED = [
  '/%',
  '/%ff%fe',
  '/assets/%zz.js',
  '/%c0%ae',
  '/%c0%ae%c0%ae/etc/passwd',
  '/%E0%A4%A',
  '/journal/%',
  '/api/%zz',
  '/api/reasons/%zz',
  '/api/charts/%ff.svg',
];

describe.each(engines)('paths that do not decode, on %s', (engine) => {
  const h = useStore(engine);

  it.each(MALFORMED)('%s → 400 in the error shape, never a bug', async (path) => {
    const api = testApi(h().store, { webRoot: webRoot() });
    const res = await api.request(path);
    expect(res.status).toBe(400);
    const json = (await res.json()) as Answer;
    expect(json.error!.code).toBe('invalid');
    expect(json.error!.message).toContain(path);
    expect(json.error!.message).toMatch(/two hexadecimal digits/);
    expect(api.log.join('\n')).not.toContain('a bug');
  });

  it('still serves well-formed paths, encoded ones included', async () => {
    const root = webRoot();
    writeFileSync(join(root, 'assets', 'a b.js'), 'export {};');
    const api = testApi(h().store, { webRoot: root });
    expect((await api.request('/assets/app.js')).status).toBe(200);
    expect((await api.request('/assets/a%20b.js')).status).toBe(200);
    expect((await api.request('/journal/%C3%A9t%C3%A9')).status).toBe(200);
    expect((await api.request('/api/reasons/list')).status).toBe(200);
  });

  it('answers 400 over a real socket too (the raw request line, as a script could send it)', async () => {
    const server = await listen(0, (port) =>
      createApp({ store: h().store, secret: SECRET, allowedHosts: localHosts(port), log: () => {} }),
    );
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/%zz',
            headers: { authorization: `Bearer ${SECRET}` },
          },
          (res) => {
            let body = '';
            res.on('data', (b: Buffer) => (body += b.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.body) as Answer).error!.code).toBe('invalid');
    } finally {
      await server.close();
    }
  });
});
