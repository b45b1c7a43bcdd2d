// Reports against Timewarrior: ONE generated set of 100,000 IC intervals over ten years, loaded into
// a fresh Hands-on store (a backup document, `handson import FILE`) and into a fresh Timewarrior
// database (its own data files, `inc <start> - <end> # tag`, one per month). Then, as whole
// processes (start-up included, median of several runs, taken in turns so load drifts hit both):
// `handson report --format json` over one week, nine months and ten years, `handson week`,
// `handson --help`, and `timew summary` over the same nine months and ten years.
//
// Printed ratios (the targets): report 1 week / --help (≤ 1.3), report 9 months / timew 9
// months (≤ 1.0), report 10 years / timew 10 years (≤ 0.2), week / --help (≤ 1.5).
//
// A density note: 100,000 intervals in ten years of working days is ~38 a working day, so unlike a
// real leader's 1–4 sessions many intervals overlap (each is 20–240 min). Both tools are given the
// same intervals; Hands-on counts overlapping time once, Timewarrior lists every interval.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peakRssMb, rng, timeProcesses } from './process.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const BIN = join(root, 'bin/handson.js');
const NOW = '2026-11-25T10:00:00Z';
const TODAY = '2026-11-25';
const TZ = 'Europe/Berlin';
const DAY = 86_400_000;

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date, n) => isoDay(Date.parse(`${date}T00:00:00Z`) + n * DAY);
/** Timewarrior's own instant form: 20261103T090000Z. */
const twInstant = (ms) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const REASONS = ['ground-truth', 'empathy', 'unwind', 'love-of-building', 'learn-the-function', 'escape'];

/**
 * `count` IC intervals on the working days of the ten years before `TODAY` (today excluded),
 * spread evenly over the days, each 20–240 minutes starting between 06:00 and 17:00 UTC (so its
 * local day in Berlin is its UTC day). Oldest first.
 */
export function generateIntervals(count = 100_000) {
  const r = rng(20261125);
  const first = Date.parse(`${addDays(TODAY, -3652)}T00:00:00Z`);
  const last = Date.parse(`${TODAY}T00:00:00Z`);
  const workDays = [];
  for (let d = first; d < last; d += DAY) {
    const dow = new Date(d).getUTCDay();
    if (dow !== 0 && dow !== 6) workDays.push(d);
  }
  const intervals = [];
  for (let i = 0; i < count; i++) {
    const day = workDays[Math.floor((i * workDays.length) / count)];
    const start = day + (6 * 60 + Math.floor(r() * 11 * 60)) * 60_000;
    const minutes = 20 + Math.floor(r() * 221);
    intervals.push({ start, minutes, reason: REASONS[Math.floor(r() * REASONS.length)] });
  }
  intervals.sort((a, b) => a.start - b.start);
  return { intervals, first: isoDay(first), workDays: workDays.length };
}

/** The intervals as a Hands-on backup document (format version 1: the journal alone). */
export function backupDocument(intervals, firstDay) {
  const r = rng(7);
  const sessions = intervals.map((iv, i) => {
    const at = new Date(iv.start + iv.minutes * 60_000).toISOString();
    return {
      id: `s${String(i).padStart(7, '0')}`,
      date: isoDay(iv.start),
      startedAt: new Date(iv.start).toISOString(),
      minutes: iv.minutes,
      title: `Task ${Math.floor(r() * 800)}`,
      reasons: [iv.reason],
      energyBefore: 1 + Math.floor(r() * 5),
      energyAfter: 1 + Math.floor(r() * 5),
      gaps: [],
      createdAt: at,
      updatedAt: at,
    };
  });
  // A leader's other records, at a realistic size: they feed the flags and the commitments chart.
  const commitments = Array.from({ length: 1000 }, (_, i) => {
    const d = Math.floor(r() * 3650);
    const at = new Date(Date.parse(NOW) - d * DAY).toISOString();
    return {
      id: `c${String(i).padStart(7, '0')}`,
      kind: ['one-on-one', 'tough-conversation', 'decision', 'review', 'hiring'][Math.floor(r() * 5)],
      title: `Commitment ${i}`,
      person: ['Priya', 'Sam', 'Lee'][Math.floor(r() * 3)],
      due: addDays(TODAY, 7 - d),
      status: d > 30 ? 'done' : 'open',
      createdAt: at,
      ...(d > 30 ? { closedAt: new Date(Date.parse(at) + 10 * DAY).toISOString() } : {}),
      postponements: [],
    };
  });
  const created = `${firstDay}T08:00:00.000Z`;
  return {
    format: 'handson-export',
    version: 1,
    exportedAt: new Date(NOW).toISOString(),
    profile: {
      name: 'Bench',
      role: 'engineering-manager',
      reports: 6,
      tz: TZ,
      emails: ['bench@example.com'],
      weeklyHours: 40,
      createdAt: created,
      updatedAt: created,
    },
    reasons: [],
    checks: [],
    sessions,
    commitments,
    actions: [],
    reflections: [],
  };
}

/** The same intervals as Timewarrior's database: data/YYYY-MM.data files of `inc` lines. */
export function writeTimewarrior(dir, intervals) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'timewarrior.cfg'), '');
  const months = new Map();
  for (const iv of intervals) {
    const month = new Date(iv.start).toISOString().slice(0, 7);
    const line = `inc ${twInstant(iv.start)} - ${twInstant(iv.start + iv.minutes * 60_000)} # ${iv.reason}\n`;
    const lines = months.get(month);
    if (lines) lines.push(line);
    else months.set(month, [line]);
  }
  for (const [month, lines] of months) writeFileSync(join(dir, 'data', `${month}.data`), lines.join(''));
  writeFileSync(
    join(dir, 'data', 'tags.data'),
    `${JSON.stringify(Object.fromEntries(REASONS.map((t) => [t, { count: 1 }])))}\n`,
  );
}

function check(result, what) {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr}`);
  return result;
}

export function runReportBench({ runs = Number(process.env.BENCH_RUNS ?? 9) } = {}) {
  const timew = spawnSync('timew', ['--version'], { encoding: 'utf8' });
  if (timew.status !== 0) throw new Error("timew is missing: install Debian's timewarrior");
  const dir = mkdtempSync(join(tmpdir(), 'handson-report-bench-'));
  const data = join(dir, 'handson');
  const twdb = join(dir, 'timewarrior');
  mkdirSync(data);
  const env = { PATH: process.env.PATH, HOME: dir, HANDSON_DATA: data, HANDSON_NOW: NOW };
  const twEnv = { PATH: process.env.PATH, HOME: dir, TIMEWARRIORDB: twdb, TZ };
  try {
    const { intervals, first, workDays } = generateIntervals();
    writeTimewarrior(twdb, intervals);
    const file = join(dir, 'history.json');
    writeFileSync(file, JSON.stringify(backupDocument(intervals, first)));
    let t = performance.now();
    check(spawnSync(process.execPath, [BIN, 'import', file], { env, encoding: 'utf8' }), 'handson import');
    const importMs = performance.now() - t;
    process.stderr.write(
      `report bench: imported ${intervals.length} sessions in ${importMs.toFixed(0)} ms\n`,
    );

    // Ranges end today; reports include today and compare with the period before.
    const ranges = {
      week: [addDays(TODAY, -6), TODAY],
      months: [addDays(TODAY, -273), TODAY],
      years: [addDays(TODAY, -3652), TODAY],
    };
    const report = ([from, to]) => ['report', '--from', from, '--to', to, '--format', 'json'];
    // Timewarrior's range end is exclusive: the day after `to`.
    const summary = ([from, to]) => ['summary', from, '-', addDays(to, 1)];

    // Both tools must read the same intervals: Timewarrior's ten-year total against ours.
    const tw = check(
      spawnSync('timew', summary(ranges.years), {
        env: twEnv,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }),
      'timew summary',
    );
    const rows = tw.stdout.split('\n').filter((l) => /\d+:\d\d:\d\d\s*(\d+:\d\d:\d\d)?\s*$/.test(l)).length;
    if (rows < intervals.length)
      throw new Error(`timew summary listed ${rows} intervals, expected ${intervals.length}`);

    // The first read after an import refreshes the day models of every imported day, once.
    t = performance.now();
    check(
      spawnSync(process.execPath, [BIN, ...report(ranges.week)], { env, encoding: 'utf8' }),
      'first report',
    );
    const firstReadMs = performance.now() - t;
    process.stderr.write(`report bench: first read after the import ${firstReadMs.toFixed(0)} ms\n`);
    const reportOut = JSON.parse(
      check(
        spawnSync(process.execPath, [BIN, ...report(ranges.years)], {
          env,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        }),
        'report',
      ).stdout,
    );
    if (
      reportOut.report.reasons.reduce((n, r) => n + r.minutes, 0) !==
      intervals.reduce((n, iv) => n + iv.minutes, 0)
    ) {
      throw new Error('the ten-year report does not hold every interval');
    }

    const node = (args) => ({ cmd: process.execPath, args: [BIN, ...args], env });
    const commands = {
      help: node(['--help']),
      week: node(['week']),
      r1w: node(report(ranges.week)),
      r9m: node(report(ranges.months)),
      r10y: node(report(ranges.years)),
      tw9m: { cmd: 'timew', args: summary(ranges.months), env: twEnv },
      tw10y: { cmd: 'timew', args: summary(ranges.years), env: twEnv },
    };
    const names = Object.keys(commands);
    const measured = timeProcesses(Object.values(commands), runs);
    const m = Object.fromEntries(names.map((n, i) => [n, measured[i]]));
    const spread = (x) =>
      `min ${x.min.toFixed(0)} ms, max ${x.max.toFixed(0)} ms, CPU ${x.cpu.toFixed(0)} ms on average`;
    const row = (name, ours, base, args, target, baseName) => ({
      name,
      ratio: m[ours].median / m[base].median,
      oursMs: m[ours].median,
      baselineMs: m[base].median,
      peakRssMb: peakRssMb(args, env),
      note:
        `target <= ${target}; baseline: ${baseName}; median of ${runs} (ours ${spread(m[ours])}; ` +
        `baseline ${spread(m[base])}; CPU ratio ${(m[ours].cpu / m[base].cpu).toFixed(2)})`,
    });
    const results = [
      row('report 1 week / --help', 'r1w', 'help', commands.r1w.args, 1.3, 'handson --help'),
      row(
        'report 9 months / timew summary',
        'r9m',
        'tw9m',
        commands.r9m.args,
        1.0,
        `timew summary ${summary(ranges.months).slice(1).join(' ')}`,
      ),
      row(
        'report 10 years / timew summary',
        'r10y',
        'tw10y',
        commands.r10y.args,
        0.2,
        `timew summary ${summary(ranges.years).slice(1).join(' ')}`,
      ),
      row('handson week / --help', 'week', 'help', commands.week.args, 1.5, 'handson --help'),
    ];
    results[0].note += `\n${' '.repeat(36)}${intervals.length} intervals on ${workDays} working days from ${first}; import ${importMs.toFixed(0)} ms; first read after it (refreshes every day model once) ${firstReadMs.toFixed(0)} ms, not in the medians`;
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of runReportBench()) console.log(r);
}
