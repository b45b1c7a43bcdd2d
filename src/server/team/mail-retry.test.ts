import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../email/smtp.js';
import { startSmtpServer } from '../../email/test-support/smtp-server.js';
import { teamMail } from './mail.js';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

/**
 * What a real mail server answers besides "250 OK": a greylisting server refuses the first try
 * for a while (451), and a server without the mailbox refuses for good (550). The first must be
 * delivered on a later try; the second must fail at once, not be sent again for half an hour.
 */
describe.runIf(PG_URL)('the organisation’s email when the mail server says no', () => {
  // People join at 07:50 on a Monday in the past (links are checked against this clock, and one made
  // now must not look older than 10 minutes); from 08:05 last week's digest is due for them in UTC.
  let at = new Date('2026-11-30T07:50:00Z');
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let mail: ReturnType<typeof teamMail>;
  let admin: Member;
  let ken: Member;
  let bob: Member;
  const logged: string[] = [];

  const rows = async () =>
    (
      await sql<{ account_id: string; state: string; attempts: number; last_error: string | null }>`
        select account_id, state, attempts, last_error from team_mail order by account_id`.execute(
        team.engine.db,
      )
    ).rows;
  const rowOf = async (m: Member) => (await rows()).find((r) => r.account_id === m.accountId);
  async function until(what: string, done: () => Promise<boolean>) {
    const end = Date.now() + 30_000;
    while (!(await done())) {
      if (Date.now() > end) throw new Error(`still waiting for ${what}: ${JSON.stringify(await rows())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    smtp = await startSmtpServer({
      refuse: (to, attempt) => {
        if (to.startsWith('ken@') && attempt === 1)
          return { code: 451, text: '4.7.1 Greylisted, try again later' };
        if (to.startsWith('bob@')) return { code: 550, text: '5.1.1 No such mailbox here' };
        return undefined;
      },
    });
    // The instance itself sends nothing (no SMTP URL); this test's sender has short retries.
    team = await teamInProcess(PUBLIC, () => at);
    mail = teamMail({
      db: team.engine.db,
      pool: team.engine.pool!,
      teamSchema: team.config.databaseSchema,
      stores: team.services.stores,
      sharing: team.services.sharing,
      publicUrl: new URL(PUBLIC),
      smtp: parseSmtpUrl(`smtp://127.0.0.1:${smtp.port}`),
      from: team.config.mailFrom,
      clock: () => at,
      log: (line) => logged.push(line),
      retry: { limit: 3, delaySeconds: 1 },
      pollSeconds: 0.5,
    });
    await mail.start();

    admin = await team.firstAdmin('Acme', 'admin@acme.example');
    ken = await team.invite(admin, 'ken@acme.example', 'Ken');
    bob = await team.invite(admin, 'bob@acme.example', 'Bob');
    for (const [m, name] of [
      [ken, 'Ken'],
      [bob, 'Bob'],
    ] as const) {
      for (const [path, json] of [
        [
          '/api/profile/init',
          {
            name,
            role: 'engineering-manager',
            reports: 3,
            tz: 'UTC',
            emails: [`${name.toLowerCase()}@acme.example`],
          },
        ],
        ['/api/email/preferences', { weekly: true }],
      ] as const) {
        const a = await team.post(m, path, json);
        expect(a.status, `${path}: ${a.text}`).toBe(200);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await mail?.stop();
    await team?.close();
    await smtp?.close();
  });

  it('delivers on a later try what a greylisting server refused the first time', async () => {
    expect(await mail.tick()).toBe(0);
    at = new Date('2026-11-30T08:05:00Z');
    expect(await mail.tick()).toBe(2);
    await until('Ken’s digest', async () => (await rowOf(ken))?.state === 'sent');
    expect(await rowOf(ken)).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
    const toKen = smtp.received.filter((m) => m.envelope.to.includes('ken@acme.example'));
    expect(toKen).toHaveLength(1);
    expect(toKen[0]!.parsed.subject).toMatch(/week/i);
    expect(
      logged.some((l) => l.includes(ken.accountId) && l.includes('try 1') && l.includes('Greylisted')),
    ).toBe(true);
  }, 60_000);

  it('fails at once, without another try, a mailbox the server refuses for good', async () => {
    await until('Bob’s digest to fail', async () => (await rowOf(bob))?.state === 'failed');
    // Past the first retry's time: still one attempt, and nothing was offered again.
    await new Promise((r) => setTimeout(r, 3_000));
    const row = await rowOf(bob);
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(
      /^The mail server 127\.0\.0\.1:\d+ refused the message: .*No such mailbox/,
    );
    expect(smtp.received.some((m) => m.envelope.to.includes('bob@acme.example'))).toBe(false);
    expect(logged.filter((l) => l.includes(bob.accountId) && l.includes('failed'))).toHaveLength(1);
    expect(logged.some((l) => l.includes('refused for good: not retried'))).toBe(true);

    // What an admin reads: who, which and why; never the content.
    const list = await team.request(team.app, 'GET', '/api/org/mail', admin);
    expect(list.status).toBe(200);
    expect(list.data).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ id: bob.accountId }),
        state: 'failed',
        attempts: 1,
      }),
    ]);
  }, 60_000);
});
