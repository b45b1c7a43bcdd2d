import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.js';
import { writeWhole } from './write-whole.js';

/**
 * The organisation's server this computer pushes shared items to (issue 11), kept in the data dir
 * as `remote.json`. The token in it can push shares as its account and nothing else, yet it is a
 * credential: the file is readable by its owner only and written whole or not at all.
 */
export const RemoteSchema = z
  .object({
    url: z.string(),
    /** What the server calls this computer in Settings → Computers that can push. */
    name: z.string(),
    token: z.string(),
    tokenId: z.string(),
    /** The account's name, as the server gave it when the code was approved. */
    account: z.string(),
    addedAt: z.string(),
  })
  .strict();
export type Remote = z.output<typeof RemoteSchema>;

export const REMOTE_FILE = 'remote.json';

export function remotePath(dataDir: string): string {
  return join(dataDir, REMOTE_FILE);
}

export const NO_REMOTE =
  'This computer pushes to no organisation’s server yet: run `handson remote add https://your-server` first.';

/** The remote in `dataDir`, or undefined when none was added. */
export function readRemote(dataDir: string): Remote | undefined {
  const path = remotePath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppError('invalid', `Could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const remote = RemoteSchema.safeParse(parsed);
  if (!remote.success) {
    throw new AppError(
      'invalid',
      `${path} is not a remote Hands-on wrote; run \`handson remote remove\`, then \`handson remote add URL\` again.`,
    );
  }
  return remote.data;
}

export function requireRemote(dataDir: string): Remote {
  const remote = readRemote(dataDir);
  if (remote === undefined) throw new AppError('invalid', NO_REMOTE);
  return remote;
}

export function saveRemote(dataDir: string, remote: Remote): void {
  // The data dir may not exist yet: a laptop can be linked before `handson init`.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeWhole(remotePath(dataDir), `${JSON.stringify(RemoteSchema.parse(remote), null, 2)}\n`);
}

export function deleteRemote(dataDir: string): void {
  rmSync(remotePath(dataDir), { force: true });
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The server's address as stored: its origin. Plain http is refused except on this computer, as
 * the token and every shared item would cross the network readable by anyone on the way.
 */
export function serverOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new AppError(
      'usage',
      `"${text}" is not an address; expected one such as https://handson.example.org`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'usage',
      `"${text}" is not a web address; expected one such as https://handson.example.org`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      'usage',
      'Leave the user name and password out of the address: you approve this computer in the browser.',
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new AppError(
      'usage',
      `${url.origin} is plain http: the push token and every item you share would cross the network unencrypted. Use the server's https:// address (plain http is accepted only for localhost and 127.0.0.1).`,
    );
  }
  return url.origin;
}

const KNOWN_CODES = new Set<string>([
  'usage',
  'invalid',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
] satisfies ErrorCode[]);

const TIMEOUT_MS = 30_000;

/** Why a request never got an answer, in words: node's fetch hides the reason in `cause`. */
function unreachable(origin: string, e: unknown): AppError {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = (e as { name?: string }).name === 'TimeoutError' ? 'TimeoutError' : cause?.code;
  const why =
    code === 'ECONNREFUSED'
      ? 'nothing answered there (connection refused)'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'no such host is known (check the address, or your network)'
        : code === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT'
          ? `it did not answer within ${TIMEOUT_MS / 1000} seconds`
          : code !== undefined && /CERT|SSL|TLS/.test(code)
            ? `its certificate is not one this computer trusts (${code})`
            : `the connection failed (${code ?? cause?.message ?? String(e)})`;
  return new AppError('server-unreachable', `Could not reach ${origin}: ${why}.`, { cause: e });
}

/**
 * POSTs `json` to the organisation's server and returns the answer's `data`. Every way it can fail
 * is one sentence: the server's own refusal as it wrote it (it is written for people), a push token
 * it no longer takes, or no answer at all.
 */
export async function postToServer(
  origin: string,
  path: string,
  json: unknown,
  token?: string,
): Promise<unknown> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(json),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await res.text();
  } catch (e) {
    throw unreachable(origin, e);
  }
  let body: { data?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (res.ok && body !== undefined && body !== null && 'data' in body) return body.data;
  if (res.status === 401 && token !== undefined) {
    throw new AppError(
      'unauthorized',
      `${origin} no longer takes this computer's pushes (it was revoked in Settings, or your account was disabled): run \`handson remote add ${origin}\` to link it again.`,
    );
  }
  const error = body?.error;
  if (error !== undefined && typeof error.message === 'string') {
    const code = typeof error.code === 'string' && KNOWN_CODES.has(error.code) ? error.code : 'invalid';
    throw new AppError(code as ErrorCode, error.message.slice(0, 500));
  }
  throw new AppError(
    'server-unreachable',
    `${origin} did not answer as a Hands-on organisation's server (HTTP ${res.status}); check the address.`,
  );
}
