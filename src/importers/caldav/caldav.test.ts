import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { readCalendar } from '../ics/index.js';
import { listRemoteCalendars, type SyncOptions, type SyncResult, syncCalendar } from './index.js';
import { Radicale, vevent } from './test-support/radicale.js';

/**
 * The CalDAV client against a real Radicale: one server for the file, a fresh calendar per test.
 * Users: alice syncs, carol's home holds only what the discovery tests make, bob owns what alice
 * may not read, erin has nothing.
 */

const USERS = {
  // Non-ASCII and a colon: Basic auth must send UTF-8 and split only at the first colon.
  alice: 'alice: pässword with colon',
  bob: 'bob-secret-123',
  carol: 'carol-secret-456',
  erin: 'erin-secret-789',
};

let radicale: Radicale;

beforeAll(async () => {
  radicale = await Radicale.start({ users: USERS });
});

afterAll(async () => {
  await radicale?.stop();
});

const alice = (url: string) => ({ url, user: 'alice', password: USERS.alice });

function event(uid: string, summary: string, day = '2025-03-03') {
  return vevent({ uid, summary, start: `${day}T09:00:00Z`, end: `${day}T10:00:00Z` });
}

/** The caller's side of a sync: what a store would keep between runs. */
class LocalCopy {
  readonly objects = new Map<string, { etag: string; ics: string }>();
  syncToken: string | undefined;
  ctag: string | undefined;

  get known(): Map<string, string> {
    return new Map([...this.objects].map(([href, o]) => [href, o.etag]));
  }

  apply(r: SyncResult): SyncResult {
    for (const c of r.changed) this.objects.set(c.href, { etag: c.etag, ics: c.ics });
    for (const href of r.deleted) this.objects.delete(href);
    this.syncToken = r.syncToken;
    this.ctag = r.ctag;
    return r;
  }

  async sync(url: string, options: SyncOptions = {}): Promise<SyncResult> {
    const r = await syncCalendar(
      { ...alice(url), syncToken: this.syncToken, ctag: this.ctag, known: this.known },
      options,
    );
    return this.apply(r);
  }
}

async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const summaries = (r: SyncResult) => r.changed.map((c) => /^SUMMARY:(.*)$/m.exec(c.ics)?.[1]?.trim()).sort();

describe('listRemoteCalendars', () => {
  let work: string;
  let personal: string;
  let tasks: string;

  beforeAll(async () => {
    work = await radicale.makeCalendar('carol', { name: 'work', displayName: 'Work' });
    personal = await radicale.makeCalendar('carol', { name: 'personal', displayName: 'Personal' });
    tasks = await radicale.makeCalendar('carol', {
      name: 'todo',
      displayName: 'Tasks',
      components: ['VTODO'],
    });
    await radicale.makeAddressBook('carol', 'contacts');
    await radicale.makeCalendar('bob', { name: 'bobs', displayName: 'Bob only' });
  });

  const carol = (url: string) => ({ url, user: 'carol', password: USERS.carol });

  it.each([
    ['the server root', () => radicale.url],
    ['the principal / calendar home', () => radicale.homeUrl('carol')],
  ])(
    'from %s lists the event calendars by name, without task lists, address books or other users',
    async (_, start) => {
      const found = await listRemoteCalendars(carol(start()));
      expect(found.map((c) => [c.displayName, c.url])).toEqual([
        ['Personal', personal],
        ['Work', work],
      ]);
      for (const c of found) {
        expect(c.syncToken).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
        expect(c.ctag).toEqual(expect.any(String));
      }
    },
  );

  it('from an address on the server where nothing is, finds them through /.well-known/caldav', async () => {
    const found = await listRemoteCalendars(carol(`${radicale.homeUrl('carol')}no-such-thing/`));
    expect(found.map((c) => c.displayName)).toEqual(['Personal', 'Work']);
  });

  it('from a calendar URL returns just that calendar', async () => {
    expect((await listRemoteCalendars(carol(work))).map((c) => c.displayName)).toEqual(['Work']);
  });

  it('refuses a calendar that holds only tasks, saying so', async () => {
    const e = await appError(listRemoteCalendars(carol(tasks)));
    expect(e.message).toBe(`The calendar at ${tasks} holds no events (only tasks or notes).`);
  });

  it('returns an empty list for an account with no calendars yet', async () => {
    expect(await listRemoteCalendars({ url: radicale.url, user: 'erin', password: USERS.erin })).toEqual([]);
  });
});

describe.each([
  { method: 'auto' as const, incrementalIsFull: false },
  { method: 'ctag' as const, incrementalIsFull: true },
])('syncCalendar, method $method', ({ method, incrementalIsFull }) => {
  it('first sync returns every object; the next one, with nothing changed, returns nothing', async () => {
    const cal = await radicale.makeCalendar();
    const a = await radicale.put(cal, 'a.ics', event('a', 'Standup'));
    const b = await radicale.put(cal, 'b.ics', event('b', 'Design review'));
    const local = new LocalCopy();

    const first = await local.sync(cal, { method });
    expect(first.full).toBe(true);
    expect(first.deleted).toEqual([]);
    expect(first.changed.map((c) => [c.href, c.etag])).toEqual([
      [a.href, a.etag],
      [b.href, b.etag],
    ]);
    expect(summaries(first)).toEqual(['Design review', 'Standup']);
    expect(first.ctag).toEqual(expect.any(String));
    if (method === 'auto') expect(first.syncToken).toEqual(expect.any(String));
    else expect(first.syncToken).toBeUndefined();

    const second = await local.sync(cal, { method });
    expect(second).toEqual({
      changed: [],
      deleted: [],
      full: false,
      ctag: first.ctag,
      ...(method === 'auto' ? { syncToken: first.syncToken } : {}),
    });
  });

  it('after an edit, a deletion and an addition behind its back, returns exactly those', async () => {
    const cal = await radicale.makeCalendar();
    await radicale.put(cal, 'a.ics', event('a', 'Standup'));
    const b = await radicale.put(cal, 'b.ics', event('b', 'Design review'));
    await radicale.put(cal, 'c.ics', event('c', 'Untouched'));
    const local = new LocalCopy();
    await local.sync(cal, { method });

    const edited = await radicale.put(cal, 'a.ics', event('a', 'Standup (moved)', '2025-03-04'));
    await radicale.remove(b.href);
    const added = await radicale.put(cal, 'd.ics', event('d', 'One-on-one with Sam'));

    const r = await local.sync(cal, { method });
    expect(r.full).toBe(incrementalIsFull);
    expect(r.deleted).toEqual([b.href]);
    expect(r.changed.map((c) => [c.href, c.etag])).toEqual([
      [edited.href, edited.etag],
      [added.href, added.etag],
    ]);
    expect(summaries(r)).toEqual(['One-on-one with Sam', 'Standup (moved)']);
    expect([...local.objects.keys()].sort()).toEqual([
      edited.href,
      `${new URL(cal).pathname}c.ics`,
      added.href,
    ]);

    expect((await local.sync(cal, { method })).changed).toEqual([]);
  });

  it('keeps object names with spaces and non-ASCII letters recognisable from sync to sync', async () => {
    const cal = await radicale.makeCalendar();
    const odd = await radicale.put(cal, 'Café meeting #1.ics', event('odd', 'Café'));
    const local = new LocalCopy();
    const first = await local.sync(cal, { method });
    expect(first.changed.map((c) => c.href)).toEqual([odd.href]);

    await radicale.remove(odd.href);
    const r = await local.sync(cal, { method });
    expect(r.deleted).toEqual([odd.href]);
    expect(local.objects.size).toBe(0);
  });
});

describe('syncCalendar on a big calendar', () => {
  it('fetches every object of a calendar larger than one multiget batch', async () => {
    const cal = await radicale.makeCalendar();
    const uids = Array.from({ length: 150 }, (_, i) => `bulk-${i}`);
    const lines = uids.flatMap((uid) => {
      const one = event(uid, `Meeting ${uid}`).split('\r\n');
      return one.slice(one.indexOf('BEGIN:VEVENT'), one.indexOf('END:VEVENT') + 1);
    });
    await radicale.replaceAll(
      cal,
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Hands-on tests//EN', ...lines, 'END:VCALENDAR', ''].join(
        '\r\n',
      ),
    );

    const r = await new LocalCopy().sync(cal);
    expect(r.changed).toHaveLength(uids.length);
    expect(r.changed.map((c) => /^UID:(.*)$/m.exec(c.ics)?.[1]?.trim()).sort()).toEqual([...uids].sort());
    expect(new Set(r.changed.map((c) => c.href)).size).toBe(uids.length);
  });
});

describe('syncCalendar with a sync token the server does not know', () => {
  it.each([
    ['garbage', 'not-a-token'],
    ['well-formed but expired', `http://radicale.org/ns/sync/${'0'.repeat(64)}`],
  ])('(%s) falls back to a full listing and still returns only the differences', async (_, token) => {
    const cal = await radicale.makeCalendar();
    const a = await radicale.put(cal, 'a.ics', event('a', 'Standup'));
    const b = await radicale.put(cal, 'b.ics', event('b', 'Design review'));
    const local = new LocalCopy();
    await local.sync(cal);
    const edited = await radicale.put(cal, 'a.ics', event('a', 'Standup (moved)', '2025-03-04'));
    await radicale.remove(b.href);

    local.syncToken = token;
    const r = await local.sync(cal);
    expect(r.full).toBe(true);
    expect(r.changed.map((c) => [c.href, c.etag])).toEqual([[a.href, edited.etag]]);
    expect(r.deleted).toEqual([b.href]);
    expect(r.syncToken).toMatch(/^http:\/\/radicale\.org\/ns\/sync\/[0-9a-f]{64}$/);

    expect(await local.sync(cal)).toMatchObject({ changed: [], deleted: [], full: false });
  });
});

describe('errors', () => {
  it.each([
    [
      'listRemoteCalendars',
      (url: string, password: string) => listRemoteCalendars({ url, user: 'alice', password }),
    ],
    [
      'syncCalendar',
      (url: string, password: string) => syncCalendar({ url, user: 'alice', password, known: new Map() }),
    ],
  ])('%s with a wrong password names the user and URL, never the password', async (_, call) => {
    const cal = await radicale.makeCalendar();
    const wrong = 'Wr0ng-but-Secret!';
    const e = await appError(call(cal, wrong));
    expect(e.code).toBe('invalid');
    expect(e.message).toBe(
      `The CalDAV server at ${cal} did not accept the user name "alice" with that password.`,
    );
    const everything = JSON.stringify([e.message, e.toJSON(), String(e.cause), e.stack]);
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(USERS.alice);
  });

  it("says so when the user may not read another user's calendar", async () => {
    const bobs = await radicale.makeCalendar('bob');
    const e = await appError(syncCalendar({ ...alice(bobs), known: new Map() }));
    expect(e.message).toBe(`User "alice" is not allowed to read ${bobs}.`);
  });

  it.each([
    ['the calendar home', () => radicale.homeUrl('alice')],
    ['an address book', () => radicale.makeAddressBook('alice')],
  ])('refuses to sync %s: it is not a calendar collection', async (_, target) => {
    const url = await target();
    const e = await appError(syncCalendar({ ...alice(url), known: new Map() }));
    expect(e.code).toBe('invalid');
    expect(e.message).toBe(
      `${url} is not a calendar collection; list the account's calendars to find their URLs.`,
    );
  });

  it('says when nothing exists at the URL', async () => {
    const url = new URL('alice/no-such-calendar/', radicale.url).href;
    const e = await appError(syncCalendar({ ...alice(url), known: new Map() }));
    expect(e.code).toBe('not-found');
    expect(e.message).toBe(`Nothing exists at ${url} on the CalDAV server.`);
  });

  it('says nothing listens on a closed port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const e = await appError(listRemoteCalendars(alice(url)));
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('url');
    expect(e.message).toBe(
      `Nothing accepts connections at ${url}: check the host and port, and that the server is running.`,
    );
  });

  it('says when https:// points at a port that speaks plain HTTP', async () => {
    const url = radicale.url.replace('http://', 'https://');
    const e = await appError(listRemoteCalendars(alice(url)));
    expect(e.message).toBe(
      `The server at ${url} does not speak HTTPS on that port; check the port, or whether it should be http://.`,
    );
  });

  it('refuses a server with a self-signed certificate, saying how to trust it', async () => {
    const tls = await Radicale.start({ users: USERS, selfSignedTls: true });
    try {
      const e = await appError(listRemoteCalendars(alice(tls.url)));
      expect(e.message).toBe(
        `The certificate of ${tls.url} is not trusted (self-signed or from an unknown authority); ` +
          'point NODE_EXTRA_CA_CERTS at its CA certificate if you trust it.',
      );
    } finally {
      await tls.stop();
    }
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent = await listening(createServer(() => {}));
    try {
      const url = `http://127.0.0.1:${port(silent)}/`;
      const e = await appError(listRemoteCalendars(alice(url), { timeoutMs: 300 }));
      expect(e.message).toBe(`The CalDAV server at ${url} did not answer within 0.3 s.`);
    } finally {
      silent.close();
    }
  });
});

describe('end to end', () => {
  it('fetched objects read as occurrences, recurring ones expanded', async () => {
    const cal = await radicale.makeCalendar();
    await radicale.put(
      cal,
      'standup.ics',
      vevent({
        uid: 'standup',
        summary: 'Team standup',
        start: '2025-03-03T09:00:00Z',
        end: '2025-03-03T09:15:00Z',
        extra: ['RRULE:FREQ=DAILY;COUNT=3'],
      }),
    );
    await radicale.put(cal, 'review.ics', event('review', 'Design review', '2025-03-04'));
    const local = new LocalCopy();
    const r = await local.sync(cal);

    const occurrences = r.changed
      .flatMap(
        (c) =>
          readCalendar(c.ics, {
            from: '2025-03-01T00:00:00Z',
            to: '2025-04-01T00:00:00Z',
            emails: ['alice@example.com'],
            floatingTz: 'Europe/Berlin',
          }).events,
      )
      .map((o) => [new Date(o.start).toISOString(), o.title, o.recurring])
      .sort();
    expect(occurrences).toEqual([
      ['2025-03-03T09:00:00.000Z', 'Team standup', true],
      ['2025-03-04T09:00:00.000Z', 'Design review', false],
      ['2025-03-04T09:00:00.000Z', 'Team standup', true],
      ['2025-03-05T09:00:00.000Z', 'Team standup', true],
    ]);
  });
});

// ------------------------------------------------------------------------------ sockets

function listening(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function port(server: Server): number {
  const a = server.address();
  if (typeof a !== 'object' || a === null) throw new Error('server has no port');
  return a.port;
}

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const s = await listening(createServer());
  const p = port(s);
  await new Promise((r) => s.close(r));
  return p;
}
