import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { connect, networkError, parseAccountUrl } from './connection.js';

/**
 * Failures the Radicale suite cannot cause on one machine (DNS, expired or misnamed
 * certificates), given in the shape Node's fetch reports them: `TypeError('fetch failed')`
 * with the system error as its cause.
 */
function fetchFailed(code: string, message = `${code} happened`): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

const AT = 'https://dav.example.com/cal/';

describe('networkError', () => {
  it.each([
    [fetchFailed('ENOTFOUND'), `The host in ${AT} could not be found; check its spelling.`],
    [fetchFailed('EAI_AGAIN'), `The host in ${AT} could not be found; check its spelling.`],
    [fetchFailed('EHOSTUNREACH'), `The host in ${AT} cannot be reached from this machine.`],
    [fetchFailed('ECONNRESET'), `The CalDAV server at ${AT} closed the connection before answering.`],
    [fetchFailed('CERT_HAS_EXPIRED'), `The certificate of ${AT} has expired or is not valid yet.`],
    [
      fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'),
      `The certificate of ${AT} was issued for a different host name.`,
    ],
    [
      fetchFailed('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
      `The certificate of ${AT} is not trusted (self-signed or from an unknown authority); ` +
        'point NODE_EXTRA_CA_CERTS at its CA certificate if you trust it.',
    ],
    [
      fetchFailed('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'),
      `A secure connection to ${AT} could not be set up (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE).`,
    ],
    [
      // Both addresses of a dual-stack name refused: Node wraps them in an AggregateError.
      new TypeError('fetch failed', {
        cause: new AggregateError([
          Object.assign(new Error('connect ECONNREFUSED ::1:8443'), { code: 'ECONNREFUSED' }),
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8443'), { code: 'ECONNREFUSED' }),
        ]),
      }),
      `Nothing accepts connections at ${AT}: check the host and port, and that the server is running.`,
    ],
    [
      // fetch refuses ports of other protocols (6000 is X11) before connecting.
      new TypeError('fetch failed', { cause: new Error('bad port') }),
      `The port in ${AT} is reserved for other protocols and may not be used for web requests.`,
    ],
    [
      new TypeError('fetch failed', { cause: new Error('something new') }),
      `The CalDAV server at ${AT} could not be reached (something new).`,
    ],
  ])('%#: %s', (error, message) => {
    const e = networkError(error, AT, 30_000);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('url');
    expect(e.message).toBe(message);
  });
});

describe('the account URL', () => {
  it.each([
    ['not a url', 'The CalDAV URL is not a valid address; expected one like https://host/dav/.'],
    ['ftp://dav.example.com/', 'The CalDAV URL ftp://dav.example.com/ must start with https:// or http://.'],
    [
      'https://alice:hunter2@dav.example.com/',
      'The CalDAV URL contains a user name or password; give them separately and keep the URL without them.',
    ],
  ])('%s is refused with one sentence', (url, message) => {
    let caught: unknown;
    try {
      parseAccountUrl(url);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).message).toBe(message);
    expect((caught as AppError).message).not.toContain('hunter2');
  });

  it('keeps path and query, drops the fragment', () => {
    expect(parseAccountUrl(' https://dav.example.com/cal/work/?x=1#top ').href).toBe(
      'https://dav.example.com/cal/work/?x=1',
    );
  });

  it('refuses an empty user name', () => {
    expect(() => connect({ url: AT, user: '', password: 'x' })).toThrow('The CalDAV user name is empty.');
  });
});
