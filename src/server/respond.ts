import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, isAppError } from '../errors.js';

/**
 * The server's own refusals, beside the use cases' AppError codes. They are about the HTTP
 * exchange (who is asking, how), not about what was asked, so they stay in the server.
 */
export type ServerErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'internal';

export type ApiErrorCode = ErrorCode | ServerErrorCode;

export interface ApiError {
  error: {
    code: ApiErrorCode;
    message: string;
    field?: string;
    problems?: { field: string; message: string }[];
  };
}

/** What a client sees for a bug: no stack, no internal message — those go to the server's log. */
export const INTERNAL_MESSAGE =
  'Something went wrong on our side. The details are in the log of `handson serve`; please report them.';

export function sendError(
  c: Context,
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return c.json({ error: { code, message } } satisfies ApiError, status, headers);
}

/** Renders anything thrown while answering: an AppError as itself, anything else as a bug. */
export function renderError(e: unknown, c: Context, log: (line: string) => void): Response {
  if (isAppError(e)) {
    return c.json({ error: e.toJSON() } satisfies ApiError, e.httpStatus as ContentfulStatusCode);
  }
  // Hono's own refusals (none of ours throw them) keep their status, in our shape.
  if (e instanceof HTTPException && e.status < 500) {
    const code: ApiErrorCode =
      e.status === 413 ? 'too-large' : e.status === 415 ? 'unsupported-media-type' : 'invalid';
    return sendError(
      c,
      e.status as ContentfulStatusCode,
      code,
      e.message || 'The request was not acceptable.',
    );
  }
  log(`handson serve: a bug answering ${c.req.method} ${new URL(c.req.url).pathname}:`);
  log(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  return sendError(c, 500, 'internal', INTERNAL_MESSAGE);
}
