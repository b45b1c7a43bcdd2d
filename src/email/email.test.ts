import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DigestView } from '../app/digest/digest.js';
import { AppError } from '../errors.js';
import { composeEmail } from './compose.js';
import { digestEmail, digestTree } from './digest.js';
import { renderEmail } from './render.js';
import { parseSmtpUrl, sendEmail } from './smtp.js';
import { startSmtpServer } from './test-support/smtp-server.js';

/** A digest with text on, every text field carrying `text`. */
function digestWith(text: string): DigestView {
  const ic = { logged: 60, inferred: 30, planned: null, done: 90 };
  return {
    week: { key: '2026-W48', start: '2026-11-23', end: '2026-11-29', over: true },
    to: { name: text, email: 'ana@example.com' },
    includeText: true,
    time: {
      ic,
      leadership: null,
      focus: null,
      fragmented: null,
      coverage: { days: 7, calendarDays: 0 },
      days: [],
    },
    budget: { minutes: 270, usedPct: 33 },
    commitments: {
      open: 1,
      dueThisWeek: 1,
      overdue: 0,
      postponed: 1,
      putOff: 0,
      items: [
        {
          title: text,
          kind: 'decision',
          due: '2026-11-25',
          postponements: 1,
          overdue: false,
          dueThisWeek: true,
        },
      ],
    },
    flags: {
      toLookAt: 1,
      acknowledged: 0,
      dismissed: 0,
      items: [{ id: 'escape', title: 'IC work as a way out of something hard', severity: 'alert', text }],
    },
    questions: [text],
    review: { command: 'handson review --week 2026-11-23' },
  };
}

const CLASSIC = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</title><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<!--',
  ']]><iframe src=//evil.example>',
  '&lt;script&gt;',
];

/** Tags in the HTML: a title adds text, never a tag. */
const tags = (html: string) => html.match(/<[a-zA-Z!/]/g)?.length ?? 0;
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('email rendering', () => {
  const baseline = tags(renderEmail(digestTree(digestWith('x'), {})).html);

  it.each(CLASSIC)('renders %s as text in both parts', (payload) => {
    const { html, text } = renderEmail(digestTree(digestWith(payload), {}));
    expect(tags(html)).toBe(baseline);
    expect(html).not.toMatch(/<(script|img|svg|iframe)/i);
    expect(words(text)).toContain(words(payload));
  });

  it('renders any text as text: no tag added to the HTML, the text part says it as written', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (s) => {
        const { html, text } = renderEmail(digestTree(digestWith(s), {}));
        expect(tags(html)).toBe(baseline);
        if (words(s) !== '') expect(words(text)).toContain(words(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('composing and sending', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('adds one-click List-Unsubscribe (RFC 8058) and the preferences link when there is a public address', async () => {
    const server = await startSmtpServer();
    close = server.close;
    const links = {
      reviewUrl: 'https://handson.example.com/review?week=2026-11-23',
      preferencesUrl: 'https://handson.example.com/settings#email',
      unsubscribeUrl: 'https://handson.example.com/email/unsubscribe?token=abc',
    };
    const message = digestEmail(
      digestWith('Ana'),
      { name: 'Ana', address: 'ana@example.com' },
      new Date(0),
      links,
    );
    await sendEmail(
      parseSmtpUrl(`smtp://127.0.0.1:${server.port}`),
      { from: 'ana@example.com', to: 'ana@example.com' },
      await composeEmail(message),
    );
    const m = server.received[0]!.parsed;
    const lines = m.headerLines.map((h) => h.line);
    expect(lines).toContain(`List-Unsubscribe: <${links.unsubscribeUrl}>`);
    expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(m.html).toContain(`href="${links.preferencesUrl}"`);
    expect(m.html).toContain(`href="${links.reviewUrl}"`);
    expect(m.text).toContain('Email preferences');
    expect(m.text).not.toContain('nothing sends it on a schedule');
  });

  it('refuses a one-click address that is not https', async () => {
    const message = digestEmail(digestWith('Ana'), { name: 'Ana', address: 'ana@example.com' }, new Date(0), {
      unsubscribeUrl: 'http://handson.example.com/unsubscribe',
    });
    await expect(composeEmail(message)).rejects.toThrow(AppError);
  });
});

describe('HANDSON_SMTP_URL', () => {
  it.each([
    [
      'smtp://mail.example.com',
      { host: 'mail.example.com', port: 587, secure: false, name: 'mail.example.com:587' },
    ],
    ['smtps://mail.example.com', { host: 'mail.example.com', port: 465, secure: true }],
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false, name: '127.0.0.1:2525' }],
    [
      'smtps://ana%40example.com:p%3Ass@mail.example.com:465',
      { auth: { user: 'ana@example.com', pass: 'p:ss' }, name: 'mail.example.com:465' },
    ],
  ])('reads %s', (url, target) => {
    expect(parseSmtpUrl(url)).toMatchObject(target);
  });

  it.each([
    ['https://mail.example.com', 'the scheme "https" is not SMTP'],
    ['mail.example.com:25', 'the scheme "mail.example.com" is not SMTP'],
    ['smtp://', 'no server named'],
    ['smtp//mail.example.com', 'not a URL'],
    ['smtp://mail.example.com/inbox', 'a server takes no path'],
    ['  ', 'is not set'],
  ])('refuses %s', (url, says) => {
    expect(() => parseSmtpUrl(url)).toThrow(says);
  });
});
