import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handler } from '../app/handler.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { LEGACY_COOKIE, localHosts, privateHostName, sameSecret } from './security.js';
import { issueSession, SESSION_SECONDS } from './session.js';
import { COOKIE, HOST, ORIGIN, SECRET, sessionCookie, testApi } from './test-support/api.js';

type Answer = { data?: unknown; error?: { code: string; message: string } };

const SECURITY_HEADERS = {
  'content-security-policy': expect.stringContaining("default-src 'self'"),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const headersOf = (res: Response) =>
  Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, res.headers.get(k)]));

const DAY = 24 * 60 * 60 * 1000;

/** The session with its `part`th dot-separated field changed in one character. */
function altered(session: string, part: number): string {
  const parts = session.split('.');
  const field = parts[part]!;
  parts[part] = `${field.slice(0, -1)}${field.endsWith('A') ? 'B' : 'A'}`;
  return parts.join('.');
}

/** The session claiming to be issued `ms` later than it was, its MAC left as it is. */
function moved(session: string, ms: number): string {
  const parts = session.split('.');
  parts[1] = String(Number(parts[1]) + Math.floor(ms / 1000));
  return parts.join('.');
}

describe('sameSecret', () => {
  it.each([
    [SECRET, true],
    [`${SECRET}x`, false],
    [SECRET.slice(0, -1), false],
    ['', false],
    [SECRET.toLowerCase(), false],
  ])('%s → %s', (given, same) => {
    expect(sameSecret(given, SECRET)).toBe(same);
  });
});

describe.each(engines)('local-mode security on %s', (engine) => {
  const h = useStore(engine);

  it.each([
    ['127.0.0.1:4790', 200],
    ['localhost:4790', 200],
    ['[::1]:4790', 200],
    ['LOCALHOST:4790', 200],
    ['evil.example:4790', 403],
    ['evil.example', 403],
    ['127.0.0.1:4791', 403],
    ['localhost', 403],
    ['127.0.0.1.nip.io:4790', 403],
  ])('Host %s → %i (DNS rebinding)', async (host, status) => {
    const api = testApi(h().store);
    const res = await api.request('/api/reasons/list', { headers: { host } });
    expect(res.status).toBe(status);
    if (status === 403) {
      const json = (await res.json()) as Answer;
      expect(json.error!.code).toBe('forbidden');
      expect(json.error!.message).toContain('127.0.0.1:4790');
    }
  });

  it('names every local spelling of the port as an allowed host', () => {
    expect(localHosts(4790)).toEqual(['127.0.0.1:4790', 'localhost:4790', '[::1]:4790']);
  });

  it('gives each install its own *.localhost name, the same on every start, a new one with a new key', () => {
    const name = privateHostName(SECRET);
    expect(name).toMatch(/^hands-on-[0-9a-f]{10}\.localhost$/);
    expect(privateHostName(SECRET)).toBe(name);
    expect(privateHostName(`${SECRET}x`)).not.toBe(name);
    expect(name).not.toContain(SECRET.slice(0, 10));
    expect(localHosts(4790, SECRET)).toEqual([
      '127.0.0.1:4790',
      'localhost:4790',
      '[::1]:4790',
      `${name}:4790`,
    ]);
  });

  it.each([
    ['own origin', { origin: ORIGIN }, 200],
    ['another site', { origin: 'https://evil.example' }, 403],
    ['another local port', { origin: 'http://127.0.0.1:8080' }, 403],
    ['another spelling of this server', { origin: 'http://localhost:4790' }, 403],
    ['an opaque origin', { origin: 'null' }, 403],
    ['same-origin fetch without Origin', { origin: '', 'sec-fetch-site': 'same-origin' }, 200],
    ['typed in the address bar', { origin: '', 'sec-fetch-site': 'none' }, 200],
    ['a cross-site page without Origin', { origin: '', 'sec-fetch-site': 'cross-site' }, 403],
    ['a same-site page without Origin', { origin: '', 'sec-fetch-site': 'same-site' }, 403],
    ['no Origin, no Sec-Fetch-Site, cookie only', { origin: '' }, 403],
    [
      'cross-site even with a Bearer key',
      { origin: 'https://evil.example', authorization: `Bearer ${SECRET}` },
      403,
    ],
  ])('a change from %s → %i', async (_what, headers, status) => {
    const api = testApi(h().store);
    const sent = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    // An empty Origin in the table means "not sent": the helper adds ours only when none is given.
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...sent }, body: '{}' };
    const res =
      headers.origin === ''
        ? await api.app.request('/api/reasons/list', {
            ...init,
            headers: { host: HOST, cookie: sessionCookie(), ...init.headers },
          })
        : await api.request('/api/reasons/list', init);
    expect(res.status).toBe(status);
    if (status === 403) expect(((await res.json()) as Answer).error!.code).toBe('forbidden');
  });

  it('lets a script change data with the Bearer key and no Origin (browsers cannot send that cross-site)', async () => {
    const api = testApi(h().store);
    const res = await api.app.request('/api/reasons/add', {
      method: 'POST',
      headers: { host: HOST, authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'scripted', kind: 'good', title: 'Added by a script' }),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no key at all', {}],
    ['a wrong cookie', { cookie: `${COOKIE}=${SECRET.slice(0, -1)}A` }],
    ['an empty cookie', { cookie: `${COOKIE}=` }],
    ['a wrong Bearer key', { authorization: 'Bearer not-the-key', cookie: '' }],
    ['the key under another cookie name', { cookie: `key=${SECRET}` }],
    // A cookie reaches every program on 127.0.0.1, so the key itself is no good as one.
    ['the raw key as the session cookie', { cookie: `${COOKIE}=${SECRET}` }],
    ['the raw key in the cookie of earlier versions', { cookie: `${LEGACY_COOKIE}=${SECRET}` }],
    [
      'a session under another port’s cookie name',
      { cookie: `handson_session_4791=${issueSession(SECRET, new Date())}` },
    ],
    ['a session as the Bearer key', { authorization: `Bearer ${issueSession(SECRET, new Date())}` }],
    [
      'a session signed with another key',
      { cookie: `${COOKIE}=${issueSession('another-install-key', new Date())}` },
    ],
    [
      'a session with its MAC altered',
      { cookie: `${COOKIE}=${altered(issueSession(SECRET, new Date()), 3)}` },
    ],
    [
      'a session with its nonce altered',
      { cookie: `${COOKIE}=${altered(issueSession(SECRET, new Date()), 2)}` },
    ],
    [
      'a session whose issue time was moved on to extend it',
      { cookie: `${COOKIE}=${moved(issueSession(SECRET, new Date(Date.now() - 40 * DAY)), 40 * DAY)}` },
    ],
    [
      'a session that has expired',
      { cookie: sessionCookie(new Date(Date.now() - SESSION_SECONDS * 1000 - 1000)) },
    ],
    ['a session issued in the future', { cookie: sessionCookie(new Date(Date.now() + DAY)) }],
    ['a session of another version', { cookie: `${COOKIE}=v2${issueSession(SECRET, new Date()).slice(2)}` }],
  ])('refuses %s with 401 in the error shape', async (_what, headers) => {
    const api = testApi(h().store);
    const sent = { host: HOST, ...headers };
    const res = await api.app.request('/api/reasons/list', { headers: sent });
    expect(res.status).toBe(401);
    const json = (await res.json()) as Answer;
    expect(json.error!.code).toBe('unauthorized');
    expect(json.error!.message).toContain('handson serve');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // Every page needs the key, the API description and the start page included.
    for (const path of ['/', '/api/openapi.json']) {
      expect((await api.app.request(path, { headers: sent })).status).toBe(401);
    }
  });

  it('shows a browser without the key a page saying how to sign in; the API still answers JSON', async () => {
    const api = testApi(h().store);
    const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const page = await api.app.request('/#/journal', { headers: { host: HOST, accept: html } });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toContain('text/html');
    const text = await page.text();
    expect(text).toContain('?key=');
    expect(text).not.toContain(SECRET);
    const wrongCookie = await api.app.request('/', {
      headers: { host: HOST, accept: html, cookie: `${COOKIE}=old` },
    });
    expect(wrongCookie.status).toBe(401);
    expect(wrongCookie.headers.get('content-type')).toContain('text/html');

    const json = await api.app.request('/api/reasons/list', { headers: { host: HOST, accept: html } });
    expect(json.status).toBe(401);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const asset = await api.app.request('/assets/app.js', { headers: { host: HOST, accept: '*/*' } });
    expect(asset.headers.get('content-type')).toContain('application/json');
  });

  it('accepts the Bearer key for scripts', async () => {
    const api = testApi(h().store);
    const res = await api.app.request('/api/reasons/list', {
      headers: { host: HOST, authorization: `Bearer ${SECRET}` },
    });
    expect(res.status).toBe(200);
  });

  it('trades the key in the printed URL for a session cookie that is not the key, then drops it from the address', async () => {
    const api = testApi(h().store);
    const first = await api.app.request(`/?key=${SECRET}`, { headers: { host: HOST } });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const [session, legacy] = first.headers.getSetCookie();
    expect(session).toMatch(
      /^handson_session_4790=v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=2592000$/,
    );
    expect(session).not.toContain(SECRET);
    // The raw key earlier versions left in the browser is cleared.
    expect(legacy).toBe(`${LEGACY_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);

    // The browser follows with the cookie it was given.
    const cookie = session!.split(';')[0]!;
    const value = cookie.slice(cookie.indexOf('=') + 1);
    expect(value).not.toBe(SECRET);
    const page = await api.app.request('/', { headers: { host: HOST, cookie } });
    expect(page.status).toBe(200);
    const week = await api.app.request('/api/reasons/list', { headers: { host: HOST, cookie } });
    expect(week.status).toBe(200);
    // …and changes data from its own pages with it.
    const added = await api.app.request('/api/reasons/add', {
      method: 'POST',
      headers: { host: HOST, cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'from-the-page', kind: 'good', title: 'Added in the browser' }),
    });
    expect(added.status).toBe(200);
    // A leaked cookie is no key: it does not work as Bearer.
    const asBearer = await api.app.request('/api/reasons/list', {
      headers: { host: HOST, authorization: `Bearer ${value}` },
    });
    expect(asBearer.status).toBe(401);

    // Each sign-in is a session of its own.
    const again = await api.app.request(`/?key=${SECRET}`, { headers: { host: HOST } });
    expect(again.headers.getSetCookie()[0]!.split(';')[0]).not.toBe(cookie);

    // Other query parameters survive; the key does not.
    const deep = await api.app.request(`/api/week/summary?date=2026-11-25&key=${SECRET}&x=1`, {
      headers: { host: HOST },
    });
    expect(deep.headers.get('location')).toBe('/api/week/summary?date=2026-11-25&x=1');

    // The redirect stays on this server whatever the path looks like.
    const sneaky = await api.app.request(`//evil.example/?key=${SECRET}`, { headers: { host: HOST } });
    expect(sneaky.headers.get('location')).toBe('/evil.example/');
  });

  it('ends a session 30 days after sign-in, by the server’s clock whatever the browser keeps', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    const api = testApi(h().store, { clock: () => now });
    const signIn = await api.app.request(`/?key=${SECRET}`, { headers: { host: HOST } });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const html = 'text/html,*/*;q=0.8';
    const visit = () => api.app.request('/', { headers: { host: HOST, cookie, accept: html } });

    now = new Date(now.getTime() + SESSION_SECONDS * 1000 - 1000);
    expect((await visit()).status).toBe(200);
    now = new Date(now.getTime() + 1000);
    const expired = await visit();
    expect(expired.status).toBe(401);
    // The page says how to sign in again.
    expect(await expired.text()).toContain('?key=');
    // The Bearer key has no such limit: scripts keep working.
    const script = await api.app.request('/api/reasons/list', {
      headers: { host: HOST, authorization: `Bearer ${SECRET}` },
    });
    expect(script.status).toBe(200);
  });

  it('refuses a wrong key in the URL, and a key in the URL of a change', async () => {
    const api = testApi(h().store);
    const wrong = await api.app.request('/?key=guess', { headers: { host: HOST } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const post = await api.app.request(`/api/reasons/list?key=${SECRET}`, {
      method: 'POST',
      headers: { host: HOST, origin: ORIGIN },
    });
    expect(post.status).toBe(401);
    expect(post.headers.get('set-cookie')).toBeNull();
  });

  it('puts the security headers on every answer: data, page, redirect, refusals, errors, bugs', async () => {
    const features = {
      broken: {
        crash: handler({
          access: 'owner',
          touches: [],
          summary: 'A bug.',
          input: z.object({}),
          async run(): Promise<never> {
            throw new Error('boom');
          },
        }),
      },
      reasons: {
        list: handler({
          access: 'owner',
          touches: [],
          summary: 'x',
          input: z.object({}),
          run: async () => [],
        }),
      },
    };
    const api = testApi(h().store, { features });
    const answers: [string, Response | Promise<Response>][] = [
      ['data', api.request('/api/reasons/list')],
      ['page', api.request('/')],
      ['redirect', api.app.request(`/?key=${SECRET}`, { headers: { host: HOST } })],
      ['no key', api.app.request('/api/reasons/list', { headers: { host: HOST } })],
      ['wrong host', api.request('/api/reasons/list', { headers: { host: 'evil.example:4790' } })],
      [
        'cross-site',
        api.request('/api/reasons/list', { method: 'POST', headers: { origin: 'https://evil.example' } }),
      ],
      ['not found', api.request('/api/nope/nope')],
      ['bad input', api.call('reasons', 'list', 'x')],
      ['bug', api.call('broken', 'crash')],
    ];
    for (const [what, pending] of answers) {
      const res = await pending;
      expect({ what, ...headersOf(res) }).toEqual({ what, ...SECURITY_HEADERS });
    }
    expect(api.log.join('\n')).toContain('Error: boom');
  });
});
