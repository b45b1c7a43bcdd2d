// The web app's budgets on a generated five-year history (see insight.bench.mjs):
// - first-load JavaScript of the dashboard, gzipped (budget 150 KB);
// - the dashboard's data requests over HTTP: p95 latency (budget 20 ms), against a bare
//   authenticated request for the profile (`/api/profile/show`, the smallest API read) as the baseline;
// - throughput of `GET /api/week/summary` with autocannon on loopback (budget >= 1,000 req/s, no errors).
// The server is `handson serve` in its own process, and autocannon runs in a third, so neither the
// history generated here nor the load tool competes with the server for its core.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { populate } from './insight.bench.mjs';
import { startServer } from './process.mjs';

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

/** Peak resident memory of another process, from /proc (Linux), in MB. */
function peakRssOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** autocannon in a process of its own, so the load tool does not share the server's core. */
function loadTest(url, key) {
  const bin = join(root, 'node_modules', 'autocannon', 'autocannon.js');
  const args = [bin, '-c', '10', '-d', '5', '-j', '-H', `authorization=Bearer ${key}`, url];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

export async function runWebBench({ samples = 60 } = {}) {
  const { openStore } = await import(dist('store/open.js'));
  const { makeContext } = await import(dist('app/context.js'));
  const { invoke } = await import(dist('app/handler.js'));
  const { profileHandlers } = await import(dist('app/profile/profile.js'));
  const { refreshDayModels } = await import(dist('app/insight/model.js'));

  const dataDir = mkdtempSync(join(tmpdir(), 'handson-web-bench-'));
  let server;
  try {
    const store = await openStore({ dataDir });
    try {
      const ctx = makeContext(store, () => new Date(NOW));
      await invoke(profileHandlers.init, ctx, {
        name: 'Bench',
        role: 'engineering-manager',
        reports: 6,
        tz: 'Europe/Berlin',
        emails: ['lead@example.com'],
      });
      await populate(store);
      await refreshDayModels(ctx);
    } finally {
      await store.close();
    }

    // The product as a user starts it, in its own process: this process only asks.
    server = await startServer(dataDir, NOW);
    const key = server.url.searchParams.get('key');
    const base = server.url.origin;
    const headers = { authorization: `Bearer ${key}` };
    const get = async (path) => {
      const t = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t;
    };
    // What the dashboard asks for on load (the charts are separate images).
    const dashboard = ['/api/week/summary', '/api/insight/flags', '/api/insight/weeklyReview'];
    // The first load after start computes the flags from the evidence; timed on its own.
    const first = [];
    for (const p of dashboard) first.push(await get(p));
    await get('/api/profile/show');
    const times = [];
    const baseline = [];
    for (let i = 0; i < samples; i++) {
      for (const p of dashboard) times.push(await get(p));
      baseline.push(await get('/api/profile/show'));
    }
    const load = loadTest(`${base}/api/week/summary`, key);
    const serverRss = peakRssOf(server.child.pid);
    const p95 = percentile(times, 95);
    const baseP95 = percentile(baseline, 95);
    const js = firstLoadJs();
    const rows = [
      {
        name: 'dashboard data p95 (HTTP)',
        ratio: p95 / baseP95,
        baselineMs: baseP95,
        oursMs: p95,
        peakRssMb: serverRss,
        note:
          `${dashboard.join(', ')} on a 5-year history, ${samples} rounds against handson serve; ` +
          `first load after start ${first.map((t) => t.toFixed(0)).join(' + ')} ms; ` +
          'baseline: /api/profile/show, the smallest API read; budget p95 <= 20 ms; RSS is the server process',
      },
      {
        name: 'GET /api/week/summary throughput',
        ratio: load.requests.average / 1000,
        baselineMs: 0,
        oursMs: load.latency.p99,
        peakRssMb: serverRss,
        note: `${Math.round(load.requests.average)} req/s average over 5 s (autocannon in its own process, 10 connections; ratio = req/s ÷ 1,000 budget), p99 ${load.latency.p99} ms, errors ${load.errors}, non-2xx ${load.non2xx}`,
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
    server?.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await runWebBench()) console.log(r);
}
