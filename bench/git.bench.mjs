// Git import benchmark: our streaming read + aggregation against raw `git log` on the same repository,
// measured in the same run. Run directly (`node bench/git.bench.mjs`) after `npx tsc -p tsconfig.build.json`,
// or through bench/run.js via runGitBench().
//
// The repository (100,000 commits by default, BENCH_GIT_COMMITS to change) is generated once with
// `git fast-import` from a seeded generator and cached under bench/out/, so later runs only measure.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const GENERATOR_VERSION = 1;

const AUTHORS = [
  ['Dana Ortiz', 'dana@example.com'],
  ['Sam Lee', 'sam@example.com'],
  ['Priya Raman', 'priya@example.com'],
  ['Jonas Berg', 'jonas@example.com'],
  ['Mei Chen', 'mei@example.com'],
  ['Kofi Mensah', 'kofi@example.com'],
];

/** A small seeded PRNG (mulberry32), so every machine builds the same history. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err}`)),
    );
  });
}

/**
 * Streams a history into `git fast-import`: ordinary commits touching 1-3 text files (edited,
 * appended, trimmed lines), binary files now and then, renames, and every 40 commits a topic
 * branch of three commits merged back with a merge commit.
 */
async function buildRepository(dir, commits) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  // A fast-import failure closes its stdin; its exit code and message say why, not the EPIPE.
  child.stdin.on('error', () => {});
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)),
    );
  });
  const random = rng(20261125);
  const pick = (n) => Math.floor(random() * n);
  const files = [];
  for (let i = 0; i < 300; i++) {
    const lines = [];
    for (let j = 0; j < 12 + pick(20); j++) lines.push(`line ${j} of file ${i}: ${pick(1e9).toString(36)}`);
    files.push({ path: `src/module${i % 17}/file${i}.ts`, lines });
  }

  let buffer = [];
  let size = 0;
  const write = async (s) => {
    buffer.push(s);
    size += s.length;
    if (size > 1 << 20) {
      const ok = child.stdin.write(buffer.join(''));
      buffer = [];
      size = 0;
      if (!ok) await new Promise((r) => child.stdin.once('drain', r));
    }
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  let time = Date.parse('2016-01-04T08:00:00Z') / 1000;
  let mark = 0;
  let mainMark = 0;
  let made = 0;
  const commit = async (ref, from, merge, message, changes) => {
    const [name, email] = AUTHORS[pick(AUTHORS.length)];
    time += 60 + pick(150 * 60);
    mark++;
    let text = `commit ${ref}\nmark :${mark}\nauthor ${name} <${email}> ${time} +0100\n`;
    text += `committer ${name} <${email}> ${time} +0100\n${data(message)}`;
    if (from) text += `from :${from}\n`;
    if (merge) text += `merge :${merge}\n`;
    await write(text + changes + '\n');
    made++;
    return mark;
  };
  const full = (f) => `M 100644 inline ${f.path}\n${data(f.lines.join('\n') + '\n')}`;
  // Topic commits only edit text, so the merge commit can carry their files over as they are.
  const editSome = (touched) => {
    let changes = '';
    const n = 1 + pick(3);
    for (let k = 0; k < n; k++) {
      const f = files[pick(files.length)];
      touched?.add(f);
      const edits = 1 + pick(3);
      for (let e = 0; e < edits; e++)
        f.lines[pick(f.lines.length)] = `edited ${made}.${e}: ${pick(1e9).toString(36)}`;
      if (random() < 0.4) f.lines.push(`added in ${made}`);
      if (random() < 0.2 && f.lines.length > 8) f.lines.splice(pick(f.lines.length), 1);
      changes += full(f);
    }
    if (touched) return changes;
    if (random() < 0.01) {
      const bytes = Array.from({ length: 64 }, () => String.fromCharCode(pick(256)));
      changes += `M 100644 inline assets/blob${pick(20)}.bin\n${data('\0' + bytes.join(''))}`;
    }
    if (random() < 0.003) {
      const f = files[pick(files.length)];
      const to = f.path.replace(/\.ts$/, `.r${made}.ts`);
      changes += `R ${f.path} ${to}\n`;
      f.path = to;
    }
    return changes;
  };

  mainMark = await commit('refs/heads/main', 0, 0, 'Initial import', files.map(full).join(''));
  while (made < commits) {
    if (made % 40 === 0 && made + 4 <= commits) {
      let topic = mainMark;
      const touched = new Set();
      for (let t = 0; t < 3; t++) {
        topic = await commit('refs/heads/topic', topic, 0, `Topic work ${made}`, editSome(touched));
      }
      const changes = [...touched].map(full).join('');
      mainMark = await commit('refs/heads/main', mainMark, topic, `Merge branch 'topic' (${made})`, changes);
      continue;
    }
    mainMark = await commit(
      'refs/heads/main',
      mainMark,
      0,
      `Change ${made}: ${pick(1e6).toString(36)}`,
      editSome(),
    );
  }
  await write('done\n');
  child.stdin.end(buffer.join(''));
  await exited;
  // The topic ref only served the generator; the history stays reachable from main.
  await run('git', ['-C', dir, 'update-ref', '-d', 'refs/heads/topic']);
  await run('git', ['-C', dir, 'gc', '--quiet']);
  writeFileSync(join(dir, 'handson-bench-complete'), `${commits}\n`);
}

async function timeBaseline(git, args, env, stdin) {
  const fd = openSync('/dev/null', 'w');
  const start = performance.now();
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(git, args, { env, stdio: ['pipe', fd, 'inherit'] });
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`git log exited ${code}`))));
      child.stdin.end(stdin);
    });
  } finally {
    closeSync(fd);
  }
  return performance.now() - start;
}

export async function runGitBench(options = {}) {
  const commits = options.commits ?? Number(process.env.BENCH_GIT_COMMITS ?? 100_000);
  const rounds = options.rounds ?? 2;
  const dist = join(root, 'dist', 'importers', 'git');
  if (!existsSync(join(dist, 'read.js'))) {
    throw new Error('dist/ is missing: build first with `npx tsc -p tsconfig.build.json`.');
  }
  const { readGitLog, gitLogArgs, gitLogEnv } = await import(pathToFileURL(join(dist, 'read.js')).href);
  const { GitAggregator } = await import(pathToFileURL(join(dist, 'aggregate.js')).href);

  const repo = join(root, 'bench', 'out', `git-${commits}-v${GENERATOR_VERSION}.git`);
  if (!existsSync(join(repo, 'handson-bench-complete'))) {
    const t = performance.now();
    process.stderr.write(`building ${commits} commits in ${repo} ...\n`);
    await buildRepository(repo, commits);
    process.stderr.write(`built in ${Math.round((performance.now() - t) / 1000)} s\n`);
  }

  const authors = AUTHORS.map(([, email]) => email);
  const heads = (await run('git', ['-C', repo, 'rev-parse', 'main'])).trim();
  const args = gitLogArgs(repo, authors, undefined);

  let baselineMs = Number.POSITIVE_INFINITY;
  let oursMs = Number.POSITIVE_INFINITY;
  let seen = 0;
  let days = 0;
  let sessions = 0;
  for (let r = 0; r < rounds; r++) {
    baselineMs = Math.min(baselineMs, await timeBaseline('git', args, gitLogEnv(), `${heads}\n`));
    const start = performance.now();
    const read = await readGitLog({ path: repo, tz: 'Europe/Berlin', authors, refs: 'head' });
    const agg = new GitAggregator({ tz: 'Europe/Berlin' });
    seen = 0;
    for await (const c of read.commits) {
      agg.add(c);
      seen++;
    }
    days = agg.dayTotals().length;
    sessions = agg.sessions().length;
    oursMs = Math.min(oursMs, performance.now() - start);
  }
  if (seen < commits) throw new Error(`read ${seen} commits, expected ${commits}`);

  // The whole use case, stored in SQLite, in a process of its own (so its RSS is its own).
  const child = await run(process.execPath, [
    join(root, 'bench', 'git-import-child.mjs'),
    repo,
    JSON.stringify(authors),
  ]);
  const full = JSON.parse(child.trim().split('\n').pop());

  return [
    {
      name: 'git import (read + aggregate) vs raw git log --numstat',
      ratio: Math.round((oursMs / baselineMs) * 100) / 100,
      baselineMs: Math.round(baselineMs),
      oursMs: Math.round(oursMs),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      commits: seen,
      days,
      sessions,
    },
    {
      name: 'git import into SQLite (whole use case)',
      ratio: Math.round((full.ms / baselineMs) * 100) / 100,
      baselineMs: Math.round(baselineMs),
      oursMs: Math.round(full.ms),
      peakRssMb: full.peakRssMb,
      note: `${full.added} commits stored, ${full.days} repo-days; own process, so the RSS is the import's alone`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [result, full] = await runGitBench();
  console.log(JSON.stringify([result, full], null, 2));
  const ok = result.ratio <= 1.3 && result.peakRssMb < 150;
  console.log(
    `${result.name}: ratio ${result.ratio} (target <= 1.3), peak RSS ${result.peakRssMb} MB (target < 150) ${ok ? 'OK' : 'OVER TARGET'}`,
  );
}
