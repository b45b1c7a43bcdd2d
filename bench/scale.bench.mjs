// Insight at the scale of a heavy journal (issue 14): 100,000 IC sessions over three years, a
// quarter of them with a gap, and 100,000 improvement actions. Prints `handson flags` and
// `handson review` as whole processes against the same commands on a journal with one session:
// the ratio is what the size of the history costs, start-up excluded by the baseline. The work
// beyond start-up (CPU, ours minus baseline) is printed too; the target is ≤ 1 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { peakRssMb, startServer, timeProcesses } from './process.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const BIN = join(root, 'bin/handson.js');
const NOW = '2026-12-03T10:00:00Z';
const REASONS = ['unwind', 'empathy', 'insecurity', 'escape', 'love-building'];

async function journal(dataDir, sessions, actions) {
  const { openStore } = await import(pathToFileURL(join(root, 'dist/store/open.js')).href);
  const env = { ...process.env, HANDSON_DATA: dataDir, HANDSON_NOW: NOW };
  const init = ['init', '--name', 'Ada', '--role', 'director', '--reports', '5', '--tz', 'Europe/Berlin'];
  timeProcesses(
    [{ cmd: process.execPath, args: [BIN, ...init, '--email', 'ada@example.com', '--yes'], env }],
    1,
  );
  const store = await openStore({ dataDir });
  const first = Date.parse('2023-12-01T00:00:00Z');
  const span = Date.parse(NOW) - first;
  const at = '2026-11-01T09:00:00.000Z';
  for (let i = 0; i < sessions; i += 5000) {
    await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(sessions, i + 5000); j++) {
        const date = new Date(first + Math.floor((j / sessions) * span)).toISOString().slice(0, 10);
        const gaps = j % 4 === 0 ? [`Gap ${j % 300}`] : [];
        const s = { id: `s${j}`, date, minutes: 30 + (j % 90), title: `Task ${j % 500}`, gaps };
        await tx.upsertSession({ ...s, reasons: [REASONS[j % 5]], createdAt: at, updatedAt: at });
      }
    });
  }
  for (let i = 0; i < actions; i += 5000) {
    await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(actions, i + 5000); j++) {
        const sessionId = j % 4 === 0 && j < sessions ? `s${j}` : undefined;
        const done = j % 3 === 0 ? { status: 'done', doneAt: at } : { status: 'open' };
        await tx.upsertAction({
          id: `a${j}`,
          text: `Gap ${j % 300}`,
          ...done,
          createdAt: at,
          ...(sessionId ? { sessionId } : {}),
        });
      }
    });
  }
  await store.close();
  return env;
}

export async function runScaleBench({ runs = 5 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'handson-bench-scale-'));
  try {
    const big = await journal(join(dir, 'big'), 100_000, 100_000);
    const small = await journal(join(dir, 'small'), 1, 0);
    const out = [];
    for (const command of ['flags', 'review']) {
      // The first read builds the day models once; what is measured is every later read.
      timeProcesses([{ cmd: process.execPath, args: [BIN, command], env: big }], 1);
      timeProcesses([{ cmd: process.execPath, args: [BIN, command], env: small }], 1);
      const [ours, base] = timeProcesses(
        [
          { cmd: process.execPath, args: [BIN, command], env: big },
          { cmd: process.execPath, args: [BIN, command], env: small },
        ],
        runs,
      );
      out.push({
        name: `${command}, 100k sessions+actions`,
        ratio: ours.median / base.median,
        oursMs: ours.median,
        baselineMs: base.median,
        peakRssMb: peakRssMb([BIN, command], big),
        note:
          `baseline: ${command} on a one-session journal; CPU ${ours.cpu.toFixed(0)} ms vs ${base.cpu.toFixed(0)} ms, ` +
          `work beyond start-up ${(ours.cpu - base.cpu).toFixed(0)} ms (target ≤ 1000 ms)`,
      });
    }
    // The server on the same journal: 1,000 reads of the flags at once (the issue asks for 0 errors).
    const server = await startServer(big.HANDSON_DATA, NOW);
    try {
      const headers = { authorization: `Bearer ${server.url.searchParams.get('key')}` };
      const get = async (path) => {
        const t = performance.now();
        const res = await fetch(server.url.origin + path, { headers });
        await res.arrayBuffer();
        return { ok: res.status === 200, ms: performance.now() - t };
      };
      const one = await get('/api/insight/flags');
      const started = performance.now();
      const all = await Promise.all(
        Array.from({ length: 1000 }, () => get('/api/insight/flags').catch(() => ({ ok: false, ms: 0 }))),
      );
      const wall = performance.now() - started;
      const errors = all.filter((r) => !r.ok).length;
      out.push({
        name: '1,000 concurrent flag reads',
        ratio: wall / 1000 / Math.max(one.ms, 0.001),
        oursMs: wall / 1000,
        baselineMs: one.ms,
        peakRssMb: 0,
        note: `1,000 GET /api/insight/flags at once on the 100k journal: ${errors} errors, all answered in ${wall.toFixed(0)} ms; ratio = time per read at once ÷ one read alone (${one.ms.toFixed(0)} ms, the first)`,
      });
    } finally {
      server.child.kill('SIGTERM');
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
