import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../email/smtp.js';
import { type Received, startSmtpServer } from '../../email/test-support/smtp-server.js';
import { teamConfig } from './config.js';
import { openTeamServices } from './start.js';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

const HOSTILE_NAME = 'Ana "><img src=x onerror=alert(1)>';
const HOSTILE_TITLE = '</title><script>alert(1)</script>';

const words = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Every tag the HTML part has that a title or a name could have added. */
const injected = (html: string) => html.match(/<(script|img|svg|iframe)\b/gi) ?? [];

describe.runIf(PG_URL)('email from the organisation’s server', () => {
  let at = new Date('2026-12-02T10:00:00Z'); // a Wednesday
  const clock = () => at;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  /** A second instance of the server on the same schema: its own pool, queue client and worker. */
  let other: Awaited<ReturnType<typeof openTeamServices>>;
  let admin: Member;
  let ana: Member;
  let ken: Member;
  let bob: Member;
  let cora: Member;
  let revokeLater: string;
  let smtpOpen = true;

  /**
   * People act in the week the test is set in, not on the Mondays it jumps to: their sessions end
   * after 12 idle hours on the server's clock, and only the emails' timing is under test here.
   */
  async function meanwhile<T>(act: () => Promise<T>): Promise<T> {
    const monday = at;
    at = new Date('2026-12-02T11:00:00Z');
    try {
      return await act();
    } finally {
      at = monday;
    }
  }
  const get = (as: Member | undefined, path: string) =>
    meanwhile(() => team.request(team.app, 'GET', path, as));
  const post = (as: Member, path: string, json: unknown) =>
    meanwhile(async () => {
      const a = await team.post(as, path, json);
      expect(a.status, `${path}: ${a.text}`).toBe(200);
      return a.data;
    });
  const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
  const rows = async () =>
    (
      await sql<{ account_id: string; kind: string; week: string; state: string; last_error: string | null }>`
        select account_id, kind, week, state, last_error from team_mail order by week, kind, account_id`.execute(
        team.engine.db,
      )
    ).rows;
  const both = () => [team.services.mail, other.mail];

  /** Until no send is waiting on either instance's workers. */
  async function settled(timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const waiting = (await rows()).filter((r) => ['queued', 'sending'].includes(r.state));
      if (waiting.length === 0) return;
      if (Date.now() > until) throw new Error(`still waiting: ${JSON.stringify(waiting)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const profile = (as: Member, name: string, tz: string, email: string) =>
    post(as, '/api/profile/init', { name, role: 'engineering-manager', reports: 4, tz, emails: [email] });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const target = parseSmtpUrl(`smtp://127.0.0.1:${smtp.port}`);
    team = await teamInProcess(PUBLIC, clock, undefined, { smtp: target });
    other = await openTeamServices(team.config, () => {}, clock);

    admin = await team.firstAdmin('Acme', 'admin@acme.example');
    ana = await team.invite(admin, 'ana@acme.example', HOSTILE_NAME);
    ken = await team.invite(admin, 'ken@acme.example', 'Ken');
    bob = await team.invite(admin, 'bob@acme.example', 'Bob');
    cora = await team.invite(admin, 'cora@acme.example', 'Cora');
    await profile(ana, 'Ana', 'UTC', 'ana@acme.example');
    await profile(ken, 'Ken', 'Asia/Tokyo', 'ken@acme.example');
    await profile(bob, 'Bob', 'UTC', 'bob@acme.example');
    await profile(cora, 'Cora', 'Europe/Paris', 'cora@acme.example');

    // Ana: a commitment whose title is an attack, and titles on in her digest.
    await post(ana, '/api/commitments/add', { kind: 'decision', title: HOSTILE_TITLE, due: '2026-12-03' });
    // Ana shares a reflection and a check with her coach Cora, this week.
    const coaching = (await post(ana, '/api/coaching/invite', { email: 'cora@acme.example' })).id;
    await post(cora, '/api/coaching/accept', { id: coaching });
    const reflection = (await post(ana, '/api/reflections/add', { text: 'kept' })).id;
    await post(ana, '/api/shares/add', {
      coachingId: coaching,
      item: { kind: 'reflection', id: reflection },
    });
    const check = (
      await post(ana, '/api/check/run', { title: 'revoked later', hours: 2, reasons: ['unwind'] })
    ).id;
    revokeLater = (
      await post(ana, '/api/shares/add', { coachingId: coaching, item: { kind: 'check', id: check } })
    ).id;
    await post(ana, '/api/shares/comment', { id: revokeLater, body: 'a comment on what will be revoked' });

    await post(ana, '/api/email/preferences', { weekly: true, includeText: true });
    await post(ken, '/api/email/preferences', { weekly: true });
    await post(cora, '/api/email/preferences', { coach: true });
    // Bob never opts in; the admin neither.
  }, 120_000);

  afterAll(async () => {
    await other?.close();
    await team?.close();
    if (smtpOpen) await smtp?.close();
  });

  it('is off until a person turns it on, and says whether this server sends', async () => {
    const prefs = await get(bob, '/api/email/preferences');
    expect(prefs.data).toEqual({ weekly: false, coach: false, includeText: false, sending: true });
    expect((await get(ana, '/api/email/preferences')).data).toMatchObject({
      weekly: true,
      includeText: true,
    });
  });

  it('sends someone in Asia/Tokyo theirs at their Monday 08:00, not at UTC’s', async () => {
    at = new Date('2026-12-06T22:55:00Z'); // Tokyo: Monday 07:55
    expect(await team.services.mail.tick()).toBe(0);
    at = new Date('2026-12-06T23:05:00Z'); // Tokyo: Monday 08:05; UTC: still Sunday
    for (const m of both()) await m.stopWorker();
    expect(await team.services.mail.tick()).toBe(1);
    expect((await rows()).map((r) => [r.account_id, r.kind, r.week])).toEqual([
      [ken.accountId, 'weekly', '2026-W49'],
    ]);
  });

  it('sends exactly one email per person when two instances tick the same week at once', async () => {
    at = new Date('2026-12-07T08:05:00Z'); // Monday 08:05 UTC, 09:05 in Paris
    const queued = await Promise.all([...both(), ...both()].map((m) => m.tick()));
    // Ana's weekly digest and Cora's coach digest; Ken's was queued already.
    expect(queued.reduce((a, b) => a + b, 0)).toBe(2);

    // After queueing, Ana stops sharing the check: the coach digest is built when it is sent.
    await post(ana, '/api/shares/revoke', { id: revokeLater });
    for (const m of both()) await m.startWorker();
    await settled();
    await new Promise((r) => setTimeout(r, 2500)); // a duplicate would have had time to arrive
    expect(to('ana@acme.example')).toHaveLength(1);
    expect(to('ken@acme.example')).toHaveLength(1);
    expect(to('cora@acme.example')).toHaveLength(1);
    expect(to('bob@acme.example')).toHaveLength(0);
    expect(to('admin@acme.example')).toHaveLength(0);
    expect(smtp.received).toHaveLength(3);
    expect((await rows()).every((r) => r.state === 'sent')).toBe(true);
  });

  it('puts only live shares in the coach digest, and no title or comment', async () => {
    const m = to('cora@acme.example')[0]!.parsed;
    expect(m.subject).toBe('Shared with you in 2026-W49');
    expect(m.text).toContain('shared a reflection');
    expect(m.text).not.toContain('check');
    expect(m.text).not.toContain('revoked later');
    expect(m.text).not.toContain('a comment on what will be revoked');
    expect(m.html).not.toContain('kept');
  });

  it('renders hostile titles and names as text in both parts', () => {
    const weekly = to('ana@acme.example')[0]!.parsed;
    expect(injected(String(weekly.html))).toEqual([]);
    expect(words(String(weekly.text))).toContain(words(HOSTILE_TITLE));
    const coach = to('cora@acme.example')[0]!.parsed;
    expect(injected(String(coach.html))).toEqual([]);
    expect(words(String(coach.text))).toContain(words(HOSTILE_NAME));
  });

  it('gives every email one-click List-Unsubscribe and a preferences link', () => {
    for (const r of smtp.received) {
      // Unfolded: a long header continues on the next line (RFC 5322 §2.2.3).
      const lines = r.parsed.headerLines.map((l) => l.line.replace(/\r?\n[ \t]+/g, ' '));
      expect(
        lines.some((l) =>
          /^List-Unsubscribe: <https:\/\/handson\.example\.org\/api\/unsubscribe\?token=[\w-]{43}>$/.test(l),
        ),
      ).toBe(true);
      expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(r.parsed.html).toContain('href="https://handson.example.org/#/settings"');
      expect(r.parsed.text).toBeTruthy();
    }
  });

  function unsubscribeUrl(m: Received): URL {
    const line = m.parsed.headerLines
      .find((l) => l.key === 'list-unsubscribe')!
      .line.replace(/\r?\n[ \t]+/g, ' ');
    return new URL(/<([^>]+)>/.exec(line)![1]!);
  }
  /** As a mail client or a scanner would: the app, no cookie, no Origin. */
  const anonymous = (method: 'GET' | 'POST', url: URL, body?: string, type?: string) =>
    team.app.request(`${url.pathname}${url.search}`, {
      method,
      ...(body === undefined
        ? {}
        : { body, headers: { 'content-type': type ?? 'application/x-www-form-urlencoded' } }),
    });

  it('stops the next digest with one POST and no session; a GET only asks', async () => {
    const url = unsubscribeUrl(to('ana@acme.example')[0]!);
    const page = await anonymous('GET', url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Stop the weekly digest?');
    expect(html).toMatch(/<form method="post" action="\/api\/unsubscribe\?token=[\w-]+">/);
    expect((await get(ana, '/api/email/preferences')).data.weekly).toBe(true);
    // A POST without the RFC 8058 field changes nothing either.
    expect((await anonymous('POST', url, 'x=y')).status).toBe(400);
    expect((await anonymous('POST', url, '{}', 'application/json')).status).toBe(400);
    expect((await get(ana, '/api/email/preferences')).data.weekly).toBe(true);

    const done = await anonymous('POST', url, 'List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('no more of the weekly digest');
    expect((await get(ana, '/api/email/preferences')).data).toMatchObject({
      weekly: false,
      includeText: true,
    });
    // Exactly that email for exactly that person: Cora's coach digest and Ken's digest stay on.
    expect((await get(cora, '/api/email/preferences')).data.coach).toBe(true);
    expect((await get(ken, '/api/email/preferences')).data.weekly).toBe(true);
    expect(
      (await anonymous('POST', new URL('/api/unsubscribe?token=nope', PUBLIC), 'List-Unsubscribe=One-Click'))
        .status,
    ).toBe(404);

    // The next Monday: Ken turns his off after his job was queued; only Cora was due otherwise, and
    // nothing new was shared with her.
    at = new Date('2026-12-14T08:05:00Z');
    for (const m of both()) await m.stopWorker();
    expect(await other.mail.tick()).toBe(2);
    await post(ken, '/api/email/preferences', { weekly: false });
    for (const m of both()) await m.startWorker();
    await settled();
    const week = (await rows()).filter((r) => r.week === '2026-W50');
    expect(week.map((r) => [r.account_id, r.state])).toEqual(
      expect.arrayContaining([
        [ken.accountId, 'skipped'],
        [cora.accountId, 'skipped'],
      ]),
    );
    expect(week.find((r) => r.account_id === ana.accountId)).toBeUndefined();
    expect(smtp.received).toHaveLength(3);
  }, 60_000);

  it('keeps a failed send for a retry, and shows admins who, which and why — not what', async () => {
    await post(ken, '/api/email/preferences', { weekly: true });
    await smtp.close();
    smtpOpen = false;
    at = new Date('2026-12-21T08:05:00Z');
    expect(await team.services.mail.tick()).toBe(2);
    const until = Date.now() + 30_000;
    while ((await rows()).some((r) => r.week === '2026-W51' && ['queued', 'sending'].includes(r.state))) {
      if (Date.now() > until) throw new Error(JSON.stringify(await rows()));
      await new Promise((r) => setTimeout(r, 200));
    }
    const list = await get(admin, '/api/org/mail');
    expect(list.status).toBe(200);
    const ken51 = list.data.find(
      (m: { account: { id: string }; week: string }) => m.account.id === ken.accountId,
    );
    expect(ken51).toMatchObject({ kind: 'weekly', week: '2026-W51', state: 'retrying', attempts: 1 });
    expect(ken51.lastError).toMatch(/^The mail server 127\.0\.0\.1:\d+ refused the connection/);
    expect(list.text).not.toMatch(/Your weekly review|Shared with you/);
    expect((await get(ken, '/api/org/mail')).status).toBe(403);
  }, 60_000);
});

describe('the server’s email settings', () => {
  const base = {
    HANDSON_DATABASE_URL: 'postgres://handson_app@db/handson',
    HANDSON_PUBLIC_URL: 'https://handson.example.org',
  };

  it('sends nothing without HANDSON_SMTP_URL, and from no-reply at the public host', () => {
    const config = teamConfig(base);
    expect(config.smtp).toBeUndefined();
    expect(config.mailFrom).toEqual({ name: 'Hands-on', address: 'no-reply@handson.example.org' });
  });

  it('reads HANDSON_SMTP_URL and HANDSON_MAIL_FROM', () => {
    const config = teamConfig({
      ...base,
      HANDSON_SMTP_URL: 'smtps://mailer%40acme.example:s3cret@mail.acme.example',
      HANDSON_MAIL_FROM: 'handson@acme.example',
    });
    expect(config.smtp).toMatchObject({ host: 'mail.acme.example', port: 465, secure: true });
    expect(config.mailFrom.address).toBe('handson@acme.example');
  });

  it('names every bad mail setting at once, and never the password', () => {
    let message = '';
    try {
      teamConfig({
        ...base,
        HANDSON_SMTP_URL: 'https://u:s3cret@mail.acme.example',
        HANDSON_MAIL_FROM: 'nobody',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('HANDSON_SMTP_URL: the scheme "https" is not SMTP');
    expect(message).toContain('HANDSON_MAIL_FROM: expected the address the server sends from');
    expect(message).not.toContain('s3cret');
  });
});
