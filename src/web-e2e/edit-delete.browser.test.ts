import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDana, tempDataDir } from '../cli/test-support/run.js';
import { sideScroll, smallText } from '../test-support/legibility.js';
import {
  type Expected,
  focused,
  go,
  holds,
  launchChromium,
  type Served,
  seeder,
  sees,
  serve,
  settled,
  shot,
  watch,
} from './test-support.js';

/**
 * Correcting and removing what the leader wrote, in Chromium (decision 0020): a reflection's text
 * edited in the weekly review and kept after a reload, a reflection deleted; a check renamed and
 * deleted on the check page, its logged session kept in the journal without the link, and an
 * empty title refused with the server's own sentence. Every change is read back from the command
 * line. The clock is Friday 27 November 2026; Dana's zone is UTC.
 */

let app: Served | undefined;
let browser: Browser | undefined;
let run: ((args: string[]) => Promise<string>) | undefined;
let deploy: { id: string } | undefined;
let session: { session: { id: string } } | undefined;

const check = (title: string) => [
  'check',
  '--title',
  title,
  '--hours',
  '3',
  '--reason',
  'love-of-building',
  '--json',
];

beforeAll(async () => {
  const data = tempDataDir();
  run = seeder(data);
  await run(initDana());
  await run(['reflect', '--date', '2026-11-23', '--text', 'I took the deploy fix because it felt safe.']);
  await run(['reflect', '--date', '2026-11-16', '--text', 'A quiet week; the 1:1s went well.']);
  deploy = JSON.parse(await run(check('Fix flaky deploy')));
  await run(check('Write the PRD for search'));
  session = JSON.parse(
    await run([
      'log',
      ...['--title', 'Fix flaky deploy', '--minutes', '90', '--reason', 'love-of-building'],
      ...['--check', deploy!.id, '--json'],
    ]),
  );
  app = await serve(data);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Reflection = { id: string; date: string; text: string };
async function reflections(): Promise<Reflection[]> {
  return JSON.parse(await run!(['reflect', 'list', '--json'])) as Reflection[];
}

type Session = { id: string; title: string; checkId?: string };
async function sessions(): Promise<Session[]> {
  return JSON.parse(await run!(['sessions', '--json'])) as Session[];
}

async function checkTitles(): Promise<string[]> {
  const list = JSON.parse(await run!(['check', 'list', '--json'])) as { followThrough: { title: string }[] };
  return list.followThrough.map((c) => c.title).sort();
}

async function open(
  width: number,
  expected: readonly Expected[] = [],
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser!.newContext({ viewport: { width, height: 1600 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = watch(page, app!.origin, expected);
  await page.goto(app!.url);
  await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
  return { context, page, problems };
}

/** At a phone's width: nothing scrolls sideways and no text is smaller than can be read. */
async function legible(page: Page): Promise<void> {
  expect(await sideScroll(page)).toBe(0);
  expect(await smallText(page)).toEqual([]);
}

describe('editing and deleting in the web app', () => {
  it('edits a reflection’s text, keeps it after a reload, and Escape leaves it as it was', async () => {
    const { context, page, problems } = await open(375);
    await go(page, 'Weekly review');
    // Everything the page reads has arrived before the edit opens (see the rename below).
    await settled(page);
    const list = page.getByRole('region', { name: 'Your earlier reflections' });
    const edit = list.getByRole('button', { name: 'Edit: reflection of 23 Nov 2026' });

    // Escape closes the field without saving, and focus is back on Edit.
    await edit.click();
    const field = list.getByRole('textbox', { name: 'Your reflection' });
    await focused(field);
    await holds(field, 'I took the deploy fix because it felt safe.');
    await field.fill('Not this');
    await field.press('Escape');
    await field.waitFor({ state: 'detached' });
    await focused(edit);
    await sees(list, 'I took the deploy fix because it felt safe.');

    await edit.click();
    // The field opens with the caret moved to the end of its text (edit-text.tsx), once it has
    // focus: filling before that raced it, and the caret landed after Playwright's select-all, so
    // the new text was added to the old instead of replacing it.
    await focused(field);
    await field.fill('I took the deploy fix because it felt safe; Sam could have done it.');
    await legible(page);
    await shot(page, '375-reflection-edit');
    await list
      .getByRole('form', { name: 'Edit: reflection of 23 Nov 2026' })
      .getByRole('button', { name: 'Save' })
      .click();
    await field.waitFor({ state: 'detached' });
    await focused(edit);
    await sees(list, 'Sam could have done it.');
    expect((await reflections()).find((r) => r.date === '2026-11-23')?.text).toBe(
      'I took the deploy fix because it felt safe; Sam could have done it.',
    );

    await page.reload();
    await sees(
      page.getByRole('region', { name: 'Your earlier reflections' }),
      'I took the deploy fix because it felt safe; Sam could have done it.',
    );
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('deletes a reflection after asking, and leaves the others', async () => {
    const { context, page, problems } = await open(1280);
    await go(page, 'Weekly review');
    await settled(page);
    const list = page.getByRole('region', { name: 'Your earlier reflections' });
    await list.getByRole('button', { name: 'Delete: reflection of 16 Nov 2026' }).click();
    const ask = list.getByRole('group', { name: 'Delete this reflection?' });
    await focused(ask.getByRole('button', { name: 'Yes, delete it' }));
    await shot(page, 'reflection-delete-ask');
    await ask.getByRole('button', { name: 'Yes, delete it' }).click();

    await list.getByRole('heading', { name: '16 Nov 2026' }).waitFor({ state: 'detached' });
    await focused(list.getByRole('heading', { name: 'Your earlier reflections' }));
    await list.getByRole('heading', { name: '23 Nov 2026' }).waitFor();
    expect((await reflections()).map((r) => r.date)).toEqual(['2026-11-23']);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('refuses an empty title with the server’s sentence, and keeps the old one', async () => {
    const { context, page, problems } = await open(375, [
      { method: 'POST', path: '/api/check/edit', status: 400 },
    ]);
    await go(page, 'Check a task');
    await settled(page);
    const recent = page.getByRole('region', { name: 'Your recent checks' });
    await recent.getByRole('button', { name: 'Rename: “Write the PRD for search”' }).click();
    const form = recent.getByRole('form', { name: 'Rename: “Write the PRD for search”' });
    const field = form.getByRole('textbox', { name: 'New title' });
    await focused(field);
    await field.fill('   ');
    await form.getByRole('button', { name: 'Save' }).click();

    // The server's words (`title: expected a non-empty title`), at the field and in the alert.
    await sees(form.getByRole('alert'), 'Please check “New title”: Expected a non-empty title.');
    await focused(field);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await field.getAttribute('aria-describedby');
    await sees(page.locator(`[id="${describedBy}"]`), 'Expected a non-empty title.');
    await settled(page);
    await legible(page);
    await shot(page, '375-check-rename-refused');

    await form.getByRole('button', { name: 'Cancel' }).click();
    await focused(recent.getByRole('button', { name: 'Rename: “Write the PRD for search”' }));
    expect(await checkTitles()).toEqual(['Fix flaky deploy', 'Write the PRD for search']);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('renames a check and deletes it; the session logged from it stays in the journal, unlinked', async () => {
    const { context, page, problems } = await open(1280);
    await go(page, 'Check a task');
    // The page reads its lists once more as it finishes loading; an edit opened before that would
    // be closed by the new list (seen once on a loaded CI machine).
    await settled(page);
    const recent = page.getByRole('region', { name: 'Your recent checks' });
    await recent.getByRole('button', { name: 'Rename: “Fix flaky deploy”' }).click();
    const field = recent.getByRole('textbox', { name: 'New title' });
    // Focused first: the caret moves to the end as the field opens (see the reflection above).
    await focused(field);
    await field.fill('Fix the flaky deploy for good');
    await field.press('Enter');
    const renamed = recent.getByRole('button', { name: 'Rename: “Fix the flaky deploy for good”' });
    await focused(renamed);
    expect(await checkTitles()).toEqual(['Fix the flaky deploy for good', 'Write the PRD for search']);

    await recent.getByRole('button', { name: 'Delete: the check “Fix the flaky deploy for good”' }).click();
    const ask = recent.getByRole('group', { name: /^Delete this check\?/ });
    await sees(ask, 'Sessions you logged from it stay in your journal, no longer linked.');
    await ask.getByRole('button', { name: 'Yes, delete it' }).click();
    await renamed.waitFor({ state: 'detached' });
    await sees(
      recent.getByRole('status'),
      'The check “Fix the flaky deploy for good” is deleted. Sessions you logged from it stay in your journal, no longer linked.',
    );
    await focused(recent.getByRole('heading', { name: 'Your recent checks' }));
    await shot(page, 'check-deleted');
    expect(await checkTitles()).toEqual(['Write the PRD for search']);
    const kept = (await sessions()).find((s) => s.id === session!.session.id);
    expect(kept).toMatchObject({ title: 'Fix flaky deploy' });
    expect(kept?.checkId).toBeUndefined();

    // In the journal the session is still there, no longer marked as from a check.
    await go(page, 'Journal');
    const item = page
      .getByRole('region', { name: 'Recent sessions' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Fix flaky deploy' }) });
    await sees(item, '1 h 30 min');
    expect(await item.getByText('from a check').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
