import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, initDana, tempDataDir } from '../cli/test-support/run.js';
import { teamDirectory } from '../server/team/directory.js';
import { teamCaller } from '../server/team/test-support.js';
import {
  type Expected,
  go,
  holds,
  launchChromium,
  legible,
  sees,
  serveTeam,
  type TeamServed,
  watch,
} from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/**
 * Pushing from a laptop, in Chromium (issue 11): `handson remote add` prints an address; Peter opens
 * it on his phone (375 px), signs in, finds the code filled in and approves it, before he has a
 * journal on the server. Later, on his laptop's browser (1280 px) with a journal started, he approves
 * a second computer, then revokes the first in Settings; that computer's next push is refused.
 */
describe.runIf(PG_URL)('approving a computer that pushes, and revoking it, in Chromium', () => {
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

  /** `handson remote add` on a fresh data dir: the address it prints, and its end. */
  async function remoteAdd(name: string) {
    const data = tempDataDir();
    let printed: (address: string) => void = () => {};
    const address = new Promise<string>((resolve) => {
      printed = resolve;
    });
    const done = cli(['remote', 'add', team!.origin, '--name', name], {
      env: { HANDSON_DATA: data },
      onOutput: (out) => {
        const m = /^ {2}(http\S+\/device\?code=\S+)$/m.exec(out);
        if (m) printed(m[1]!);
      },
    });
    return { data, address: await address, done };
  }

  async function signIn(page: Page) {
    await page.getByRole('heading', { name: 'Sign in to Hands-on' }).waitFor();
    await page.getByLabel('Email address').fill('peter@initech.example');
    await page.getByLabel('Password').fill('Peter has a long password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('approves from the printed address after signing in, lists the computers, and revokes one', async () => {
    const origin = team!.origin;
    const call = teamCaller(origin);
    const made = await teamDirectory(team!.owner.db).bootstrap('Initech', 'bill@initech.example');
    const admin = await call(team!.server, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: 'Bill', password: 'correct horse battery' },
    });
    const invite = await call(team!.server, 'POST', '/api/org/invite', {
      cookie: admin.cookie!,
      json: { email: 'peter@initech.example', role: 'member' },
    });
    const peter = await call(team!.server, 'POST', '/api/auth/accept', {
      json: {
        token: String(invite.body.data!['link']).split('#token=')[1],
        name: 'Peter',
        password: 'Peter has a long password',
      },
    });

    const problems: string[] = [];
    const laptop = await remoteAdd('Peter’s laptop');
    const code = new URL(laptop.address).searchParams.get('code')!;
    expect(laptop.address).toBe(`${origin}/device?code=${code}`);

    // On the phone: not signed in, so first the sign-in, then the page the address named.
    const phone = await browser!.newContext({ viewport: { width: 375, height: 800 } });
    const p = await phone.newPage();
    const expected: Expected[] = [
      { method: 'POST', path: '/api/profile/show', status: 401 },
      { method: 'POST', path: '/api/profile/show', status: 409 },
    ];
    watch(p, origin, expected, problems);
    await p.goto(laptop.address);
    await signIn(p);
    await p.getByRole('heading', { level: 1, name: 'Approve a computer' }).waitFor();
    await holds(p.getByLabel('Code from your terminal'), code);
    await legible(p, 'team-device-375');
    await p.getByRole('button', { name: 'Approve this computer' }).click();
    await sees(
      p.getByRole('status').filter({ hasText: 'can now push' }),
      '“Peter’s laptop” can now push your shares.',
    );
    const linked = await laptop.done;
    expect(linked.stderr).toBe('');
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain('as Peter.');
    await legible(p, 'team-device-approved-375');

    // A journal on the server, then the laptop's browser: signed in, it opens a second address.
    await call(team!.server, 'POST', '/api/profile/init', {
      cookie: peter.cookie!,
      json: {
        name: 'Peter',
        role: 'engineering-manager',
        reports: 5,
        tz: 'UTC',
        emails: ['peter@initech.example'],
      },
    });
    const desk = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const d = await desk.newPage();
    watch(
      d,
      origin,
      [
        { method: 'POST', path: '/api/profile/show', status: 401 },
        { method: 'GET', path: /^\/api\/(events|charts\/)/, status: 404 },
      ],
      problems,
    );
    // Signed in already elsewhere, with a journal: here too the sign-in comes first, then the page.
    const buildBox = await remoteAdd('Build box');
    await d.goto(buildBox.address);
    await signIn(d);
    await d.getByRole('heading', { level: 1, name: 'Approve a computer' }).waitFor();
    await holds(d.getByLabel('Code from your terminal'), new URL(buildBox.address).searchParams.get('code')!);
    // The page is reached from the terminal's address only: it is not in the menu.
    const nav = d.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Approve a computer' }).count()).toBe(0);
    await legible(d, 'team-device-1280');
    await d.getByRole('button', { name: 'Approve this computer' }).click();
    await sees(
      d.getByRole('status').filter({ hasText: 'can now push' }),
      '“Build box” can now push your shares.',
    );
    expect((await buildBox.done).code).toBe(0);

    // Settings lists both; Peter revokes the first.
    await go(d, 'Settings');
    const computers = d.getByRole('region', { name: 'Computers that can push' });
    await sees(computers, 'Build box');
    await sees(computers, 'Peter’s laptop');
    await computers.getByRole('button', { name: 'Revoke: Peter’s laptop' }).click();
    await computers.getByRole('button', { name: 'Revoke', exact: true }).click();
    await sees(computers.getByRole('listitem').filter({ hasText: 'Peter’s laptop' }), 'Revoked');
    expect(await computers.getByRole('button', { name: 'Revoke: Build box' }).count()).toBe(1);
    await legible(d, 'team-settings-computers-1280');

    // The phone, opening Settings afresh now that there is a journal, sees the same list.
    await p.close();
    const q = await phone.newPage();
    watch(q, origin, [{ method: 'GET', path: /^\/api\/(events|charts\/)/, status: 404 }], problems);
    await q.goto(`${origin}/#/settings`);
    await sees(q.getByRole('region', { name: 'Computers that can push' }), 'Revoked');
    await legible(q, 'team-settings-computers-375');

    // The revoked laptop's next push is refused in one sentence.
    const env = { HANDSON_DATA: laptop.data };
    await cli(initDana(), { env });
    const refused = await cli(['share', 'review', '2026-W48', '--with', 'joanna@initech.example'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("no longer takes this computer's pushes");

    expect(problems).toEqual([]);
    await phone.close();
    await desk.close();
  }, 120_000);
});
