import { AppError } from '../../errors.js';
import { type CalDavAccount, type Connection, type ConnectOptions, connect } from './connection.js';
import {
  calendarMultiget,
  type DavEntry,
  hrefKey,
  PROPS,
  propfindEntries,
  propfindSelf,
  resourceTypes,
  type SyncAnswer,
  sameResource,
  syncCollectionReport,
  text,
} from './dav.js';

export interface SyncRequest extends CalDavAccount {
  /** `url` must be a calendar collection (see listRemoteCalendars). */
  url: string;
  /** What the previous sync returned; absent on the first. */
  syncToken?: string | undefined;
  ctag?: string | undefined;
  /** href → etag of every object the caller holds for this calendar (empty on the first sync). */
  known: ReadonlyMap<string, string>;
}

export interface SyncOptions extends ConnectOptions {
  /**
   * `auto` uses RFC 6578 sync-collection when the calendar offers a sync-token, else the ctag.
   * `ctag` never uses sync-collection: for servers whose implementation of it misbehaves.
   */
  method?: 'auto' | 'ctag';
}

export interface FetchedObject {
  /** The object's path on the server (its full URL if on another host): the key for `known`. */
  href: string;
  etag: string;
  /** The iCalendar text, for the ICS reader. */
  ics: string;
}

export interface SyncResult {
  /** New or modified objects, with their bodies; ordered by href. */
  changed: FetchedObject[];
  /** Keys of `known` whose objects are gone from the server; ordered. */
  deleted: string[];
  /** Remember these for the next sync. */
  syncToken?: string;
  ctag?: string;
  /**
   * The whole collection was listed instead of asking for changes since the last sync: the first
   * sync, a sync token the server no longer accepts, or a ctag-only server whose ctag moved.
   * `changed` and `deleted` are still only the differences from `known`.
   */
  full: boolean;
}

/** Objects per calendar-multiget: keeps each request and answer a reasonable size. */
const MULTIGET_BATCH = 100;

/**
 * Brings the caller's copy of one calendar up to date, fetching bodies only for objects whose
 * etag differs from `known`. Nothing is written anywhere: the caller stores the result.
 */
export async function syncCalendar(request: SyncRequest, options: SyncOptions = {}): Promise<SyncResult> {
  const conn = connect(request, options);
  const url = conn.url.href;
  const self = await propfindSelf(conn, url, {
    ...PROPS.resourcetype,
    ...PROPS.getctag,
    ...PROPS.syncToken,
  });
  if (!resourceTypes(self).includes('calendar')) {
    throw new AppError(
      'invalid',
      `${conn.shown} is not a calendar collection; list the account's calendars to find their URLs.`,
      { field: 'url' },
    );
  }
  const ctag = text(self.props['getctag']);
  const serverToken = text(self.props['syncToken']);
  const known = new Map<string, { key: string; etag: string }>();
  for (const [key, etag] of request.known) known.set(hrefKey(key, url), { key, etag });

  if ((options.method ?? 'auto') === 'auto' && serverToken !== undefined) {
    // Equal tokens mean nothing changed: skip the REPORT.
    if (request.syncToken === serverToken) return unchanged(serverToken, ctag);
    const given = request.syncToken === '' ? undefined : request.syncToken;
    let answer: SyncAnswer = await syncCollectionReport(conn, url, given);
    let full = given === undefined;
    if (answer.kind === 'token-rejected') {
      full = true;
      answer = await syncCollectionReport(conn, url, undefined);
    }
    if (answer.kind === 'ok') {
      const result = await reconcile(conn, url, answer.entries, known, full);
      return withState(result, answer.token, ctag);
    }
    // A sync-token property but no working report: fall through to listing.
  }

  if (request.ctag !== undefined && request.ctag === ctag) return unchanged(undefined, ctag);
  const members = await propfindEntries(conn, url, { ...PROPS.getetag, ...PROPS.resourcetype }, '1');
  const objects = members.filter((m) => !resourceTypes(m).includes('collection'));
  const result = await reconcile(conn, url, objects, known, true);
  return withState(result, undefined, ctag);
}

/**
 * Compares a listing (full, or the changes since a token) with what the caller holds, and
 * fetches the bodies of what differs.
 */
async function reconcile(
  conn: Connection,
  url: string,
  entries: DavEntry[],
  known: Map<string, { key: string; etag: string }>,
  full: boolean,
): Promise<SyncResult> {
  const listed = new Map<string, string | undefined>();
  const gone = new Set<string>();
  for (const e of entries) {
    const href = hrefKey(e.href, url);
    if (sameResource(href, url) || href.endsWith('/')) continue;
    if (e.status === 404 || e.status === 410) gone.add(href);
    else if (e.status >= 200 && e.status < 300) listed.set(href, text(e.props['getetag']));
  }
  if (full) for (const href of known.keys()) if (!listed.has(href)) gone.add(href);

  const wanted = [...listed].filter(([href, etag]) => etag === undefined || known.get(href)?.etag !== etag);
  const changed: FetchedObject[] = [];
  for (let i = 0; i < wanted.length; i += MULTIGET_BATCH) {
    const batch = wanted.slice(i, i + MULTIGET_BATCH);
    const asked = new Map(batch);
    const got = await calendarMultiget(
      conn,
      url,
      batch.map(([href]) => href),
    );
    for (const e of got) {
      const href = hrefKey(e.href, url);
      if (!asked.has(href)) continue;
      // Deleted between the listing and this request.
      if (e.status === 404 || e.status === 410) {
        gone.add(href);
        continue;
      }
      const ics = text(e.props['calendarData']);
      if (ics === undefined) {
        throw new AppError('invalid', `The CalDAV server sent ${href} without its calendar data.`, {
          field: 'url',
        });
      }
      changed.push({ href, etag: text(e.props['getetag']) ?? asked.get(href) ?? '', ics });
    }
  }

  const deleted = [...gone].flatMap((href) => {
    const k = known.get(href);
    return k === undefined ? [] : [k.key];
  });
  changed.sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
  deleted.sort();
  return { changed, deleted, full };
}

function unchanged(syncToken: string | undefined, ctag: string | undefined): SyncResult {
  return withState({ changed: [], deleted: [], full: false }, syncToken, ctag);
}

function withState(result: SyncResult, syncToken: string | undefined, ctag: string | undefined): SyncResult {
  if (syncToken !== undefined) result.syncToken = syncToken;
  if (ctag !== undefined) result.ctag = ctag;
  return result;
}
