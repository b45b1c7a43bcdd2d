import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PAIR_FAILURES } from './limits.js';
import { CHALLENGE_MS } from './passkeys.js';
import { totpCode } from './second-factor.js';
import { SoftAuthenticator } from './soft-authenticator.js';
import { teamSuite } from './team-suite.js';
import { Jar } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const PASSWORD = 'correct horse battery';

describe.runIf(PG_URL)('passkeys on an organisation’s server', () => {
  const team = teamSuite(PUBLIC);
  const { clock, later, call, organisation, addPasskey, signInOptions } = team;

  it('adds a named, discoverable, verified passkey, and signs in with it without an address', async () => {
    const { jar, email } = await organisation('Acme', 'ana@acme.example');
    const device = new SoftAuthenticator();
    const options = await call(jar, 'POST', '/api/auth/passkeys/options', { password: PASSWORD });
    const creation = options.body.data as unknown as PublicKeyCredentialCreationOptionsJSON;
    // Bound to the public address, discoverable, and asking for user verification.
    expect(creation.rp).toEqual({ id: 'handson.example.org', name: 'Hands-on' });
    expect(creation.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    expect(creation.attestation).toBe('none');
    const added = await call(jar, 'POST', '/api/auth/passkeys/add', {
      name: ' Work laptop ',
      response: device.create(creation, { origin: PUBLIC }),
    });
    expect(added.status).toBe(200);
    expect(added.body.data).toMatchObject({ name: 'Work laptop', lastUsedAt: null });
    const list = await call(jar, 'GET', '/api/auth/passkeys');
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: device.credentials[0]!.id.toString('base64url'), name: 'Work laptop' }),
    ]);

    // Another browser, nothing typed: the passkey alone starts a full session.
    const browser = new Jar();
    const request = await signInOptions();
    expect(request).toMatchObject({ rpId: 'handson.example.org', userVerification: 'required' });
    expect(request.allowCredentials ?? []).toEqual([]);
    const signedIn = await call(browser, 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(request, { origin: PUBLIC }),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data).toMatchObject({ email });
    expect((await call(browser, 'GET', '/api/auth/me')).body.data).toMatchObject({ email });

    // The server keeps the public key, the counter and transports; last use is recorded.
    const { rows } = await sql<{ counter: string; transports: string[]; public_key: Buffer }>`
      select counter, transports, public_key from team_passkeys`.execute(team.engine.db);
    expect(rows).toEqual([
      { counter: '1', transports: ['internal'], public_key: device.credentials[0]!.publicCose },
    ]);

    // The password alone no longer signs in: the passkey is the second step.
    const password = await call(new Jar(), 'POST', '/api/auth/sign-in', { email, password: PASSWORD });
    expect(password.body.data).toEqual({ secondFactor: 'passkey' });
  });

  it('takes each challenge once, and none that has expired', async () => {
    const { jar } = await organisation('Globex', 'gil@globex.example');
    const device = new SoftAuthenticator();
    expect((await addPasskey(jar, device)).status).toBe(200);

    const request = await signInOptions();
    const answer = device.get(request, { origin: PUBLIC });
    expect((await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', { response: answer })).status).toBe(
      200,
    );
    // The same answer again (captured on the way): the challenge is spent.
    const replayed = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', { response: answer });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error!.message).toMatch(/^This passkey request ended: it was used already/);
    // A fresh answer from the authenticator to the spent challenge: still refused.
    const again = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(request, { origin: PUBLIC }),
    });
    expect(again.status).toBe(401);

    const slow = await signInOptions();
    later(CHALLENGE_MS);
    const late = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(slow, { origin: PUBLIC }),
    });
    expect(late.status).toBe(401);
    expect(late.body.error!.message).toMatch(/more than 5 minutes old/);

    // Registration's challenge is single use too, and is the account's own.
    const options = await call(jar, 'POST', '/api/auth/passkeys/options', { password: PASSWORD });
    const creation = options.body.data as unknown as PublicKeyCredentialCreationOptionsJSON;
    const other = await organisation('Globex 2', 'gus@globex.example');
    const stolen = await call(other.jar, 'POST', '/api/auth/passkeys/add', {
      name: 'Not mine',
      response: new SoftAuthenticator().create(creation, { origin: PUBLIC }),
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error!.field).toBe('response');
    const reply = device.create(creation, { origin: PUBLIC });
    expect(
      (await call(jar, 'POST', '/api/auth/passkeys/add', { name: 'Phone', response: reply })).status,
    ).toBe(200);
    expect(
      (await call(jar, 'POST', '/api/auth/passkeys/add', { name: 'Phone', response: reply })).status,
    ).toBe(400);
  });

  it('refuses an answer made for another site, or without user verification', async () => {
    const { jar } = await organisation('Initech', 'ida@initech.example');
    const phishing = await addPasskey(
      jar,
      new SoftAuthenticator(),
      'Phish',
      'https://handson.example.org.evil.example',
    );
    expect(phishing.status).toBe(400);
    expect(phishing.body.error!.message).toBe(
      'Your browser’s answer could not be checked, so the passkey was not added. Try again.',
    );
    const unverified = await call(jar, 'POST', '/api/auth/passkeys/options', { password: PASSWORD });
    const lazy = await call(jar, 'POST', '/api/auth/passkeys/add', {
      name: 'No PIN',
      response: new SoftAuthenticator().create(
        unverified.body.data as unknown as PublicKeyCredentialCreationOptionsJSON,
        { origin: PUBLIC, userVerified: false },
      ),
    });
    expect(lazy.status).toBe(400);
    expect((await call(jar, 'GET', '/api/auth/passkeys')).body.data).toEqual([]);

    const device = new SoftAuthenticator();
    expect((await addPasskey(jar, device)).status).toBe(200);
    const elsewhere = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await signInOptions(), { origin: 'https://evil.example' }),
    });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error!.message).toMatch(/^That passkey did not sign you in/);
    const noPin = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await signInOptions(), { origin: PUBLIC, userVerified: false }),
    });
    expect(noPin.status).toBe(401);
    // A passkey this server does not know, with a good signature of its own, gets nowhere.
    const stranger = new SoftAuthenticator();
    stranger.create(
      (await call(jar, 'POST', '/api/auth/passkeys/options', { password: PASSWORD })).body
        .data as unknown as PublicKeyCredentialCreationOptionsJSON,
      { origin: PUBLIC },
    );
    const unknown = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: stranger.get(await signInOptions(), { origin: PUBLIC }),
    });
    expect(unknown.status).toBe(401);
  });

  it('refuses a signature counter that goes backwards, a sign of a copied passkey', async () => {
    const { jar } = await organisation('Hooli', 'hal@hooli.example');
    const device = new SoftAuthenticator();
    await addPasskey(jar, device);
    for (let i = 0; i < 3; i++) {
      const ok = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
        response: device.get(await signInOptions(), { origin: PUBLIC }),
      });
      expect(ok.status).toBe(200);
    }
    const clone = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await signInOptions(), { origin: PUBLIC, counter: 2 }),
    });
    expect(clone.status).toBe(401);
    expect(clone.body.error!.message).toMatch(/counter went backwards/);
  });

  it('counts failed passkey sign-ins with failed passwords', async () => {
    const { jar, email } = await organisation('Vandelay', 'art@vandelay.example');
    const device = new SoftAuthenticator();
    await addPasskey(jar, device);
    for (let i = 0; i < PAIR_FAILURES; i++) {
      const wrong = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
        response: device.get(await signInOptions(), { origin: 'https://evil.example' }),
      });
      expect(wrong.status).toBe(401);
    }
    const blocked = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await signInOptions(), { origin: PUBLIC }),
    });
    expect(blocked.status).toBe(429);
    const password = await call(new Jar(), 'POST', '/api/auth/sign-in', { email, password: PASSWORD });
    expect(password.status).toBe(429);
  });

  it('asks for the password again before adding or removing a passkey, and counts wrong ones as failed sign-ins', async () => {
    const { jar, email } = await organisation('Kramerica', 'kk@kramerica.example');
    // A session alone (a browser left signed in) does not get a challenge.
    const none = await call(jar, 'POST', '/api/auth/passkeys/options', {});
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'invalid', field: 'password' });
    const wrong = await call(jar, 'POST', '/api/auth/passkeys/options', { password: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ field: 'password' });
    expect(wrong.body.error!.message).toMatch(/^That is not your password\./);
    // Still signed in: a wrong password here is not a sign-out.
    expect((await call(jar, 'GET', '/api/auth/me')).status).toBe(200);
    const device = new SoftAuthenticator();
    expect((await addPasskey(jar, device)).status).toBe(200);
    const [key] = (await call(jar, 'GET', '/api/auth/passkeys')).body.data as unknown as { id: string }[];
    expect((await call(jar, 'POST', '/api/auth/passkeys/remove', { id: key!.id })).status).toBe(400);
    expect(
      (await call(jar, 'POST', '/api/auth/passkeys/remove', { id: key!.id, password: 'guess' })).status,
    ).toBe(400);
    expect((await call(jar, 'GET', '/api/auth/passkeys')).body.data).toHaveLength(1);
    // Guessing here spends the same budget as signing in (the right password above reset it; the
    // guess at removing was the first): it runs out, and sign-in is held too.
    for (let i = 1; i < PAIR_FAILURES; i++) {
      await call(jar, 'POST', '/api/auth/passkeys/options', { password: `guess ${i}` });
    }
    expect((await call(jar, 'POST', '/api/auth/passkeys/options', { password: PASSWORD })).status).toBe(429);
    expect((await call(new Jar(), 'POST', '/api/auth/sign-in', { email, password: PASSWORD })).status).toBe(
      429,
    );
  });

  it('refuses a disabled account’s passkey', async () => {
    const { jar: adminJar } = await organisation('Wonka', 'willy@wonka.example');
    const invite = await call(adminJar, 'POST', '/api/org/invite', { email: 'charlie@wonka.example' });
    const token = String(invite.body.data!['link']).split('#token=')[1];
    const member = new Jar();
    const joined = await call(member, 'POST', '/api/auth/accept', {
      token,
      name: 'Charlie',
      password: PASSWORD,
    });
    const device = new SoftAuthenticator();
    await addPasskey(member, device);
    await call(adminJar, 'POST', '/api/org/disable', { accountId: joined.body.data!['id'] });
    const refused = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in', {
      response: device.get(await signInOptions(), { origin: PUBLIC }),
    });
    expect(refused.status).toBe(401);
  });

  it('satisfies an organisation’s requirement, and the last factor cannot be removed while it holds', async () => {
    const { jar: adminJar } = await organisation('Umbrella', 'uma@umbrella.example');
    const adminKey = new SoftAuthenticator();
    await addPasskey(adminJar, adminKey);
    // A passkey is a second factor: the admin may require one now.
    expect((await call(adminJar, 'POST', '/api/org/second-factor', { required: true })).body.data).toEqual({
      required: true,
    });

    const invite = await call(adminJar, 'POST', '/api/org/invite', { email: 'mo@umbrella.example' });
    const token = String(invite.body.data!['link']).split('#token=')[1];
    const member = new Jar();
    await call(member, 'POST', '/api/auth/accept', { token, name: 'Mo', password: PASSWORD });
    expect((await call(member, 'POST', '/api/profile/show')).status).toBe(403);
    // Held back, the member may still add a passkey; then everything opens.
    const phone = new SoftAuthenticator();
    expect((await addPasskey(member, phone, 'Phone')).status).toBe(200);
    expect((await call(member, 'POST', '/api/profile/show')).body.error!.code).toBe('no-profile');

    const [only] = (await call(member, 'GET', '/api/auth/passkeys')).body.data as unknown as { id: string }[];
    const refused = await call(member, 'POST', '/api/auth/passkeys/remove', {
      id: only!.id,
      password: PASSWORD,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error!.message).toBe(
      'Your organisation requires a second factor and this passkey is your last one: add another passkey or an authenticator app before removing it.',
    );
    // With an authenticator app as well, the passkey can go; then the app is the last one.
    const setup = await call(member, 'POST', '/api/auth/totp/setup');
    const secret = decodeBase32IgnorePadding(String(setup.body.data!['secret']));
    await call(member, 'POST', '/api/auth/totp/confirm', { code: totpCode(secret, clock()) });
    expect(
      (await call(member, 'POST', '/api/auth/passkeys/remove', { id: only!.id, password: PASSWORD })).status,
    ).toBe(200);
    expect((await call(member, 'GET', '/api/auth/passkeys')).body.data).toEqual([]);
    later(30_000);
    const lastApp = await call(member, 'POST', '/api/auth/totp/disable', { code: totpCode(secret, clock()) });
    expect(lastApp.status).toBe(409);
    expect(lastApp.body.error!.message).toMatch(/^Your organisation requires a second factor/);
    // Someone else's passkey is not theirs to remove.
    const [adminPasskey] = (await call(adminJar, 'GET', '/api/auth/passkeys')).body.data as unknown as {
      id: string;
    }[];
    expect(
      (await call(member, 'POST', '/api/auth/passkeys/remove', { id: adminPasskey!.id, password: PASSWORD }))
        .status,
    ).toBe(404);
  });
});
