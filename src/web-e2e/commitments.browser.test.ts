import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../cli/test-support/run.js';
import { readCalendar } from '../importers/ics/index.js';
import { launchChromium, type Served, seedDana, sees, serve, settled, shot, watch } from './test-support.js';

/**
 * The Commitments page on Friday 27 November 2026 (Dana, whose clock is UTC): a weekly 1:1
 * added, edited, booked and its invitation downloaded and read back by our own calendar reader,
 * then marked done so the next week's one appears; and Sam's talk, put off twice, shown apart.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  run = await seedDana(data);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the Commitments page in Chromium', () => {
  it('adds a weekly 1:1, edits, books and downloads it, marks it done, and shows what is put off', async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 1600 },
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin, [
      { method: 'POST', path: '/api/commitments/edit', status: 400 },
    ]);
    await page.goto(app!.url);
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    await page.goto(app!.at('#/commitments'));
    await page.getByRole('heading', { level: 1, name: 'Commitments' }).waitFor();

    const add = page.locator('#add-commitment');
    await add.getByLabel('What have you committed to?').fill('1:1 with Priya');
    await add.getByLabel('With whom').fill('Priya');
    await add.getByLabel('Due').fill('2026-12-01');
    await add.getByLabel('Repeats').selectOption('week');
    await add.getByRole('button', { name: 'Add commitment' }).click();
    const item = page.getByRole('listitem', { name: '1:1 with Priya', exact: true });
    await sees(item, 'repeats every week');

    // A later due date by an edit is refused with the server's own words; a new title is kept.
    await item.getByRole('button', { name: 'Edit: 1:1 with Priya' }).click();
    const edit = page.getByRole('form', { name: 'Edit: 1:1 with Priya' });
    await edit.getByLabel('Due').fill('2026-12-03');
    await edit.getByRole('button', { name: 'Save' }).click();
    await sees(edit, 'postpone it');
    await edit.getByLabel('Due').fill('2026-12-01');
    await edit.getByLabel('What', { exact: true }).fill('1:1 with Priya Sharma');
    await edit.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByRole('listitem', { name: '1:1 with Priya Sharma', exact: true });
    await sees(renamed, 'repeats every week');

    // Booked at 14:30 for 45 minutes; the downloaded invitation, read back, says so.
    await renamed.getByRole('button', { name: 'Schedule: 1:1 with Priya Sharma' }).click();
    const schedule = page.getByRole('form', { name: 'Schedule: 1:1 with Priya Sharma' });
    await schedule.getByLabel('Date and time').fill('2026-12-01T14:30');
    await schedule.getByLabel('Minutes').fill('45');
    await schedule.getByRole('button', { name: 'Book it' }).click();
    await sees(renamed, 'Booked Tue 1 Dec, 14:30 for 45');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      renamed.getByRole('link', { name: 'Download invitation (.ics)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('1-1-with-priya-sharma.ics');
    const listed = JSON.parse(await run!(['commitments', 'list', '--json'])) as {
      id: string;
      title: string;
    }[];
    const booked = listed.find((c) => c.title === '1:1 with Priya Sharma')!;
    const read = readCalendar(readFileSync((await download.path())!, 'utf8'), {
      from: '2026-11-01T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
      emails: [],
      floatingTz: 'UTC',
    });
    expect(read.events).toMatchObject([
      {
        uid: `${booked.id}@commitments.handson`,
        start: '2026-12-01T14:30:00.000Z',
        end: '2026-12-01T15:15:00.000Z',
        title: '1:1 with Priya Sharma',
      },
    ]);

    // Done: next week's one is added, due Tue 8 Dec, on the page and in the terminal.
    await renamed.getByRole('button', { name: 'Done: 1:1 with Priya Sharma' }).click();
    await sees(page.getByRole('region', { name: 'Open' }), '1:1 with Priya Sharma');
    await sees(page.getByRole('listitem', { name: '1:1 with Priya Sharma', exact: true }), 'due Tue 8 Dec');
    const open = JSON.parse(await run!(['commitments', 'list', '--json'])) as {
      title: string;
      due: string;
    }[];
    expect(open.filter((c) => c.title === '1:1 with Priya Sharma').map((c) => c.due)).toEqual(['2026-12-08']);

    // Sam's talk, postponed once in the seed and once more here, is put off.
    const sam = page.getByRole('listitem', { name: 'Talk to Sam about the on-call rota', exact: true });
    await sam.getByRole('button', { name: 'Postpone: Talk to Sam about the on-call rota' }).click();
    await page.locator('#postpone-' + (await samId()) + '-to').fill('2026-12-11');
    await page.getByRole('button', { name: 'Postpone', exact: true }).click();
    await sees(
      page.locator('.card', { hasText: 'Put off' }).first(),
      'postponed 2 times, first due Mon 30 Nov',
    );
    await settled(page);
    await shot(page, 'commitments');
    await context.close();
    expect(problems).toEqual([]);
  }, 90_000);
});

async function samId(): Promise<string> {
  const list = JSON.parse(await run!(['commitments', 'list', '--json'])) as { id: string; title: string }[];
  return list.find((c) => c.title.startsWith('Talk to Sam'))!.id;
}
