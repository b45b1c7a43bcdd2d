// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the
// same run, with absolute times and peak memory. Benchmarks are not tests: they never fail a build.
// Each suite runs in a process of its own, so one suite's memory never shows up in another's peak.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const suites = [
  ['./cli.bench.mjs', 'runCliBench'],
  ['./ics-expand.mjs', 'runIcsBench'],
  ['./git.bench.mjs', 'runGitBench'],
  ['./insight.bench.mjs', 'runInsightBench'],
  ['./web.bench.mjs', 'runWebBench'],
  ['./report.bench.mjs', 'runReportBench'],
  ['./scale.bench.mjs', 'runScaleBench'],
  ['./hostile.bench.mjs', 'runHostileBench'],
  ['./team.bench.mjs', 'runTeamBench'],
];

if (process.argv[2] === '--suite') {
  const [, , , file, fn] = process.argv;
  const mod = await import(file);
  const out = await mod[fn]();
  process.stdout.write(`${JSON.stringify(Array.isArray(out) ? out : [out])}\n`);
} else {
  const only = process.argv.slice(2);
  let printed = 0;
  for (const [file, fn] of suites) {
    if (only.length && !only.some((o) => file.includes(o))) continue;
    if (!existsSync(new URL(file, import.meta.url))) continue;
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--suite', file, fn], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
      console.log(`${file}: failed (exit ${child.status})`);
      continue;
    }
    for (const r of JSON.parse(child.stdout.trim().split('\n').pop())) {
      printed++;
      console.log(
        `${r.name.padEnd(34)} ratio ${r.ratio.toFixed(2).padStart(6)}  ours ${r.oursMs.toFixed(0).padStart(6)} ms  ` +
          `baseline ${r.baselineMs.toFixed(0).padStart(6)} ms  peak RSS ${String(r.peakRssMb).padStart(4)} MB` +
          (r.note ? `\n${' '.repeat(36)}${r.note}` : ''),
      );
    }
  }
  if (printed === 0) console.log('No benchmark matched.');
}
