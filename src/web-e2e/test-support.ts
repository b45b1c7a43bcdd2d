import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { BIN, cli, initDana } from '../cli/test-support/run.js';
import { teamConfig } from '../server/team/config.js';
import { type RunningTeamServer, startTeamServer } from '../server/team/start.js';
import { teamDatabase } from '../server/team/test-support.js';
import { openEngine } from '../store/open.js';
import { CANCELLED_ONE_ON_ONE_ICS } from '../test-support/calendar.js';
import { sideScroll, smallText } from '../test-support/legibility.js';

export { launchChromium } from '../test-support/chromium.js';

/**
 * What the browser tests share: a real `handson serve` on a data dir, Chromium, a collector of
 * everything that should never happen in a page, and screenshots under .screenshots/ (git-ignored).
 */

export const SHOTS = join(import.meta.dirname, '../../.screenshots');

/** A Friday: the week has a past worth flagging, and "today" never depends on when the test runs. */
export const NOW = '2026-11-27T15:00:00Z';

export interface Served {
  /** The address `serve` printed, with its key: opening it signs the browser in. */
  url: string;
  origin: string;
  /** `origin/#/path`. */
  at(hash: string): string;
  stop(): Promise<void>;
}

/** Runs `handson` on `data` at the fixed clock, to seed it; a failure throws with what it said. */
export function seeder(data: string): (args: string[]) => Promise<string> {
  return async (args) => {
    const r = await cli(args, { env: { HANDSON_DATA: data, HANDSON_NOW: NOW } });
    if (r.code !== 0) throw new Error(`handson ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
}

/**
 * What the seeded browser tests start from: Dana's profile, a calendar whose 1:1 with Priya on
 * Thu 26 Nov was cancelled, and a talk with Sam due Mon 30 Nov put off to Fri 4 Dec. Returns the
 * seeder, for what each test adds.
 */
export async function seedDana(data: string, why?: string): Promise<(args: string[]) => Promise<string>> {
  const run = seeder(data);
  await run(initDana());
  const ics = join(data, 'work.ics');
  writeFileSync(ics, CANCELLED_ONE_ON_ONE_ICS);
  await run(['import', 'ics', ics]);
  const talk = JSON.parse(
    await run([
      'commitments',
      'add',
      '--kind',
      'tough-conversation',
      '--title',
      'Talk to Sam about the on-call rota',
      '--person',
      'Sam',
      '--due',
      '2026-11-30',
      '--json',
    ]),
  ) as { id: string };
  await run(['commitments', 'postpone', talk.id, '--to', '2026-12-04', ...(why ? ['--why', why] : [])]);
  return run;
}

/** Starts `handson serve` on `data` with the fixed clock, and resolves once it prints its address. */
export async function serve(
  data: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    // A port that is taken moves to a free one, so a random pick only makes clashes unlikely.
    [BIN, 'serve', '--port', String(41000 + Math.floor(Math.random() * 2000)), '--json', ...args],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: data,
        XDG_CONFIG_HOME: join(tmpdir(), 'handson-no-config'),
        HANDSON_DATA: data,
        HANDSON_NOW: NOW,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${log}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${out}${log}`));
    });
  });
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    at: (hash) => `${origin}/${hash}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A port that was free a moment ago: the public address must name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface TeamServed {
  server: RunningTeamServer;
  /** `http://localhost:<port>`, the server's public address: Chromium keeps `__Host-` cookies there. */
  origin: string;
  /** The database's owner, to bootstrap an organisation as `handson server bootstrap` does. */
  owner: Awaited<ReturnType<typeof openEngine>>;
  close(): Promise<void>;
}

/**
 * An organisation's server on a fresh schema of HANDSON_TEST_PG_URL, serving the built web app
 * (dist/web) on a port of its own.
 */
/** `smtpUrl`: the server sends email there (HANDSON_SMTP_URL), e.g. a test's own SMTP server. */
export async function serveTeam(
  options: {
    smtpUrl?: string /** A HANDSON_SECRET_KEY, so an organisation may require a second factor. */;
    secretKey?: boolean;
  } = {},
): Promise<TeamServed> {
  const database = await teamDatabase();
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const config = teamConfig({
    HANDSON_DATABASE_URL: database.appUrl,
    HANDSON_DATABASE_SCHEMA: database.schema,
    HANDSON_PUBLIC_URL: origin,
    ...(options.smtpUrl === undefined ? {} : { HANDSON_SMTP_URL: options.smtpUrl }),
    ...(options.secretKey ? { HANDSON_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
  });
  const server = await startTeamServer(
    config,
    { port, webRoot: join(import.meta.dirname, '../../dist/web') },
    () => {},
  );
  const owner = await openEngine({
    dataDir: '.',
    databaseUrl: process.env['HANDSON_TEST_PG_URL']!,
    pgSchema: database.schema,
  });
  return {
    server,
    origin,
    owner,
    async close() {
      await server.close();
      await owner.destroy();
      await database.drop();
    },
  };
}

/**
 * Creates an account from an invitation (or first-admin) link in `page`, as a person would; answers
 * the session cookie the server set.
 */
export async function acceptInvitation(
  page: Page,
  origin: string,
  link: string,
  name: string,
): Promise<string> {
  await page.goto(link.replace(/^https?:\/\/[^/]+/, origin));
  await page.getByRole('heading', { name: 'Join Hands-on' }).waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(`${name} has a long password`);
  await page.getByLabel('The same password again').fill(`${name} has a long password`);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.getByRole('heading', { name: 'Welcome to Hands-on' }).waitFor();
  return (await page.context().cookies()).find((c) => c.name === '__Host-handson_session')!.value;
}

/** A refusal from the API that a test causes on purpose (e.g. no profile yet on a fresh data dir). */
export interface Expected {
  method: string;
  /** The exact path, allowed once; or a pattern, allowed any number of times. */
  path: string | RegExp;
  status: number;
}

/**
 * Everything that must not happen while a page is used: a console error, an uncaught error, a
 * request that fails or leaves the origin, and an HTTP error answer that the test did not say it
 * expects. Chromium logs every 4xx answer as a console error ("Failed to load resource: … status
 * of 409"); those lines are left to the answer check, which knows the address. Problems are added
 * to `problems` (one list may collect those of several pages), which is returned.
 */
export function watch(
  page: Page,
  origin: string,
  expected: readonly Expected[] = [],
  problems: string[] = [],
): string[] {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A picture the page stopped wanting (the reader moved to another page, or the chart's frame
    // changed width and asked for a new drawing) is cancelled by Chromium; nothing went wrong.
    if (r.resourceType() === 'image' && r.failure()?.errorText === 'net::ERR_ABORTED') return;
    // The tab's icon, asked for after the page loaded: a reload right then cancels it.
    if (
      /\/favicon[^/]*\.svg$/.test(new URL(r.url()).pathname) &&
      r.failure()?.errorText === 'net::ERR_ABORTED'
    )
      return;
    // A stream of live updates is open for as long as the page is: leaving the page ends it.
    if (r.resourceType() === 'eventsource' && r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText ?? 'no reason'})`);
  });
  page.on('request', (r) => {
    const u = r.url();
    // A downloaded backup is a blob of the page's own origin; data: URLs never leave the page.
    if (u.startsWith(`${origin}/`) || u.startsWith(`blob:${origin}/`) || u.startsWith('data:')) return;
    problems.push(`left the origin: ${u}`);
  });
  // Each expected refusal is allowed once: the same one again means the app is stuck.
  const left = [...expected];
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const req = r.request();
    const path = new URL(r.url()).pathname;
    const i = left.findIndex(
      (e) =>
        e.method === req.method() &&
        e.status === r.status() &&
        (typeof e.path === 'string' ? e.path === path : e.path.test(path)),
    );
    if (i >= 0 && typeof left[i]!.path === 'string') left.splice(i, 1);
    else if (i < 0) problems.push(`HTTP ${r.status()}: ${req.method()} ${r.url()}`);
  });
  return problems;
}

/** Opens a page from the main navigation, through the Menu button where the screen hides it. */
export async function go(page: Page, nav: string, heading = nav): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: nav, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** A full-page screenshot in .screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Runs in the page; typed loosely so the tests need no DOM library. */
type Img = { src: string; complete: boolean; naturalWidth: number };
type Doc = { querySelectorAll(s: string): ArrayLike<Img> };

/** Every chart on the dashboard has loaded from /api/charts/ and has a size. */
export async function chartsLoaded(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    const imgs = Array.from(doc.querySelectorAll('img')).filter((i) => i.src.includes('/api/charts/'));
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0) ? imgs.length : 0;
  });
  return (await handle.jsonValue()) as number;
}

/**
 * The page, once settled, is legible at its width: no text under 11 px, nothing wider than the
 * screen. Then a screenshot named `name` in .screenshots/.
 */
export async function legible(page: Page, name: string): Promise<void> {
  await settled(page);
  expect(await smallText(page), name).toEqual([]);
  expect(await sideScroll(page), name).toBe(0);
  await shot(page, name);
}

/** Nothing on the page says it is still loading. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    return doc.querySelectorAll('[aria-busy="true"]').length === 0;
  });
}

/** The pages of the main navigation, in its order: address, link, heading, and a name for files. */
export const PAGES: readonly { hash: string; nav: string; heading: string; name: string }[] = [
  { hash: '#/', nav: 'Dashboard', heading: 'Your week', name: 'dashboard' },
  { hash: '#/check', nav: 'Check a task', heading: 'Check a task', name: 'check' },
  { hash: '#/journal', nav: 'Journal', heading: 'Journal', name: 'journal' },
  { hash: '#/calendar', nav: 'Calendar', heading: 'Calendar', name: 'calendar' },
  { hash: '#/commitments', nav: 'Commitments', heading: 'Commitments', name: 'commitments' },
  { hash: '#/people', nav: 'People', heading: 'People', name: 'people' },
  { hash: '#/review', nav: 'Weekly review', heading: 'Weekly review', name: 'review' },
  { hash: '#/reasons', nav: 'Reasons', heading: 'Reasons', name: 'reasons' },
  { hash: '#/import', nav: 'Import', heading: 'Import', name: 'import' },
  { hash: '#/settings', nav: 'Settings', heading: 'Settings', name: 'settings' },
];

/**
 * Waits until the element's text contains `text`, all white space (line breaks, the no-break
 * spaces in "4 h") read as one space. Playwright's own `expect` is not available here.
 */
export async function sees(l: Locator, text: string): Promise<void> {
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, and the text as shown is the point
  await expect.poll(async () => flat(await l.innerText()), { timeout: 10_000 }).toContain(flat(text));
}

/** Waits until the field holds `value`. */
export async function holds(l: Locator, value: string): Promise<void> {
  await expect.poll(() => l.inputValue(), { timeout: 10_000 }).toBe(value);
}

/** Waits until the element has focus. */
export async function focused(l: Locator): Promise<void> {
  await expect
    .poll(() => l.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement), {
      timeout: 10_000,
    })
    .toBe(true);
}

/**
 * Joins an organisation's server from an invitation link in a fresh browser context of `width`:
 * the Join page, a name and a password, until the welcome page. Answers the page and the session
 * cookie the server set, for calls through the API.
 */
export async function joinFromLink(
  browser: Browser,
  origin: string,
  link: string,
  name: string,
  width: number,
  expected: Expected[],
  problems: string[],
): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  watch(page, origin, expected, problems);
  const cookie = await acceptInvitation(page, origin, link, name);
  return { context, page, cookie };
}
