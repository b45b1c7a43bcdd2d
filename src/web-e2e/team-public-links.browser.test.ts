import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GONE_TITLE, SUMMARY_LABELS } from '../domain/present/public-links.js';
import { teamDirectory } from '../server/team/directory.js';
import { teamCaller } from '../server/team/test-support.js';
import { type Expected, launchChromium, serveTeam, shot, type TeamServed, watch } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * A public link in Chromium: Peter composes a report summary of two fields, previews and publishes
 * it; someone who is not signed in opens the link in a fresh browser and reads exactly those two
 * fields and nothing of his journal; Peter revokes it, and the same page, reloaded, is gone (410).
 */
describe.runIf(PG_URL)('public links in Chromium', () => {
  let browser: Browser | undefined;
  let team: TeamServed | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    team = await serveTeam();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  it('shows the fields chosen to anyone with the link, and nothing once revoked', async () => {
    const origin = team!.origin;
    const call = teamCaller(origin);
    const made = await teamDirectory(team!.owner.db).bootstrap('Initech', 'bill@initech.example');
    const admin = await call(team!.server, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: 'Bill', password: 'correct horse battery' },
    });
    const link = String(
      (
        await call(team!.server, 'POST', '/api/org/invite', {
          cookie: admin.cookie!,
          json: { email: 'peter@initech.example', role: 'member' },
        })
      ).body.data!['link'],
    );

    const problems: string[] = [];
    const expected: Expected[] = [
      { method: 'POST', path: '/api/profile/show', status: 409 },
      { method: 'GET', path: /^\/api\/events$/, status: 404 },
      { method: 'GET', path: /^\/api\/charts\//, status: 404 },
    ];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page, origin, expected, problems);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, origin));
    await page.getByLabel('Your name').fill('Peter');
    await page.getByLabel('Password', { exact: true }).fill('Peter has a long password');
    await page.getByLabel('The same password again').fill('Peter has a long password');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-handson_session')!.value;
    const api = (path: string, json: unknown) => call(team!.server, 'POST', path, { cookie, json });
    await api('/api/profile/init', {
      name: 'Peter',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['peter@initech.example'],
    });
    const today = String((await api('/api/week/summary', {})).body.data!['today']);
    await api('/api/journal/log', {
      title: 'SECRET TPS report fixes',
      minutes: 240,
      reasons: ['unwind'],
      date: today,
    });
    await api('/api/reflections/add', { text: 'SECRET I am doing this to avoid Lumbergh' });

    // Compose: the budget (ticked already) and IC time instead of the reasons mix.
    // The app read "no profile yet" when it opened: open it again now that there is one.
    await page.goto(`${origin}/#/public-links`);
    await page.reload();
    await page.getByRole('heading', { name: 'Public links', level: 1 }).waitFor();
    await page.getByLabel(SUMMARY_LABELS['reasons-mix']).uncheck();
    await page.getByLabel(SUMMARY_LABELS['ic-time'], { exact: true }).check();
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('article', { name: 'What the public page will show' });
    await preview.waitFor();
    expect(await preview.locator('h4').allTextContents()).toEqual([
      SUMMARY_LABELS['ic-budget'],
      SUMMARY_LABELS['ic-time'],
    ]);
    await page.getByRole('button', { name: 'Publish' }).click();
    const url = await page.getByLabel('The link').inputValue();
    await shot(page, 'public-links-published');
    expect(url).toMatch(new RegExp(`^${origin}/p/[A-Za-z0-9_-]{43}$`));

    // Someone else, not signed in, in a browser of their own.
    const stranger = await browser!.newContext();
    const outside = await stranger.newPage();
    const strangerProblems: string[] = [];
    // The revoked page, on purpose.
    watch(outside, origin, [{ method: 'GET', path: /^\/p\//, status: 410 }], strangerProblems);
    const opened = await outside.goto(url);
    expect(opened?.status()).toBe(200);
    expect(await opened?.headerValue('x-robots-tag')).toContain('noindex');
    expect(await outside.locator('section h2').allTextContents()).toEqual([
      SUMMARY_LABELS['ic-budget'],
      SUMMARY_LABELS['ic-time'],
    ]);
    expect(await outside.locator('section[data-field="ic-time"] .value').textContent()).toBe('4 h');
    const text = (await outside.locator('body').textContent())!;
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('peter@initech.example');
    expect(text).not.toContain(SUMMARY_LABELS['reasons-mix']);
    expect(await outside.locator('script').count()).toBe(0);
    await shot(outside, 'public-link-page');

    // Peter revokes it; the stranger reloads.
    await page.getByRole('button', { name: /^Revoke: IC work and leadership/ }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText(/Revoked on/).waitFor();
    const reloaded = await outside.reload();
    expect(reloaded?.status()).toBe(410);
    await outside.getByRole('heading', { name: GONE_TITLE }).waitFor();
    expect(await outside.locator('body').textContent()).not.toContain(SUMMARY_LABELS['ic-time']);

    await stranger.close();
    await context.close();
    expect(problems).toEqual([]);
    expect(strangerProblems).toEqual([]);
  }, 120_000);
});
