import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDana, tempDataDir } from '../cli/test-support/run.js';
import { launchChromium, type Served, seeder, serve } from './test-support.js';

/**
 * The browser's sign-in and the other programs on this machine (decision 0018). Browsers keep
 * cookies per host name, not per port: a session set at 127.0.0.1 is sent to every server the
 * browser opens on 127.0.0.1. With `serve --private-host` the address is this install's own
 * `*.localhost` name, which Chromium finds by itself, and the session goes nowhere else. A
 * bystander server on another port records the cookies it is sent.
 */

let browser: Browser | undefined;
let bystander: Server | undefined;
let bystanderPort = 0;
const received: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  bystander = createServer((req, res) => {
    received.push(`${req.headers.host} ${req.headers.cookie ?? ''}`);
    res.end('another program on this machine');
  });
  await new Promise<void>((resolve) => bystander!.listen(0, '127.0.0.1', resolve));
  const address = bystander.address();
  bystanderPort = typeof address === 'object' && address ? address.port : 0;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => bystander?.close(resolve));
});

/** Signs a fresh browser in at the address `serve` printed, then visits the bystander by both names. */
async function signInThenVisitBystander(app: Served): Promise<{ status: number; sent: string[] }> {
  const context = await browser!.newContext();
  try {
    const page = await context.newPage();
    await page.goto(app.url);
    // Signed in: the app's own requests are answered, under the name it was opened at.
    const status = await page.evaluate(async () => (await fetch('/api/profile/show')).status);
    received.length = 0;
    await page.goto(`http://127.0.0.1:${bystanderPort}/`);
    await page.goto(`http://localhost:${bystanderPort}/`);
    return { status, sent: [...received] };
  } finally {
    await context.close();
  }
}

describe('the session cookie and other local programs', () => {
  it('with --private-host, the address is the install’s own name and the session reaches nothing else', async () => {
    const data = tempDataDir();
    await seeder(data)(initDana());
    const app = await serve(data, {}, ['--private-host']);
    try {
      expect(new URL(app.url).hostname).toMatch(/^hands-on-[0-9a-f]{10}\.localhost$/);
      const { status, sent } = await signInThenVisitBystander(app);
      expect(status).toBe(200);
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(sent.filter((s) => s.includes('handson_session'))).toEqual([]);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('at 127.0.0.1 (the default) the browser sends the session to any program there: the limit the flag removes', async () => {
    const data = tempDataDir();
    await seeder(data)(initDana());
    const app = await serve(data);
    try {
      const { status, sent } = await signInThenVisitBystander(app);
      expect(status).toBe(200);
      expect(sent.some((s) => s.startsWith('127.0.0.1') && s.includes('handson_session'))).toBe(true);
    } finally {
      await app.stop();
    }
  }, 60_000);
});
