import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { ics, vevent } from './ics/test-support/calendar.js';
import type { ImportContext } from './importer.js';
import { readAllOffThread, readOffThread } from './off-thread.js';

// The worker as `npm run build` makes it (npm test builds before it tests): the code under test is
// the bundle that users run, not a copy compiled for the test.
const WORKER = pathToFileURL(resolve('dist/bundle/read-worker.js'));

const context: ImportContext = {
  emails: ['lead@example.com'],
  tz: 'Europe/Berlin',
  window: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
  names: [],
  logins: [],
};

const enc = new TextEncoder();

/** `count` one-hour meetings, one a day from 1 November, so most fall inside the window. */
function calendar(count: number): Uint8Array {
  const events: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2026, 10, 1 + (i % 60), 9)).toISOString().replace(/[-:]/g, '').slice(0, 15);
    for (const line of vevent(`e${i}`, `DTSTART:${day}Z`, 'DURATION:PT1H', `SUMMARY:Meeting ${i}`)) {
      events.push(line);
    }
  }
  // Spliced into the wrapper rather than spread into it: 100,000 arguments overflow the stack.
  return enc.encode(ics('X-EVENTS').replace('X-EVENTS', events.join('\r\n')));
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('reading an import file on a worker thread', () => {
  beforeAll(() => {
    if (!existsSync(WORKER))
      throw new Error('dist/bundle/read-worker.js is missing: run `npm run build` first.');
  });

  it('gives exactly what reading on this thread gives', async () => {
    const file = { name: 'work.ics', bytes: calendar(200) };
    const here = await readOffThread('ics', file, context, { worker: false });
    const there = await readOffThread('ics', file, context, { worker: WORKER });
    expect(there).toStrictEqual(here);
    expect(there.records.length).toBeGreaterThan(0);
  });

  it('refuses a file that is not a calendar with the same sentence, naming the file', async () => {
    const file = { name: 'notes.ics', bytes: enc.encode('hello, this is not a calendar\n') };
    const here = await errorOf(readOffThread('ics', file, context, { worker: false }));
    const there = await errorOf(readOffThread('ics', file, context, { worker: WORKER }));
    expect(there.code).toBe('import-invalid');
    expect(there.message).toBe(here.message);
    expect(there.message).toMatch(/^notes\.ics: /);
  });

  it('reads many small files on one worker, each with its own answer (CalDAV objects)', async () => {
    const files = [
      { name: 'Work /a.ics', bytes: calendar(3) },
      { name: 'Work /b.ics', bytes: enc.encode('not a calendar') },
      { name: 'Work /c.ics', bytes: calendar(5) },
    ];
    const here = await readAllOffThread('ics', files, context, { worker: false });
    const there = await readAllOffThread('ics', files, context, { worker: WORKER });
    expect(there).toHaveLength(3);
    expect(there[0]).toStrictEqual(here[0]);
    expect(there[2]).toStrictEqual(here[2]);
    expect(there[1]).toBeInstanceOf(AppError);
    expect((there[1] as AppError).message).toBe((here[1] as AppError).message);
    expect((there[1] as AppError).message).toMatch(/^Work \/b\.ics: /);
  });

  it('reads tracker exports there too', async () => {
    const csv =
      'Issue key;Summary;Status;Created;Assignee\nPAY-1;Fix it, now;Open;25/Nov/26 1:06 PM;lead@example.com\n';
    const file = { name: 'jira.csv', bytes: enc.encode(csv) };
    expect(await readOffThread('jira', file, context, { worker: WORKER })).toStrictEqual(
      await readOffThread('jira', file, context, { worker: false }),
    );
  });

  it('keeps this thread turning while a file is read', async () => {
    // Counted in event-loop turns, not time: reading here blocks every turn until it is done.
    const file = { name: 'big.ics', bytes: calendar(20_000) };
    const turnsDuring = async (worker: URL | false) => {
      let turns = 0;
      let reading = true;
      const spin = () => {
        if (!reading) return;
        turns++;
        setImmediate(spin);
      };
      setImmediate(spin);
      const read = readOffThread('ics', file, context, { worker });
      // Reading on this thread starts in the next microtask and runs to the end in one go.
      await read;
      reading = false;
      return turns;
    };
    expect(await turnsDuring(false)).toBe(0);
    expect(await turnsDuring(WORKER)).toBeGreaterThan(10);
  });

  it('refuses a file whose reading needs more memory than allowed, and only the worker ends', async () => {
    const err = await errorOf(
      readOffThread('ics', { name: 'huge.ics', bytes: calendar(60_000) }, context, {
        worker: WORKER,
        memoryMb: 8,
      }),
    );
    expect(err.code).toBe('import-invalid');
    expect(err.message).toMatch(/^huge\.ics: reading it needs more than 8 MB of memory/);
    // This process is fine and reads the next file.
    expect(
      (await readOffThread('ics', { name: 'ok.ics', bytes: calendar(10) }, context, { worker: WORKER }))
        .total,
    ).toBe(10);
  });
});
