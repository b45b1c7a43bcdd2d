import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDirectory } from '../server/team/directory.js';
import { launchChromium, serveTeam, type TeamServed, watch } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * An organisation's server in Chromium: the first admin opens the link `server bootstrap` printed,
 * names herself and picks a password, and lands in her own empty journal; another browser is asked
 * to sign in, is refused a wrong password in a sentence, and gets in with the right one.
 */
describe.runIf(PG_URL)('signing in to an organisation’s server in Chromium', () => {
  let browser: Browser | undefined;
  let team: TeamServed | undefined;
  let origin: string;

  beforeAll(async () => {
    browser = await launchChromium();
    team = await serveTeam();
    origin = team.origin;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  it('joins from the invitation link, and signs in elsewhere', async () => {
    const made = await teamDirectory(team!.owner.db).bootstrap('Acme', 'ana@acme.example');
    const first = await browser!.newContext({ viewport: { width: 375, height: 800 } });
    const page = await first.newPage();
    const problems = watch(page, origin, [{ method: 'POST', path: '/api/profile/show', status: 409 }]);
    await page.goto(`${origin}/accept#token=${made.token}`);
    await page.getByRole('heading', { name: 'Join Hands-on' }).waitFor();
    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('The same password again').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    // The spent token is off the address bar.
    expect(page.url()).toBe(`${origin}/#/`);
    const [cookie] = await first.cookies();
    expect(cookie).toMatchObject({
      name: '__Host-handson_session',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });

    // A second browser has no session: it is asked to sign in.
    const second = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await second.newPage();
    const problems2 = watch(other, origin, [
      { method: 'POST', path: '/api/profile/show', status: 401 },
      { method: 'POST', path: '/api/auth/sign-in', status: 401 },
      { method: 'POST', path: '/api/profile/show', status: 409 },
      { method: 'POST', path: '/api/auth/accept', status: 400 },
    ]);
    await other.goto(`${origin}/`);
    await other.getByRole('heading', { name: 'Sign in to Hands-on' }).waitFor();
    await other.getByLabel('Email address').fill('ana@acme.example');
    await other.getByLabel('Password').fill('not my password');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other
      .getByRole('alert')
      .filter({ hasText: 'The email address or the password is not right.' })
      .waitFor();
    await other.getByLabel('Password').fill('correct horse battery');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();

    // The link was for one use: opened again, it says so.
    await other.goto(`${origin}/accept#token=${made.token}`);
    await other.getByRole('heading', { name: 'Join Hands-on' }).waitFor();
    await other.getByLabel('Your name').fill('Mallory');
    await other.getByLabel('Password', { exact: true }).fill('another long password');
    await other.getByLabel('The same password again').fill('another long password');
    await other.getByRole('button', { name: 'Create my account' }).click();
    await other.getByRole('alert').filter({ hasText: 'used already' }).waitFor();

    expect(problems).toEqual([]);
    expect(problems2).toEqual([]);
    await first.close();
    await second.close();
  }, 90_000);
});
