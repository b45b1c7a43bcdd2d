import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../email/smtp.js';
import { type Received, startSmtpServer } from '../../email/test-support/smtp-server.js';
import { openTeamServices } from './start.js';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';
const ADDRESSES = ['admin@', 'ben@', 'cleo@', 'dan@', 'eve@'].map((a) => `${a}initech.example`);

/**
 * Discussion emails (issue 12): a comment in a discussion someone follows, and a new proposal for
 * someone who asked to hear of them, each sent once through the same queue as the digests, built
 * when sent (a hidden comment is not), with one-click unsubscribe — against a real SMTP server.
 */
describe.runIf(PG_URL)('discussion emails from the organisation’s server', () => {
  const at = new Date('2026-12-02T10:00:00Z');
  const clock = () => at;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let other: Awaited<ReturnType<typeof openTeamServices>>;
  let admin: Member;
  let ben: Member;
  let cleo: Member;
  let dan: Member;
  let eve: Member;
  let proposal: string;

  const post = async (as: Member, path: string, json: unknown) => {
    const a = await team.post(as, path, json);
    expect(a.status, `${path}: ${a.text}`).toBe(200);
    return a.data;
  };
  const to = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
  /** Both instances queue what is due, then wait until the server has nothing left to send. */
  async function deliverAll(expected: number) {
    await Promise.all([team.services.mail.tickDiscussions(), other.mail.tickDiscussions()]);
    const until = Date.now() + 30_000;
    while (smtp.received.length < expected && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    // A duplicate or a late one would have had time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received).toHaveLength(expected);
  }
  const foreignAddresses = (m: Received, own: string) =>
    ADDRESSES.filter((a) => a !== own && m.raw.toString('utf8').includes(a));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    team = await teamInProcess(PUBLIC, clock, undefined, {
      smtp: parseSmtpUrl(`smtp://127.0.0.1:${smtp.port}`),
    });
    other = await openTeamServices(team.config, () => {}, clock);
    admin = await team.firstAdmin('Initech', 'admin@initech.example');
    ben = await team.invite(admin, 'ben@initech.example', 'Ben');
    cleo = await team.invite(admin, 'cleo@initech.example', 'Cleo');
    dan = await team.invite(admin, 'dan@initech.example', 'Dan');
    eve = await team.invite(admin, 'eve@initech.example', 'Eve');
    proposal = (
      await post(ben, '/api/proposals/add', {
        kind: 'watch-out',
        title: 'Hero mode before a launch',
        summary: 'Taking the last bugs yourself so the launch “goes well”.',
      })
    ).id;
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await team?.close();
    await smtp?.close();
  });

  it('sends a follower the next comment, once, and no one else', async () => {
    await post(cleo, '/api/proposals/follow', { id: proposal, follow: true });
    const first = await post(cleo, '/api/proposals/comment', {
      id: proposal,
      body: 'I did this last month.',
    });
    // Cleo's own comment tells Cleo nothing.
    await deliverAll(0);
    await post(dan, '/api/proposals/comment', {
      id: proposal,
      body: 'Same here — <b>twice</b>.',
      parentId: first.id,
    });
    await deliverAll(1);
    const [mail] = to('cleo@initech.example');
    expect(mail!.parsed.subject).toBe('New comment on “Hero mode before a launch”');
    expect(mail!.parsed.text).toContain('Dan replied to Cleo');
    expect(mail!.parsed.text).toContain('Same here — <b>twice</b>.');
    // The comment is text in the HTML part: escaped, not markup.
    expect(String(mail!.parsed.html)).toContain('Same here — &lt;b>twice&lt;/b>.');
    expect(String(mail!.parsed.html)).not.toContain('<b>');
    expect(String(mail!.parsed.html)).toContain(`href="${PUBLIC}/#/proposals?id=${proposal}"`);
    // Names, never addresses: the message holds only its own recipient's.
    expect(foreignAddresses(mail!, 'cleo@initech.example')).toEqual([]);
    for (const who of ['ben@', 'dan@', 'eve@', 'admin@']) expect(to(`${who}initech.example`)).toEqual([]);
  }, 60_000);

  it('tells a subscriber of a new proposal, and leaves out a comment hidden before it was sent', async () => {
    await post(eve, '/api/proposals/notifications', { newProposals: true });
    const second = (
      await post(ben, '/api/proposals/add', {
        kind: 'good',
        title: 'Pairing to unblock',
        summary: 'An hour of pairing when someone is stuck.',
      })
    ).id;
    // Dan comments where Cleo follows, and an admin hides it before any instance queues it.
    const hidden = await post(dan, '/api/proposals/comment', { id: proposal, body: 'Something abusive' });
    await post(admin, '/api/proposals/comment/hide', { id: hidden.id, hidden: true });
    await deliverAll(2);
    const [news] = to('eve@initech.example');
    expect(news!.parsed.subject).toBe('New reason proposed: Pairing to unblock');
    expect(news!.parsed.text).toContain('An hour of pairing when someone is stuck.');
    expect(String(news!.parsed.html)).toContain(`/#/proposals?id=${second}`);
    expect(foreignAddresses(news!, 'eve@initech.example')).toEqual([]);
    expect(to('cleo@initech.example')).toHaveLength(1);
    expect(smtp.received.some((m) => m.raw.toString('utf8').includes('Something abusive'))).toBe(false);
  }, 60_000);

  it('puts hostile comments in both parts as text: no tag, no attribute added', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '"><svg onload=alert(1)>',
      "'><iframe src=javascript:alert(1)>",
      '<a href="javascript:alert(1)">click</a>',
      '</blockquote><p style="x">out</p>',
      ...fc.sample(
        fc.string({ minLength: 1, maxLength: 40 }).filter((t) => t.trim().length > 0),
        { numRuns: 12, seed: 12 },
      ),
    ];
    const before = smtp.received.length;
    for (const body of payloads) await post(dan, '/api/proposals/comment', { id: proposal, body });
    await deliverAll(before + payloads.length);
    const mails = to('cleo@initech.example').slice(-payloads.length);
    const tags = (html: string) => (html.match(/<[a-z][a-z0-9]*\b/gi) ?? []).map((t) => t.toLowerCase());
    // Every email's markup is the template's: the same tags whatever the comment said.
    const template = new Set(tags(String(mails[0]!.parsed.html)));
    for (const [i, m] of mails.entries()) {
      const html = String(m.parsed.html);
      expect(new Set(tags(html)), payloads[i]).toEqual(template);
      // No real tag (escaped text starts with &lt;) carries an event handler.
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son[a-z]+=/i);
      expect(m.parsed.text).toContain(payloads[i]!.trim());
    }
  }, 90_000);

  it('stops every discussion email with one POST and no session', async () => {
    const mail = to('cleo@initech.example')[0]!;
    const line = mail.parsed.headerLines
      .find((l) => l.key === 'list-unsubscribe')!
      .line.replace(/\r?\n[ \t]+/g, ' ');
    const url = new URL(/<([^>]+)>/.exec(line)![1]!);
    const done = await team.app.request(`${url.pathname}${url.search}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('no more of discussion emails');
    const prefs = await team.request(team.app, 'GET', '/api/proposals/notifications', cleo);
    expect(JSON.stringify(prefs.data)).not.toContain(proposal);
    const before = smtp.received.length;
    await post(dan, '/api/proposals/comment', { id: proposal, body: 'Anyone else?' });
    await deliverAll(before);
  }, 60_000);
});
