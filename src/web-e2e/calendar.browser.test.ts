import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAna, tempDataDir } from '../cli/test-support/run.js';
import { LEADER_WEEK_ICS } from '../test-support/calendar.js';
import { launchChromium, type Served, seeder, sees, serve, settled, shot, watch } from './test-support.js';

/**
 * The calendar week in Chromium, on Friday 27 November 2026 with Ana's calendar (Berlin): each event
 * is a block that says how it counts; opening Tuesday's focus block shows the rule that made it IC
 * time, and counting that one event as a 1:1 takes its 3 h off the week's IC done, on the page and
 * in `handson week --json` alike. A rule added through the form shows in the rules file's JSON.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  const data = tempDataDir();
  run = seeder(data);
  await run(initAna());
  const ics = join(data, 'work.ics');
  writeFileSync(ics, LEADER_WEEK_ICS);
  await run(['import', 'ics', ics, '--from', '2026-11-01', '--to', '2026-12-31']);
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The week's IC done, in minutes, as `handson week --json` counts it. */
async function icDone(): Promise<number> {
  const week = JSON.parse(await run!(['week', '--json'])) as { time: { ic: { done: number } } };
  return week.time.ic.done;
}

/** `dt` → `dd` of the page's "Time this week". */
async function totals(page: Page): Promise<Record<string, string>> {
  const card = page.getByRole('region', { name: 'Time this week' });
  const terms = await card.locator('dt').allInnerTexts();
  const values = await card.locator('dd').allInnerTexts();
  return Object.fromEntries(terms.map((t, i) => [t, values[i]!.replace(/\s+/g, ' ').trim()]));
}

describe('the calendar week in Chromium', () => {
  it('shows why an event counts as it does, and reclassifying one changes the week’s numbers', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1800 } });
    page.setDefaultTimeout(15_000);
    const problems = watch(page, app!.origin);
    await page.goto(app!.url);
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    await page.goto(app!.at('#/calendar'));
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();

    const tuesday = page.getByRole('region', { name: 'Tue 24 Nov' });
    const focus = tuesday.getByRole('button', { name: /Focus time/ });
    await sees(focus, '13:00–16:00');
    await sees(focus, 'IC');
    await sees(
      page.getByRole('region', { name: 'Wed 25 Nov' }).getByRole('button', { name: /Dentist/ }),
      'Personal',
    );
    await settled(page);
    const before = await icDone();
    const shownBefore = (await totals(page))['IC done'];

    await focus.click();
    const panel = page.getByRole('region', { name: 'Focus time' });
    await sees(panel, 'Counts as IC time.');
    await sees(panel, 'Decided by rule');
    await shot(page, 'calendar-event');

    const form = panel.getByRole('form', { name: 'Count this event differently' });
    await form.getByLabel('Count it as').selectOption('one-on-one');
    await form.getByRole('radio', { name: 'This event only' }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await sees(page.getByRole('status').first(), 'This event now counts as');

    // Tuesday's block is a 1:1 now; Thursday's, the same series, is still focus time.
    await sees(tuesday.getByRole('button', { name: /Focus time/ }), '1:1');
    await sees(
      page.getByRole('region', { name: 'Thu 26 Nov' }).getByRole('button', { name: /Focus time/ }),
      'Focus',
    );
    const after = await icDone();
    expect(before - after).toBe(180);
    await expect.poll(async () => (await totals(page))['IC done']).not.toBe(shownBefore);

    // A rule from the form: the dentist counts as other time; it is in the JSON, and in force.
    const rules = page.getByRole('region', { name: 'Your rules' });
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    const ruleForm = rules.getByRole('form', { name: 'New rule' });
    await ruleForm.getByLabel('Title', { exact: true }).selectOption('contains');
    await ruleForm.getByLabel('Words or phrases, separated by commas').fill('dentist');
    await ruleForm.getByLabel('Count it as').selectOption('other');
    await ruleForm.getByLabel('Name of the rule').fill('dentist-other');
    await ruleForm.getByRole('button', { name: 'Add the rule' }).click();
    await ruleForm.waitFor({ state: 'detached' });
    await sees(rules.getByRole('list', { name: 'Your rules' }), 'dentist-other');
    await rules.getByRole('button', { name: 'Edit as JSON' }).click();
    await expect
      .poll(() => rules.getByLabel('Your rules file (JSON)').inputValue())
      .toContain('"dentist-other"');
    await sees(
      page.getByRole('region', { name: 'Wed 25 Nov' }).getByRole('button', { name: /Dentist/ }),
      'Other',
    );
    const shown = JSON.parse(await run!(['rules', 'show', '--json'])) as { rules: { id: string }[] };
    expect(shown.rules.map((r) => r.id)).toContain('dentist-other');
    await shot(page, 'calendar-rules');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
