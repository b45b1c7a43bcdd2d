import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDirectory } from '../server/team/directory.js';
import { teamCaller } from '../server/team/test-support.js';
import {
  type Expected,
  joinFromLink,
  launchChromium,
  legible,
  sees,
  serveTeam,
  type TeamServed,
} from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * The Organisation page in Chromium: Bill, an admin on a laptop (1280 px), invites Lee from the page
 * and hands over the link; Lee joins on a phone (375 px) and chooses to be counted in the overview,
 * which still shows no figure (one person is not five). Bill makes Lee a recovery link, then disables
 * Lee, whose open app is signed out at its next request.
 */
describe.runIf(PG_URL)('the Organisation page in Chromium', () => {
  let browser: Browser | undefined;
  let team: TeamServed | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    team = await serveTeam();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  it('invites, counts by choice, makes a recovery link and disables, for an admin only', async () => {
    const origin = team!.origin;
    const call = teamCaller(origin);
    const problems: string[] = [];
    const firstVisit: Expected[] = [{ method: 'POST', path: '/api/profile/show', status: 409 }];

    /** Joins from a link in a fresh browser, and starts a journal through the API. */
    async function join(
      link: string,
      name: string,
      email: string,
      width: number,
      expected: Expected[] = firstVisit,
    ): Promise<Page> {
      const { page, cookie } = await joinFromLink(browser!, origin, link, name, width, expected, problems);
      const init = await call(team!.server, 'POST', '/api/profile/init', {
        cookie,
        json: { name, role: 'engineering-manager', reports: 5, tz: 'UTC', emails: [email] },
      });
      expect(init.status).toBe(200);
      await page.goto(`${origin}/#/organisation`);
      await page.reload();
      await page.getByRole('heading', { name: 'Organisation', level: 1 }).waitFor();
      return page;
    }

    const made = await teamDirectory(team!.owner.db).bootstrap('Initech', 'bill@initech.example');
    const bill = await join(`${origin}/accept#token=${made.token}`, 'Bill', 'bill@initech.example', 1280);

    // Bill invites Lee from the page; the link is shown once, to hand over.
    const members = bill.getByRole('region', { name: 'Members' });
    await members.getByLabel('Email address').fill('lee@initech.example');
    await members.getByRole('button', { name: 'Make an invitation link' }).click();
    const link = await bill.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(link).toMatch(/\/accept#token=[A-Za-z0-9_-]{20,}$/);
    await sees(bill.getByRole('region', { name: 'Email not yet sent' }), 'Nothing is waiting');
    await legible(bill, 'organisation-admin-1280');

    // Lee's app is signed out once disabled: its next request is refused.
    const lee = await join(link, 'Lee', 'lee@initech.example', 375, [
      ...firstVisit,
      { method: 'POST', path: '/api/profile/show', status: 401 },
    ]);
    // Lee is not an admin: no members, no addresses, only the overview.
    await lee.getByRole('region', { name: 'The organisation’s week' }).waitFor();
    expect(await lee.getByRole('region', { name: 'Members' }).count()).toBe(0);
    expect(await lee.getByRole('region', { name: 'Email not yet sent' }).count()).toBe(0);
    expect(await lee.content()).not.toContain('bill@initech.example');
    const countMe = lee.getByLabel('Count my weeks in this overview');
    expect(await countMe.isChecked()).toBe(false);
    await countMe.check();
    await sees(lee.getByRole('region', { name: 'The organisation’s week' }), 'People counted 1');
    await sees(
      lee.getByRole('region', { name: 'The organisation’s week' }),
      'Shown once at least 5 people are counted; 1 is so far.',
    );
    await lee.reload();
    await expect.poll(() => lee.getByLabel('Count my weeks in this overview').isChecked()).toBe(true);
    await legible(lee, 'organisation-member-375');

    // Bill reloads: Lee is a member; a recovery link, then disabling.
    await bill.reload();
    const leeRow = bill
      .getByRole('list', { name: 'Members' })
      .getByRole('listitem')
      .filter({ hasText: 'Lee' });
    await sees(leeRow, 'lee@initech.example');
    await leeRow.getByRole('button', { name: 'Recovery link for Lee' }).click();
    expect(await bill.getByRole('textbox', { name: 'Recovery link for Lee' }).inputValue()).toMatch(
      /\/recover#token=[A-Za-z0-9_-]{20,}$/,
    );
    await leeRow.getByRole('button', { name: 'Disable: Lee' }).click();
    await leeRow.getByRole('button', { name: 'Disable', exact: true }).click();
    await sees(leeRow, 'Disabled');

    // A digest the mail server refused, as the queue records it: Bill sees who, which and why.
    await sql`insert into team_mail (account_id, kind, week, organisation_id, state, attempts, last_error, queued_at)
      select id, 'weekly', '2026-W49', organisation_id, 'retrying', 1,
        'Could not send through mail.example.org:587: connection refused.', now()
      from team_accounts where email = 'lee@initech.example'`.execute(team!.owner.db);
    await bill.reload();
    const queue = bill.getByRole('list', { name: 'Email not yet sent' });
    await sees(queue, 'Weekly digest for Lee, 2026-W49');
    await sees(queue, 'failed; will be tried again');
    await sees(queue, 'Could not send through mail.example.org:587: connection refused.');

    // Lee's app, at its next request, is signed out.
    await lee.reload();
    await lee.getByRole('heading', { name: 'Sign in to Hands-on' }).waitFor();
    expect(problems).toEqual([]);
  }, 120_000);
});
