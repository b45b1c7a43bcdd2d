import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, initDana, tempDataDir } from '../cli/test-support/run.js';
import {
  focused,
  holds,
  launchChromium,
  type Served,
  seeder,
  sees,
  serve,
  shot,
  watch,
} from './test-support.js';

/**
 * What came of a check, in Chromium: a check that says to hand the work to Priya, then "Log work on
 * this" from the check page's recent checks, and the weekly review says the advice was passed over
 * with the hours logged. A session logged under the same title without a link is suggested in the
 * review, and Link links it. The clock is Friday 27 November 2026; Dana's zone is UTC.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;
let seededCheck: { id: string } | undefined;
let unlinked: { session: { id: string } } | undefined;

/** `handson` at another moment of the week than the test's fixed clock. */
async function at(data: string, now: string, args: string[]): Promise<string> {
  const r = await cli(args, { env: { HANDSON_DATA: data, HANDSON_NOW: now } });
  if (r.code !== 0) throw new Error(`handson ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  const data = tempDataDir();
  run = seeder(data);
  await run(initDana());
  // Monday: a check that says to hand the deploy fix to Sam; Tuesday: the work logged anyway,
  // under the same title in other letters, and not linked to the check.
  seededCheck = JSON.parse(
    await at(data, '2026-11-23T09:00:00Z', [
      'check',
      ...['--title', 'Fix flaky deploy', '--hours', '3', '--reason', 'love-of-building'],
      ...['--could-do', 'Sam', '--grows', '--maturity', 'some', '--json'],
    ]),
  );
  expect(seededCheck).toMatchObject({ verdict: 'delegate', to: 'Sam' });
  unlinked = JSON.parse(
    await at(data, '2026-11-24T16:00:00Z', [
      'log',
      ...['--title', 'fix Flaky deploy', '--minutes', '120', '--reason', 'love-of-building', '--json'],
    ]),
  );
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Session = { id: string; title: string; minutes: number; checkId?: string };
async function sessions(): Promise<Session[]> {
  return JSON.parse(await run!(['sessions', '--json'])) as Session[];
}

async function openReview(page: Page) {
  await page.getByRole('link', { name: 'Weekly review' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Weekly review' }).waitFor();
  return page.getByRole('region', { name: 'Follow-through on checks' });
}

describe('follow-through on checks in the web app', () => {
  it('logs work on a check from the check page, and the review says the advice was passed over', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 2400 } });
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin);
    await page.goto(app!.url);
    await page.getByRole('link', { name: 'Check a task' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Check a task' }).waitFor();
    await page.getByLabel('What is the task?').fill('Rewrite the billing export');
    await page.getByLabel('How many hours will it take?').fill('6');
    await page.getByRole('checkbox', { name: 'Love of building' }).check();
    await page.getByLabel('Who else could do it?').fill('Priya');
    await page.getByRole('checkbox', { name: 'It would help Priya grow' }).check();
    await page.getByRole('radio', { name: 'Has done some' }).check();
    await page.getByRole('button', { name: 'Check it' }).click();
    await page.getByRole('region', { name: 'Hand it to Priya.' }).waitFor();

    // Done anyway: from the recent checks, log the work on it.
    const recent = page.getByRole('region', { name: 'Your recent checks' });
    await recent.getByRole('link', { name: 'Log work on this: Rewrite the billing export' }).click();
    const heading = page.getByRole('heading', { name: 'Log work on “Rewrite the billing export”' });
    await focused(heading);
    const log = page.getByRole('form', { name: 'Log a session' });
    await holds(log.getByLabel('What did you work on?'), 'Rewrite the billing export');
    await expect(log.getByRole('checkbox', { name: 'Love of building' }).isChecked()).resolves.toBe(true);
    await holds(log.getByLabel('Minutes', { exact: true }), '');
    await log.getByLabel('Minutes', { exact: true }).fill('180');
    await shot(page, 'follow-through-log-work');
    await log.getByRole('button', { name: 'Log session' }).click();
    await sees(
      page.getByRole('status').filter({ hasText: 'Logged, and linked' }),
      'Logged, and linked to your check “Rewrite the billing export”.',
    );
    // The form is an ordinary one again, and the session is in the journal, from the check.
    await page.getByRole('heading', { name: 'Log a session' }).waitFor();
    await holds(log.getByLabel('What did you work on?'), '');
    const item = page
      .getByRole('region', { name: 'Recent sessions' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Rewrite the billing export' }) });
    await sees(item, 'from a check');

    const checks = JSON.parse(await run!(['check', 'list', '--json'])) as {
      followThrough: { checkId: string; title: string }[];
    };
    const checkId = checks.followThrough.find((c) => c.title === 'Rewrite the billing export')?.checkId;
    expect(checkId).toBeDefined();
    expect((await sessions()).find((s) => s.title === 'Rewrite the billing export')).toMatchObject({
      minutes: 180,
      checkId,
    });

    const follow = await openReview(page);
    const checked = follow
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Rewrite the billing export' }) });
    await sees(checked, 'The check advised: delegate to Priya');
    await sees(checked, 'What happened: advised to delegate to Priya — done anyway, 3 h');
    await sees(checked, 'advice passed over');
    await shot(page, 'follow-through-review');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('links a session the review suggests, and counts it in the check’s follow-through', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 2400 } });
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin);
    await page.goto(app!.url);
    const follow = await openReview(page);
    const deploy = follow
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Fix flaky deploy' }) });
    // Logged under the same words but not linked: the check does not count it, and says so.
    await sees(deploy, 'What happened: delegated to Sam (no hours logged since)');
    await sees(
      follow,
      '“fix Flaky deploy” (2026-11-24, 2 h) looks like the work checked as “Fix flaky deploy” on 2026-11-23',
    );
    await follow
      .getByRole('button', { name: 'Link “fix Flaky deploy” to the check “Fix flaky deploy”' })
      .click();

    await sees(deploy, 'What happened: advised to delegate to Sam — done anyway, 2 h');
    await follow.getByRole('button', { name: /^Link / }).waitFor({ state: 'detached' });
    await focused(follow.getByRole('heading', { name: 'Follow-through on checks' }));
    expect((await sessions()).find((s) => s.id === unlinked!.session.id)).toMatchObject({
      checkId: seededCheck!.id,
    });
    await shot(page, 'follow-through-linked');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
