import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamConfig } from '../server/team/config.js';
import { teamDirectory } from '../server/team/directory.js';
import { totpCode } from '../server/team/second-factor.js';
import { type RunningTeamServer, startTeamServer } from '../server/team/start.js';
import { teamDatabase } from '../server/team/test-support.js';
import { openEngine } from '../store/open.js';
import { launchChromium, watch } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/** A port that was free a moment ago: the public address must name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * An organisation's server in Chromium: the first admin opens the link `server bootstrap` printed,
 * names herself and picks a password, and lands in her own empty journal; another browser is asked
 * to sign in, is refused a wrong password in a sentence, and gets in with the right one.
 */
describe.runIf(PG_URL)('signing in to an organisation’s server in Chromium', () => {
  let browser: Browser | undefined;
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let server: RunningTeamServer;
  let origin: string;
  let owner: Awaited<ReturnType<typeof openEngine>>;

  beforeAll(async () => {
    browser = await launchChromium();
    database = await teamDatabase();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    const config = teamConfig({
      HANDSON_DATABASE_URL: database.appUrl,
      HANDSON_DATABASE_SCHEMA: database.schema,
      HANDSON_PUBLIC_URL: origin,
      HANDSON_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    server = await startTeamServer(
      config,
      { port, webRoot: join(import.meta.dirname, '../../dist/web') },
      () => {},
    );
    owner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await owner?.destroy();
    await database?.drop();
  });

  it('joins from the invitation link, and signs in elsewhere', async () => {
    const made = await teamDirectory(owner.db).bootstrap('Acme', 'ana@acme.example');
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
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other
      .getByRole('alert')
      .filter({ hasText: 'The email address or the password is not right.' })
      .waitFor();
    await other.getByLabel('Password').fill('correct horse battery');
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
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

  /** A change made by the page's own script, as the web app would make it: same origin, its cookie. */
  async function post(page: Page, path: string, json: unknown): Promise<{ data?: Record<string, unknown> }> {
    return page.evaluate(
      async ([p, body]) => {
        const res = await fetch(p, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await res.json()) as { data?: Record<string, unknown> };
      },
      [path, json] as const,
    );
  }

  /**
   * Signs in with the password, which is not enough: the page asks for a code. Settings opens after
   * (the dashboard's charts are not served by an organisation's server yet).
   */
  async function password(page: Page, email: string) {
    await page.goto(`${origin}/#/settings`);
    await page.getByRole('heading', { name: 'Sign in to Hands-on' }).waitFor();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Code from your authenticator app').waitFor();
  }

  it('sets up an authenticator app in Settings, then signs in with a code or a recovery code', async () => {
    const made = await teamDirectory(owner.db).bootstrap('Globex', 'gil@globex.example');
    const first = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const joining = await first.newPage();
    const problems = watch(joining, origin, [{ method: 'POST', path: '/api/profile/show', status: 409 }]);
    await joining.goto(`${origin}/accept#token=${made.token}`);
    await joining.getByLabel('Your name').fill('Gil');
    await joining.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await joining.getByLabel('The same password again').fill('correct horse battery');
    await joining.getByRole('button', { name: 'Create my account' }).click();
    await joining.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    await post(joining, '/api/profile/init', {
      name: 'Gil',
      role: 'director',
      reports: 3,
      tz: 'UTC',
      emails: ['gil@globex.example'],
    });

    // Settings in another tab, with the profile made: the joining tab would need a reload, and
    // Chromium cancels the icon it was fetching for the tab's new address.
    const page = await first.newPage();
    watch(page, origin, [{ method: 'POST', path: '/api/auth/totp/confirm', status: 400 }], problems);
    await page.goto(`${origin}/#/settings`);
    const section = page.getByRole('region', { name: 'Signing in' });
    await section.getByText('Off.').waitFor();
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = section.locator('dt:text-is("Key") + dd');
    await key.waitFor();
    const keyText = (await key.textContent())!;
    expect(keyText).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const link = (await section.locator('dt:text-is("Setup link") + dd').textContent())!;
    expect(link).toMatch(/^otpauth:\/\/totp\/Hands-on:gil%40globex\.example\?issuer=Hands-on&/);
    const secret = decodeBase32IgnorePadding(keyText.replaceAll(' ', ''));

    const code = section.getByLabel('Code from your authenticator app');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await code.fill(totpCode(secret, new Date(Date.now() - 10 * 30_000)));
    await section.getByRole('button', { name: 'Turn on' }).click();
    await section.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    await code.fill(totpCode(secret, new Date()));
    await section.getByRole('button', { name: 'Turn on' }).click();
    const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await section.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await codes.count()).toBe(10);
    const recovery = (await codes.first().textContent())!;
    await section.getByRole('button', { name: 'I have kept them' }).click();
    await section.getByText('On.').waitFor();

    // Another browser: the password, then the code the app shows (the next one: each works once).
    const second = await browser!.newContext();
    const other = await second.newPage();
    const problems2 = watch(other, origin, [
      { method: 'POST', path: '/api/profile/show', status: 401 },
      { method: 'POST', path: '/api/auth/totp/verify', status: 401 },
    ]);
    await password(other, 'gil@globex.example');
    await other.getByLabel('Code from your authenticator app').fill('000000');
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    await other
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    await other.getByRole('region', { name: 'Signing in' }).getByText('On.').waitFor();
    expect((await second.cookies()).map((c) => c.name)).toEqual(['__Host-handson_session']);

    // A third, with a recovery code instead of the phone.
    const third = await browser!.newContext();
    const lost = await third.newPage();
    const problems3 = watch(lost, origin, [{ method: 'POST', path: '/api/profile/show', status: 401 }]);
    await password(lost, 'gil@globex.example');
    await lost.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await lost.getByLabel('Recovery code').fill(recovery);
    await lost.getByRole('button', { name: 'Sign in', exact: true }).click();
    await lost.getByRole('region', { name: 'Signing in' }).getByText('On.').waitFor();

    // Gil requires a second factor of everyone: Mo, invited, must set one up before anything else.
    expect((await post(page, '/api/org/second-factor', { required: true })).data).toEqual({ required: true });
    const invited = await post(page, '/api/org/invite', { email: 'mo@globex.example' });
    const fourth = await browser!.newContext();
    const mo = await fourth.newPage();
    const problems4 = watch(mo, origin, [
      { method: 'POST', path: '/api/profile/show', status: 403 },
      { method: 'POST', path: '/api/profile/show', status: 409 },
    ]);
    await mo.goto(String(invited.data!['link']).replace('https://handson.example.org', origin));
    await mo.getByLabel('Your name').fill('Mo');
    await mo.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await mo.getByLabel('The same password again').fill('correct horse battery');
    await mo.getByRole('button', { name: 'Create my account' }).click();
    await mo.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    await mo.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const moKey = (await mo.locator('dt:text-is("Key") + dd').textContent())!;
    await mo
      .getByLabel('Code from your authenticator app')
      .fill(totpCode(decodeBase32IgnorePadding(moKey.replaceAll(' ', '')), new Date()));
    await mo.getByRole('button', { name: 'Turn on' }).click();
    await mo.getByRole('button', { name: 'I have kept them' }).click();
    await mo.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();

    expect({ gil: problems, second: problems2, third: problems3, mo: problems4 }).toEqual({
      gil: [],
      second: [],
      third: [],
      mo: [],
    });
    for (const c of [first, second, third, fourth]) await c.close();
  }, 120_000);
});
