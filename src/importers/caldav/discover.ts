import { serviceDiscovery } from 'tsdav';
import { AppError } from '../../errors.js';
import { type CalDavAccount, type Connection, type ConnectOptions, connect } from './connection.js';
import {
  type DavEntry,
  firstHref,
  isEventCalendar,
  NoDavResource,
  PROPS,
  propfindEntries,
  propfindSelf,
  resourceTypes,
  sameResource,
  text,
} from './dav.js';

export interface RemoteCalendar {
  /** The calendar collection's absolute URL: what `syncCalendar` takes. */
  url: string;
  displayName: string;
  /** The collection's current state, for a caller that wants to remember it without syncing. */
  ctag?: string;
  syncToken?: string;
}

const SELF_PROPS = {
  ...PROPS.resourcetype,
  ...PROPS.displayname,
  ...PROPS.getctag,
  ...PROPS.syncToken,
  ...PROPS.components,
  ...PROPS.principal,
  ...PROPS.home,
};

const MEMBER_PROPS = {
  ...PROPS.resourcetype,
  ...PROPS.displayname,
  ...PROPS.getctag,
  ...PROPS.syncToken,
  ...PROPS.components,
};

/**
 * The event calendars an account can read, found from whatever URL the leader has: a calendar
 * collection (then just that one), a principal or calendar home, or the server root (RFC 4791
 * §6.2.1 via current-user-principal, and RFC 6764 /.well-known/caldav when the root says nothing).
 * Task lists and address books are left out; the order is by name.
 */
export async function listRemoteCalendars(
  account: CalDavAccount,
  options: ConnectOptions = {},
): Promise<RemoteCalendar[]> {
  const conn = connect(account, options);
  const start = conn.url.href;
  let base = start;
  let self: DavEntry;
  try {
    self = await propfindSelf(conn, start, SELF_PROPS);
  } catch (e) {
    // Often the web page of the calendar app, or a bare host name: RFC 6764 says where to look.
    const found = e instanceof NoDavResource ? await wellKnown(conn) : undefined;
    if (found === undefined) throw e;
    base = found;
    self = await propfindSelf(conn, base, SELF_PROPS);
  }

  if (resourceTypes(self).includes('calendar')) {
    if (!isEventCalendar(self)) {
      throw new AppError('invalid', `The calendar at ${conn.shown} holds no events (only tasks or notes).`, {
        field: 'url',
      });
    }
    return [remote(self, base)];
  }

  let home = await homeOf(conn, self, base);
  if (home === undefined && base === start) {
    // Servers that keep CalDAV below a path may answer the root without the properties that lead on.
    const found = await wellKnown(conn);
    if (found !== undefined) {
      base = found;
      home = await homeOf(conn, await propfindSelf(conn, base, SELF_PROPS), base);
    }
  }
  if (home === undefined) {
    throw new AppError(
      'invalid',
      `${conn.shown} is not a calendar, a calendar home or a CalDAV server root that names one.`,
      { field: 'url' },
    );
  }

  const members = await propfindEntries(conn, home, MEMBER_PROPS, '1');
  return members
    .filter((m) => !sameResource(m.href, home) && isEventCalendar(m))
    .map((m) => remote(m, home))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.url.localeCompare(b.url));
}

/** Where /.well-known/caldav redirects to, when that is somewhere other than the URL given. */
async function wellKnown(conn: Connection): Promise<string | undefined> {
  const found = await serviceDiscovery({
    account: { serverUrl: conn.url.href, accountType: 'caldav' },
    headers: conn.headers,
    fetch: conn.fetch,
  });
  return sameResource(found, conn.url.href) ? undefined : new URL(found, conn.url).href;
}

/** calendar-home-set of the resource itself, or of the principal it names. */
async function homeOf(conn: Connection, self: DavEntry, base: string): Promise<string | undefined> {
  const own = firstHref(self.props['calendarHomeSet']);
  if (own !== undefined) return new URL(own, base).href;
  const principal = firstHref(self.props['currentUserPrincipal']);
  if (principal === undefined) return undefined;
  const principalUrl = new URL(principal, base).href;
  const p = await propfindSelf(conn, principalUrl, { ...PROPS.home });
  const home = firstHref(p.props['calendarHomeSet']);
  return home === undefined ? undefined : new URL(home, principalUrl).href;
}

function remote(entry: DavEntry, base: string): RemoteCalendar {
  const url = new URL(entry.href, base).href;
  const name = text(entry.props['displayname'])?.trim();
  const out: RemoteCalendar = { url, displayName: name || lastSegment(url) };
  const ctag = text(entry.props['getctag']);
  const syncToken = text(entry.props['syncToken']);
  if (ctag !== undefined) out.ctag = ctag;
  if (syncToken !== undefined) out.syncToken = syncToken;
  return out;
}

function lastSegment(url: string): string {
  const parts = new URL(url).pathname.split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1];
  if (last === undefined) return url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
