import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { makeContext } from '../../app/context.js';
import { type HandlerMap, parseInput } from '../../app/handler.js';
import { FEATURES } from '../../app/index.js';
import { AppError } from '../../errors.js';
import type { Stores } from '../../store/open.js';
import { limitBody } from '../body-limit.js';
import { chartRoute } from '../charts.js';
import { mountFeatureRoutes } from '../feature-routes.js';
import { type DescribedRoute, teamOpenApiDocument } from '../openapi.js';
import { wellFormedPath } from '../path-check.js';
import { renderError, sendError } from '../respond.js';
import { routesOf } from '../routes.js';
import { securityHeaders } from '../security.js';
import { staticFiles } from '../static.js';
import { body } from './body.js';
import { type Account, PASSWORD_MAX, PASSWORD_MIN, type TeamDirectory } from './directory.js';
import type { EventHub } from './events.js';
import type { SignInLimits } from './limits.js';
import type { TeamMail } from './mail.js';
import { MAIL_ROUTES, mountMailRoutes, mountUnsubscribeRoutes, ONE_CLICK_PATHS } from './mail-routes.js';
import { NOT_OFFERED } from './not-offered.js';
import { COUNT_ME_SETTING, CountMeInput, countsMe, OverviewInput, overviewOf } from './overview.js';
import { mountProposalRoutes, PROPOSAL_ROUTES } from './proposal-routes.js';
import type { TeamProposals } from './proposals.js';
import { mountPublicLinkRoutes, PUBLIC_LINK_ROUTES } from './public-link-routes.js';
import type { TeamPublicLinks } from './public-links.js';
import type { TeamPush } from './push.js';
import { DEVICE_PATHS, mountDeviceRoutes, mountPushTokenRoutes, PUSH_ROUTES } from './push-routes.js';
import type { RouteSpecs } from './route-spec.js';
import {
  ALLOWED_WHILE_ENROLLING,
  CLEAR_PENDING_COOKIE,
  CodeInput,
  enrolFirst,
  PENDING_COOKIE,
  PENDING_ENDED,
  ProofInput,
  pendingCookie,
  RequireInput,
  underLimits,
} from './second-factor.js';
import type { TeamSharing } from './sharing.js';
import { mountSharingRoutes, SHARING_ROUTES } from './sharing-routes.js';
import {
  mountAccountRoutes,
  mountSignInRoutes,
  SIGN_IN_ROUTES,
  type SignInSurface,
} from './sign-in-routes.js';

/** `__Host-`: the browser keeps it only if Secure, for this host alone, on path `/`. */
export const TEAM_COOKIE = '__Host-handson_session';

/**
 * Journal features an organisation's server offers: all but those in NOT_OFFERED (`git` reads a
 * repository by local path: on a server that would be the server's disk). `calendars` fetches only
 * from public addresses (`outbound: 'public-only'` below). File uploads are refused too, because
 * this API takes JSON only (see `jsonOnly`).
 */
export const TEAM_FEATURES: Record<string, HandlerMap> = Object.fromEntries(
  Object.entries(FEATURES).filter(([name]) => NOT_OFFERED[name] === undefined),
);

export interface TeamServerOptions {
  stores: Stores;
  directory: TeamDirectory;
  /** The address people use (`https://handson.example.org`): the only origin allowed to change data. */
  publicUrl: URL;
  /** The clock handlers see. */
  now?: () => Date;
  log?: (line: string) => void;
  maxBodyBytes?: number;
  /** Coaching, shared items, their comments and access log (sharing.ts). */
  sharing: TeamSharing;
  /** Reasons proposed and discussed in the organisation (proposals.ts). */
  proposals: TeamProposals;
  /** Laptops that push shares (push.ts). */
  push: TeamPush;
  /** Email preferences, one-click unsubscribe, and what did not go out (mail.ts). */
  mail: TeamMail;
  /** Published cards anyone with the link may read (public-links.ts). */
  publicLinks: TeamPublicLinks;
  /** Live updates from every instance (events.ts). */
  events?: EventHub;
  /** Password-guessing limits shared by every instance (limits.ts). */
  limits: SignInLimits;
  /**
   * Behind a proxy every request comes from the proxy: then the client is the last address the
   * proxy added to X-Forwarded-For (HANDSON_TRUST_PROXY=1). Off, that header is ignored — anyone
   * could write it.
   */
  trustProxy?: boolean;
  /** The built web app (dist/web), served to signed-in and signed-out browsers alike: it holds no data. */
  webRoot?: string | undefined;
}

type Env = { Variables: { account: Account; token: string } };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a change must come from a page of the public address. The request's
 * own URL is not the reference — behind a TLS proxy it reads `http://` — the configured one is.
 * Browsers send Origin on every POST; a request without it is refused rather than trusted.
 */
function sameOriginAs(publicUrl: URL): MiddlewareHandler {
  const own = publicUrl.origin.toLowerCase();
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    // A laptop's calls carry a bearer token or nothing, never a cookie: nothing to forge.
    if (DEVICE_PATHS.includes(new URL(c.req.url).pathname)) return next();
    // A mail client's one-click unsubscribe: no cookie is read there, the link's token decides (mail-routes.ts).
    if (ONE_CLICK_PATHS.includes(new URL(c.req.url).pathname)) return next();
    const origin = c.req.header('origin');
    if (origin === undefined || origin.toLowerCase() !== own) {
      return sendError(
        c,
        403,
        'forbidden',
        origin === undefined
          ? `Refused a change that did not say where it came from; send Origin: ${publicUrl.origin}.`
          : `Refused a change requested by another site (${origin}); only ${publicUrl.origin} may do that.`,
      );
    }
    return next();
  };
}

/**
 * JSON only: a form post and `text/plain` are what a cross-site page can send without asking the
 * browser first, so neither is ever read here, whatever its Origin says.
 */
function jsonOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    // RFC 8058 prescribes a form body; that route reads no cookie, so a form from anywhere rides on nothing.
    if (ONE_CLICK_PATHS.includes(new URL(c.req.url).pathname)) return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendError(
        c,
        415,
        'unsupported-media-type',
        `This server takes JSON only: send Content-Type: application/json, not ${type || 'no content type'}.`,
      );
    }
    return next();
  };
}

function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last !== undefined) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not on a Node socket (app.request() in a test): one client.
    return 'unknown';
  }
}

function cookieFor(token: string, expiresAt: Date, now: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${TEAM_COOKIE}=${token}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=${maxAge}`;
}
const CLEAR_COOKIE = `${TEAM_COOKIE}=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0`;

const email = z.email({ message: 'expected an email address such as ana@example.com' }).max(320);
const password = z
  .string()
  .min(PASSWORD_MIN, `expected a password of at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `expected a password of at most ${PASSWORD_MAX} characters`);
const AcceptInput = z.object({
  token: z.string().min(1, 'expected the token from the invitation link').max(200),
  name: z.string().trim().min(1, 'expected your name').max(200),
  password,
});
const SignInInput = z.object({
  email,
  password: z.string().min(1, 'expected your password').max(PASSWORD_MAX),
});
const InviteInput = z.object({ email, role: z.enum(['admin', 'member', 'guest']).default('member') });
const DisableInput = z.object({ accountId: z.string().min(1).max(100) });

/**
 * Every route of the server that is not a journal feature (those are `own-journal`, documented
 * from their handlers): who may call it, what it does, what it takes (route-spec.ts).
 */
export const TEAM_ROUTES: RouteSpecs = {
  ...SHARING_ROUTES,
  ...PROPOSAL_ROUTES,
  ...PUSH_ROUTES,
  ...SIGN_IN_ROUTES,
  ...MAIL_ROUTES,
  ...PUBLIC_LINK_ROUTES,
  // The built web app's files: code and styles, no one's data. Not part of the API document.
  'GET *': { policy: 'anyone', summary: 'The web app’s files.' },
  'GET /api/openapi.json': { policy: 'anyone', summary: 'This document.' },
  'GET /api/auth/mode': {
    policy: 'anyone',
    summary: 'Which kind of server this is (`team`), so the web app shows a sign-in form.',
  },
  'POST /api/auth/accept': {
    policy: 'anyone',
    summary: 'Create your account from an invitation link, and sign in.',
    input: AcceptInput,
  },
  'POST /api/auth/sign-in': {
    policy: 'anyone',
    summary: 'Sign in with a password; with a second factor, a code is asked next.',
    input: SignInInput,
  },
  'GET /api/auth/me': { policy: 'signed-in', summary: 'Who you are signed in as.' },
  'POST /api/auth/sign-out': { policy: 'signed-in', summary: 'End this session.' },
  'POST /api/auth/sign-out-everywhere': { policy: 'signed-in', summary: 'End every session of yours.' },
  // The second factor (second-factor.ts). `verify` has no session yet: it needs the half sign-in's
  // cookie that the right password set. Setting up is open to a session held back until it does.
  'POST /api/auth/totp/verify': {
    policy: 'anyone',
    summary: 'Finish a sign-in with a code from your authenticator app, or a recovery code.',
    input: ProofInput,
  },
  'POST /api/auth/totp/setup': {
    policy: 'signed-in',
    summary: 'Start setting up an authenticator app: answers its secret.',
  },
  'POST /api/auth/totp/confirm': {
    policy: 'signed-in',
    summary: 'Turn the second factor on with a first code; answers recovery codes.',
    input: CodeInput,
  },
  'POST /api/auth/totp/disable': {
    policy: 'signed-in',
    summary: 'Turn the second factor off, proven with a code.',
    input: ProofInput,
  },
  'POST /api/org/second-factor': {
    policy: 'admin',
    summary: 'Require (or stop requiring) a second factor of every account.',
    input: RequireInput,
  },
  'GET /api/org/members': { policy: 'admin', summary: 'The organisation’s accounts (never their content).' },
  'POST /api/org/invite': {
    policy: 'admin',
    summary: 'Invite someone by email: answers a single-use link valid for 10 minutes.',
    input: InviteInput,
  },
  'GET /api/org/overview': {
    policy: 'signed-in',
    summary:
      'Numbers about the weeks of the people who chose to be counted; each only when at least 5 people are in it.',
    input: OverviewInput,
  },
  'GET /api/org/overview/me': {
    policy: 'signed-in',
    summary: 'Whether your weeks are counted in the organisation’s overview (off until you say so).',
  },
  'POST /api/org/overview/me': {
    policy: 'signed-in',
    summary: 'Choose whether your weeks are counted in the organisation’s overview.',
    input: CountMeInput,
  },
  'GET /api/charts/:name': {
    policy: 'own-journal',
    summary: 'One chart of your own report as SVG (`ic-share.svg?from=…&to=…&width=…`).',
    produces: 'image/svg+xml',
  },
  'POST /api/org/disable': {
    policy: 'admin',
    summary: 'Disable an account, ending its sessions.',
    input: DisableInput,
  },
};

/** The routes the API document describes: all but the web app's files (public pages are included). */
export function describedRoutes(specs: RouteSpecs): DescribedRoute[] {
  return Object.entries(specs).flatMap(([key, spec]) => {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];
    if (!path.startsWith('/api/') && !path.startsWith('/p/')) return [];
    return [
      {
        method,
        path,
        summary: spec.summary,
        access: spec.policy,
        input: spec.input,
        produces: spec.produces,
      },
    ];
  });
}

/** What a client may know about an account: never the password hash, and the address only to its owner or an admin. */
function shown(a: Account) {
  return { id: a.id, name: a.name, email: a.email, role: a.role, disabled: a.disabled };
}

/**
 * The organisation's server: the same journal API as `handson serve`, for many people. Each
 * request is signed in by its session cookie and acts on the signer's own journal only: the Store
 * is opened for that account (and the connection names it to PostgreSQL's row-level security).
 * No state lives in the process: sessions are rows, so any instance answers any request.
 */
export function createTeamApp(options: TeamServerOptions): Hono<Env> {
  const { directory, stores, publicUrl } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The same clock as the directory's in tests, so a cookie's Max-Age matches its row's expiry.
  const clock = options.now ?? (() => new Date());
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    log(
      `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Math.round(performance.now() - started)}ms`,
    );
  });
  app.use('*', securityHeaders());
  app.use('*', wellFormedPath());
  app.use('*', sameOriginAs(publicUrl));
  app.use('*', jsonOnly());
  app.use('/api/*', limitBody({ maxSize: options.maxBodyBytes ?? 10 * 1024 * 1024 }));

  // The web app asks this to know it should show a sign-in form rather than the local key's advice.
  app.get('/api/auth/mode', (c) => c.json({ data: { mode: 'team' } }));
  let document: unknown;
  app.get('/api/openapi.json', (c) => {
    document ??= teamOpenApiDocument(routesOf(TEAM_FEATURES), describedRoutes(TEAM_ROUTES), TEAM_COOKIE);
    return c.json(document);
  });
  // Signing in: open to anyone, and the answer never says whether an address has an account.
  app.post('/api/auth/accept', async (c) => {
    const input = await body(c, AcceptInput);
    const { account, session } = await directory.acceptInvitation(input.token, input.name, input.password);
    log(`account ${account.id} created from an invitation`);
    c.header('Set-Cookie', cookieFor(session.token, session.expiresAt, clock()));
    return c.json({ data: shown(account) });
  });
  app.post('/api/auth/sign-in', async (c) => {
    const input = await body(c, SignInInput);
    const client = clientAddress(c, options.trustProxy === true);
    await options.limits.check(input.email, client);
    let account: Account;
    try {
      account = await directory.checkPassword(input.email, input.password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'unauthorized')
        await options.limits.failed(input.email, client);
      throw e;
    }
    // With a second factor the password earns no session, only a few minutes to give a code; the
    // failure count stays until the code is right, so codes are guessed no faster than passwords.
    const next = await directory.secondFactor.nextStep(account);
    if (next?.secondFactor === 'totp') {
      c.header('Set-Cookie', pendingCookie(next.pending.token, next.pending.expiresAt, clock()));
    }
    if (next !== undefined) return c.json({ data: { secondFactor: next.secondFactor } });
    await options.limits.succeeded(input.email, client);
    const session = await directory.startSession(account.id);
    c.header('Set-Cookie', cookieFor(session.token, session.expiresAt, clock()));
    return c.json({ data: shown(account) });
  });
  app.post('/api/auth/totp/verify', async (c) => {
    const input = await body(c, ProofInput);
    const token = getCookie(c, PENDING_COOKIE);
    const waiting = token === undefined ? undefined : await directory.secondFactor.pendingAccount(token);
    if (token === undefined || waiting === undefined) {
      return sendError(c, 401, 'unauthorized', PENDING_ENDED, { 'Set-Cookie': CLEAR_PENDING_COOKIE });
    }
    const client = clientAddress(c, options.trustProxy === true);
    const { account, session } = await underLimits(options.limits, waiting.email, client, () =>
      directory.secondFactor.completeSignIn(token, input),
    );
    c.header('Set-Cookie', CLEAR_PENDING_COOKIE);
    c.header('Set-Cookie', cookieFor(session.token, session.expiresAt, clock()), { append: true });
    return c.json({ data: shown(account) });
  });

  mountDeviceRoutes(app, { push: options.push, sharing: options.sharing, publicUrl, log });
  mountUnsubscribeRoutes(app, options.mail, publicUrl);
  const surface: SignInSurface = {
    client: (c) => clientAddress(c, options.trustProxy === true),
    signedIn(c, account, session) {
      c.header('Set-Cookie', cookieFor(session.token, session.expiresAt, clock()));
      return c.json({ data: shown(account) });
    },
    now: clock,
  };
  mountSignInRoutes(app, { directory, limits: options.limits, publicUrl, surface, password, log });

  // Everything below needs a session; an organisation that requires a second factor lets an
  // account without one only set it up. The session is checked on the request's own connection,
  // which names the account for the journal's queries in the same round trip (Stores.perRequest).
  app.use('/api/*', async (c, next) => {
    const signInFirst = () =>
      sendError(c, 401, 'unauthorized', 'Sign in first: this server shows a journal only to its owner.', {
        'Set-Cookie': CLEAR_COOKIE,
      });
    const token = getCookie(c, TEAM_COOKIE);
    if (token === undefined) return signInFirst();
    return stores.perRequest({ query: directory.sessionQuery(token), ownerColumn: 'id' }, async (found) => {
      const who = await directory.signedInFrom(token, found);
      if (who === undefined) return signInFirst();
      if (who.mustEnrol && !ALLOWED_WHILE_ENROLLING.has(`${c.req.method} ${new URL(c.req.url).pathname}`)) {
        enrolFirst();
      }
      c.set('account', who.account);
      c.set('token', token);
      await next();
      return undefined;
    });
  });

  app.get('/api/auth/me', async (c) => {
    const account = c.get('account');
    return c.json({
      data: { ...shown(account), secondFactor: await directory.secondFactor.status(account) },
    });
  });
  app.post('/api/auth/sign-out', async (c) => {
    await directory.endSession(c.get('token'));
    c.header('Set-Cookie', CLEAR_COOKIE);
    return c.json({ data: { signedOut: 1 } });
  });
  app.post('/api/auth/sign-out-everywhere', async (c) => {
    const ended = await directory.endAllSessions(c.get('account').id);
    c.header('Set-Cookie', CLEAR_COOKIE);
    return c.json({ data: { signedOut: ended } });
  });
  app.post('/api/auth/totp/setup', async (c) =>
    c.json({ data: await directory.secondFactor.setup(c.get('account')) }),
  );
  app.post('/api/auth/totp/confirm', async (c) => {
    const input = await body(c, CodeInput);
    const confirmed = await directory.secondFactor.confirm(c.get('account'), input.code);
    log(`second factor turned on by ${c.get('account').id}`);
    return c.json({ data: confirmed });
  });
  app.post('/api/auth/totp/disable', async (c) => {
    const input = await body(c, ProofInput);
    const account = c.get('account');
    const client = clientAddress(c, options.trustProxy === true);
    await underLimits(options.limits, account.email, client, () =>
      directory.secondFactor.disable(account, input),
    );
    log(`second factor turned off by ${account.id}`);
    return c.json({ data: { secondFactor: null } });
  });

  // Admins manage accounts — who is in the organisation — and never anyone's content.
  const admin: MiddlewareHandler<Env> = async (c, next) => {
    if (c.get('account').role !== 'admin') {
      return sendError(c, 403, 'forbidden', "Only an organisation's admins manage its accounts.");
    }
    return next();
  };
  app.get('/api/org/members', admin, async (c) => {
    const members = await directory.members(c.get('account').organisationId);
    return c.json({ data: members.map(shown) });
  });
  app.post('/api/org/invite', admin, async (c) => {
    const input = await body(c, InviteInput);
    const link = await directory.invite(c.get('account'), input.email, input.role);
    log(`invitation for a new ${input.role} made by ${c.get('account').id}`);
    const url = new URL('/accept', publicUrl);
    // The token goes in the fragment: browsers do not send it to the server or in Referer headers.
    url.hash = `token=${link.token}`;
    return c.json({ data: { link: url.toString(), expiresAt: link.expiresAt.toISOString() } });
  });
  app.post('/api/org/disable', admin, async (c) => {
    const input = await body(c, DisableInput);
    const account = await directory.disable(c.get('account'), input.accountId);
    log(`account ${account.id} disabled by ${c.get('account').id}`);
    return c.json({ data: shown(account) });
  });
  app.post('/api/org/second-factor', admin, async (c) => {
    const input = await body(c, RequireInput);
    const required = await directory.secondFactor.setRequired(c.get('account'), input.required);
    log(`second factor ${required ? 'required' : 'no longer required'} by ${c.get('account').id}`);
    return c.json({ data: { required } });
  });

  mountAccountRoutes(app, {
    directory,
    publicUrl,
    admin,
    limits: options.limits,
    client: (c) => clientAddress(c, options.trustProxy === true),
    log,
  });
  mountPushTokenRoutes(app, options.push, log);
  mountMailRoutes(app, options.mail, admin);
  // The signed-in person's own journal, and no one else's.
  const journalOf = (account: Account) => ({
    ...makeContext(
      stores.forOwner(account.id),
      options.now,
      undefined,
      (m) => log(`warning: ${m}`),
      { id: account.id },
      // Calendars fetched by this server reach public addresses only (importers/outbound.ts).
      'public-only',
    ),
    // The reasons the organisation adopted join each member's catalogue (check, journal, reports).
    organisationReasons: () => options.proposals.as(account).adoptedReasons(),
  });
  mountSharingRoutes(app, {
    sharing: options.sharing,
    journalOf,
    log,
    events:
      options.events === undefined
        ? undefined
        : {
            hub: options.events,
            stillSignedIn: async (token) => (await directory.sessionAccount(token)) !== undefined,
          },
  });
  mountProposalRoutes(app, options.proposals, log);
  mountPublicLinkRoutes(app, { links: options.publicLinks, journalOf, publicUrl, log });
  // The journal API, each request on the signed-in person's own journal.
  mountFeatureRoutes<Env>(app, routesOf(TEAM_FEATURES), (c) => journalOf(c.get('account')), {
    uploads: false,
  });
  app.get('/api/org/overview', async (c) => {
    const { week } = parseInput(OverviewInput, c.req.query());
    return c.json({ data: await overviewOf(c.get('account'), directory, journalOf, week) });
  });
  app.get('/api/org/overview/me', async (c) =>
    c.json({ data: { countMe: await countsMe(journalOf(c.get('account'))) } }),
  );
  app.post('/api/org/overview/me', async (c) => {
    const { countMe } = await body(c, CountMeInput);
    await journalOf(c.get('account')).store.putSetting(COUNT_ME_SETTING, { countMe }, clock().toISOString());
    return c.json({ data: { countMe } });
  });
  app.get(
    '/api/charts/:name',
    chartRoute<Context<Env>>((c) => journalOf(c.get('account'))),
  );
  for (const [feature, why] of Object.entries(NOT_OFFERED)) {
    app.all(`/api/${feature}/*`, (c) => sendError(c, 404, 'not-found', why));
  }

  const notFound = (c: Context) =>
    sendError(c, 404, 'not-found', `There is nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`);
  if (options.webRoot) {
    const files = staticFiles(options.webRoot);
    app.get('*', (c) => (new URL(c.req.url).pathname.startsWith('/api/') ? notFound(c) : files(c)));
  }
  app.notFound(notFound);
  app.onError((e, c) => renderError(e, c, log));
  return app;
}
