import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The browser's sign-in: a cookie that proves the key was shown once, without being the key.
 *
 * Browsers do not separate cookies by port, so every program this browser talks to on 127.0.0.1
 * may receive it. It therefore carries `v1.<issuedAt>.<nonce>.<mac>`, the MAC an HMAC-SHA256 keyed
 * by the per-install secret: a leaked cookie gives neither the key (HMAC does not reveal it) nor
 * the Bearer access scripts get, and it stops working after SESSION_SECONDS, checked here from
 * issuedAt whatever the browser does with Max-Age. Nothing is stored on the server; a new key
 * (delete `server-secret` in the data folder) ends every session at once. See decision 0012.
 */

/** 30 days: a month of daily use without signing in again, then the printed address once more. */
export const SESSION_SECONDS = 30 * 24 * 60 * 60;

/** A session issued this far "in the future" is still taken: the clock may be stepped back a little. */
const CLOCK_SKEW_SECONDS = 5 * 60;

const SHAPE = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * The cookie's name carries the port, so two installs on different ports (each with its own key)
 * do not overwrite each other's sign-in in the browser's one cookie jar for 127.0.0.1.
 */
export function sessionCookieName(port: number): string {
  return `handson_session_${port}`;
}

function mac(secret: string, issuedAt: number, nonce: string): string {
  // The label keeps this MAC from ever meaning anything else the key might one day sign.
  return createHmac('sha256', secret).update(`handson-session.v1.${issuedAt}.${nonce}`).digest('base64url');
}

/** A new session value, issued at `now`. */
export function issueSession(secret: string, now: Date): string {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  return `v1.${issuedAt}.${nonce}.${mac(secret, issuedAt, nonce)}`;
}

/** Whether `value` is a session this key issued that has not expired at `now`. */
export function validSession(value: string, secret: string, now: Date): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const issuedAt = Number(m[1]);
  const nonce = m[2]!;
  // Both are 43 base64url characters (the shape says so), as timingSafeEqual needs equal lengths.
  const given = Buffer.from(m[3]!, 'ascii');
  const expected = Buffer.from(mac(secret, issuedAt, nonce), 'ascii');
  if (!timingSafeEqual(given, expected)) return false;
  const age = Math.floor(now.getTime() / 1000) - issuedAt;
  return age >= -CLOCK_SKEW_SECONDS && age < SESSION_SECONDS;
}
