import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Radicale CalDAV server for tests: one process per test file, its own storage folder and
 * htpasswd users, on a free loopback port. Helpers change the server "behind the client's back"
 * with plain HTTP (never through the code under test).
 *
 *   const radicale = await Radicale.start();            // in beforeAll
 *   const cal = await radicale.makeCalendar('alice');   // a fresh collection per test
 *   await radicale.put(cal, 'standup.ics', vevent({ uid: 'standup', ... }));
 *   await radicale.stop();                              // in afterAll
 *
 * Radicale is a Debian package (`apt-get install -y radicale`; `npm test` installs it when it may). When it
 * is missing, start() throws so the suite fails loudly instead of skipping.
 */

export interface RadicaleOptions {
  /** user name → password (htpasswd, plain: the packaged Radicale needs no extra modules for it). */
  users?: Record<string, string>;
  /** Serve HTTPS with a freshly made self-signed certificate (needs the `openssl` binary). */
  selfSignedTls?: boolean;
}

export interface PutResult {
  /** The object's path on the server, as a CalDAV client sees it in listings. */
  href: string;
  /** The ETag Radicale answered with (quoted, as on the wire). */
  etag: string;
}

const DEFAULT_USERS: Record<string, string> = {
  alice: 'alice-secret: with colon',
  bob: 'bob-secret',
};

const STARTUP_TIMEOUT_MS = 15_000;

export class Radicale {
  /** Server root with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  readonly users: Readonly<Record<string, string>>;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly output: string[];
  private stopped = false;

  private constructor(
    url: string,
    users: Record<string, string>,
    child: ChildProcess,
    dir: string,
    output: string[],
  ) {
    this.url = url;
    this.users = users;
    this.child = child;
    this.dir = dir;
    this.output = output;
  }

  static async start(options: RadicaleOptions = {}): Promise<Radicale> {
    assertInstalled();
    const users = options.users ?? DEFAULT_USERS;
    const dir = mkdtempSync(join(tmpdir(), 'handson-radicale-'));
    try {
      writeFileSync(
        join(dir, 'users'),
        Object.entries(users)
          .map(([name, password]) => `${name}:${password}\n`)
          .join(''),
      );
      const tls = options.selfSignedTls ? makeSelfSignedCertificate(dir) : undefined;
      // A port picked free can be taken before Radicale binds it; then try another.
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        const config = join(dir, 'config');
        writeFileSync(config, configText(dir, port, tls));
        try {
          const { child, output } = await launch(config, port);
          const scheme = tls ? 'https' : 'http';
          return new Radicale(`${scheme}://127.0.0.1:${port}/`, users, child, dir, output);
        } catch (e) {
          lastError = e;
        }
      }
      throw lastError;
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** The first configured user; most tests need only one. */
  get user(): string {
    return Object.keys(this.users)[0]!;
  }

  /** The calendar home (= principal) collection of a user: where discovery finds calendars. */
  homeUrl(user = this.user): string {
    return new URL(`${encodeURIComponent(user)}/`, this.url).href;
  }

  /**
   * Creates a calendar collection with MKCALENDAR and returns its URL (with a trailing slash).
   * The name defaults to a random one, so each test gets a fresh, empty calendar.
   */
  async makeCalendar(
    user = this.user,
    options: { name?: string; displayName?: string; components?: string[] } = {},
  ): Promise<string> {
    const name = options.name ?? `cal-${randomBytes(6).toString('hex')}`;
    const url = new URL(`${encodeURIComponent(name)}/`, this.homeUrl(user)).href;
    const comps = (options.components ?? ['VEVENT']).map((c) => `<C:comp name="${xmlEscape(c)}"/>`).join('');
    const displayName =
      options.displayName === undefined
        ? ''
        : `<D:displayname>${xmlEscape(options.displayName)}</D:displayname>`;
    const body =
      '<?xml version="1.0" encoding="utf-8"?>' +
      '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>' +
      `${displayName}<C:supported-calendar-component-set>${comps}</C:supported-calendar-component-set>` +
      '</D:prop></D:set></C:mkcalendar>';
    await this.request(user, 'MKCALENDAR', url, body, 'application/xml; charset=utf-8', [201]);
    return url;
  }

  /** Creates a CardDAV address book (extended MKCOL): discovery must not list it as a calendar. */
  async makeAddressBook(user = this.user, name = `book-${randomBytes(6).toString('hex')}`): Promise<string> {
    const url = new URL(`${encodeURIComponent(name)}/`, this.homeUrl(user)).href;
    const body =
      '<?xml version="1.0" encoding="utf-8"?>' +
      '<D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>' +
      '<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>' +
      '</D:prop></D:set></D:mkcol>';
    await this.request(user, 'MKCOL', url, body, 'application/xml; charset=utf-8', [201]);
    return url;
  }

  /** Creates or replaces a calendar object in a collection. */
  async put(calendarUrl: string, fileName: string, ics: string, user = this.user): Promise<PutResult> {
    const url = new URL(encodeURIComponent(fileName), calendarUrl);
    const res = await this.request(user, 'PUT', url.href, ics, 'text/calendar; charset=utf-8', [201, 204]);
    const etag = res.headers.get('etag');
    if (etag === null) throw new Error(`Radicale answered PUT ${url.pathname} without an ETag`);
    return { href: url.pathname, etag };
  }

  /**
   * Replaces everything in a calendar with the events of one VCALENDAR, one object per UID
   * (`<uid>.ics`), in a single request: Radicale's whole-collection PUT. The quick way to fill a
   * big calendar; it also drops the collection's display name.
   */
  async replaceAll(calendarUrl: string, ics: string, user = this.user): Promise<void> {
    await this.request(user, 'PUT', calendarUrl, ics, 'text/calendar; charset=utf-8', [201, 204]);
  }

  /** Deletes an object (or a whole collection) by href or URL. */
  async remove(hrefOrUrl: string, user = this.user): Promise<void> {
    await this.request(user, 'DELETE', new URL(hrefOrUrl, this.url).href, undefined, undefined, [200, 204]);
  }

  /** Stops the server (its whole process group) and removes its storage. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await terminate(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What Radicale printed so far: attach it to a failure to see the server's side. */
  get log(): string {
    return this.output.join('');
  }

  private async request(
    user: string,
    method: string,
    url: string,
    body: string | undefined,
    contentType: string | undefined,
    expect: number[],
  ): Promise<Response> {
    const password = this.users[user];
    if (password === undefined) throw new Error(`No Radicale user "${user}" in this test server`);
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
    };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const res = await fetch(url, { method, headers, body: body ?? null });
    const text = await res.text();
    if (!expect.includes(res.status)) {
      throw new Error(
        `Radicale answered ${method} ${new URL(url).pathname} with ${res.status}: ${text.slice(0, 500)}\n${this.log}`,
      );
    }
    return res;
  }
}

// ------------------------------------------------------------------------------ ICS helper

export interface EventSpec {
  uid: string;
  summary: string;
  /** UTC start, `YYYY-MM-DDTHH:MM:SSZ`. */
  start: string;
  end: string;
  /** Extra content lines inside the VEVENT (RRULE, ATTENDEE, ...). */
  extra?: string[];
}

/** A minimal valid VCALENDAR with one VEVENT, CRLF line endings as RFC 5545 wants. */
export function vevent(spec: EventSpec): string {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on tests//EN',
    'BEGIN:VEVENT',
    `UID:${spec.uid}`,
    `DTSTAMP:${stamp('2024-01-01T00:00:00Z')}`,
    `DTSTART:${stamp(spec.start)}`,
    `DTEND:${stamp(spec.end)}`,
    `SUMMARY:${spec.summary}`,
    ...(spec.extra ?? []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

// ------------------------------------------------------------------------------ process

const INSTALL_HINT =
  'Radicale is not installed, and the CalDAV tests need a real server: run `apt-get install -y radicale` ' +
  '(`npm test` does when it may).';

function assertInstalled(): void {
  try {
    execFileSync('radicale', ['--version'], { stdio: 'pipe' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? INSTALL_HINT : `radicale --version failed: ${String(e)}`);
  }
}

function configText(dir: string, port: number, tls: { cert: string; key: string } | undefined): string {
  return [
    '[server]',
    `hosts = 127.0.0.1:${port}`,
    ...(tls ? ['ssl = True', `certificate = ${tls.cert}`, `key = ${tls.key}`] : []),
    '[auth]',
    'type = htpasswd',
    `htpasswd_filename = ${join(dir, 'users')}`,
    'htpasswd_encryption = plain',
    // Radicale sleeps after a failed login to slow guessing; tests try wrong passwords on purpose.
    'delay = 0',
    '[rights]',
    'type = owner_only',
    '[storage]',
    `filesystem_folder = ${join(dir, 'collections')}`,
    '[web]',
    'type = none',
    '[logging]',
    'level = warning',
    'mask_passwords = True',
    '',
  ].join('\n');
}

function makeSelfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'pipe' },
    );
  } catch (e) {
    throw new Error(`Could not make a self-signed certificate with openssl (is it installed?): ${String(e)}`);
  }
  return { cert, key };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function launch(config: string, port: number): Promise<{ child: ChildProcess; output: string[] }> {
  // Its own process group, so stop() can end Radicale together with anything it spawned.
  const child = spawn('radicale', ['--config', config], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (s: string) => output.push(s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => output.push(s));
  // If the test worker dies without afterAll, do not leave a server behind.
  const onExit = () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  };
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Radicale exited while starting (code ${child.exitCode}):\n${output.join('')}`);
    }
    if (await accepts(port)) return { child, output };
    await new Promise((r) => setTimeout(r, 50));
  }
  await terminate(child);
  throw new Error(
    `Radicale did not listen on port ${port} within ${STARTUP_TIMEOUT_MS} ms:\n${output.join('')}`,
  );
}

/** A TCP connect is enough: it works for the HTTPS server too, whose certificate fetch would refuse. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {}
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
