import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { documentHead } from '../../email/layout.js';
import { h, renderToString } from '../../email/vdom.js';
import { body } from './body.js';
import type { Account } from './directory.js';
import { MAIL_KIND_NAME, type MailKind, MailPreferencesInput, type TeamMail } from './mail.js';
import type { RouteSpecs } from './route-spec.js';

type Env = { Variables: { account: Account; token: string } };

export const UNSUBSCRIBE_PATH = '/api/unsubscribe';

/**
 * Paths the Origin and JSON-only checks leave alone. A mail client's one-click POST (RFC 8058)
 * comes with no Origin and a form body, from no page of ours. Cross-site forgery needs an ambient
 * credential to ride on — a cookie — and this route reads none: the token in its address is the
 * whole authority, and it can do one thing, turn off one kind of email for the person it was made for.
 */
export const ONE_CLICK_PATHS = [UNSUBSCRIBE_PATH];

const TokenQuery = z.object({ token: z.string().min(1).max(200) });

export const MAIL_ROUTES = {
  'GET /api/unsubscribe': {
    policy: 'anyone',
    summary:
      'The page an email’s Unsubscribe link opens: says which email it stops, with a button. Opening it changes nothing (mail scanners open links).',
    input: TokenQuery,
    produces: 'text/html',
  },
  'POST /api/unsubscribe': {
    policy: 'anyone',
    summary:
      'One-click unsubscribe (RFC 8058): `?token=…` from the email, body `List-Unsubscribe=One-Click` as a form. No session: the token turns off that one email for its person.',
    produces: 'text/html',
  },
  'GET /api/email/preferences': {
    policy: 'signed-in',
    summary:
      'Which emails you get from this server (all off until you turn them on), and whether it sends any.',
  },
  'POST /api/email/preferences': {
    policy: 'signed-in',
    summary: 'Turn the weekly digest, its titles, or the coach digest on or off.',
    input: MailPreferencesInput,
  },
  'GET /api/org/mail': {
    policy: 'admin',
    summary:
      'Emails of the organisation not sent yet or failed: who, which, which week, tries, the last error. Never content.',
  },
} satisfies RouteSpecs;

/** A page with no script and no style: the site's CSP allows neither inline, and it needs neither. */
function page(c: Context, status: 200 | 400 | 404, title: string, ...content: ReturnType<typeof h>[]) {
  const html = `<!doctype html>${renderToString(
    h(
      'html',
      { lang: 'en' },
      documentHead(title, h('meta', { name: 'robots', content: 'noindex' })),
      h('body', null, h('main', null, h('h1', null, title), ...content)),
    ),
  )}`;
  return c.html(html, status);
}

const NOT_VALID =
  'This unsubscribe link is not valid any more (or was mistyped). Sign in and turn the email off in Settings → Email.';

/** The routes an email's links reach without a session. */
export function mountUnsubscribeRoutes(app: Hono<Env>, mail: TeamMail, publicUrl: URL): void {
  const settings = new URL('/#/settings', publicUrl).toString();
  const gone = (c: Context) =>
    page(
      c,
      404,
      'Link not valid',
      h('p', null, NOT_VALID),
      h('p', null, h('a', { href: settings }, 'Settings')),
    );

  app.get(UNSUBSCRIBE_PATH, async (c) => {
    const token = c.req.query('token');
    const kind = token === undefined || token.length > 200 ? undefined : await mail.unsubscribeTarget(token);
    if (kind === undefined) return gone(c);
    const action = new URL(UNSUBSCRIBE_PATH, publicUrl);
    action.searchParams.set('token', token!);
    return page(
      c,
      200,
      `Stop ${MAIL_KIND_NAME[kind]}?`,
      h('p', null, `You will get no more of ${MAIL_KIND_NAME[kind]}. Other emails stay as they are.`),
      h(
        'form',
        { method: 'post', action: action.pathname + action.search },
        h('input', { type: 'hidden', name: 'List-Unsubscribe', value: 'One-Click' }),
        h('button', { type: 'submit' }, 'Unsubscribe'),
      ),
      h('p', null, 'You can turn it on again in ', h('a', { href: settings }, 'Settings'), '.'),
    );
  });

  app.post(UNSUBSCRIBE_PATH, async (c) => {
    // RFC 8058 §3.2: the body is the form field List-Unsubscribe=One-Click, url-encoded or multipart.
    // Asking for it means a stray POST to a link (a tool replaying URLs) stops nothing.
    let oneClick = false;
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      oneClick = form['List-Unsubscribe'] === 'One-Click';
    }
    if (!oneClick) {
      return page(
        c,
        400,
        'Nothing was changed',
        h(
          'p',
          null,
          'An unsubscribe request carries List-Unsubscribe=One-Click as a form field; this one did not.',
        ),
      );
    }
    const token = c.req.query('token');
    const kind: MailKind | undefined =
      token === undefined || token.length > 200 ? undefined : await mail.unsubscribe(token);
    if (kind === undefined) return gone(c);
    return page(
      c,
      200,
      'Unsubscribed',
      h('p', null, `You will get no more of ${MAIL_KIND_NAME[kind]}.`),
      h('p', null, 'You can turn it on again in ', h('a', { href: settings }, 'Settings'), '.'),
    );
  });
}

/** A signed-in person's own email preferences, and the admins' view of what did not go out. */
export function mountMailRoutes(app: Hono<Env>, mail: TeamMail, admin: MiddlewareHandler<Env>): void {
  app.get('/api/email/preferences', async (c) => c.json({ data: await mail.preferences(c.get('account')) }));
  app.post('/api/email/preferences', async (c) => {
    const input = await body(c, MailPreferencesInput);
    return c.json({ data: await mail.setPreferences(c.get('account'), input) });
  });
  app.get('/api/org/mail', admin, async (c) => c.json({ data: await mail.pending(c.get('account')) }));
}
