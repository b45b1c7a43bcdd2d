import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { type Actor, makeContext } from '../app/context.js';
import type { HandlerMap } from '../app/handler.js';
import { FEATURES } from '../app/index.js';
import type { Store } from '../store/store.js';
import { limitBody } from './body-limit.js';
import { chartRoute } from './charts.js';
import { mountFeatureRoutes } from './feature-routes.js';
import { INDEX_PAGE } from './index-page.js';
import { openApiDocument } from './openapi.js';
import { wellFormedPath } from './path-check.js';
import { renderError, sendError } from './respond.js';
import { routesOf } from './routes.js';
import { hostCheck, requireSecret, sameOrigin, securityHeaders } from './security.js';
import { sessionCookieName } from './session.js';
import { staticFiles } from './static.js';

/** Big enough for a few years of calendar exports in one upload; refused with 413 beyond. */
export const MAX_BODY_BYTES = 100 * 1024 * 1024;

export interface ServerOptions {
  store: Store;
  /** The clock handlers see (fixed in tests and with HANDSON_NOW). */
  now?: () => Date;
  /**
   * The real time, which browser sessions are issued and expire by; not `now`, because a clock
   * pinned with HANDSON_NOW would make a session never expire. Moved only by tests.
   */
  clock?: () => Date;
  /** The per-install secret (see secret.ts). */
  secret: string;
  /** The `host:port` names the server answers to, all on one port (see `localHosts`). */
  allowedHosts: readonly string[];
  maxBodyBytes?: number;
  /** Where request lines and bug reports go; stderr by default, a collector in tests. */
  log?: (line: string) => void;
  /** The use cases to serve; every feature by default. */
  features?: Record<string, HandlerMap>;
  /** The built web app (dist/web); without it `/` shows a short page pointing at the API. */
  webRoot?: string;
  /**
   * Whom every request acts as: the store's owner on this single-user server. Each handler's
   * `access` is checked against it by `invoke`, so a server that signs people in (issue 11) sets
   * it per request and nothing else changes.
   */
  actor?: Actor;
}

/** One line per request; the path only, because the query string may carry the key. */
function requestLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`);
  };
}

/** The port the server listens on, read from the names it answers to (`127.0.0.1:4790`, …). */
function portOf(allowedHosts: readonly string[]): number {
  const ports = new Set(allowedHosts.map((h) => /:(\d+)$/.exec(h)?.[1]));
  const [port] = ports;
  // A programming mistake, not a user's: `handson serve` always passes localHosts(port).
  if (ports.size !== 1 || port === undefined) {
    throw new Error(`allowedHosts must all name one port, got ${allowedHosts.join(', ')}`);
  }
  return Number(port);
}

/**
 * The local HTTP server: a JSON API over every use case (`POST /api/<feature>/<handler>`), each
 * validated by the handler's own schema like the CLI does, behind the checks of security.ts.
 * Tested with `app.request()`; `handson serve` puts it on a port.
 */
export function createApp(options: ServerOptions): Hono {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cookie = sessionCookieName(portOf(options.allowedHosts));
  const routes = routesOf(options.features ?? FEATURES);
  const byPath = new Map(routes.map((r) => [r.path, r]));
  let document: Record<string, unknown> | undefined;

  const app = new Hono();
  app.use('*', requestLog(log));
  app.use('*', securityHeaders());
  app.use('*', hostCheck(options.allowedHosts));
  // Before routing and the static files, which decode the path and would fail on it as a bug.
  app.use('*', wellFormedPath());
  // Before the key: a cross-site page is refused as such, whether or not it has the cookie.
  app.use('*', sameOrigin());
  app.use('*', requireSecret({ secret: options.secret, cookie, clock: options.clock ?? (() => new Date()) }));
  app.use(
    '/api/*',
    limitBody({
      maxSize: options.maxBodyBytes ?? MAX_BODY_BYTES,
      onError: (c) =>
        sendError(
          c,
          413,
          'too-large',
          new URL(c.req.url).pathname === '/api/backup/import'
            ? `The backup is larger than the ${Math.round((options.maxBodyBytes ?? MAX_BODY_BYTES) / 1024 / 1024)} MB the web app takes; bring it in from a terminal instead: handson import FILE.`
            : `The request is larger than ${Math.round((options.maxBodyBytes ?? MAX_BODY_BYTES) / 1024 / 1024)} MB; import big files one at a time.`,
        ),
    }),
  );

  // The web app asks which server it is talking to: this one has no accounts (an organisation's answers `team`).
  app.get('/api/auth/mode', (c) => c.json({ data: { mode: 'local' } }));
  app.get('/api/openapi.json', (c) => {
    document ??= openApiDocument(routes, cookie);
    return c.json(document);
  });

  const journal = () =>
    makeContext(
      options.store,
      options.now,
      undefined,
      (message) => log(`warning: ${message}`),
      options.actor,
    );
  mountFeatureRoutes(app, routes, journal);
  app.get('/api/charts/:name', chartRoute(journal));

  const notFound = (c: Context) =>
    sendError(
      c,
      404,
      'not-found',
      `There is nothing at ${c.req.method} ${new URL(c.req.url).pathname}; the API is listed at /api/openapi.json.`,
    );
  app.all('/api/:feature/:name', (c) => {
    const route = byPath.get(new URL(c.req.url).pathname);
    if (!route) return notFound(c);
    const allow = route.get ? 'GET, HEAD, POST' : 'POST';
    return sendError(c, 405, 'method-not-allowed', `${route.path} answers ${allow}, not ${c.req.method}.`, {
      Allow: allow,
    });
  });

  if (options.webRoot) {
    const files = staticFiles(options.webRoot);
    app.get('*', (c) => (new URL(c.req.url).pathname.startsWith('/api/') ? notFound(c) : files(c)));
  } else {
    // Without a built web app (tests, or before `npm run build`): a page pointing at the API.
    app.get('/', (c) => c.html(INDEX_PAGE));
  }

  app.notFound(notFound);
  app.onError((e, c) => renderError(e, c, log));
  return app;
}
