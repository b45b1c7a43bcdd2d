import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDana, tempDataDir } from '../cli/test-support/run.js';
import { readCalendar } from '../importers/ics/index.js';
import { sideScroll } from '../test-support/legibility.js';
import { PEOPLE_ICS } from '../test-support/people-calendar.js';
import {
  focused,
  go,
  launchChromium,
  type Served,
  seeder,
  sees,
  serve,
  settled,
  shot,
  watch,
} from './test-support.js';

/**
 * A leader's week in the web app, the whole way through, at a desktop width and at a phone's:
 * Dana adds people from her calendar and sees who is overdue for a 1:1, times a piece of work with
 * the timer (the server is restarted at a later clock, so the timer really ran), checks a task and
 * works on it anyway, and the review says so; then books a tough conversation and downloads its
 * invitation. Every step is read back from the command line, so the
 * page and `handson` cannot disagree. The clock starts on Friday 27 November 2026, 15:00 UTC.
 */

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.each([1280, 375])('a leader’s week in Chromium at %i px', (width) => {
  it('people, a timer, a check followed (or not), the review and a tough conversation booked', async () => {
    const data = tempDataDir();
    const run = seeder(data);
    await run(initDana());
    const ics = join(data, 'work.ics');
    writeFileSync(ics, PEOPLE_ICS);
    await run(['import', 'ics', ics, '--from', '2026-11-01', '--to', '2026-12-31']);

    let app: Served = await serve(data);
    const context = await browser!.newContext({ viewport: { width, height: 900 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      let problems = watch(page, app.origin);
      await page.goto(app.url);
      await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();

      // People, from the calendar, each confirmed: Jonas was last met 17 days ago.
      await go(page, 'People');
      const fromCalendar = page.getByRole('region', { name: 'Add from calendar' });
      await fromCalendar.getByRole('button', { name: 'Add Jonas Berg' }).click();
      await page.getByRole('listitem', { name: 'Jonas Berg', exact: true }).waitFor();
      await fromCalendar.getByRole('button', { name: 'Add Priya Sharma' }).click();
      await page.getByRole('listitem', { name: 'Priya Sharma', exact: true }).waitFor();
      await sees(page.getByRole('listitem', { name: 'Jonas Berg', exact: true }), '1:1 overdue');
      const people = JSON.parse(await run(['people', '--json'])).people as {
        person: { name: string };
        overdue: boolean | null;
      }[];
      expect(people.map((p) => [p.person.name, p.overdue])).toEqual([
        ['Jonas Berg', true],
        ['Priya Sharma', false],
      ]);
      expect(await sideScroll(page)).toBe(0);
      await shot(page, `${width}-week-people`);

      // A timer, started here at 15:00.
      await go(page, 'Journal');
      const start = page.getByRole('form', { name: 'Start a timer' });
      await start.getByLabel('What are you starting on?').fill('Spike the search index');
      await start.getByRole('checkbox', { name: 'Ground truth' }).check();
      await start.getByRole('button', { name: 'Start the timer' }).click();
      await page.getByRole('region', { name: 'Running timer' }).getByText('Spike the search index').waitFor();
      expect(problems).toEqual([]);

      // An hour and a half later (the same journal, served again at a later clock), it is stopped.
      await app.stop();
      app = await serve(data, { HANDSON_NOW: '2026-11-27T16:30:00Z' });
      problems = watch(page, app.origin);
      await page.goto(app.url);
      const bar = page.getByRole('region', { name: 'Running timer' });
      await bar.getByRole('button', { name: 'Stop the timer: Spike the search index' }).click();
      await bar.waitFor({ state: 'detached' });
      const sessions = JSON.parse(await run(['sessions', '--json'])) as { title: string; minutes: number }[];
      expect(sessions).toMatchObject([{ title: 'Spike the search index', minutes: 90 }]);

      // A check that says to hand the work over; the work done anyway, from "Log work on this".
      await go(page, 'Check a task');
      await page.getByLabel('What is the task?').fill('Rewrite the billing export');
      await page.getByLabel('How many hours will it take?').fill('6');
      await page.getByRole('checkbox', { name: 'Love of building' }).check();
      await page.getByLabel('Who else could do it?').fill('Priya');
      await page.getByRole('checkbox', { name: 'It would help Priya grow' }).check();
      await page.getByRole('radio', { name: 'Has done some' }).check();
      await page.getByRole('button', { name: 'Check it' }).click();
      await page.getByRole('region', { name: 'Hand it to Priya.' }).waitFor();
      await page
        .getByRole('region', { name: 'Your recent checks' })
        .getByRole('link', { name: 'Log work on this: Rewrite the billing export' })
        .click();
      await focused(page.getByRole('heading', { name: 'Log work on “Rewrite the billing export”' }));
      const log = page.getByRole('form', { name: 'Log a session' });
      await log.getByLabel('Minutes', { exact: true }).fill('240');
      await log.getByRole('button', { name: 'Log session' }).click();
      await sees(page.getByRole('status').filter({ hasText: 'Logged, and linked' }), 'Logged, and linked');

      // The review: what the advice was, and what happened, in the same words as the terminal.
      await go(page, 'Weekly review');
      const follow = page.getByRole('region', { name: 'Follow-through on checks' });
      await sees(follow, 'advised to delegate to Priya — done anyway, 4 h');
      const review = JSON.parse(await run(['review', '--json'])) as {
        followThrough: { title: string; text: string }[];
      };
      expect(review.followThrough).toMatchObject([
        { title: 'Rewrite the billing export', text: 'advised to delegate to Priya — done anyway, 4 h' },
      ]);
      expect(await sideScroll(page)).toBe(0);
      await settled(page);
      await shot(page, `${width}-week-review`);

      // Monday's 1:1 with Priya was really a pairing session on the code: counted as IC work from the
      // calendar, the week's IC done grows by its 30 minutes, on the page and in `handson week`.
      const icDone = async () =>
        (JSON.parse(await run(['week', '--json'])) as { time: { ic: { done: number } } }).time.ic.done;
      const before = await icDone();
      await go(page, 'Calendar');
      const monday = page.getByRole('region', { name: 'Mon 23 Nov' });
      const totals = page.getByRole('region', { name: 'Time this week' });
      await settled(page);
      const shownBefore = await totals.textContent();
      await monday.getByRole('button', { name: /1:1 Priya Sharma/ }).click();
      const panel = page.getByRole('region', { name: '1:1 Priya Sharma' });
      await sees(panel, 'Counts as 1:1');
      const recount = panel.getByRole('form', { name: 'Count this event differently' });
      await recount.getByLabel('Count it as').selectOption('focus');
      await recount.getByRole('radio', { name: 'This event only' }).check();
      await recount.getByRole('button', { name: 'Save' }).click();
      await sees(page.getByRole('status').first(), 'This event now counts as');
      await sees(monday.getByRole('button', { name: /1:1 Priya Sharma/ }), 'IC');
      expect((await icDone()) - before).toBe(30);
      await expect.poll(() => totals.textContent()).not.toBe(shownBefore);
      expect(await sideScroll(page)).toBe(0);
      await shot(page, `${width}-week-calendar`);

      // A tough conversation, booked for Wednesday at 11:00; its invitation downloads, and our own
      // calendar reader finds the same event the terminal lists.
      await go(page, 'Commitments');
      const add = page.locator('#add-commitment');
      await add.getByLabel('Kind').selectOption('tough-conversation');
      await add.getByLabel('What have you committed to?').fill('Talk to Jonas about the missed 1:1s');
      await add.getByLabel('With whom').fill('Jonas Berg');
      await add.getByLabel('Due').fill('2026-12-02');
      await add.getByRole('button', { name: 'Add commitment' }).click();
      const talk = page.getByRole('listitem', { name: 'Talk to Jonas about the missed 1:1s', exact: true });
      await talk.getByRole('button', { name: 'Schedule: Talk to Jonas about the missed 1:1s' }).click();
      const book = page.getByRole('form', { name: 'Schedule: Talk to Jonas about the missed 1:1s' });
      await book.getByLabel('Date and time').fill('2026-12-02T11:00');
      await book.getByLabel('Minutes').fill('30');
      await book.getByRole('button', { name: 'Book it' }).click();
      await sees(talk, 'Booked Wed 2 Dec, 11:00 for 30');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        talk.getByRole('link', { name: 'Download invitation (.ics)' }).click(),
      ]);
      const listed = JSON.parse(await run(['commitments', 'list', '--json'])) as {
        id: string;
        kind: string;
        scheduledAt?: string;
      }[];
      const booked = listed.find((c) => c.kind === 'tough-conversation')!;
      expect(booked.scheduledAt).toBe('2026-12-02T11:00:00.000Z');
      const invitation = readCalendar(readFileSync((await download.path())!, 'utf8'), {
        from: '2026-11-01T00:00:00Z',
        to: '2027-01-01T00:00:00Z',
        emails: [],
        floatingTz: 'UTC',
      });
      expect(invitation.events).toMatchObject([
        {
          uid: `${booked.id}@commitments.handson`,
          start: '2026-12-02T11:00:00.000Z',
          end: '2026-12-02T11:30:00.000Z',
          title: 'Talk to Jonas about the missed 1:1s',
        },
      ]);
      expect(await sideScroll(page)).toBe(0);
      await shot(page, `${width}-week-commitments`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await app.stop();
    }
  }, 120_000);
});
