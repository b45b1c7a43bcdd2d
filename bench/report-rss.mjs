// Preloaded into a measured process (`node --import ./bench/report-rss.mjs ...`): writes the
// process's peak resident set size, in kB, to $BENCH_RSS_FILE when it exits.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
