import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { AppError } from '../errors.js';

/** Where mail goes: an SMTP server, and how to sign in to it. */
export interface SmtpTarget {
  host: string;
  port: number;
  /** smtps: TLS from the first byte (usually port 465); smtp: STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** `host:port`, for messages: never the password. */
  name: string;
}

const URL_HELP = 'expected smtp://host[:port] or smtps://user:password@host[:port]';

/**
 * HANDSON_SMTP_URL, checked once where it comes in, so a mistake reads as one sentence about the
 * setting and not as a connection error later. The password never appears in a message.
 */
export function parseSmtpUrl(text: string | undefined, setting = 'HANDSON_SMTP_URL'): SmtpTarget {
  if (text === undefined || text.trim() === '') {
    throw new AppError('invalid', `${setting} is not set: ${URL_HELP}, e.g. smtp://127.0.0.1:2525.`, {
      field: setting,
    });
  }
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError('invalid', `${setting}: not a URL; ${URL_HELP}.`, { field: setting });
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new AppError(
      'invalid',
      `${setting}: the scheme "${url.protocol.slice(0, -1)}" is not SMTP; ${URL_HELP}.`,
      {
        field: setting,
      },
    );
  }
  if (url.hostname === '')
    throw new AppError('invalid', `${setting}: no server named; ${URL_HELP}.`, { field: setting });
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new AppError('invalid', `${setting}: a server takes no path ("${url.pathname}"); ${URL_HELP}.`, {
      field: setting,
    });
  }
  const secure = url.protocol === 'smtps:';
  // The ports of RFC 8314: implicit TLS on 465, submission with STARTTLS on 587.
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let auth: SmtpTarget['auth'];
  if (url.username !== '') {
    try {
      auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    } catch {
      throw new AppError('invalid', `${setting}: the user name or password is not valid percent-encoding.`, {
        field: setting,
      });
    }
  }
  return { host, port, secure, ...(auth ? { auth } : {}), name: `${url.hostname}:${port}` };
}

/** Waits short enough that a wrong address fails while the person still watches the command. */
const TIMEOUT_MS = 15_000;

/**
 * Sends a composed message (the exact bytes `composeEmail` made) to `to`. Every failure becomes one
 * sentence that names the server and what went wrong there.
 */
export async function sendEmail(
  target: SmtpTarget,
  envelope: { from: string; to: string },
  raw: Buffer,
): Promise<{ response: string }> {
  const transport = createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure,
    ...(target.auth ? { auth: target.auth } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 2,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { response: info.response };
  } catch (e) {
    throw new AppError('mail-failed', sendFailure(target.name, e as NodemailerError), { cause: e });
  } finally {
    transport.close();
  }
}

/**
 * Whether a failed `sendEmail` was the mail server refusing this recipient or message for good (a
 * 5xx reply to the envelope or the data: no such mailbox, policy): sending again would be refused
 * the same way. A 4xx reply (greylisting, a full mailbox), a refused connection, a time-out or a
 * refused sign-in may pass later, so those are worth another try.
 */
export function refusedForGood(e: unknown): boolean {
  if (!(e instanceof AppError) || e.code !== 'mail-failed') return false;
  const cause = e.cause as NodemailerError | undefined;
  if (cause?.code !== 'EENVELOPE' && cause?.code !== 'EMESSAGE') return false;
  const status = cause.responseCode;
  return status !== undefined && status >= 500 && status < 600;
}

function sendFailure(server: string, e: NodemailerError): string {
  const original = e.originalCode ?? e.code;
  if (original === 'ECONNREFUSED') return `The mail server ${server} refused the connection: is it running?`;
  if (e.code === 'EDNS' || original === 'ENOTFOUND' || original === 'EAI_AGAIN')
    return `The mail server ${server} could not be found: check the host name in HANDSON_SMTP_URL.`;
  if (e.code === 'ETIMEDOUT' || original === 'ETIMEDOUT')
    return `The mail server ${server} did not answer in time.`;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return `The mail server ${server} did not accept the user name and password in HANDSON_SMTP_URL.`;
  if (e.code === 'ETLS')
    return `The mail server ${server} failed the TLS handshake: ${firstLine(e.message)}.`;
  if (e.responseCode !== undefined)
    return `The mail server ${server} refused the message: ${firstLine(e.response ?? e.message)}.`;
  return `Could not send through the mail server ${server}: ${firstLine(e.message)}.`;
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim().replace(/\.$/, '');
}
