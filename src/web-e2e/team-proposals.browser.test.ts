import fc from 'fast-check';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../email/test-support/smtp-server.js';
import { teamDirectory } from '../server/team/directory.js';
import { teamCaller } from '../server/team/test-support.js';
import {
  acceptInvitation,
  type Expected,
  launchChromium,
  sees,
  serveTeam,
  type TeamServed,
  watch,
} from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/** The addresses the accounts were made with: no page and no answer of these routes may show one. */
const EMAILS = {
  ada: 'ada.admin@hooli.example',
  ben: 'ben.b@hooli.example',
  cleo: 'cleo.c@hooli.example',
  dan: 'dan.d@hooli.example',
  eve: 'eve.e@hooli.example',
};

/** Classic stored-XSS payloads; each one that ran would set `window.__xss` or open a dialog. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1">',
  '"><script>window.__xss=1</script>',
  "'><img src=x onerror=window.__xss=1>",
  '<iframe src="javascript:window.top.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '<details open ontoggle="window.__xss=1">',
  '<body onload="window.__xss=1">',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '</textarea><script>alert(1)</script>',
];

/**
 * Reasons in discussion in Chromium: Ben proposes a reason, Cleo and Dan discuss it, Ada (an
 * admin) adopts it, and Eve, who took no part, finds it among the reasons of her check. Then
 * hostile text in proposals and comments renders as text. No page shows an email address.
 */
describe.runIf(PG_URL)('reasons in discussion in Chromium', () => {
  let browser: Browser | undefined;
  let team: TeamServed | undefined;
  let origin: string;
  const problems: string[] = [];
  /** Every answer of the proposal and reasons routes any page received. */
  const answers: string[] = [];
  const people = {} as Record<keyof typeof EMAILS, { context: BrowserContext; page: Page; cookie: string }>;

  const firstVisit = (): Expected[] => [
    { method: 'POST', path: '/api/profile/show', status: 409 },
    { method: 'GET', path: /^\/api\/events$/, status: 404 },
  ];

  async function join(who: keyof typeof EMAILS, link: string, name: string) {
    const context = await browser!.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    watch(page, origin, firstVisit(), problems);
    page.on('response', async (r) => {
      if (!/\/api\/(proposals|reasons)/.test(new URL(r.url()).pathname)) return;
      answers.push(await r.text().catch(() => ''));
    });
    const cookie = await acceptInvitation(page, origin, link, name);
    const call = teamCaller(origin);
    const started = await call(team!.server, 'POST', '/api/profile/init', {
      cookie,
      json: { name, role: 'engineering-manager', reports: 5, tz: 'UTC', emails: [EMAILS[who]] },
    });
    expect(started.status).toBe(200);
    // The page read "no journal yet" before the journal was started: it reads again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your week' }).waitFor();
    people[who] = { context, page, cookie };
  }

  /** No page shows any seeded address, in its text or its markup. */
  async function noAddressOn(page: Page) {
    const html = (await page.content()).toLowerCase();
    for (const e of Object.values(EMAILS)) expect(html, page.url()).not.toContain(e);
  }

  const open = async (page: Page, hash: string, heading: string) => {
    // From a blank page: a fresh load, not a move within the app, which keeps what it read.
    await page.goto('about:blank');
    await page.goto(`${origin}/${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    // A real SMTP server in this process: Cleo's follow-up email is read from it.
    smtp = await startSmtpServer();
    team = await serveTeam({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    origin = team.origin;
    const made = await teamDirectory(team.owner.db).bootstrap('Hooli', EMAILS.ada);
    await join('ada', `${origin}/accept#token=${made.token}`, 'Ada');
    const call = teamCaller(origin);
    for (const [who, name] of [
      ['ben', 'Ben'],
      ['cleo', 'Cleo'],
      ['dan', 'Dan'],
      ['eve', 'Eve'],
    ] as const) {
      const invited = await call(team.server, 'POST', '/api/org/invite', {
        cookie: people.ada.cookie,
        json: { email: EMAILS[who], role: 'member' },
      });
      await join(who, String(invited.body.data!['link']), name);
    }
  }, 120_000);
  afterAll(async () => {
    for (const p of Object.values(people)) await p.context.close();
    await browser?.close();
    await team?.close();
    await smtp?.close();
  });

  it('takes a reason from proposal through discussion into a third member’s check', async () => {
    // Ben proposes.
    const ben = people.ben.page;
    await open(ben, '#/proposals', 'Reasons in discussion');
    await sees(ben.getByRole('main'), 'Nobody has proposed a reason yet.');
    await ben.getByLabel('Name the reason').fill('Pair to teach');
    await ben
      .getByLabel('What it is, in one sentence')
      .fill('Take a task with someone new so they learn it.');
    await ben.getByLabel('How you can tell').fill('They do the next one alone.');
    await ben.getByLabel('Questions a leader should ask themselves').fill('Who does it alone next time?');
    await ben.getByRole('button', { name: 'Propose', exact: true }).click();
    const list = ben.getByRole('list', { name: 'Proposals' });
    await sees(list, 'Pair to teach');
    await sees(list, 'Proposed by Ben');
    await noAddressOn(ben);

    // Cleo comments and asks to hear of follow-ups; Dan replies to her.
    const cleo = people.cleo.page;
    await open(cleo, '#/proposals', 'Reasons in discussion');
    await cleo.getByRole('link', { name: 'Pair to teach' }).click();
    await cleo.getByRole('heading', { level: 1, name: 'Pair to teach' }).waitFor();
    // The box shows what the server holds: checked once the server said so.
    const follow = cleo.getByLabel('Email me about follow-up comments');
    await follow.click();
    await expect.poll(() => follow.isChecked()).toBe(true);
    await cleo.getByLabel('Your comment').fill('I did this with our new hire last month.');
    await cleo.getByRole('button', { name: 'Send' }).click();
    const comments = cleo.getByRole('list', { name: 'Comments' });
    await sees(comments, 'I did this with our new hire last month.');
    await cleo.getByRole('button', { name: 'This fits me' }).click();
    await sees(cleo.getByRole('main'), 'Fits 1 person');
    const url = cleo.url();

    const dan = people.dan.page;
    await dan.goto(url);
    await dan.getByRole('heading', { level: 1, name: 'Pair to teach' }).waitFor();
    await dan.getByRole('button', { name: 'Reply' }).click();
    await dan.getByLabel('Your reply to Cleo').fill('Did they take the next one alone?');
    await dan.getByRole('button', { name: 'Send' }).first().click();
    await sees(dan.getByRole('list', { name: 'Replies to Cleo' }), 'Did they take the next one alone?');
    await noAddressOn(dan);
    // Cleo asked for follow-ups: Dan's reply reaches her by email, with his name and not his address.
    await team!.server.mail.tickDiscussions();
    await expect
      .poll(() => smtp!.received.filter((m) => m.envelope.to.includes(EMAILS.cleo)).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const followUp = smtp!.received.find((m) => m.envelope.to.includes(EMAILS.cleo))!;
    expect(followUp.parsed.subject).toBe('New comment on “Pair to teach”');
    expect(followUp.parsed.text).toContain('Dan replied to Cleo');
    expect(followUp.parsed.text).toContain('Did they take the next one alone?');
    for (const e of Object.values(EMAILS)) {
      if (e !== EMAILS.cleo) expect(followUp.raw.toString('utf8').toLowerCase()).not.toContain(e);
    }
    // Her own comment told no one (no one else follows), and no one else got mail.
    expect(smtp!.received).toHaveLength(1);
    // Members cannot decide.
    expect(await dan.getByRole('button', { name: 'Adopt into the catalogue' }).count()).toBe(0);

    // Ada adopts it.
    const ada = people.ada.page;
    await ada.goto(url);
    await ada.getByRole('heading', { level: 1, name: 'Pair to teach' }).waitFor();
    await sees(ada.getByRole('list', { name: 'Comments' }), 'Did they take the next one alone?');
    await ada.getByRole('button', { name: 'Adopt into the catalogue' }).click();
    await sees(ada.getByRole('main'), 'Adopted by Ada');
    await noAddressOn(ada);

    // Eve, who took no part, finds it in her check, with a link back to the discussion.
    const eve = people.eve.page;
    await open(eve, '#/check', 'Check a task');
    const choice = eve.getByRole('checkbox', { name: 'Pair to teach' });
    await choice.waitFor();
    await eve.getByRole('link', { name: 'read its discussion' }).click();
    await eve.getByRole('heading', { level: 1, name: 'Pair to teach' }).waitFor();
    await sees(eve.getByRole('main'), 'I did this with our new hire last month.');
    await noAddressOn(eve);
    await noAddressOn(cleo);

    for (const a of answers) for (const e of Object.values(EMAILS)) expect(a.toLowerCase()).not.toContain(e);
    expect(answers.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  }, 180_000);

  it('renders hostile proposals and comments as text: nothing runs, nothing is injected', async () => {
    const call = teamCaller(origin);
    const post = (who: keyof typeof EMAILS, path: string, json: unknown) =>
      call(team!.server, 'POST', path, { cookie: people[who].cookie, json });
    const generated = fc.sample(
      fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.constantFrom(...PAYLOADS)).map((s) =>
        // The server trims; a blank string would be refused, not rendered.
        s.trim() === '' ? `x${s}` : s,
      ),
      { numRuns: 25, seed: 12 },
    );
    const texts = [...PAYLOADS, ...generated];
    const made = await post('ben', '/api/proposals/add', {
      kind: 'watch-out',
      title: PAYLOADS[1],
      summary: PAYLOADS[0],
      signals: PAYLOADS.slice(2, 8),
      questions: PAYLOADS.slice(6, 12),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const id = String(made.body.data!['id']);
    for (const [i, body] of texts.entries()) {
      const sent = await post(i % 2 === 0 ? 'cleo' : 'dan', '/api/proposals/comment', { id, body });
      expect(sent.status, body).toBe(200);
    }
    const page = people.eve.page;
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await open(page, '#/proposals', 'Reasons in discussion');
    await sees(page.getByRole('list', { name: 'Proposals' }), PAYLOADS[1]!);
    await page.getByRole('link', { name: PAYLOADS[1]! }).click();
    await page.getByRole('heading', { level: 1, name: PAYLOADS[1]! }).waitFor();
    const thread = page.getByRole('list', { name: 'Comments' });
    await sees(thread, PAYLOADS[PAYLOADS.length - 1]!);
    // Every text is on the page as the characters that were typed.
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, and the text as shown is the point
    const shown = await page.getByRole('main').innerText();
    const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
    for (const t of texts) expect(flat(shown)).toContain(flat(t));
    // Nothing ran, and the page holds no element that came from a payload.
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const injected = await page
      .getByRole('main')
      .locator(
        'script, iframe, img, svg[onload], details[ontoggle], math, [onerror], [onload], a[href^="javascript"]',
      )
      .count();
    expect(injected).toBe(0);
    await noAddressOn(page);
    expect(problems).toEqual([]);
  }, 120_000);
});
