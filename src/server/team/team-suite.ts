import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { afterAll, beforeAll, expect } from 'vitest';
import type { SoftAuthenticator } from './soft-authenticator.js';
import { Jar, teamInProcess } from './test-support.js';

/** The password `organisation` signs its first admin up with, and `addPasskey` gives again. */
const DEFAULT_PASSWORD = 'correct horse battery';

// Apart from test-support.ts, which the benchmarks import outside vitest: this one needs vitest's hooks.

/**
 * A describe block's organisation server (teamInProcess), made before its tests and dropped after,
 * on a clock the tests move as a person would, with a secret key so second factors can be set up.
 */
export function teamSuite(publicUrl: string) {
  let team: Awaited<ReturnType<typeof teamInProcess>> | undefined;
  let at = new Date('2026-12-01T09:00:00Z');
  const key = new Uint8Array(randomBytes(32));
  const clock = () => at;
  beforeAll(async () => {
    team = await teamInProcess(publicUrl, clock, key);
  }, 60_000);
  afterAll(async () => {
    await team?.close();
  });
  const running = () => {
    if (team === undefined)
      throw new Error('the team server is not running: use teamSuite() inside describe');
    return team;
  };
  const call = (...args: Parameters<Awaited<ReturnType<typeof teamInProcess>>['call']>) =>
    running().call(...args);
  return {
    key,
    clock,
    later(ms: number) {
      at = new Date(at.getTime() + ms);
    },
    call,
    get engine() {
      return running().engine;
    },
    get directory() {
      return running().directory;
    },
    /** Settings → Add a passkey: the password again, options from the server, the authenticator's answer back. */
    async addPasskey(
      jar: Jar,
      device: SoftAuthenticator,
      name = 'Work laptop',
      origin = publicUrl,
      password = DEFAULT_PASSWORD,
    ) {
      const options = await call(jar, 'POST', '/api/auth/passkeys/options', { password });
      expect(options.status).toBe(200);
      const response = device.create(options.body.data as unknown as PublicKeyCredentialCreationOptionsJSON, {
        origin,
      });
      return call(jar, 'POST', '/api/auth/passkeys/add', { name, response });
    },
    /** The sign-in page's "Sign in with a passkey": a challenge for whoever asks. */
    async signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const options = await call(new Jar(), 'POST', '/api/auth/passkeys/sign-in/options');
      expect(options.status).toBe(200);
      return options.body.data as unknown as PublicKeyCredentialRequestOptionsJSON;
    },
    /** A new organisation whose first admin has joined; the admin's browser is signed in. */
    async organisation(name: string, email: string, password = DEFAULT_PASSWORD) {
      const made = await running().directory.bootstrap(name, email);
      const jar = new Jar();
      const joined = await call(jar, 'POST', '/api/auth/accept', { token: made.token, name, password });
      expect(joined.status).toBe(200);
      return { jar, email, id: String(joined.body.data!['id']) };
    },
  };
}
