import type { Hono } from 'hono';
import type { Store } from '../../store/store.js';
import { createApp, type ServerOptions } from '../app.js';
import { localHosts } from '../security.js';
import { issueSession, sessionCookieName } from '../session.js';

/** A server as `handson serve` would build it on port 4790, answering through `app.request()`. */
export const PORT = 4790;
export const HOST = `127.0.0.1:${PORT}`;
export const ORIGIN = `http://${HOST}`;
export const SECRET = 'q0Zp3xJ0n7yV9cW1bT5rK2mL8sD4fG6hA0eU3iO7pQw';
export const NOW = new Date('2026-11-25T09:00:00Z');
/** The name of the browser's session cookie on that port. */
export const COOKIE = sessionCookieName(PORT);

/** A `cookie` header a browser signed in at `at` (the real time by default) would send. */
export function sessionCookie(at: Date = new Date()): string {
  return `${COOKIE}=${issueSession(SECRET, at)}`;
}

export interface TestApi {
  app: Hono;
  /** Request lines and bug reports the server wrote. */
  log: string[];
  /** A request as the signed-in browser tab sends it: right Host, own Origin, a session cookie. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POST a JSON body to `/api/<feature>/<handler>`. */
  call(feature: string, handler: string, body?: unknown): Promise<Response>;
  /** `call` that expects 200 and gives `data`. */
  data<T = unknown>(feature: string, handler: string, body?: unknown): Promise<T>;
}

export function testApi(store: Store, overrides: Partial<ServerOptions> = {}): TestApi {
  const log: string[] = [];
  const app = createApp({
    store,
    now: () => NOW,
    secret: SECRET,
    allowedHosts: localHosts(PORT),
    log: (line) => log.push(line),
    ...overrides,
  });
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('host')) headers.set('host', HOST);
    if (!headers.has('cookie')) headers.set('cookie', sessionCookie(overrides.clock?.()));
    const method = init.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', ORIGIN);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  const call = (feature: string, handler: string, body: unknown = {}) =>
    request(`/api/${feature}/${handler}`, {
      method: 'POST',
      ...(body instanceof FormData
        ? { body }
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  return {
    app,
    log,
    request,
    call,
    async data<T>(feature: string, handler: string, body: unknown = {}): Promise<T> {
      const res = await call(feature, handler, body);
      const json = (await res.json()) as { data: T; error?: unknown };
      if (res.status !== 200) {
        throw new Error(`${feature}.${handler} answered ${res.status}: ${JSON.stringify(json)}`);
      }
      return json.data;
    },
  };
}

/** The profile every test leader has (Berlin, so local days differ from UTC ones). */
export const PROFILE = {
  name: 'Dana Ortiz',
  role: 'engineering-manager',
  reports: 5,
  tz: 'Europe/Berlin',
  emails: ['dana@example.com'],
};

export function ics(events: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on server test//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A one-hour meeting the leader attends on Tuesday of the test week. */
export const PLANNING_EVENT = [
  'BEGIN:VEVENT',
  'UID:planning-1@example.com',
  'DTSTART:20261124T130000Z',
  'DTEND:20261124T140000Z',
  'SUMMARY:Quarterly planning',
  'ORGANIZER:mailto:sam@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:sam@example.com',
  'END:VEVENT',
].join('\r\n');
