import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, initDana, tempDataDir } from '../cli/test-support/run.js';
import { launchChromium, type Served, seeder, serve, watch } from './test-support.js';

/**
 * The running timer in the web app's header: started from the command line, it shows on every page
 * with its title and Stop; discarding it (after a second question) takes it away and logs nothing.
 * One left running since yesterday is not counted unasked: Stop asks when the work ended.
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

  it('asks when a timer left running overnight ended, logs that, and starts one with its energy', async () => {
    const data = tempDataDir();
    const seed = seeder(data);
    await seed(initDana());
    // Started on Thursday afternoon, the day before the test's clock: it ran past midnight.
    const started = await cli(['start', '--title', 'Draft the migration plan', '--reason', 'unwind'], {
      env: { HANDSON_DATA: data, HANDSON_NOW: '2026-11-26T14:00:00Z' },
    });
    expect(started.code).toBe(0);
    const served = await serve(data);
    const page = await browser!.newPage();
    try {
      const problems = watch(page, served.origin, [{ method: 'POST', path: '/api/timer/stop', status: 400 }]);
      await page.goto(served.url);
      const bar = page.getByRole('region', { name: 'Running timer' });
      await bar.getByRole('button', { name: 'Stop the timer: Draft the migration plan' }).click();

      // Refused unasked; the header asks instead, offering the end of working hours.
      const until = bar.getByLabel('When did you stop?');
      await until.waitFor();
      await expect(until.inputValue()).resolves.toBe('18:00');
      await until.fill('17:30');
      await bar.getByRole('button', { name: 'Stop at this time' }).click();
      await bar.waitFor({ state: 'detached' });
      expect(JSON.parse(await seed(['sessions', '--json']))).toMatchObject([
        { title: 'Draft the migration plan', date: '2026-11-26', minutes: 210 },
      ]);

      // A timer started from the journal carries the energy it was started with.
      await page.goto(served.at('#/journal'));
      const form = page.getByRole('form', { name: 'Start a timer' });
      await form.getByLabel('What are you starting on?').fill('Pair on the flaky test');
      await form.getByRole('checkbox').first().check();
      await form.getByLabel('Energy now').selectOption('2');
      await form.getByRole('button', { name: 'Start the timer' }).click();
      await page.getByRole('region', { name: 'Running timer' }).getByText('Pair on the flaky test').waitFor();
      expect(JSON.parse(await seed(['status', '--json']))).toMatchObject({
        title: 'Pair on the flaky test',
        energyBefore: 2,
      });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await served.stop();
    }
  }, 90_000);
});
