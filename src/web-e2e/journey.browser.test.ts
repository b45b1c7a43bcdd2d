import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCELLED_ONE_ON_ONE_ICS as ICS } from '../cli/test-support/calendar.js';
import { BIN, cli, tempDataDir } from '../cli/test-support/run.js';

/**
 * The web app in a real browser against a real `handson serve`: every page opens with its heading,
 * the dashboard's charts load, a check runs through the form, and nothing fails on the way.
 * (Chromium logs the 4xx answers the API gives on purpose — e.g. a form the server refuses — so
 * only those lines are tolerated.) Screenshots of every page go to .screenshots/ (git-ignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '../../.screenshots');
const NOW = '2026-11-27T15:00:00Z';

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI installs it).`,
    );
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: NOW };
  await cli(
    [
      'init',
      '--name',
      'Dana',
      '--role',
      'engineering-manager',
      '--reports',
      '5',
      '--tz',
      'UTC',
      '--email',
      'dana@example.com',
      '--budget',
      '10',
      '--yes',
    ],
    { env },
  );
  const ics = join(data, 'work.ics');
  writeFileSync(ics, ICS);
  await cli(['import', 'ics', ics], { env });
  await cli(
    [
      'log',
      '--title',
      'Spike search',
      '--date',
      '2026-11-26',
      '--start',
      '09:00',
      '--end',
      '13:00',
      '--reason',
      'unwind',
    ],
    { env },
  );
  await cli(
    ['commitments', 'add', '--kind', 'tough-conversation', '--title', 'Talk to Sam', '--due', '2026-11-30'],
    { env },
  );

  server = spawn(
    process.execPath,
    [BIN, 'serve', '--port', String(41000 + Math.floor(Math.random() * 2000)), '--json'],
    {
      env: { PATH: process.env['PATH'] ?? '', HOME: data, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 20_000);
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

describe('the web app in Chromium', () => {
  it('opens every page, shows the dashboard charts, and runs a check', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Tall enough that the lazily loaded charts are all in view.
    const page = await browser!.newPage({ viewport: { width: 1280, height: 6000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(new URL(url).origin)) problems.push(`left the origin: ${r.url()}`);
    });

    await page.goto(url);
    await page.getByRole('heading', { name: 'Your week' }).waitFor();
    // Every chart image loads from the server and has a size.
    await page.waitForFunction(() => {
      // Runs in the page; typed loosely so the test needs no DOM library.
      type Img = { src: string; complete: boolean; naturalWidth: number };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Img> } })
        .document;
      const imgs = Array.from(doc.querySelectorAll('img')).filter((i) => i.src.includes('/api/charts/'));
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

    const pages: [string, string][] = [
      ['#/check', 'Check a task'],
      ['#/journal', 'Journal'],
      ['#/commitments', 'Commitments'],
      ['#/review', 'Weekly review'],
      ['#/reasons', 'Reasons'],
      ['#/import', 'Import'],
      ['#/settings', 'Settings'],
    ];
    for (const [hash, heading] of pages) {
      await page.goto(`${new URL(url).origin}/${hash}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.screenshot({ path: join(SHOTS, `${hash.slice(2)}.png`), fullPage: true });
    }

    await page.goto(`${new URL(url).origin}/#/check`);
    await page.getByLabel('What is the task?').fill('Write the PRD for search');
    await page.getByLabel('How many hours will it take?').fill('6');
    await page.getByLabel('Love of building').first().check();
    await page.getByRole('button', { name: 'Check it' }).click();
    // 4 h logged this week against a 4 h budget (10% of 40 h) and nobody named: hand it over.
    await page.getByText('Hand it to someone on the team.').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'check-verdict.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
