import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { icSentence } from '../domain/present/time.js';
import { startSmtpServer } from '../email/test-support/smtp-server.js';
import { cli, initDana, tempDataDir } from './test-support/run.js';

/** Text that must reach the email only when the person asked for titles, and then only as text. */
const MARKER = 'Talk to Sam <script>alert("digest")</script>';

/**
 * Dana's week 2026-W48 (Mon 23 – Sun 29 Nov): a tough conversation put off twice that week, and IC
 * work the same day, which the escape flag quotes by title. The digest is asked for on the
 * Monday after, at 08:00 UTC: the week that just ended.
 */
async function leader() {
  const data = tempDataDir();
  const at = (now: string) => ({ HANDSON_DATA: data, HANDSON_NOW: now });
  const run = async (args: string[], now = '2026-11-30T08:00:00Z', env: Record<string, string> = {}) =>
    cli(args, { env: { ...at(now), ...env } });
  await run(initDana(), '2026-11-02T09:00:00Z');
  const added = await run(
    [
      'commitments',
      'add',
      '--kind',
      'tough-conversation',
      '--title',
      MARKER,
      '--due',
      '2026-11-24',
      '--json',
    ],
    '2026-11-16T09:00:00Z',
  );
  const { id } = JSON.parse(added.stdout) as { id: string };
  for (const [to, now] of [
    ['2026-11-26', '2026-11-24T08:00:00Z'],
    ['2026-12-01', '2026-11-26T08:00:00Z'],
  ] as const) {
    expect((await run(['commitments', 'postpone', id, '--to', to, '--why', 'busy'], now)).code).toBe(0);
  }
  for (const date of ['2026-11-24', '2026-11-26']) {
    const logged = await run(
      [
        'log',
        '--title',
        `Refactor <img src=x onerror=alert(1)>`,
        '--minutes',
        '180',
        '--date',
        date,
        '--reason',
        'unwind',
      ],
      `${date}T17:00:00Z`,
    );
    expect(logged.code).toBe(0);
  }
  return { run };
}

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function smtp(options: { password?: string } = {}) {
  const s = await startSmtpServer(options);
  servers.push(s);
  return s;
}

describe('handson digest', () => {
  it('sends the weekly review’s own numbers to the profile’s address, in a text and an HTML part', async () => {
    const { run } = await leader();
    const server = await smtp();
    const sent = await run(['digest', '--send'], undefined, {
      HANDSON_SMTP_URL: `smtp://127.0.0.1:${server.port}`,
    });
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toBe(
      `Sent the digest of 2026-W48 to dana@example.com through 127.0.0.1:${server.port}.\n`,
    );

    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail!.envelope).toEqual({ from: 'dana@example.com', to: ['dana@example.com'] });
    const m = mail!.parsed;
    expect(m.subject).toBe('Your weekly review of 2026-W48 is ready');
    expect(m.to).toMatchObject({ value: [{ address: 'dana@example.com', name: 'Dana' }] });
    expect(m.from).toMatchObject({ value: [{ address: 'dana@example.com', name: 'Hands-on' }] });
    expect(m.date?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(m.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(typeof m.html).toBe('string');
    expect(m.text).toContain('IC work');
    // Sent by the person to themselves: no list to leave (decision 0026).
    expect(m.headerLines.filter((h) => h.key.startsWith('list-'))).toEqual([]);

    // The numbers are the weekly review's, as `handson review --json` gives them for the same week.
    const review = JSON.parse((await run(['review', '--week', '2026-11-23', '--json'])).stdout);
    const digest = JSON.parse((await run(['digest', '--json'])).stdout);
    expect(digest.time).toEqual(review.time);
    expect(digest.budget).toEqual({ minutes: review.week.budgetMinutes, usedPct: review.week.budgetUsedPct });
    expect(digest.flags.toLookAt).toBe(review.toLookAt);
    expect(digest.commitments.postponed).toBe(review.commitments.postponed.length);
    expect(review.time.ic.done).toBe(360);
    expect(review.time.ic.planned).toBeNull();
    const text = m.text!.replace(/\s+/g, ' ');
    expect(text).toContain(icSentence(review.time.ic, review.week.budgetMinutes));
    expect(text).toContain(`${review.week.budgetUsedPct}% of your IC budget used`);
    expect(text).toContain('Leadership no calendar · focus no calendar');
    expect(text).toContain(`${review.toLookAt} flag${review.toLookAt === 1 ? '' : 's'} to look at`);
    expect(text).toContain('1 put off (1 twice or more)');
    expect(text).toContain('handson review --week 2026-11-23');
  });

  it('leaves titles and the flags’ sentences out unless the person turns them on, and then shows them as text', async () => {
    const { run } = await leader();
    const server = await smtp();
    const env = { HANDSON_SMTP_URL: `smtp://127.0.0.1:${server.port}` };
    // The escape flag is there, and its sentence names the commitment.
    const review = JSON.parse((await run(['review', '--week', '2026-11-23', '--json'])).stdout);
    expect(review.flags.some((f: { text: string }) => f.text.includes(MARKER))).toBe(true);

    expect((await run(['digest', '--send'], undefined, env)).code).toBe(0);
    const off = server.received[0]!.parsed;
    for (const part of [off.text!, off.html as string, off.subject!]) {
      expect(part).not.toContain('Talk to Sam');
      expect(part).not.toContain('Refactor');
    }
    expect(off.text).toContain('IC work as a way out of something hard');
    expect((await run(['digest'])).stdout).not.toContain('Talk to Sam');

    expect((await run(['profile', '--digest-text', 'on'])).stdout).toContain('Digest email: numbers, titles');
    expect((await run(['digest', '--send'], undefined, env)).code).toBe(0);
    const on = server.received[1]!.parsed;
    expect(on.text!.replace(/\s+/g, ' ')).toContain(`“${MARKER}”`);
    // In the HTML part the title is text: escaped, no script element.
    const html = on.html as string;
    expect(html).toContain('Talk to Sam &lt;script>alert(&quot;digest&quot;)&lt;/script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect((await run(['profile', '--digest-text', 'off'])).code).toBe(0);
    expect((await run(['digest'])).stdout).not.toContain('Talk to Sam');
  });

  it('writes the message to a file that reads back as the one sent', async () => {
    const { run } = await leader();
    const server = await smtp();
    const file = join(tempDataDir(), 'week.eml');
    const r = await run(['digest', '--week', '2026-W48', '--out', file, '--send'], undefined, {
      HANDSON_SMTP_URL: `smtp://127.0.0.1:${server.port}`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote the digest of 2026-W48 to ${file}.`);
    const fromFile = await simpleParser(readFileSync(file));
    const sent = server.received[0]!.parsed;
    expect(fromFile.subject).toBe(sent.subject);
    expect(fromFile.text).toBe(sent.text);
    expect(fromFile.html).toBe(sent.html);
    expect(fromFile.messageId).toBe(sent.messageId);
  });

  it('picks the week by ISO week or by a date in it, and refuses what is neither', async () => {
    const { run } = await leader();
    const byKey = JSON.parse((await run(['digest', '--week', '2026-W47', '--json'])).stdout);
    const byDate = JSON.parse((await run(['digest', '--week', '2026-11-19', '--json'])).stdout);
    expect(byKey.week).toEqual({ key: '2026-W47', start: '2026-11-16', end: '2026-11-22', over: true });
    expect(byDate).toEqual(byKey);
    // The current week is the week so far.
    const current = JSON.parse((await run(['digest', '--week', '2026-11-30', '--json'])).stdout);
    expect(current.week.over).toBe(false);
    const wrong = await run(['digest', '--week', '2026-W54']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('expected an ISO week such as 2026-W48');
  });

  it('says in one sentence what is wrong with HANDSON_SMTP_URL, and sends nothing', async () => {
    const { run } = await leader();
    for (const [url, says] of [
      ['http://mail.example.com', 'the scheme "http" is not SMTP'],
      ['smtp//mail.example.com', 'not a URL'],
      ['', 'HANDSON_SMTP_URL is not set'],
    ] as const) {
      const r = await run(['digest', '--send'], undefined, url === '' ? {} : { HANDSON_SMTP_URL: url });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(says);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('names the server when it refuses the connection or the sign-in, without a stack trace', async () => {
    const { run } = await leader();
    const gone = await smtp();
    const port = gone.port;
    await gone.close();
    servers = [];
    const refused = await run(['digest', '--send'], undefined, {
      HANDSON_SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `handson: The mail server 127.0.0.1:${port} refused the connection: is it running?\n`,
    );

    const guarded = await smtp({ password: 'right' });
    const denied = await run(['digest', '--send'], undefined, {
      HANDSON_SMTP_URL: `smtp://ana:wrong@127.0.0.1:${guarded.port}`,
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      `handson: The mail server 127.0.0.1:${guarded.port} did not accept the user name and password in HANDSON_SMTP_URL.\n`,
    );
    expect(denied.stderr).not.toContain('wrong');
    expect(guarded.received).toHaveLength(0);
    const signedIn = await run(['digest', '--send'], undefined, {
      HANDSON_SMTP_URL: `smtp://ana:right@127.0.0.1:${guarded.port}`,
    });
    expect(signedIn.code).toBe(0);
    expect(guarded.received).toHaveLength(1);
  });

  it('keeps the choice of text in a backup', async () => {
    const { run } = await leader();
    expect((await run(['profile', '--digest-text', 'on'])).code).toBe(0);
    const file = join(tempDataDir(), 'backup.json');
    expect((await run(['export', file])).code).toBe(0);
    const env = { HANDSON_DATA: tempDataDir(), HANDSON_NOW: '2026-11-30T08:00:00Z' };
    expect((await cli(['import', file], { env })).code).toBe(0);
    const profile = JSON.parse((await cli(['profile', '--json'], { env })).stdout);
    expect(profile.digest).toEqual({ includeText: true });
    const wrong = await cli(['profile', '--digest-text', 'yes'], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--digest-text: expected on or off');
  });
});
