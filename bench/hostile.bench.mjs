// Does `handson serve` keep answering while hostile input is being handled (issue 14)? The
// smallest API read, `GET /api/profile/show`, is asked for over and over from this process while
// a second client uploads hostile calendars; its p99 under that load is printed against its p99 on
// an idle server (the baseline, same run). The target is a p99 ≤ 200 ms under load.
// The hostile inputs, each uploaded in turn as a user (or an attacker with the key) could:
// - the 570-byte rule HOURLY × BYMINUTE × BYSECOND without an end (out of memory, before);
// - eight MINUTELY events that fill the per-event and per-file occurrence budgets (200,000);
// - a rebuild of every day model over those occurrences (the heaviest write there is);
// - one POST of 100,000 gaps (now refused by its schema).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './process.mjs';

const NOW = '2026-11-25T10:00:00Z';

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function calendar(events) {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN', ...events, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
}

const every = (n) => Array.from({ length: n }, (_, i) => i).join(',');
const dense = calendar([
  'BEGIN:VEVENT',
  'UID:dense',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261101T000000Z',
  'DURATION:PT1S',
  `RRULE:FREQ=HOURLY;BYMINUTE=${every(60)};BYSECOND=${every(60)}`,
  'SUMMARY:Dense',
  'END:VEVENT',
]);
const minutely = calendar(
  Array.from({ length: 8 }, (_, k) => [
    'BEGIN:VEVENT',
    `UID:minutely-${k}`,
    'DTSTAMP:20261101T000000Z',
    `DTSTART:202611${String(1 + k).padStart(2, '0')}T000000Z`,
    'DURATION:PT1M',
    'RRULE:FREQ=MINUTELY;COUNT=25000',
    `SUMMARY:Every minute ${k}`,
    'END:VEVENT',
  ]).flat(),
);

export async function runHostileBench({ idleSamples = 300 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-hostile-bench-'));
  const server = await startServer(dataDir, NOW);
  try {
    const base = server.url.origin;
    const headers = { authorization: `Bearer ${server.url.searchParams.get('key')}` };
    const post = (path, body) =>
      fetch(base + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
    const init = { name: 'Bench', role: 'director', reports: 5, tz: 'UTC', emails: ['b@example.com'] };
    const made = await post('/api/profile/init', JSON.stringify(init));
    if (!made.ok) throw new Error(`init: ${made.status} ${await made.text()}`);
    const read = async () => {
      const t = performance.now();
      const res = await fetch(`${base}/api/profile/show`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/api/profile/show: ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await read();
    const idle = [];
    for (let i = 0; i < idleSamples; i++) idle.push(await read());

    const upload = (name, text) => {
      const form = new FormData();
      form.append('files', new Blob([text], { type: 'text/calendar' }), name);
      return fetch(`${base}/api/imports/ics`, { method: 'POST', headers, body: form });
    };
    const hostile = [
      ['dense rule', () => upload('dense.ics', dense)],
      ['200,000 occurrences', () => upload('minutely.ics', minutely)],
      // Every day model again, over the 200,000 occurrences just imported.
      ['rebuild', () => post('/api/insight/rebuild', '{}')],
      [
        '100,000 gaps',
        () =>
          post(
            '/api/journal/log',
            JSON.stringify({
              title: 'x',
              minutes: 30,
              reasons: ['unwind'],
              gaps: Array.from({ length: 100_000 }, (_, i) => `g${i}`),
            }),
          ),
      ],
    ];
    const loaded = [];
    const took = [];
    for (const [name, send] of hostile) {
      let done = false;
      const t = performance.now();
      const sent = send().then(async (res) => {
        await res.arrayBuffer();
        done = true;
        return res.status;
      });
      const during = [];
      while (!done) during.push(await read());
      loaded.push(...during);
      took.push(
        `${name} ${(performance.now() - t).toFixed(0)} ms (HTTP ${await sent}; ${during.length} reads, ` +
          `p99 ${percentile(during, 99).toFixed(0)} ms, max ${Math.max(...during).toFixed(0)} ms)`,
      );
    }
    const p99Idle = percentile(idle, 99);
    const p99Loaded = percentile(loaded, 99);
    return [
      {
        name: 'profile/show p99 under hostile load',
        ratio: p99Loaded / p99Idle,
        oursMs: p99Loaded,
        baselineMs: p99Idle,
        peakRssMb: 0,
        note: `${loaded.length} reads during the uploads, ${idle.length} idle; target p99 ≤ 200 ms (max ${Math.max(...loaded).toFixed(0)} ms); ${took.join('; ')}`,
      },
    ];
  } finally {
    server.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
