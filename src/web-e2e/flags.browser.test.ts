import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../cli/test-support/run.js';
import { launchChromium, type Served, seedDana, sees, serve, settled, shot, watch } from './test-support.js';

/**
 * A busy month on the dashboard: five flags, one of them acknowledged. The dashboard leads with
 * the three most important flags still to look at and keeps the rest behind one control; the
 * count of flags to look at leaves the acknowledged one out. Seeded through the CLI (the clock is
 * Friday 27 Nov 2026, the budget 10% of 40 h):
 * - escape: this week's IC rose while a talk with Sam was put off (alert);
 * - interference: the 1:1 with Priya on Thu 26 Nov was cancelled on a 4 h IC day (alert);
 * - budget: 5 h of IC against 4 h this week (warning);
 * - creep: the search prototype in three weeks running (warning);
 * - insecurity: named as the reason for a session (warning), acknowledged.
 */

const CREEP = '“Just helping” has turned into owning';

let app: Served | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  const run = await seedDana(data);
  const log = (date: string, title: string, minutes: number, reason: string) =>
    run(['log', '--title', title, '--date', date, '--minutes', String(minutes), '--reason', reason]);
  await log('2026-11-26', 'Spike search', 240, 'love-of-building');
  for (const date of ['2026-11-10', '2026-11-17', '2026-11-24']) {
    await log(date, 'Prototype search ranking', 60, 'love-of-building');
  }
  await log('2026-11-19', 'Write the launch blog post', 30, 'insecurity');
  const flags = JSON.parse(await run(['flags', '--json'])) as {
    flags: { id: string; fingerprint: string }[];
  };
  const insecurity = flags.flags.find((f) => f.id === 'insecurity')!;
  await run(['flags', 'ack', insecurity.fingerprint, '--note', 'Fair']);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('flags on the dashboard and in the review', () => {
  it('leads with the three most important flags to look at, and keeps the rest behind one control', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 4000 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin);
    // The address with the key signs this browser in and opens the dashboard.
    await page.goto(app!.url);
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();

    const region = page.getByRole('region', { name: 'Flags', exact: true });
    await region.getByRole('article').first().waitFor();
    await sees(region, '4 patterns worth a moment of thought.');
    const shown = async () =>
      Promise.all((await region.getByRole('article').all()).map(async (a) => a.isVisible()));
    expect((await shown()).filter(Boolean)).toHaveLength(3);
    expect(
      await region.getByRole('article', { name: 'IC work as a way out of something hard' }).isVisible(),
    ).toBe(true);
    // Acknowledged and dismissed flags are not left to look at.
    await sees(page.getByRole('region', { name: 'Commitments and follow-ups' }), 'Flags to look at 4');

    const more = region.getByText('1 more flag to look at and 1 flag you acknowledged');
    await more.click();
    expect((await shown()).filter(Boolean)).toHaveLength(5);
    await sees(region.getByRole('article', { name: CREEP }), 'Prototype search ranking');
    await sees(region.getByRole('article', { name: 'IC work to prove yourself' }), '“Fair”');
    await settled(page);
    await shot(page, 'flags-dashboard');
    // On `handson serve` there is no one to share with: no share controls, no coaching pages.
    expect(await page.getByRole('button', { name: /^Share with your coach/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Coaching' }).count()).toBe(0);
    // Nor a page that approves laptops: those push to an organisation's server.
    await page.goto(`${app!.origin}/device?code=BCDF-GHJK`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

    // The review asks about each flag by its title, quoted once.
    await page.goto(app!.at('#/review'));
    await page.getByRole('heading', { level: 1, name: 'Weekly review' }).waitFor();
    await page
      .getByRole('group', { name: 'What do you make of “‘Just helping’ has turned into owning”?' })
      .waitFor();
    expect(await page.getByText('““').count()).toBe(0);
    await sees(
      page.getByRole('region', { name: 'Flags', exact: true }),
      '4 flags to look at, 1 you acknowledged earlier.',
    );
    await sees(
      page.getByRole('region', { name: 'Questions for this week' }),
      'You put off the tough conversation with Sam “Talk to Sam about the on-call rota” on Fri 27 Nov this week.',
    );
    await shot(page, 'flags-review');
    expect(await page.getByRole('button', { name: /^Share with your coach/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
