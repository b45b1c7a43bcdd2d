import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDana, tempDataDir } from '../cli/test-support/run.js';
import { launchChromium, type Served, seeder, serve, watch } from './test-support.js';

/**
 * The running timer in the web app's header: started from the command line, it shows on every page
 * with its title and Stop; discarding it (after a second question) takes it away and logs nothing.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  run = seeder(data);
  await run(initDana());
  await run(['start', '--title', 'Spike the search index', '--reason', 'unwind']);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the timer in the header', () => {
  it('shows the running timer, and discards it without logging anything', async () => {
    const page = await browser!.newPage();
    const problems = watch(page, app!.origin);
    await page.goto(app!.url);
    const bar = page.getByRole('region', { name: 'Running timer' });
    await bar.getByText('Spike the search index').waitFor();
    await expect(
      bar.getByRole('button', { name: 'Stop the timer: Spike the search index' }).isVisible(),
    ).resolves.toBe(true);

    await bar.getByRole('button', { name: /^Discard/ }).click();
    await bar.getByText('Forget this timer without logging anything?').waitFor();
    await bar.getByRole('button', { name: 'Discard it' }).click();
    await bar.waitFor({ state: 'detached' });

    expect(JSON.parse(await run!(['status', '--json']))).toBeNull();
    expect(JSON.parse(await run!(['sessions', '--json']))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
