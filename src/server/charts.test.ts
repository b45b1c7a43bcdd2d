import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engines, useStore } from '../store/test-support/engines.js';
import { testApi } from './test-support/api.js';

describe.each(engines)('charts and the web app on $name', (engine) => {
  const h = useStore(engine);

  async function withLeader() {
    const api = testApi(h().store);
    await api.data('profile', 'init', {
      name: 'Dana',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['dana@example.com'],
    });
    await api.data('journal', 'log', {
      title: 'Spike',
      date: '2026-11-24',
      minutes: 120,
      reasons: ['unwind'],
    });
    return api;
  }

  it('draws every report chart as SVG on the server', async () => {
    const api = await withLeader();
    for (const name of ['ic-vs-leadership', 'ic-share', 'reasons', 'commitments', 'focus']) {
      const res = await api.request(`/api/charts/${name}.svg?from=2026-11-01&to=2026-11-30`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      const svg = await res.text();
      expect(svg).toMatch(/^<svg/);
      expect(svg).toMatch(/<(path|rect)\b/);
    }
    const unknown = await api.request('/api/charts/pie.svg?from=2026-11-01&to=2026-11-30');
    expect(unknown.status).toBe(404);
    const bad = await api.request('/api/charts/reasons.svg?from=2026-13-01&to=2026-11-30');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('from');
  });

  it('draws a chart for the width the page has, within bounds, with labels the same size', async () => {
    const api = await withLeader();
    const svgAt = async (width?: string) => {
      const query = width === undefined ? '' : `&width=${width}`;
      const res = await api.request(`/api/charts/focus.svg?from=2026-11-01&to=2026-11-30${query}`);
      expect(res.status, width).toBe(200);
      const svg = await res.text();
      const size = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
      const fonts = new Set([...svg.matchAll(/font-size:(\d+)px/g)].map((m) => m[1]));
      return { width: Number(size?.[1]), height: Number(size?.[2]), fonts: [...fonts] };
    };
    expect(await svgAt()).toEqual({ width: 720, height: 300, fonts: ['12'] });
    // A phone's 343 px is drawn 340 wide; the text is 12 px as on the desktop.
    expect(await svgAt('343')).toEqual({ width: 340, height: 300, fonts: ['12'] });
    expect((await svgAt('40')).width).toBe(280);
    expect((await svgAt('99999')).width).toBe(1200);
    for (const bad of ['wide', '-5', '3.5', '']) {
      const res = await api.request(`/api/charts/focus.svg?from=2026-11-01&to=2026-11-30&width=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('width');
    }
  });

  it('serves the built web app, with its routes falling back to index.html, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'handson-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hands-on</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'handson-secret-neighbour.txt'), 'secret');
    const api = testApi(h().store, { webRoot: root });
    expect(await (await api.request('/')).text()).toContain('<title>Hands-on');
    expect(await (await api.request('/journal')).text()).toContain('<title>Hands-on');
    const js = await api.request('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    const outside = await api.request('/../handson-secret-neighbour.txt');
    expect(await outside.text()).not.toBe('secret');
    expect((await api.request('/api/nope/nothing')).status).toBe(404);
    // Without the key, even the app's files are not served.
    const anonymous = await api.request('/', { headers: { cookie: '' } });
    expect(anonymous.status).toBe(401);
  });
});
