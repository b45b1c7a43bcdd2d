import type { Feature, HandlerName, Input, Output } from './types.js';

/**
 * The one way the UI talks to Hands-on: `POST /api/<feature>/<handler>` on this page's own
 * origin, with the cookie the server set. Answers are `{ data }`; refusals are
 * `{ error: { code, message, field? } }` and become an ApiError.
 */

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  /** Every bad field, when the input had several (the message names them all too). */
  readonly problems: readonly { field: string; message: string }[];

  constructor(
    code: string,
    message: string,
    status: number,
    field?: string,
    problems: readonly { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.problems = problems;
  }
}

/**
 * Every request says it comes from the web app: an organisation's server writes `web` or `api`
 * in the access log of shared items from it.
 */
export const VIA_HEADER = { 'X-Handson-Via': 'web' } as const;

export const OFFLINE_MESSAGE =
  'Hands-on is not answering. It may have been closed: start it again, then reload this page.';

/** The answer's `data`, or the ApiError it carries. */
export function readAnswer(status: number, text: string): unknown {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (
    body as { error?: { code?: unknown; message?: unknown; field?: unknown; problems?: unknown } } | undefined
  )?.error;
  if (status >= 200 && status < 300 && body !== null && typeof body === 'object' && 'data' in body) {
    return (body as { data: unknown }).data;
  }
  if (error && typeof error.message === 'string') {
    throw new ApiError(
      typeof error.code === 'string' ? error.code : 'error',
      error.message,
      status,
      typeof error.field === 'string' ? error.field : undefined,
      problemsOf(error.problems),
    );
  }
  if (status === 502 || status === 503 || status === 504)
    throw new ApiError('offline', OFFLINE_MESSAGE, status);
  throw new ApiError(
    'unexpected',
    `Hands-on gave an answer this page does not understand (HTTP ${status}). Reloading the page may help.`,
    status,
  );
}

function problemsOf(value: unknown): { field: string; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is { field: string; message: string } =>
      p !== null && typeof p === 'object' && typeof p.field === 'string' && typeof p.message === 'string',
  );
}

export function apiPath(feature: string, handler: string): string {
  return `/api/${feature}/${handler}`;
}

export async function call<F extends Feature, H extends HandlerName<F>>(
  feature: F,
  handler: H,
  input: Input<F, H>,
): Promise<Output<F, H>> {
  let res: Response;
  try {
    res = await fetch(apiPath(feature, handler), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...VIA_HEADER },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ApiError('offline', OFFLINE_MESSAGE, 0);
  }
  return readAnswer(res.status, await res.text()) as Output<F, H>;
}

export interface UploadProgress {
  /** Bytes sent so far and in all; `total` is 0 when the browser cannot tell. */
  loaded: number;
  total: number;
  /** True once every byte is sent and Hands-on is reading the files. */
  processing: boolean;
}

/**
 * A multipart upload (the ICS and tracker imports), with progress: fetch cannot report upload
 * progress, XMLHttpRequest can.
 */
export function upload<F extends Feature, H extends HandlerName<F>>(
  feature: F,
  handler: H,
  form: FormData,
  onProgress: (p: UploadProgress) => void,
): Promise<Output<F, H>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiPath(feature, handler));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Handson-Via', VIA_HEADER['X-Handson-Via']);
    xhr.upload.onprogress = (e) => {
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0, processing: false });
    };
    xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, processing: true });
    xhr.onerror = () => reject(new ApiError('offline', OFFLINE_MESSAGE, 0));
    xhr.onload = () => {
      try {
        resolve(readAnswer(xhr.status, xhr.responseText) as Output<F, H>);
      } catch (e) {
        reject(e);
      }
    };
    xhr.send(form);
  });
}

/**
 * The organisation server's own sign-in routes (`/api/auth/*`), outside the journal's features.
 * Same JSON in and out, and the same error shape, as `call`.
 */
export async function callAuth<T = unknown>(
  name:
    | 'mode'
    | 'me'
    | 'sign-in'
    | 'accept'
    | 'sign-out'
    | 'totp/setup'
    | 'totp/confirm'
    | 'totp/verify'
    | 'totp/disable'
    | 'recover'
    | 'passkeys'
    | 'passkeys/options'
    | 'passkeys/add'
    | 'passkeys/remove'
    | 'passkeys/sign-in/options'
    | 'passkeys/sign-in',
  input?: unknown,
): Promise<T> {
  const read = name === 'mode' || name === 'me' || name === 'passkeys';
  let res: Response;
  try {
    res = await fetch(`/api/auth/${name}`, {
      method: read ? 'GET' : 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...VIA_HEADER },
      ...(read ? {} : { body: JSON.stringify(input ?? {}) }),
    });
  } catch {
    throw new ApiError('offline', OFFLINE_MESSAGE, 0);
  }
  return readAnswer(res.status, await res.text()) as T;
}

/**
 * The organisation server's coaching and sharing routes (`/api/coaching…`, `/api/shares/…`):
 * GET reads, POST changes with a JSON body; the same answers and errors as `call`.
 */
export async function callTeam<T>(method: 'GET' | 'POST', path: string, input?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...VIA_HEADER },
      ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
    });
  } catch {
    throw new ApiError('offline', OFFLINE_MESSAGE, 0);
  }
  return readAnswer(res.status, await res.text()) as T;
}
