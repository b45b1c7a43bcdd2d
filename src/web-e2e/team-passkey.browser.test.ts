import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDirectory } from '../server/team/directory.js';
import { launchChromium, serveTeam, type TeamServed, watch } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * Passkeys in Chromium, with its virtual authenticator (CDP's WebAuthn domain) standing in for a
 * laptop's fingerprint reader: added by name in Settings, then, signed out, signing in without an
 * address or password. The server is at http://localhost, which browsers treat as a secure context.
 */
describe.runIf(PG_URL)('passkeys on an organisation’s server in Chromium', () => {
  /** A change with the context's own cookie and the page's origin, as the web app makes it. */
  const post = async (context: BrowserContext, path: string, data: unknown = {}) =>
    (
      await context.request.post(`${team.origin}${path}`, { data, headers: { origin: team.origin } })
    ).status();

  /** Chromium's virtual authenticator on the page: a laptop's fingerprint reader, always touched. */
  async function fingerprintReader(context: BrowserContext, page: Page) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { cdp, authenticatorId };
  }

  /** Accepts an invitation link in the page, as a new person would. */
  async function join(page: Page, link: string, name: string) {
    await page.goto(link);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('The same password again').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create my account' }).click();
  }

  let browser: Browser | undefined;
  let team: TeamServed;

  beforeAll(async () => {
    browser = await launchChromium();
    team = await serveTeam({ secretKey: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  it('adds a passkey in Settings, signs out, and signs in with it alone; someone held back by a requirement enrols with one', async () => {
    const { origin } = team;
    const made = await teamDirectory(team.owner.db).bootstrap('Acme', 'ana@acme.example');
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page, origin, [
      { method: 'POST', path: '/api/profile/show', status: 409 },
      { method: 'POST', path: /^\/api\/profile\/show$/, status: 401 },
      // Add a passkey before typing the password again: refused, as it should be.
      { method: 'POST', path: '/api/auth/passkeys/options', status: 400 },
    ]);
    const { cdp, authenticatorId } = await fingerprintReader(context, page);

    await join(page, `${origin}/accept#token=${made.token}`, 'Ana');
    await page.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    expect(
      await post(context, '/api/profile/init', {
        name: 'Ana',
        role: 'director',
        reports: 3,
        tz: 'UTC',
        emails: ['ana@acme.example'],
      }),
    ).toBe(200);

    await page.goto(`${origin}/#/settings`);
    await page.reload();
    const section = page.getByRole('region', { name: 'Signing in' });
    await section.getByLabel('Name of the new passkey').fill('Work laptop');
    // Without the password again, nothing is asked of the authenticator.
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section
      .getByRole('form', { name: 'Add a passkey' })
      .getByRole('alert')
      .getByText('your password')
      .waitFor();
    await section.getByLabel('Your password').fill('correct horse battery');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    const listed = section.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
    await listed.filter({ hasText: 'Work laptop' }).waitFor();
    expect(await listed.count()).toBe(1);
    // The authenticator keeps it as a discoverable credential, with a user handle for the sign-in.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    expect(await post(context, '/api/auth/sign-out')).toBe(200);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${origin}/#/settings`);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Hands-on' }).waitFor();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('region', { name: 'Signing in' }).getByText('last used').waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: '__Host-handson_session', httpOnly: true, secure: true });
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount);

    // Ana, with a passkey, requires a second factor of everyone; Mo, invited, enrols with a passkey
    // from the page that holds him back, without an authenticator app.
    expect(await post(context, '/api/org/second-factor', { required: true })).toBe(200);
    const invited = await context.request.post(`${origin}/api/org/invite`, {
      data: { email: 'mo@acme.example' },
      headers: { origin },
    });
    const link = String((await invited.json()).data.link).replace('https://handson.example.org', origin);
    const moContext = await browser!.newContext({ viewport: { width: 375, height: 800 } });
    const mo = await moContext.newPage();
    const moProblems = watch(mo, origin, [
      { method: 'POST', path: '/api/profile/show', status: 403 },
      { method: 'POST', path: '/api/profile/show', status: 409 },
    ]);
    const moReader = await fingerprintReader(moContext, mo);
    await join(mo, link, 'Mo');
    await mo.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    const withPasskey = mo.getByRole('region', { name: 'Or with a passkey' });
    await withPasskey.getByLabel('Your password').fill('correct horse battery');
    await withPasskey.getByLabel('Name of the new passkey').fill('Phone');
    await withPasskey.getByRole('button', { name: 'Add a passkey' }).click();
    await mo.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
    const moKeys = await moReader.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: moReader.authenticatorId,
    });
    expect(moKeys.credentials).toHaveLength(1);

    expect({ ana: problems, mo: moProblems }).toEqual({ ana: [], mo: [] });
    await moContext.close();
    await context.close();
  }, 120_000);
});
