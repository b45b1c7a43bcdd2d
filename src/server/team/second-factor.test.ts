import { randomBytes } from 'node:crypto';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { teamConfig } from './config.js';
import { teamDirectory } from './directory.js';
import { PAIR_FAILURES } from './limits.js';
import { PENDING_ATTEMPTS, PENDING_SIGN_IN_MS, RECOVERY_CODES, totpCode } from './second-factor.js';
import { teamSuite } from './team-suite.js';
import { Jar } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const PASSWORD = 'correct horse battery';
const STEP_MS = 30_000;

describe('the server’s secret key', () => {
  const base = { HANDSON_DATABASE_URL: 'postgres://a@b/c', HANDSON_PUBLIC_URL: 'http://localhost:4800' };
  it('is optional, and when given must be 32 bytes of base64', () => {
    expect(teamConfig(base).secretKey).toBeUndefined();
    const key = randomBytes(32);
    expect(teamConfig({ ...base, HANDSON_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(
      new Uint8Array(key),
    );
    expect(() => teamConfig({ ...base, HANDSON_SECRET_KEY: 'hunter2' })).toThrow(
      /HANDSON_SECRET_KEY: expected 32 random bytes in base64, such as the output of `openssl rand -base64 32`/,
    );
  });
});

describe.runIf(PG_URL)('a second factor on an organisation’s server', () => {
  // Whole steps from a step's start: each test moves the clock on as a person would.
  const team = teamSuite(PUBLIC);
  const { clock, later, call, organisation } = team;

  /** Sets up and confirms a second factor; the secret as the authenticator app holds it. */
  async function enrol(jar: Jar) {
    const setup = await call(jar, 'POST', '/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const secret = decodeBase32IgnorePadding(String(setup.body.data!['secret']));
    const confirmed = await call(jar, 'POST', '/api/auth/totp/confirm', { code: totpCode(secret, clock()) });
    expect(confirmed.status).toBe(200);
    return { secret, recoveryCodes: confirmed.body.data!['recoveryCodes'] as string[] };
  }

  async function password(email: string) {
    const jar = new Jar();
    const answer = await call(jar, 'POST', '/api/auth/sign-in', { email, password: PASSWORD });
    return { jar, answer };
  }

  it('sets up an authenticator app: a secret to type or scan, confirmed by a code, then recovery codes', async () => {
    const { jar, email } = await organisation('Acme', 'ana@acme.example');
    const setup = await call(jar, 'POST', '/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const secretText = String(setup.body.data!['secret']);
    expect(secretText).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(String(setup.body.data!['uri']));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Hands-on:${email}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      issuer: 'Hands-on',
      secret: secretText,
      period: '30',
      digits: '6',
      algorithm: 'SHA1',
    });
    // Not on until confirmed: the password alone still signs in.
    expect((await password(email)).answer.body.data).toMatchObject({ email });

    const secret = decodeBase32IgnorePadding(secretText);
    const wrong = await call(jar, 'POST', '/api/auth/totp/confirm', {
      code: totpCode(secret, new Date(clock().getTime() - 5 * STEP_MS)),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ field: 'code', message: expect.stringMatching(/not right/) });
    const badShape = await call(jar, 'POST', '/api/auth/totp/confirm', { code: '12345' });
    expect(badShape.body.error!.message).toBe('code: expected the 6 digits your authenticator app shows now');

    const confirmed = await call(jar, 'POST', '/api/auth/totp/confirm', { code: totpCode(secret, clock()) });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.data!['recoveryCodes'] as string[];
    expect(codes).toHaveLength(RECOVERY_CODES);
    for (const c of codes) expect(c).toMatch(/^([a-z2-7]{4}-){5}[a-z2-7]{4}$/);
    expect(new Set(codes).size).toBe(RECOVERY_CODES);

    const me = await call(jar, 'GET', '/api/auth/me');
    expect(me.body.data!['secondFactor']).toEqual({ active: true, required: false, available: true });
    // The secret is shown once: asking again is refused rather than answered with it.
    const again = await call(jar, 'POST', '/api/auth/totp/setup');
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(secretText);

    // The database holds the secret sealed and the recovery codes as digests only.
    const { rows } = await sql<{ secret: string }>`select secret from team_second_factors`.execute(
      team.engine.db,
    );
    expect(rows[0]!.secret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const dump = JSON.stringify(
      (await sql`select * from team_second_factors, team_recovery_codes`.execute(team.engine.db)).rows,
    );
    expect(dump).not.toContain(secretText);
    expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replaceAll('-', ''));
    }
  });

  it('asks for a code after the password, and starts the session only with the right one', async () => {
    const { jar: adminJar, email } = await organisation('Globex', 'gil@globex.example');
    const { secret } = await enrol(adminJar);
    later(STEP_MS);

    const { jar, answer } = await password(email);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ secondFactor: 'totp' });
    // A half sign-in, not a session: nothing but the code route takes it.
    expect(jar.cookies.has('__Host-handson_session')).toBe(false);
    const half = jar.cookies.get('__Host-handson_pending');
    expect(half).toMatch(/^[\w-]{43}$/);
    expect((await call(jar, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(jar, 'POST', '/api/profile/show')).status).toBe(401);

    // A wrong code is refused, in a sentence, and no session starts.
    const wrongCode = String((Number(totpCode(secret, clock())) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await call(jar, 'POST', '/api/auth/totp/verify', { code: wrongCode });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      code: 'unauthorized',
      field: 'code',
      message: 'That code is not right, or was used already. Type the code your authenticator app shows now.',
    });
    expect(jar.cookies.has('__Host-handson_session')).toBe(false);

    const right = await call(jar, 'POST', '/api/auth/totp/verify', { code: totpCode(secret, clock()) });
    expect(right.status).toBe(200);
    expect(right.body.data).toMatchObject({ email });
    expect(jar.cookies.has('__Host-handson_pending')).toBe(false);
    expect((await call(jar, 'GET', '/api/auth/me')).body.data).toMatchObject({ email });

    // The half sign-in is spent: its cookie, replayed, finishes nothing.
    const stale = new Jar();
    stale.cookies.set('__Host-handson_pending', half!);
    later(STEP_MS);
    expect(
      (await call(stale, 'POST', '/api/auth/totp/verify', { code: totpCode(secret, clock()) })).status,
    ).toBe(401);
  });

  it('takes each code once, and none older than one step', async () => {
    const { jar: adminJar, email } = await organisation('Initech', 'ida@initech.example');
    const { secret } = await enrol(adminJar);
    later(STEP_MS);

    const first = await password(email);
    const code = totpCode(secret, clock());
    expect((await call(first.jar, 'POST', '/api/auth/totp/verify', { code })).status).toBe(200);
    // The same code, still on the phone's screen, from another browser: refused.
    const replay = await password(email);
    const replayed = await call(replay.jar, 'POST', '/api/auth/totp/verify', { code });
    expect(replayed.status).toBe(401);
    expect(replayed.body.error!.message).toMatch(/used already/);

    // Two steps later, the code of two steps ago is too old; last step's is still taken.
    later(2 * STEP_MS);
    const old = await call(replay.jar, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, new Date(clock().getTime() - 2 * STEP_MS)),
    });
    expect(old.status).toBe(401);
    const slow = await call(replay.jar, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, new Date(clock().getTime() - STEP_MS)),
    });
    expect(slow.status).toBe(200);
    // And the next step's (a phone's clock a little ahead), once the current one is not yet used.
    later(STEP_MS);
    const ahead = await password(email);
    const next = await call(ahead.jar, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, new Date(clock().getTime() + STEP_MS)),
    });
    expect(next.status).toBe(200);
  });

  it('takes a recovery code once, however it is typed', async () => {
    const { jar: adminJar, email } = await organisation('Hooli', 'hal@hooli.example');
    const { recoveryCodes } = await enrol(adminJar);
    const [one, two] = recoveryCodes as [string, string];

    const first = await password(email);
    const used = await call(first.jar, 'POST', '/api/auth/totp/verify', {
      recoveryCode: ` ${one.toUpperCase().replaceAll('-', ' ')} `,
    });
    expect(used.status).toBe(200);
    expect((await call(first.jar, 'GET', '/api/auth/me')).status).toBe(200);

    const second = await password(email);
    const again = await call(second.jar, 'POST', '/api/auth/totp/verify', { recoveryCode: one });
    expect(again.status).toBe(401);
    expect(again.body.error).toMatchObject({
      field: 'recoveryCode',
      message: 'That recovery code is not right, or was used already.',
    });
    expect((await call(second.jar, 'POST', '/api/auth/totp/verify', { recoveryCode: two })).status).toBe(200);
    const both = await call(second.jar, 'POST', '/api/auth/totp/verify', {
      code: '123456',
      recoveryCode: two,
    });
    expect(both.body.error!.message).toBe(
      'expected either the code from your authenticator app or a recovery code',
    );
  });

  it('ends a half sign-in after five minutes, or after a few wrong codes', async () => {
    const { jar: adminJar, email } = await organisation('Vandelay', 'art@vandelay.example');
    const { secret } = await enrol(adminJar);
    later(STEP_MS);

    const slow = await password(email);
    later(PENDING_SIGN_IN_MS);
    const expired = await call(slow.jar, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, clock()),
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error!.message).toMatch(/^This sign-in ended: it is more than 5 minutes old/);

    const guesser = await password(email);
    for (let i = 0; i < PENDING_ATTEMPTS; i++) {
      const wrong = await call(guesser.jar, 'POST', '/api/auth/totp/verify', { code: '000000' });
      expect(wrong.body.error!.message).toMatch(/not right/);
    }
    // The right code is too late: the password is needed again.
    const late = await call(guesser.jar, 'POST', '/api/auth/totp/verify', {
      code: totpCode(secret, clock()),
    });
    expect(late.body.error!.message).toMatch(/^This sign-in ended/);
  });

  it('counts wrong codes with wrong passwords, so six digits cannot be guessed at leisure', async () => {
    const { jar: adminJar, email } = await organisation('Wonka', 'willy@wonka.example');
    const { secret } = await enrol(adminJar);
    later(STEP_MS);
    let wrong = 0;
    while (wrong < PAIR_FAILURES) {
      const half = await password(email);
      expect(half.answer.status).toBe(200);
      for (let i = 0; i < PENDING_ATTEMPTS - 1 && wrong < PAIR_FAILURES; i++, wrong++) {
        expect((await call(half.jar, 'POST', '/api/auth/totp/verify', { code: '999999' })).status).toBe(401);
      }
    }
    // The right password no longer gets a chance to give a code, nor does a half sign-in.
    const blocked = await password(email);
    expect(blocked.answer.status).toBe(429);
    expect(blocked.answer.body.error!.message).toMatch(/^Too many sign-in attempts from here/);
    expect(totpCode(secret, clock())).toMatch(/^\d{6}$/);
  });

  it('lets an organisation require a second factor: until it is set up, a session can do nothing else', async () => {
    const { jar: adminJar } = await organisation('Umbrella', 'uma@umbrella.example');
    // An admin without one cannot require it (they would be held back themselves).
    const early = await call(adminJar, 'POST', '/api/org/second-factor', { required: true });
    expect(early.status).toBe(409);
    expect(early.body.error!.message).toMatch(/^Set up your own second factor first/);
    await enrol(adminJar);
    const required = await call(adminJar, 'POST', '/api/org/second-factor', { required: true });
    expect(required.body.data).toEqual({ required: true });

    const invite = await call(adminJar, 'POST', '/api/org/invite', { email: 'mo@umbrella.example' });
    const token = String(invite.body.data!['link']).split('#token=')[1];
    const member = new Jar();
    expect(
      (await call(member, 'POST', '/api/auth/accept', { token, name: 'Mo', password: PASSWORD })).status,
    ).toBe(200);

    // Signed in, but held back: every route but setting up the factor says what to do.
    for (const path of ['/api/profile/show', '/api/reflections/list', '/api/org/members']) {
      const held = await call(member, 'POST', path);
      expect(held.status, path).toBe(403);
      expect(held.body.error).toEqual({
        code: 'second-factor-required',
        message:
          'Your organisation asks for a second factor: add a passkey or set up an authenticator app (Settings, or the page shown after signing in) before anything else.',
      });
    }
    expect((await call(member, 'POST', '/api/org/second-factor', { required: false })).status).toBe(403);
    const me = await call(member, 'GET', '/api/auth/me');
    expect(me.body.data!['secondFactor']).toEqual({ active: false, required: true, available: true });

    // Signing in again gives the same held-back session, not a way around it.
    const again = await password('mo@umbrella.example');
    expect((await call(again.jar, 'POST', '/api/profile/show')).status).toBe(403);

    later(STEP_MS);
    await enrol(member);
    expect((await call(member, 'POST', '/api/profile/show')).body.error!.code).toBe('no-profile');
    expect((await call(again.jar, 'POST', '/api/reflections/list')).status).toBe(200);
    // Members cannot change the requirement; the admin can lift it.
    expect((await call(member, 'POST', '/api/org/second-factor', { required: false })).status).toBe(403);
    const lifted = await call(adminJar, 'POST', '/api/org/second-factor', { required: false });
    expect(lifted.body.data).toEqual({ required: false });
  });

  it('is turned off by its owner with a current code, and by no one else', async () => {
    const { jar, email } = await organisation('Soylent', 'sol@soylent.example');
    const { secret } = await enrol(jar);
    later(STEP_MS);

    const wrong = await call(jar, 'POST', '/api/auth/totp/disable', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error!.field).toBe('code');
    expect((await password(email)).answer.body.data).toEqual({ secondFactor: 'totp' });

    const off = await call(jar, 'POST', '/api/auth/totp/disable', { code: totpCode(secret, clock()) });
    expect(off.status).toBe(200);
    expect((await call(jar, 'GET', '/api/auth/me')).body.data!['secondFactor']).toMatchObject({
      active: false,
    });
    // The password alone signs in again; recovery codes went with the factor.
    expect((await password(email)).answer.body.data).toMatchObject({ email });
    const { rows } = await sql`select 1 from team_recovery_codes r join team_accounts a on a.id = r.account_id
      where a.email = ${email}`.execute(team.engine.db);
    expect(rows).toEqual([]);
    expect((await call(jar, 'POST', '/api/auth/totp/disable', { code: '123456' })).status).toBe(409);
  });

  it('needs the server’s key, and refuses to start with none or the wrong one once secrets are sealed', async () => {
    await organisation('Cyberdyne', 'sarah@cyberdyne.example');
    const keyless = teamDirectory(team.engine.db, clock);
    const account = (await keyless.signIn('sarah@cyberdyne.example', PASSWORD)).account;
    await expect(keyless.secondFactor.setup(account)).rejects.toThrow(/must set HANDSON_SECRET_KEY/);
    await expect(keyless.secondFactor.checkKey()).rejects.toThrow(/set HANDSON_SECRET_KEY to that key/);
    await expect(
      teamDirectory(team.engine.db, clock, new Uint8Array(randomBytes(32))).secondFactor.checkKey(),
    ).rejects.toThrow(/is not the key the second factors on this server were sealed with/);
    await expect(team.directory.secondFactor.checkKey()).resolves.toBeUndefined();
  });
});
