// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the
// same run, with absolute times and peak memory. Benchmarks are not tests: they never fail a build.
import { existsSync } from 'node:fs';

const suites = [
  ['./cli.bench.mjs', 'runCliBench'],
  ['./ics-expand.mjs', 'runIcsBench'],
  ['./git.bench.mjs', 'runGitBench'],
  ['./insight.bench.mjs', 'runInsightBench'],
];

const only = process.argv.slice(2);
const rows = [];
for (const [file, fn] of suites) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  if (!existsSync(new URL(file, import.meta.url))) continue;
  const mod = await import(file);
  const out = await mod[fn]();
  for (const r of Array.isArray(out) ? out : [out]) {
    rows.push(r);
    console.log(
      `${r.name.padEnd(34)} ratio ${r.ratio.toFixed(2).padStart(6)}  ours ${r.oursMs.toFixed(0).padStart(6)} ms  ` +
        `baseline ${r.baselineMs.toFixed(0).padStart(6)} ms  peak RSS ${String(r.peakRssMb).padStart(4)} MB` +
        (r.note ? `\n${' '.repeat(36)}${r.note}` : ''),
    );
  }
}
if (rows.length === 0) console.log('No benchmark matched.');
