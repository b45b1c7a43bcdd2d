import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagTitle } from '../domain/present/flags.js';
import { COPY_SENTENCE, NO_LONGER_SHARED } from '../domain/present/sharing.js';
import { teamDirectory } from '../server/team/directory.js';
import { teamCaller } from '../server/team/test-support.js';
import {
  acceptInvitation,
  type Expected,
  launchChromium,
  legible,
  sees,
  serveTeam,
  type TeamServed,
  watch,
} from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * Coaching and sharing in Chromium, on an organisation's server: Peter asks Joanna to coach him,
 * she accepts; he shares his weekly review, a reflection and a flag, each with the sentence about
 * what cannot be erased; she reads exactly those and comments; he stops sharing the reflection
 * while she has it open, and her page says it is no longer shared; he reads her views in the
 * access log. Peter's browser is a phone (375 px), Joanna's a laptop (1280 px).
 */
describe.runIf(PG_URL)('coaching and sharing in Chromium', () => {
  let browser: Browser | undefined;
  let team: TeamServed | undefined;
  let origin: string;

  beforeAll(async () => {
    browser = await launchChromium();
    team = await serveTeam();
    origin = team.origin;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  /** Whether this server streams live updates: without them the pages read again on a reload. */
  async function liveUpdates(cookie: string): Promise<boolean> {
    const stop = new AbortController();
    const res = await fetch(`${origin}/api/events`, {
      headers: { cookie: `__Host-handson_session=${cookie}` },
      signal: stop.signal,
    });
    stop.abort();
    return res.status === 200;
  }

  /** Joins from an invitation link in a fresh browser, then starts a journal (through the API). */
  async function joinFrom(
    link: string,
    name: string,
    width: number,
    expected: Expected[],
    problems: string[],
  ): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
    const context = await browser!.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    watch(page, origin, expected, problems);
    const cookie = await acceptInvitation(page, origin, link, name);
    return { context, page, cookie };
  }

  it('shares chosen items with a coach, who reads and comments until the leader stops sharing', async () => {
    const call = teamCaller(origin);
    const made = await teamDirectory(team!.owner.db).bootstrap('Initech', 'bill@initech.example');
    const admin = await call(team!.server, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: 'Bill', password: 'correct horse battery' },
    });
    const invite = async (email: string, role: 'member' | 'guest') =>
      String(
        (
          await call(team!.server, 'POST', '/api/org/invite', {
            cookie: admin.cookie!,
            json: { email, role },
          })
        ).body.data!['link'],
      );
    const peterLink = await invite('peter@initech.example', 'member');
    const joannaLink = await invite('joanna@initech.example', 'guest');

    const problems: string[] = [];
    const live = await liveUpdates(admin.cookie!);
    const firstVisit: Expected[] = [
      { method: 'POST', path: '/api/profile/show', status: 409 },
      // Without live updates the stream is refused once per page load.
      ...(live ? [] : [{ method: 'GET', path: /^\/api\/events$/, status: 404 }]),
      // The organisation's server does not draw the dashboard's charts yet (a known gap).
      { method: 'GET', path: /^\/api\/charts\//, status: 404 },
    ];
    const peter = await joinFrom(peterLink, 'Peter', 375, firstVisit, problems);
    const joanna = await joinFrom(joannaLink, 'Joanna', 1280, firstVisit, problems);
    /** Moves within the app, as a link would (the phone's menu is folded away). */
    const go = (page: Page, hash: string) => page.goto(`${origin}/${hash}`);

    const api = (cookie: string) => (path: string, json: unknown) =>
      call(team!.server, 'POST', path, { cookie, json });
    const profile = (name: string, email: string) => ({
      name,
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: [email],
    });
    await api(peter.cookie)('/api/profile/init', profile('Peter', 'peter@initech.example'));
    await api(joanna.cookie)('/api/profile/init', profile('Joanna', 'joanna@initech.example'));
    // Twelve hours of IC this week: over the budget, which raises the budget flag.
    const today = String((await api(peter.cookie)('/api/week/summary', {})).body.data!['today']);
    for (const title of ['TPS report fixes', 'Cover sheet generator']) {
      await api(peter.cookie)('/api/journal/log', { title, minutes: 360, reasons: ['unwind'], date: today });
    }

    // With their journals started, both browsers open the app again, on the Coaching page.
    for (const page of [peter.page, joanna.page]) {
      await go(page, '#/coaching');
      await page.reload();
      await page.getByRole('heading', { name: 'Coaching', level: 1 }).waitFor();
    }

    // Peter asks Joanna to coach him.
    const p = peter.page;
    await p.getByLabel('Their email address').fill('joanna@initech.example');
    await p.getByRole('button', { name: 'Ask to coach me' }).click();
    await sees(p.getByRole('region', { name: 'Your coaches' }), 'Joanna Asked');

    // Joanna accepts: her open page hears of the request live, or when she reloads it.
    const j = joanna.page;
    if (!live) await j.reload();
    await j.getByRole('button', { name: 'Accept: coach Peter' }).click();
    await sees(j.getByRole('region', { name: 'People who asked you to coach them' }), 'Peter Active');
    await legible(j, 'team-coaching-coach-1280');

    // Peter shares this week's review, the reflection his review saves, and the budget flag.
    const shared = p.locator('.notice').filter({ hasText: 'Shared with Joanna.' });
    const shareIt = async (button: RegExp | string) => {
      const before = await shared.count();
      await p.getByRole('button', { name: button }).click();
      await sees(p.locator('form.share-form'), COPY_SENTENCE);
      await sees(p.locator('form.share-form'), 'Your coach: Joanna');
      await p.getByRole('button', { name: 'Share', exact: true }).click();
      await expect.poll(() => shared.count()).toBe(before + 1);
    };
    await go(p, '#/review');
    await p.getByRole('heading', { name: 'Weekly review', level: 1 }).waitFor();
    // The first of the week's questions, whichever it is, and a line of his own.
    await p.locator('form#review textarea').first().fill('Lumbergh kept asking for cover sheets');
    await p.getByLabel('Anything else on your mind?').fill('I hid in the TPS reports to avoid Lumbergh');
    await p.getByRole('button', { name: 'Save my review' }).click();
    await p.getByText('Saved. Your answers are kept as a reflection').waitFor();
    await shareIt(/^Share with your coach: Weekly review/);
    await shareIt(/^Share with your coach: Reflection of/);
    await legible(p, 'team-review-375');
    await go(p, '#/');
    await shareIt(`Share with your coach: ${flagTitle('budget')}`);

    // Joanna sees exactly those three, and reads the review as Peter saw it.
    await j.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shared with me' }).click();
    const list = j.getByRole('list', { name: 'Items shared with you' });
    await expect
      .poll(async () => (await list.getByRole('link').allTextContents()).sort())
      .toEqual([
        expect.stringMatching(/^Reflection of \d{4}-\d\d-\d\d$/),
        expect.stringMatching(/IC work against a budget of/),
        expect.stringMatching(/^Weekly review, week of \d{4}-\d\d-\d\d$/),
      ]);
    await list.getByRole('link', { name: /^Weekly review/ }).click();
    const item = j.getByRole('article').first();
    await sees(item, 'IC done');
    await sees(item, '12 h');
    await sees(item, 'Lumbergh kept asking for cover sheets');
    await sees(item, flagTitle('budget'));
    await j.getByLabel('Your comment').fill('What did Lumbergh want from you?');
    await j.getByRole('button', { name: 'Comment', exact: true }).click();
    await sees(j.getByRole('list', { name: 'Comments' }), 'What did Lumbergh want from you?');
    await legible(j, 'team-shared-item-1280');

    // She opens the reflection; Peter stops sharing it while it is open.
    await list.getByRole('link', { name: /^Reflection of/ }).click();
    await sees(j.getByRole('article').first(), 'I hid in the TPS reports');
    await go(p, '#/coaching');
    const mine = p.getByRole('list', { name: 'Your shared items' });
    await sees(mine, 'Visible to Joanna since');
    await p.getByRole('button', { name: /^Stop sharing: Reflection: Reflection of/ }).click();
    await sees(p.getByRole('group'), 'cannot erase what they have already read');
    await p.getByRole('button', { name: 'Stop sharing', exact: true }).click();
    await sees(mine, 'No longer shared with Joanna since');

    if (!live) {
      // No live updates on this server: the next read of the item finds it gone, as the page says.
      const id = new URL(j.url().replace('#/shared?', '?')).searchParams.get('id');
      await j.reload();
      await sees(j.getByRole('main'), NO_LONGER_SHARED);
      const refused = `HTTP 404: GET ${origin}/api/shares/item/${id}`;
      expect(problems).toContain(refused);
      problems.splice(problems.indexOf(refused), 1);
    }
    await sees(j.getByRole('main'), NO_LONGER_SHARED);
    await expect.poll(() => list.getByRole('link').count()).toBe(2);
    await expect
      .poll(async () => (await list.getByRole('link').allTextContents()).join())
      .not.toMatch(/Reflection/);

    // Peter reads who read what, through the web app, and can take the log away as CSV.
    await p.reload();
    await p.getByRole('heading', { name: 'Who read what' }).waitFor();
    await sees(mine, 'Visible to Joanna since');
    // Read once when she opened it; once more for each comment the page heard of live.
    await expect(mine.textContent()).resolves.toMatch(/Weekly review, week of [\d-]+.*viewed (once|twice)/);
    const table = p.getByRole('table');
    const rows = async () =>
      (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    await expect
      .poll(async () => (await rows()).filter((r) => / Joanna viewed .* the web app$/.test(r)).length)
      .toBeGreaterThanOrEqual(2);
    expect((await rows()).some((r) => / Peter stopped sharing Reflection of /.test(r))).toBe(true);
    await expect(p.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).resolves.toBe(
      '/api/shares/access-log.csv',
    );
    const csv = await p.request.get(`${origin}/api/shares/access-log.csv`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,action,item,kind,share id,who,version,through');
    expect(
      lines.filter((l) => l.includes(',view,') && l.includes(',Joanna,') && l.endsWith(',web')),
    ).not.toHaveLength(0);
    await legible(p, 'team-coaching-leader-375');

    // The coach's pages on a phone too.
    await j.setViewportSize({ width: 375, height: 900 });
    await list.getByRole('link', { name: /^Weekly review/ }).click();
    await sees(j.getByRole('article').first(), 'What did Lumbergh want from you?');
    await legible(j, 'team-shared-item-375');

    expect(problems).toEqual([]);
    await peter.context.close();
    await joanna.context.close();
  }, 180_000);
});
