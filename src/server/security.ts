import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { sendError } from './respond.js';
import { issueSession, SESSION_SECONDS, validSession } from './session.js';

/**
 * What keeps the local server to its one user on a shared machine. It listens on 127.0.0.1 only,
 * but every local user and every web page open in the browser can reach that address, so:
 *
 * - the Host header must name the server (a DNS-rebinding page arrives as `evil.example:PORT`);
 * - a browser may change data only from the server's own pages (Origin / Sec-Fetch-Site);
 * - every request carries the per-install secret as an `Authorization: Bearer` header (scripts),
 *   or a session cookie the printed URL sets, which is not the secret (session.ts);
 * - headers tell the browser not to frame, sniff, cache or leak what it shows.
 */

/**
 * Where versions before sessions kept the raw key, for 400 days. It is no longer read; signing in
 * clears it, so the key stops reaching every other program on 127.0.0.1 with each request.
 */
export const LEGACY_COOKIE = 'handson_key';
export const KEY_PARAM = 'key';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`: the names a browser on this machine uses; and,
 * given the install's secret, its own name (see `privateHostName`).
 */
export function localHosts(port: number, secret?: string): string[] {
  const names = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return secret === undefined ? names : [...names, `${privateHostName(secret)}:${port}`];
}

/**
 * This install's own loopback name, `hands-on-<10 hex>.localhost`. Browsers resolve every
 * `*.localhost` name to this machine themselves (no DNS), and keep cookies per host name, not per
 * port: a session set under this name is sent to nothing else on 127.0.0.1, which closes the
 * shared-loopback limit of decision 0012 for browsers that resolve it (decision 0018). Derived from
 * the secret, so it stays the same across restarts and a new key gives a new name; the HMAC label
 * keeps it from revealing anything about the key.
 */
export function privateHostName(secret: string): string {
  const id = createHmac('sha256', secret).update('handson-host-name.v1').digest('hex').slice(0, 10);
  return `hands-on-${id}.localhost`;
}

/** Equal in constant time: hashing first makes the lengths equal and hides the secret's. */
export function sameSecret(given: string, secret: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/** The host the request was sent to: the Host header (absent only outside a real server). */
function requestHost(c: Parameters<MiddlewareHandler>[0]): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    // A page that set a stricter policy of its own (a public link's page) keeps it.
    if (!h.has('Content-Security-Policy')) {
      h.set(
        'Content-Security-Policy',
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
    }
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    // Other sites' pages may not load our answers as images, scripts or popups' openers.
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    // Everything served today is private data or carries the key; nothing may be kept by a cache.
    h.set('Cache-Control', 'no-store');
  };
}

/** DNS rebinding: a page from another site that resolves its name to 127.0.0.1 still says its name. */
export function hostCheck(allowedHosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = requestHost(c);
    if (!allowed.has(host)) {
      return sendError(
        c,
        403,
        'forbidden',
        `This Hands-on server answers only to ${[...allowed].join(', ')}, not to "${host}".`,
      );
    }
    return next();
  };
}

/**
 * No cross-site changes: a state-changing request must come from the server's own origin
 * (Origin, else Sec-Fetch-Site). A request with neither is not from a browser page; it is let
 * through only with the Bearer header, which a cross-site page cannot send without a CORS
 * preflight this server never grants.
 */
export function sameOrigin(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const own = `http://${requestHost(c)}`;
    const refuse = (why: string) =>
      sendError(
        c,
        403,
        'forbidden',
        `Refused a change requested ${why}; only Hands-on's own pages may do that.`,
      );
    if (origin !== undefined) {
      if (origin.toLowerCase() !== own) return refuse(`by another site (${origin})`);
    } else if (site !== undefined) {
      if (site !== 'same-origin' && site !== 'none') return refuse(`from a ${site} page`);
    } else if (!/^bearer\s/i.test(c.req.header('authorization') ?? '')) {
      return refuse('without saying where it came from (send Authorization: Bearer KEY from scripts)');
    }
    return next();
  };
}

/** A browser asking for a page (not the API, not an asset fetched by script). */
function isPageVisit(method: string, path: string, accept: string | undefined): boolean {
  return (
    (method === 'GET' || method === 'HEAD') && !path.startsWith('/api/') && /text\/html/.test(accept ?? '')
  );
}

/** No script and no inline style, so it passes the Content-Security-Policy. */
const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hands-on — sign in</title>
</head>
<body>
<h1>This browser is not signed in to Hands-on</h1>
<p>Hands-on keeps your data to you: only a browser that has opened the address <code>handson serve</code>
printed (it ends in <code>?key=…</code>) can see it.</p>
<p>Look in the terminal where Hands-on runs and open that address, or start it again with
<code>npm start</code> or <code>handson serve</code> to see the address.</p>
<p>Opening it signs this browser in for 30 days.</p>
</body>
</html>
`;

const NEEDS_KEY =
  'This Hands-on server needs its key: open the address `handson serve` printed (…/?key=…) to ' +
  'sign this browser in for 30 days, or send Authorization: Bearer KEY.';

export interface SecretOptions {
  /** The per-install secret (secret.ts): the Bearer key, and the key sessions are signed with. */
  secret: string;
  /** The session cookie's name (`sessionCookieName(port)`). */
  cookie: string;
  /** The real time, which sessions are issued and expire by. */
  clock: () => Date;
}

/**
 * The secret, delivered once in the printed URL: `GET …?key=SECRET` answers with a session cookie
 * (session.ts; not the secret itself) and a redirect to the same address without the key (so it
 * leaves the address bar and history). Every other request must carry a valid session cookie, or
 * the secret itself as `Authorization: Bearer` (scripts).
 */
export function requireSecret({ secret, cookie, clock }: SecretOptions): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const key = url.searchParams.get(KEY_PARAM);
    if (key !== null && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      if (!sameSecret(key, secret)) {
        return sendError(
          c,
          401,
          'unauthorized',
          'That key is not this server’s; use the address `handson serve` printed last.',
        );
      }
      url.searchParams.delete(KEY_PARAM);
      const rest = url.searchParams.toString();
      // One leading slash: `//evil.example/` would send the browser to another site.
      const path = `/${url.pathname.replace(/^\/+/, '')}`;
      return c.body(null, 303, {
        Location: `${path}${rest ? `?${rest}` : ''}`,
        'Set-Cookie': [
          // Max-Age matches the server's own limit, so the browser drops what would be refused anyway.
          `${cookie}=${issueSession(secret, clock())}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_SECONDS}`,
          `${LEGACY_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
        ],
      });
    }
    const auth = c.req.header('authorization');
    const bearer =
      auth !== undefined && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : undefined;
    const session = getCookie(c, cookie);
    // The raw key is taken only as Bearer: as a cookie it is refused, so a leaked cookie jar of
    // 127.0.0.1 holds nothing that opens the API the way a script's key does.
    const signedIn =
      bearer !== undefined
        ? sameSecret(bearer, secret)
        : session !== undefined && validSession(session, secret, clock());
    if (!signedIn) {
      const headers = { 'WWW-Authenticate': 'Bearer realm="handson"' };
      // Someone opening the app without the key (an old bookmark, a new browser, a session that
      // ran out) gets a page that says what to do, not a JSON error; scripts and the app's own
      // API calls still get JSON.
      if (isPageVisit(c.req.method, url.pathname, c.req.header('accept'))) {
        return c.html(SIGN_IN_PAGE, 401, headers);
      }
      return sendError(c, 401, 'unauthorized', NEEDS_KEY, headers);
    }
    return next();
  };
}
