// What the benchmarks share: a seeded generator, and whole-process timing and peak memory.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS = join(resolve(fileURLToPath(import.meta.url), '..'), 'report-rss.mjs');

/** A deterministic PRNG (mulberry32), so every run measures the same data. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU time (user + system, ms) of the finished child processes, where Linux tells it; else NaN. */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime, fields 16 and 17 of proc(5), in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs each command `runs` times as a whole process, the commands taken in turns so that a change
 * of load on the machine hits all of them alike. Returns each one's median, min and max wall time
 * in ms, and its mean CPU time (user + system): on a busy machine the wall time also holds the
 * waiting for a core, the CPU time does not.
 */
export function timeProcesses(commands, runs) {
  const times = commands.map(() => []);
  const cpu = commands.map(() => 0);
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, k) => {
      const cpuBefore = childrenCpuMs();
      const start = process.hrtime.bigint();
      const r = spawnSync(c.cmd, c.args, { env: c.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      times[k].push(Number(process.hrtime.bigint() - start) / 1e6);
      cpu[k] += childrenCpuMs() - cpuBefore;
      if (r.status !== 0) throw new Error(`${c.cmd} ${c.args.join(' ')} failed (${r.status}): ${r.stderr}`);
    });
  }
  return times.map((t, k) => {
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)], min: t[0], max: t[t.length - 1], cpu: cpu[k] / runs };
  });
}

/** Peak resident set size, in MB, of `node ...args` run once (written by report-rss.mjs). */
export function peakRssMb(args, env) {
  const file = join(env.HANDSON_DATA, 'rss.txt');
  rmSync(file, { force: true });
  spawnSync(process.execPath, ['--import', RSS, ...args], {
    env: { ...env, BENCH_RSS_FILE: file },
    maxBuffer: 256 * 1024 * 1024,
  });
  return Math.round(Number(readFileSync(file, 'utf8').trim()) / 1024);
}

/**
 * Starts `handson serve` on the data folder in a process of its own, as a user would, and resolves
 * with the child and its printed URL (which carries the key). Its request log is drained, not
 * shown: thousands of lines would bury the results.
 */
export function startServer(dataDir, now) {
  const BIN = join(resolve(fileURLToPath(import.meta.url), '../..'), 'bin', 'handson.js');
  const port = String(43000 + Math.floor(Math.random() * 4000));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', port, '--json'], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, HANDSON_DATA: dataDir, HANDSON_NOW: now },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolvePromise({ child, url: new URL(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`handson serve exited with ${code}: ${out}`)));
  });
}
