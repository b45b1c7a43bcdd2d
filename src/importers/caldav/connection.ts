import { AppError } from '../../errors.js';
import { type Outbound, publicFetch, refusalIn } from '../outbound.js';

/**
 * Everything about talking to one CalDAV account that is not WebDAV: checking the URL, the
 * Basic auth header, a time limit, and turning every way a request can fail before the server
 * says anything useful (refused, unknown host, TLS, time-out, 401) into one AppError sentence.
 *
 * The password lives only in the Authorization header. Messages name the URL with any
 * `user:password@` part removed, and never quote a request or its headers.
 */

export interface CalDavAccount {
  /** A server root, a principal, or a calendar collection (http or https). */
  url: string;
  user: string;
  password: string;
}

export interface ConnectOptions {
  /** Per request, including reading the answer. */
  timeoutMs?: number;
  /** `public-only` on an organisation's server: no loopback, private or metadata addresses (outbound.ts). */
  outbound?: Outbound | undefined;
}

export interface Connection {
  readonly url: URL;
  readonly user: string;
  /** The URL as messages show it. */
  readonly shown: string;
  readonly headers: Record<string, string>;
  /** A fetch for tsdav: answers are fully read, failures are AppErrors. */
  readonly fetch: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function connect(account: CalDavAccount, options: ConnectOptions = {}): Connection {
  const url = parseAccountUrl(account.url);
  if (account.user === '') throw new AppError('invalid', 'The CalDAV user name is empty.', { field: 'user' });
  const shown = showUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // RFC 7617: UTF-8 is the charset servers expect; tsdav's own helper refuses non-Latin-1 passwords.
  const token = Buffer.from(`${account.user}:${account.password}`, 'utf8').toString('base64');
  const headers = { authorization: `Basic ${token}` };
  const send = options.outbound === 'public-only' ? publicFetch : fetch;

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    try {
      const res = await send(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
      // Read the body here so that a connection dropped or timed out mid-answer also lands in the
      // catch below instead of escaping from inside tsdav as a bare TypeError.
      const body = await res.arrayBuffer();
      if (res.status === 401) {
        throw new AppError(
          'invalid',
          `The CalDAV server at ${shown} did not accept the user name "${account.user}" with that password.`,
        );
      }
      const copy = new Response(nullBodyStatus(res.status) ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
      // tsdav reads `url` to say which resource answered; a constructed Response has none.
      Object.defineProperty(copy, 'url', { value: res.url });
      return copy;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw refusalIn(e) ?? networkError(e, shown, timeoutMs);
    }
  };

  return { url, user: account.user, shown, headers, fetch: guarded };
}

function nullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

/** Checks the account URL once, so later failures are about the server and not about typing. */
export function parseAccountUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError(
      'invalid',
      'The CalDAV URL is not a valid address; expected one like https://host/dav/.',
      {
        field: 'url',
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Do not echo the URL: it may hold the password.
    throw new AppError(
      'invalid',
      'The CalDAV URL contains a user name or password; give them separately and keep the URL without them.',
      { field: 'url' },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid', `The CalDAV URL ${showUrl(url)} must start with https:// or http://.`, {
      field: 'url',
    });
  }
  url.hash = '';
  return url;
}

/** A URL fit for a message: never with credentials in it. */
export function showUrl(url: URL | string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '(an invalid URL)';
  }
  u.username = '';
  u.password = '';
  return u.href;
}

// ------------------------------------------------------------------------ network failures

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const TLS_NOT_SPOKEN = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO']);
const REFUSED = new Set(['ECONNREFUSED']);
const NO_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const TIMED_OUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Names what went wrong below HTTP. `fetch` reports all of it as `TypeError: fetch failed` with
 * the reason in `cause` (sometimes an AggregateError over several addresses), so look down the chain.
 */
export function networkError(e: unknown, shown: string, timeoutMs: number): AppError {
  const opts = { cause: e, field: 'url' };
  const seconds = Math.round(timeoutMs / 100) / 10;
  if (isTimeout(e)) {
    return new AppError('invalid', `The CalDAV server at ${shown} did not answer within ${seconds} s.`, opts);
  }
  const code = findCode(e);
  const message = findMessage(e);
  if (code !== undefined) {
    if (REFUSED.has(code))
      return new AppError(
        'invalid',
        `Nothing accepts connections at ${shown}: check the host and port, and that the server is running.`,
        opts,
      );
    if (NO_HOST.has(code))
      return new AppError('invalid', `The host in ${shown} could not be found; check its spelling.`, opts);
    if (NO_ROUTE.has(code))
      return new AppError('invalid', `The host in ${shown} cannot be reached from this machine.`, opts);
    if (TIMED_OUT.has(code))
      return new AppError('invalid', `The CalDAV server at ${shown} did not answer in time.`, opts);
    if (DROPPED.has(code))
      return new AppError(
        'invalid',
        `The CalDAV server at ${shown} closed the connection before answering.`,
        opts,
      );
    if (TLS_UNTRUSTED.has(code))
      return new AppError(
        'invalid',
        `The certificate of ${shown} is not trusted (self-signed or from an unknown authority); ` +
          'point NODE_EXTRA_CA_CERTS at its CA certificate if you trust it.',
        opts,
      );
    if (TLS_EXPIRED.has(code))
      return new AppError('invalid', `The certificate of ${shown} has expired or is not valid yet.`, opts);
    if (TLS_NAME.has(code))
      return new AppError(
        'invalid',
        `The certificate of ${shown} was issued for a different host name.`,
        opts,
      );
    if (TLS_NOT_SPOKEN.has(code) || /wrong version number/i.test(message ?? ''))
      return new AppError(
        'invalid',
        `The server at ${shown} does not speak HTTPS on that port; check the port, or whether it should be http://.`,
        opts,
      );
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.includes('CERT'))
      return new AppError('invalid', `A secure connection to ${shown} could not be set up (${code}).`, opts);
  }
  if (message === 'bad port') {
    return new AppError(
      'invalid',
      `The port in ${shown} is reserved for other protocols and may not be used for web requests.`,
      opts,
    );
  }
  return new AppError(
    'invalid',
    `The CalDAV server at ${shown} could not be reached (${code ?? message ?? 'unknown network error'}).`,
    opts,
  );
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || (e.name === 'AbortError' && isTimeout(e.cause)));
}

function causes(e: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [e];
  while (queue.length > 0 && out.length < 20) {
    const next = queue.shift();
    if (!(next instanceof Error)) continue;
    out.push(next);
    if (next.cause !== undefined) queue.push(next.cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return out;
}

function findCode(e: unknown): string | undefined {
  for (const c of causes(e)) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

/** The innermost message: fetch's own ("fetch failed") says nothing. */
function findMessage(e: unknown): string | undefined {
  const all = causes(e);
  for (let i = all.length - 1; i >= 0; i--) {
    const m = (all[i] as Error).message;
    if (m !== '') return m.trim();
  }
  return undefined;
}
