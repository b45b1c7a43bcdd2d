import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LINK_MS } from './directory.js';
import { totpCode } from './second-factor.js';
import { SoftAuthenticator } from './soft-authenticator.js';
import { teamSuite } from './team-suite.js';
import { Jar } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe.runIf(PG_URL)('recovery links on an organisation’s server', () => {
  const team = teamSuite(PUBLIC);
  const { clock, later, call } = team;

  /** An organisation with a signed-in admin and a signed-in member. */
  async function organisation(name: string, domain: string) {
    const { jar: admin } = await team.organisation(name, `admin@${domain}`, PASSWORD);
    const invite = await call(admin, 'POST', '/api/org/invite', { email: `member@${domain}` });
    const member = new Jar();
    const joined = await call(member, 'POST', '/api/auth/accept', {
      token: String(invite.body.data!['link']).split('#token=')[1],
      name: 'Member',
      password: PASSWORD,
    });
    expect(joined.status).toBe(200);
    return { admin, member, email: `member@${domain}`, memberId: String(joined.body.data!['id']) };
  }

  async function issue(admin: Jar, email: string) {
    const answer = await call(admin, 'POST', '/api/org/recover', { email });
    expect(answer.status).toBe(200);
    const link = new URL(String(answer.body.data!['link']));
    return { link, token: new URLSearchParams(link.hash.slice(1)).get('token')! };
  }

  const signIn = (email: string, password: string) =>
    call(new Jar(), 'POST', '/api/auth/sign-in', { email, password });

  it('replaces a lost password once, ends every session, and signs in anew', async () => {
    const { admin, member, email } = await organisation('Acme', 'acme.example');
    const otherBrowser = new Jar();
    expect(
      (await call(otherBrowser, 'POST', '/api/auth/sign-in', { email, password: PASSWORD })).status,
    ).toBe(200);
    const { link, token } = await issue(admin, email);
    // In the fragment, as invitations: never sent to the server or in Referer.
    expect(link.origin + link.pathname).toBe(`${PUBLIC}/recover`);
    expect(link.search).toBe('');

    const browser = new Jar();
    const used = await call(browser, 'POST', '/api/auth/recover', { token, password: NEW_PASSWORD });
    expect(used.status).toBe(200);
    expect(used.body.data).toMatchObject({ email });
    expect((await call(browser, 'GET', '/api/auth/me')).body.data).toMatchObject({ email });
    // Every earlier session is over, on every browser.
    expect((await call(member, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(otherBrowser, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await signIn(email, PASSWORD)).status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);

    const again = await call(new Jar(), 'POST', '/api/auth/recover', {
      token,
      password: 'yet another passphrase',
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      field: 'token',
      message:
        'This recovery link is not valid: it was used already, or it is more than 10 minutes old. Ask an admin for a new one.',
    });
    // The token is kept as a digest only.
    const dump = JSON.stringify((await sql`select * from team_links`.execute(team.engine.db)).rows);
    expect(dump).not.toContain(token);
  });

  it('lasts ten minutes, and an invitation token is no recovery token', async () => {
    const { admin, email } = await organisation('Globex', 'globex.example');
    const { token } = await issue(admin, email);
    later(LINK_MS - 1000);
    const fresh = await issue(admin, email);
    later(1000);
    const late = await call(new Jar(), 'POST', '/api/auth/recover', { token, password: NEW_PASSWORD });
    expect(late.status).toBe(400);
    expect((await signIn(email, PASSWORD)).status).toBe(200);

    const invite = await call(admin, 'POST', '/api/org/invite', { email: 'new@globex.example' });
    const inviteToken = String(invite.body.data!['link']).split('#token=')[1];
    expect(
      (await call(new Jar(), 'POST', '/api/auth/recover', { token: inviteToken, password: NEW_PASSWORD }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(new Jar(), 'POST', '/api/auth/accept', {
          token: fresh.token,
          name: 'X',
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(new Jar(), 'POST', '/api/auth/recover', { token: fresh.token, password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
  });

  it('is issued by admins, for accounts of their own organisation only', async () => {
    const acme = await organisation('Initech', 'initech.example');
    const other = await organisation('Initrode', 'initrode.example');
    const unknown = await call(acme.admin, 'POST', '/api/org/recover', { email: 'nobody@initech.example' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.message).toBe('There is no account with this address in your organisation.');
    // Another organisation's member answers exactly as no account at all.
    const foreign = await call(acme.admin, 'POST', '/api/org/recover', { email: other.email });
    expect(foreign).toEqual(unknown);
    const byMember = await call(acme.member, 'POST', '/api/org/recover', { email: acme.email });
    expect(byMember.status).toBe(403);
    expect((await call(new Jar(), 'POST', '/api/org/recover', { email: acme.email })).status).toBe(401);
  });

  it('opens no disabled account', async () => {
    const { admin, email, memberId } = await organisation('Hooli', 'hooli.example');
    const { token } = await issue(admin, email);
    await call(admin, 'POST', '/api/org/disable', { accountId: memberId });
    const refused = await call(new Jar(), 'POST', '/api/auth/recover', { token, password: NEW_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toBe('This account is disabled: ask an admin of your organisation.');
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(401);
    const issued = await call(admin, 'POST', '/api/org/recover', { email });
    expect(issued.status).toBe(409);
  });

  it('replaces the password, not the second factor: an authenticator app is still asked for', async () => {
    const { admin, member, email } = await organisation('Vandelay', 'vandelay.example');
    const setup = await call(member, 'POST', '/api/auth/totp/setup');
    const secret = decodeBase32IgnorePadding(String(setup.body.data!['secret']));
    await call(member, 'POST', '/api/auth/totp/confirm', { code: totpCode(secret, clock()) });
    later(30_000);

    const { token } = await issue(admin, email);
    const browser = new Jar();
    const used = await call(browser, 'POST', '/api/auth/recover', { token, password: NEW_PASSWORD });
    expect(used.status).toBe(200);
    expect(used.body.data).toEqual({ secondFactor: 'totp' });
    expect(browser.cookies.has('__Host-handson_session')).toBe(false);
    expect((await call(browser, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(member, 'GET', '/api/auth/me')).status).toBe(401);
    const verified = await call(browser, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, clock()),
    });
    expect(verified.status).toBe(200);
    expect((await call(browser, 'GET', '/api/auth/me')).body.data).toMatchObject({ email });
  });

  it('replaces the password, not the passkey: the passkey is still asked for', async () => {
    const { admin, member, email } = await organisation('Wonka', 'wonka.example');
    const device = new SoftAuthenticator();
    expect((await team.addPasskey(member, device, 'Phone')).status).toBe(200);
    const { token } = await issue(admin, email);
    const browser = new Jar();
    const used = await call(browser, 'POST', '/api/auth/recover', { token, password: NEW_PASSWORD });
    expect(used.body.data).toEqual({ secondFactor: 'passkey' });
    expect(browser.cookies.size).toBe(0);
    const signedIn = await call(browser, 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await team.signInOptions(), { origin: PUBLIC }),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toMatchObject({ email });
  });
});
