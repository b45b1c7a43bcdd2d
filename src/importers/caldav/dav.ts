import { type DAVResponse, davRequest, propfind, syncCollection } from 'tsdav';
import { AppError } from '../../errors.js';
import { type Connection, showUrl } from './connection.js';

/**
 * The WebDAV requests the CalDAV client makes, on top of tsdav's request builder and multistatus
 * parser, with answers read into plain typed values. tsdav hands back failures as data
 * (`ok: false`), not exceptions; this file decides which of them the user must hear about.
 */

/** One member of a multistatus answer, its properties already read into strings. */
export interface DavEntry {
  /** As the server wrote it; see `hrefKey` for the form we compare and hand out. */
  href: string;
  status: number;
  props: Record<string, unknown>;
}

export const PROPS = {
  resourcetype: { 'd:resourcetype': {} },
  displayname: { 'd:displayname': {} },
  getctag: { 'cs:getctag': {} },
  syncToken: { 'd:sync-token': {} },
  getetag: { 'd:getetag': {} },
  principal: { 'd:current-user-principal': {} },
  home: { 'c:calendar-home-set': {} },
  components: { 'c:supported-calendar-component-set': {} },
} as const;

export async function propfindEntries(
  conn: Connection,
  url: string,
  props: Record<string, unknown>,
  depth: '0' | '1',
): Promise<DavEntry[]> {
  const answer = await propfind({ url, props, depth, headers: conn.headers, fetch: conn.fetch });
  return entries(conn, url, answer, 'PROPFIND');
}

/** The resource itself, from a Depth 0 PROPFIND. */
export async function propfindSelf(
  conn: Connection,
  url: string,
  props: Record<string, unknown>,
): Promise<DavEntry> {
  const all = await propfindEntries(conn, url, props, '0');
  const self = all.find((e) => sameResource(e.href, url)) ?? all[0];
  if (self === undefined) throw notDav(url);
  return self;
}

export type SyncAnswer =
  | { kind: 'ok'; entries: DavEntry[]; token: string | undefined }
  /** The token given is unknown or expired: ask again without one. */
  | { kind: 'token-rejected' }
  /** Even without a token the server will not run the report: list the collection instead. */
  | { kind: 'unsupported' };

/** RFC 6578 sync-collection, asking only for etags: bodies come later, only for what changed. */
export async function syncCollectionReport(
  conn: Connection,
  url: string,
  token: string | undefined,
): Promise<SyncAnswer> {
  const answer = await syncCollection({
    url,
    props: PROPS.getetag,
    syncLevel: 1,
    syncToken: token ?? '',
    headers: { ...conn.headers, depth: '0' },
    fetch: conn.fetch,
  });
  const single = notMultistatus(answer);
  if (single !== undefined && !single.ok) {
    // RFC 6578 §3.2: an unknown or expired token is refused with the DAV:valid-sync-token
    // precondition (403 or 409); some servers use 410 Gone or leave the body out.
    if (
      token !== undefined &&
      (/valid-sync-token/.test(rawText(single)) || [403, 409, 410].includes(single.status))
    )
      return { kind: 'token-rejected' };
    if (token === undefined && [400, 403, 405, 415, 501].includes(single.status))
      return { kind: 'unsupported' };
  }
  const list = entries(conn, url, answer, 'REPORT sync-collection');
  return { kind: 'ok', entries: list, token: text(multistatusOf(answer[0])?.['syncToken']) };
}

/** RFC 4791 §7.9 calendar-multiget: the bodies and etags of the named objects. */
export async function calendarMultiget(conn: Connection, url: string, hrefs: string[]): Promise<DavEntry[]> {
  if (hrefs.length === 0) return [];
  // tsdav's calendarMultiGet throws on any member that is not 200, but a member deleted
  // between the listing and this request is normal: build the same body and read it ourselves.
  const answer = await davRequest({
    url,
    init: {
      method: 'REPORT',
      namespace: 'c',
      headers: { ...conn.headers, depth: '1' },
      body: {
        'calendar-multiget': {
          _attributes: { 'xmlns:d': 'DAV:', 'xmlns:c': 'urn:ietf:params:xml:ns:caldav' },
          'd:prop': { ...PROPS.getetag, 'c:calendar-data': {} },
          'd:href': hrefs,
        },
      },
    },
    fetch: conn.fetch,
  });
  return entries(conn, url, answer, 'REPORT calendar-multiget');
}

// ------------------------------------------------------------------------ reading answers

function entries(conn: Connection, url: string, answer: DAVResponse[], what: string): DavEntry[] {
  const single = notMultistatus(answer);
  if (single !== undefined) throw single.ok ? notDav(url) : httpError(conn, url, single.status, what);
  const out: DavEntry[] = [];
  for (const r of answer) {
    // A multistatus with no <response> (nothing changed) comes back as one entry without href.
    if (typeof r.href !== 'string' || r.href === '') continue;
    out.push({ href: r.href, status: r.status, props: (r.props ?? {}) as Record<string, unknown> });
  }
  return out;
}

/** tsdav gives an answer that is not a multistatus (an error, an HTML page) as one entry with raw text. */
function notMultistatus(answer: DAVResponse[]): DAVResponse | undefined {
  const first = answer[0];
  if (answer.length !== 1 || first === undefined) return undefined;
  return first.props === undefined && multistatusOf(first) === undefined ? first : undefined;
}

function multistatusOf(r: DAVResponse | undefined): Record<string, unknown> | undefined {
  const raw: unknown = r?.raw;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const ms = (raw as Record<string, unknown>)['multistatus'];
  return typeof ms === 'object' && ms !== null ? (ms as Record<string, unknown>) : undefined;
}

function rawText(r: DAVResponse): string {
  return typeof r.raw === 'string' ? r.raw : '';
}

/**
 * The URL answered, but there is no WebDAV resource there (404, 405, an HTML page): discovery
 * then still tries /.well-known/caldav before giving up.
 */
export class NoDavResource extends AppError {}

export function httpError(conn: Connection, url: string, status: number, what: string): AppError {
  const shown = showUrl(url);
  if (status === 403) {
    return new AppError('invalid', `User "${conn.user}" is not allowed to read ${shown}.`, { field: 'url' });
  }
  if (status === 404 || status === 410) {
    return new NoDavResource('not-found', `Nothing exists at ${shown} on the CalDAV server.`, {
      field: 'url',
    });
  }
  if (status === 405 || status === 501) {
    return new NoDavResource(
      'invalid',
      `${shown} does not answer WebDAV requests (${what} got ${status}), so it is not a CalDAV address.`,
      { field: 'url' },
    );
  }
  return new AppError('invalid', `The CalDAV server answered ${what} on ${shown} with HTTP ${status}.`, {
    field: 'url',
  });
}

export function notDav(url: string): AppError {
  return new NoDavResource(
    'invalid',
    `${showUrl(url)} answered, but not like a CalDAV server (no WebDAV properties in its reply).`,
    { field: 'url' },
  );
}

// ------------------------------------------------------------------------ property values

/**
 * A property's text. tsdav's XML reader turns numeric-looking text into numbers and "true" into
 * true, and wraps CDATA in `{_cdata}`; all of those are text to us.
 */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o['_cdata'] === 'string') return o['_cdata'];
    if (typeof o['_text'] === 'string') return o['_text'];
  }
  return undefined;
}

/** The first `<href>` inside a property such as current-user-principal or calendar-home-set. */
export function firstHref(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const href = (v as Record<string, unknown>)['href'];
  const first = Array.isArray(href) ? href[0] : href;
  const t = text(first)?.trim();
  return t === undefined || t === '' ? undefined : t;
}

export function resourceTypes(entry: DavEntry): string[] {
  const rt = entry.props['resourcetype'];
  return typeof rt === 'object' && rt !== null ? Object.keys(rt) : [];
}

/** Component names a calendar accepts; empty when the server does not say (then: any). */
export function components(entry: DavEntry): string[] {
  const set = entry.props['supportedCalendarComponentSet'];
  if (typeof set !== 'object' || set === null) return [];
  const comp = (set as Record<string, unknown>)['comp'];
  const list = Array.isArray(comp) ? comp : comp === undefined ? [] : [comp];
  const names: string[] = [];
  for (const c of list) {
    const attrs =
      typeof c === 'object' && c !== null ? (c as Record<string, unknown>)['_attributes'] : undefined;
    const name =
      typeof attrs === 'object' && attrs !== null ? (attrs as Record<string, unknown>)['name'] : undefined;
    if (typeof name === 'string') names.push(name.toUpperCase());
  }
  return names;
}

export function isEventCalendar(entry: DavEntry): boolean {
  if (!resourceTypes(entry).includes('calendar')) return false;
  const comps = components(entry);
  return comps.length === 0 || comps.includes('VEVENT');
}

// ------------------------------------------------------------------------ hrefs

/**
 * The one form of an href we compare and hand out: the absolute path when it is on the same
 * server as `base` (servers mix `/a/b.ics`, `b.ics` and full URLs), else the full URL.
 */
export function hrefKey(href: string, base: string): string {
  const u = new URL(href, base);
  return u.origin === new URL(base).origin ? u.pathname : u.href;
}

export function sameResource(href: string, url: string): boolean {
  const strip = (s: string) => (s.endsWith('/') ? s.slice(0, -1) : s);
  return strip(hrefKey(href, url)) === strip(hrefKey(url, url));
}
