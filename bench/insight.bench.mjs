// Insight on a generated five-year history: ~30,000 calendar occurrences, 5,000 IC sessions,
// 1,000 commitments with postponements and 100,000 commits. Prints the work time of a five-year
// `report` and of `week` (in-process, after the day models are built) against reading the raw
// evidence of those five years (what a report without roll-ups would at least have to do), and
// `handson week` / `handson report` as whole processes against a bare `node -e 0`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { peakRssMb, rng, timeProcesses } from './process.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const BIN = join(root, 'bin/handson.js');
const NOW = '2026-11-25T10:00:00Z';
const TZ = 'Europe/Berlin';

const DAY = 86_400_000;
const start = Date.parse('2021-11-29T00:00:00Z');
const end = Date.parse('2026-11-29T00:00:00Z');
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms) => new Date(ms).toISOString();

export async function populate(store) {
  const r = rng(7);
  const TITLES = [
    '1:1 Priya',
    '1:1 Sam',
    'Team standup',
    'Sprint planning',
    'Customer call',
    'Interview: backend',
    'Focus time',
    'Lunch',
  ];
  const occurrences = [];
  for (let d = start; d < end; d += DAY) {
    const dow = new Date(d).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const n = 18 + Math.floor(r() * 10); // ~23 a weekday → ~30,000 over five years
    for (let i = 0; i < n; i++) {
      const s = d + (7 + Math.floor(r() * 10)) * 3_600_000 + Math.floor(r() * 4) * 900_000;
      const title = TITLES[Math.floor(r() * TITLES.length)];
      occurrences.push({
        uid: `ev-${occurrences.length}`,
        start: iso(s),
        end: iso(s + [15, 30, 60, 90][Math.floor(r() * 4)] * 60_000),
        allDay: false,
        title,
        attendees: [
          { email: 'lead@example.com', partstat: 'ACCEPTED' },
          { email: 'priya@example.com', partstat: 'ACCEPTED' },
        ],
        declined: r() < 0.05,
        cancelled: r() < 0.03,
        recurring: r() < 0.5,
        transparent: false,
      });
    }
  }
  await store.upsertCalendar({ name: 'work', kind: 'ics', createdAt: NOW });
  await store.replaceOccurrences('work', { from: iso(start), to: iso(end) }, occurrences);

  const sessions = [];
  for (let i = 0; i < 5000; i++) {
    const d = start + Math.floor(r() * ((end - start) / DAY)) * DAY;
    sessions.push({
      id: `s${String(i).padStart(6, '0')}`,
      date: isoDay(d),
      ...(r() < 0.5 ? { startedAt: iso(d + 9 * 3_600_000 + Math.floor(r() * 8) * 3_600_000) } : {}),
      minutes: 30 + Math.floor(r() * 180),
      title: `Task ${Math.floor(r() * 600)}`,
      reasons: [['ground-truth', 'unwind', 'love-of-building', 'escape'][Math.floor(r() * 4)]],
      energyBefore: 1 + Math.floor(r() * 5),
      energyAfter: 1 + Math.floor(r() * 5),
      gaps: r() < 0.1 ? ['a gap'] : [],
      createdAt: iso(d),
      updatedAt: iso(d),
    });
  }
  await store.transaction(async (tx) => {
    for (const s of sessions) await tx.upsertSession(s);
    for (let i = 0; i < 1000; i++) {
      const d = start + Math.floor(r() * ((end - start) / DAY)) * DAY;
      const moves = r() < 0.3 ? 1 + Math.floor(r() * 3) : 0;
      await tx.upsertCommitment({
        id: `c${String(i).padStart(6, '0')}`,
        kind: ['one-on-one', 'tough-conversation', 'decision', 'review', 'hiring'][Math.floor(r() * 5)],
        title: `Commitment ${i}`,
        person: ['Priya', 'Sam', 'Lee'][Math.floor(r() * 3)],
        due: isoDay(d + 7 * DAY),
        status: d < end - 30 * DAY ? 'done' : 'open',
        createdAt: iso(d),
        ...(d < end - 30 * DAY ? { closedAt: iso(d + 10 * DAY) } : {}),
        postponements: Array.from({ length: moves }, (_, k) => ({
          id: `p${i}-${k}`,
          at: iso(d + k * DAY),
          fromDue: isoDay(d + (7 + k * 7) * DAY),
          toDue: isoDay(d + (14 + k * 7) * DAY),
          why: 'later',
        })),
      });
    }
  });
  const commits = [];
  for (let i = 0; i < 100_000; i++) {
    const t = start + Math.floor(r() * (end - start));
    commits.push({
      repo: ['api', 'web', 'infra'][i % 3],
      sha: i.toString(16).padStart(40, '0'),
      authorEmail: 'lead@example.com',
      authoredAt: iso(t),
      date: isoDay(t),
      subject: `change ${i}`,
      added: Math.floor(r() * 50),
      removed: Math.floor(r() * 20),
      files: 1 + Math.floor(r() * 4),
      merge: false,
    });
  }
  await store.insertCommits(commits);
  // Every day holds evidence: build all day models, as imports would have over five years.
  const days = [];
  for (let d = start - DAY; d < end + DAY; d += DAY) days.push(isoDay(d));
  await store.markDirtyDays(days);
  return {
    occurrences: occurrences.length,
    sessions: sessions.length,
    commits: commits.length,
    days: days.length,
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn, runs) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

function processTime(args, env, runs) {
  return timeProcesses([{ cmd: process.execPath, args, env }], runs)[0].median;
}

export async function runInsightBench({ runs = 7 } = {}) {
  const { openStore } = await import(dist('store/open.js'));
  const { makeContext } = await import(dist('app/context.js'));
  const { invoke } = await import(dist('app/handler.js'));
  const { profileHandlers } = await import(dist('app/profile/profile.js'));
  const { insightHandlers } = await import(dist('app/insight/insight.js'));
  const { weekHandlers } = await import(dist('app/week/week.js'));
  const { refreshDayModels } = await import(dist('app/insight/model.js'));

  const dataDir = mkdtempSync(join(tmpdir(), 'handson-insight-bench-'));
  const store = await openStore({ dataDir });
  try {
    const ctx = makeContext(store, () => new Date(NOW));
    await invoke(profileHandlers.init, ctx, {
      name: 'Bench',
      role: 'engineering-manager',
      reports: 6,
      tz: TZ,
      emails: ['lead@example.com'],
    });
    const sizes = await populate(store);
    const buildMs = await timeIt(() => refreshDayModels(ctx), 1);

    const from = '2021-11-29';
    const to = '2026-11-25';
    const report = await timeIt(() => invoke(insightHandlers.report, ctx, { from, to }), runs);
    const week = await timeIt(() => invoke(weekHandlers.summary, ctx, {}), runs);
    // What a report without roll-ups would at least read: five years of raw evidence.
    const raw = await timeIt(async () => {
      await store.listOccurrences({ from: `${from}T00:00:00.000Z`, to: `${to}T23:59:59.999Z` });
      await store.listSessions({ from, to });
      await store.listCommits({ from, to });
    }, runs);
    await store.close();

    const env = { PATH: process.env.PATH, HOME: dataDir, HANDSON_DATA: dataDir, HANDSON_NOW: NOW };
    const baseline = processTime(['-e', '0'], env, runs);
    const weekProcess = processTime([BIN, 'week'], env, runs);
    const reportProcess = processTime(
      [BIN, 'report', '--from', from, '--to', to, '--format', 'json'],
      env,
      3,
    );
    const note = `${sizes.occurrences} occurrences, ${sizes.sessions} sessions, ${sizes.commits} commits, ${sizes.days} day models (built once in ${Math.round(buildMs)} ms)`;
    return [
      {
        name: 'report, 5 years (work)',
        ratio: report / raw,
        baselineMs: raw,
        oursMs: report,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        note: `${note}; baseline: reading the raw evidence of those years; target <= 100 ms`,
      },
      {
        name: 'week (work)',
        ratio: week / raw,
        baselineMs: raw,
        oursMs: week,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        note: 'baseline as above',
      },
      {
        name: 'handson week (whole process)',
        ratio: weekProcess / baseline,
        baselineMs: baseline,
        oursMs: weekProcess,
        peakRssMb: peakRssMb([BIN, 'week'], env),
        note: 'baseline: node -e 0; target <= 300 ms',
      },
      {
        name: 'handson report 5y json (process)',
        ratio: reportProcess / baseline,
        baselineMs: baseline,
        oursMs: reportProcess,
        peakRssMb: peakRssMb([BIN, 'report', '--from', from, '--to', to, '--format', 'json'], env),
        note: 'baseline: node -e 0',
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await runInsightBench()) console.log(r);
}
