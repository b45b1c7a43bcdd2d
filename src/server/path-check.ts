import type { MiddlewareHandler } from 'hono';
import { sendError } from './respond.js';

/**
 * Refuses a path whose percent-encoding spells no text (`/%`, `/%zz`, bytes that are not UTF-8,
 * overlong forms such as `%c0%ae`) before anything decodes it. Without this, serving the web app
 * threw on it and answered 500 as if it were our bug, and API paths answered 404 as if the
 * address were merely unknown; it is the request that is wrong, so it is a 400 that says so.
 */
export function wellFormedPath(): MiddlewareHandler {
  return async (c, next) => {
    // The raw path: `new URL` keeps percent signs as sent, it never decodes them.
    const path = new URL(c.req.url).pathname;
    try {
      // decodeURIComponent refuses exactly what is malformed, overlong UTF-8 included.
      decodeURIComponent(path);
    } catch {
      return sendError(
        c,
        400,
        'invalid',
        `The address ${path} is not valid: in a path, % must be followed by two hexadecimal digits ` +
          'that together spell UTF-8 text (for example %20 for a space).',
      );
    }
    return next();
  };
}
