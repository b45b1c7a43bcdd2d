// The web app's budgets on a generated five-year history (see insight.bench.mjs):
// - first-load JavaScript of the dashboard, gzipped (budget 150 KB);
// - the dashboard's data requests over HTTP: p95 latency (budget 20 ms), against a bare
//   authenticated request to the same server (`/api/openapi.json`) as the baseline;
// - throughput of `GET /api/week/summary` with autocannon on loopback (budget >= 1,000 req/s, no errors).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { populate } from './insight.bench.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const NOW = '2026-11-25T10:00:00Z';

/** The JS the dashboard loads first: the module scripts and modulepreloads of index.html. */
function firstLoadJs() {
  const webRoot = join(root, 'dist', 'web');
  let html;
  try {
    html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  for (const f of new Set(files)) {
    const bytes = readFileSync(join(webRoot, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gz };
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export async function runWebBench({ samples = 60 } = {}) {
  const { openStore } = await import(dist('store/open.js'));
  const { makeContext } = await import(dist('app/context.js'));
  const { invoke } = await import(dist('app/handler.js'));
  const { profileHandlers } = await import(dist('app/profile/profile.js'));
  const { refreshDayModels } = await import(dist('app/insight/model.js'));
  const { createApp } = await import(dist('server/app.js'));
  const { listen } = await import(dist('server/listen.js'));
  const { localHosts } = await import(dist('server/security.js'));

  const dataDir = mkdtempSync(join(tmpdir(), 'handson-web-bench-'));
  const store = await openStore({ dataDir });
  const secret = 'bench-secret-0123456789abcdefghijklmnopqrstuv';
  const now = () => new Date(NOW);
  try {
    const ctx = makeContext(store, now);
    await invoke(profileHandlers.init, ctx, {
      name: 'Bench',
      role: 'engineering-manager',
      reports: 6,
      tz: 'Europe/Berlin',
      emails: ['lead@example.com'],
    });
    await populate(store);
    await refreshDayModels(ctx);
    const server = await listen(0, (p) =>
      createApp({ store, now, secret, allowedHosts: localHosts(p), log: () => {} }),
    );
    const base = `http://127.0.0.1:${server.port}`;
    const headers = { authorization: `Bearer ${secret}` };
    const get = async (path) => {
      const t = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t;
    };
    // What the dashboard asks for on load (the charts are separate images).
    const dashboard = ['/api/week/summary', '/api/insight/flags', '/api/insight/weeklyReview'];
    for (const p of [...dashboard, '/api/openapi.json']) await get(p);
    const times = [];
    const baseline = [];
    for (let i = 0; i < samples; i++) {
      for (const p of dashboard) times.push(await get(p));
      baseline.push(await get('/api/openapi.json'));
    }
    const load = await autocannon({ url: `${base}/api/week/summary`, headers, connections: 10, duration: 5 });
    await server.close();
    const p95 = percentile(times, 95);
    const baseP95 = percentile(baseline, 95);
    const js = firstLoadJs();
    const rows = [
      {
        name: 'dashboard data p95 (HTTP)',
        ratio: p95 / baseP95,
        baselineMs: baseP95,
        oursMs: p95,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        note: `${dashboard.join(', ')} on a 5-year history, ${samples} rounds; baseline: /api/openapi.json; budget p95 <= 20 ms`,
      },
      {
        name: 'GET /api/week/summary throughput',
        ratio: load.requests.average / 1000,
        baselineMs: 0,
        oursMs: load.latency.p99,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        note: `${Math.round(load.requests.average)} req/s average over 5 s (10 connections; ratio = req/s ÷ 1,000 budget), p99 ${load.latency.p99} ms, errors ${load.errors}, non-2xx ${load.non2xx}`,
      },
    ];
    if (js) {
      rows.push({
        name: 'dashboard first-load JS (gzip)',
        ratio: js.gz / (150 * 1024),
        baselineMs: 0,
        oursMs: 0,
        peakRssMb: 0,
        note: `${(js.gz / 1024).toFixed(1)} KB gzipped (${(js.raw / 1024).toFixed(1)} KB raw) in ${js.files} file(s); ratio = size ÷ 150 KB budget`,
      });
    }
    return rows;
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await runWebBench()) console.log(r);
}
