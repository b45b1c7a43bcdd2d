// Whole-process start-up of the CLI: `handson --help` and `handson week` on a store holding a
// generated five-year journal, against a bare `node -e 0` measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peakRssMb, rng, timeProcesses } from './process.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const BIN = join(root, 'bin/handson.js');

const REASONS = [
  'ground-truth',
  'empathy',
  'unwind',
  'love-of-building',
  'learn-the-function',
  'insecurity',
  'escape',
];
const KINDS = [
  'one-on-one',
  'tough-conversation',
  'decision',
  'review',
  'hiring',
  'planning',
  'feedback',
  'other',
];

/** Five years of journal: 5,000 sessions, 1,000 commitments with postponements, 2,000 checks. */
export function generateExport(now = new Date('2026-11-25T10:00:00Z')) {
  const r = rng(42);
  const day = (d) => new Date(now.getTime() - d * 86400000).toISOString().slice(0, 10);
  const at = (d) => new Date(now.getTime() - d * 86400000).toISOString();
  const id = (p, i) => `${p}${String(i).padStart(7, '0')}`;
  const sessions = Array.from({ length: 5000 }, (_, i) => {
    const d = Math.floor(r() * 1825);
    return {
      id: id('s', i),
      date: day(d),
      minutes: 15 + Math.floor(r() * 240),
      title: `Task ${Math.floor(r() * 800)}`,
      reasons: [REASONS[Math.floor(r() * REASONS.length)]],
      energyBefore: 1 + Math.floor(r() * 5),
      energyAfter: 1 + Math.floor(r() * 5),
      gaps: r() < 0.1 ? ['a gap found'] : [],
      createdAt: at(d),
      updatedAt: at(d),
    };
  });
  const commitments = Array.from({ length: 1000 }, (_, i) => {
    const d = Math.floor(r() * 1825);
    const moves = r() < 0.3 ? 1 + Math.floor(r() * 3) : 0;
    return {
      id: id('c', i),
      kind: KINDS[Math.floor(r() * KINDS.length)],
      title: `Commitment ${i}`,
      due: day(d - 7 - moves * 7),
      status: d > 30 ? (r() < 0.9 ? 'done' : 'cancelled') : 'open',
      createdAt: at(d),
      ...(d > 30 ? { closedAt: at(d - 10) } : {}),
      postponements: Array.from({ length: moves }, (_, k) => ({
        id: id(`p${k}`, i),
        at: at(d - k),
        fromDue: day(d - 7 - k * 7),
        toDue: day(d - 14 - k * 7),
        why: 'later',
      })),
    };
  });
  const checks = Array.from({ length: 2000 }, (_, i) => {
    const d = Math.floor(r() * 1825);
    return {
      id: id('k', i),
      at: at(d),
      date: day(d),
      input: {
        title: `Task ${i}`,
        hours: 2,
        criticalPath: false,
        blocksOthers: false,
        grows: false,
        reasons: ['unwind'],
        answers: {},
      },
      result: { verdict: 'take', lines: [{ rule: 'take', text: 'Take it.' }] },
    };
  });
  const actions = sessions
    .filter((s) => s.gaps.length)
    .map((s, i) => ({
      id: id('a', i),
      text: s.gaps[0],
      sessionId: s.id,
      status: r() < 0.7 ? 'done' : 'open',
      createdAt: s.createdAt,
    }));
  return {
    format: 'handson-export',
    version: 1,
    exportedAt: now.toISOString(),
    profile: {
      name: 'Bench',
      role: 'engineering-manager',
      reports: 6,
      tz: 'Europe/Berlin',
      emails: ['bench@example.com'],
      weeklyHours: 40,
      createdAt: at(1825),
      updatedAt: at(1825),
    },
    reasons: [],
    checks,
    sessions,
    commitments,
    actions,
    reflections: [],
  };
}

function timeRuns(args, env, runs) {
  return timeProcesses([{ cmd: process.execPath, args, env }], runs)[0];
}

export function runCliBench({ runs = 15 } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'handson-bench-'));
  const env = { PATH: process.env.PATH, HOME: data, HANDSON_DATA: data, HANDSON_NOW: '2026-11-25T10:00:00Z' };
  try {
    const file = join(data, 'history.json');
    writeFileSync(file, JSON.stringify(generateExport()));
    const imported = spawnSync(process.execPath, [BIN, 'import', file], { env, encoding: 'utf8' });
    if (imported.status !== 0) throw new Error(imported.stderr);

    const baseline = timeRuns(['-e', '0'], env, runs);
    const results = [];
    for (const [name, args] of [
      ['handson --help', ['--help']],
      ['handson week (5-year journal)', ['week']],
    ]) {
      const t = timeRuns([BIN, ...args], env, runs);
      results.push({
        name,
        ratio: t.median / baseline.median,
        baselineMs: baseline.median,
        oursMs: t.median,
        peakRssMb: peakRssMb([BIN, ...args], env),
        note: `whole process, median of ${runs} (min ${t.min.toFixed(0)} ms, max ${t.max.toFixed(0)} ms); baseline: node -e 0`,
      });
    }
    return results;
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of runCliBench()) console.log(r);
}
