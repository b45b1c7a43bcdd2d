// ICS import benchmark: our readCalendar (parse + one-year expansion) against the raw library
// baseline, ical.js parse + its own one-year expansion, on the same generated calendar in the same
// process. Needs the build: `npx tsc -p tsconfig.build.json` (or `npm run bench`).
//
//   node bench/ics-expand.mjs [events] [runs]
//
// Our runs go first, so the peak RSS read after them is ours (plus the generated text) and not
// the baseline's; the process-wide peak after both is printed too.

import { pathToFileURL } from 'node:url';
import ICAL from 'ical.js';
import { generateCalendar } from './gen-calendar.mjs';

const FROM = '2025-01-01T00:00:00.000Z';
const TO = '2026-01-01T00:00:00.000Z';

/**
 * What an app using ical.js directly does: parse, register the file's VTIMEZONEs, relate each
 * override to its own series (strictExceptions, per UID) and iterate every series through the year.
 */
function icalJsExpand(text, from, to) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const groups = new Map();
  for (const v of root.getAllSubcomponents('vevent')) {
    const uid = v.getFirstPropertyValue('uid');
    let g = groups.get(uid);
    if (!g) {
      g = { master: undefined, exceptions: [] };
      groups.set(uid, g);
    }
    if (v.hasProperty('recurrence-id')) g.exceptions.push(v);
    else g.master = v;
  }
  let n = 0;
  for (const g of groups.values()) {
    if (!g.master) continue;
    const ev = new ICAL.Event(g.master, { strictExceptions: true, exceptions: g.exceptions });
    if (!ev.isRecurring()) {
      if (ev.startDate.toUnixTime() * 1000 < to && ev.endDate.toUnixTime() * 1000 > from) n++;
      continue;
    }
    const it = ev.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const d = ev.getOccurrenceDetails(next);
      const s = d.startDate.toUnixTime() * 1000;
      // Stop once both the instance and its (possibly moved) occurrence are past the window.
      if (next.toUnixTime() * 1000 >= to + 2 * 86_400_000 && s >= to) break;
      if (s < to && d.endDate.toUnixTime() * 1000 > from) n++;
    }
  }
  return n;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export async function runIcsBench({ events = 5000, seed = 20250101, runs = 3 } = {}) {
  const { readCalendar } = await import(new URL('../dist/importers/ics/index.js', import.meta.url).href);
  const text = generateCalendar({ events, seed });
  const from = Date.parse(FROM);
  const to = Date.parse(TO);

  const ours = [];
  let occurrences = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    occurrences = readCalendar(text, { from: FROM, to: TO, emails: ['lead@example.com'], floatingTz: 'UTC' })
      .events.length;
    ours.push(performance.now() - t);
  }
  const peakRssMb = mb();

  const base = [];
  let baselineOccurrences = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    baselineOccurrences = icalJsExpand(text, from, to);
    base.push(performance.now() - t);
  }

  const oursMs = Math.round(median(ours));
  const baselineMs = Math.round(median(base));
  const full = await importIntoStore(text);
  const importRow = {
    name: 'ics-import (read + store, SQLite)',
    ratio: Math.round((full.ms / baselineMs) * 100) / 100,
    baselineMs,
    oursMs: Math.round(full.ms),
    peakRssMb: mb(),
    note: `the whole \`import ics\` use case for the same year: ${full.added} occurrences written; re-import ${Math.round(full.againMs)} ms (${full.unchanged} unchanged)`,
  };
  return [
    {
      name: 'ics-expand',
      ratio: Math.round((oursMs / baselineMs) * 100) / 100,
      baselineMs,
      oursMs,
      peakRssMb,
      processPeakRssMb: mb(),
      events,
      bytes: text.length,
      occurrences,
      baselineOccurrences,
      note:
        `${events} events, one year = ${occurrences} occurrences (ical.js ${baselineOccurrences}); ` +
        `peak RSS is after our runs, ${mb()} MB after the baseline too`,
    },
    importRow,
  ];
}

/** The real use case: the import handler reading the file and replacing the calendar in a fresh SQLite store. */
async function importIntoStore(text) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
  const { openStore } = await import(dist('store/open.js'));
  const { makeContext } = await import(dist('app/context.js'));
  const { invoke } = await import(dist('app/handler.js'));
  const { profileHandlers } = await import(dist('app/profile/profile.js'));
  const { importHandlers } = await import(dist('app/evidence/imports.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-ics-bench-'));
  const store = await openStore({ dataDir });
  try {
    const ctx = makeContext(store, () => new Date('2025-06-01T00:00:00Z'));
    await invoke(profileHandlers.init, ctx, {
      name: 'Bench',
      role: 'engineering-manager',
      reports: 6,
      tz: 'UTC',
      emails: ['lead@example.com'],
    });
    const files = [{ name: 'bench.ics', bytes: new TextEncoder().encode(text) }];
    let t = performance.now();
    const [first] = await invoke(importHandlers.ics, ctx, { files, from: '2025-01-01', to: '2025-12-31' });
    const ms = performance.now() - t;
    t = performance.now();
    const [again] = await invoke(importHandlers.ics, ctx, { files, from: '2025-01-01', to: '2025-12-31' });
    return { ms, againMs: performance.now() - t, added: first.added, unchanged: again.unchanged };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [r, imp] = await runIcsBench({
    events: Number(process.argv[2] ?? 5000),
    runs: Number(process.argv[3] ?? 3),
  });
  console.log(`${imp.name}: ${imp.oursMs} ms, ratio ${imp.ratio} to ical.js's expansion; ${imp.note}`);
  console.log(
    `${r.name}: ${r.events} events (${(r.bytes / 1e6).toFixed(1)} MB), one year = ${r.occurrences} occurrences ` +
      `(ical.js: ${r.baselineOccurrences})\n` +
      `  ours ${r.oursMs} ms vs ical.js ${r.baselineMs} ms (median of runs): ratio ${r.ratio} (target <= 1.5)\n` +
      `  peak RSS ${r.peakRssMb} MB after ours, ${r.processPeakRssMb} MB after the baseline too`,
  );
}
