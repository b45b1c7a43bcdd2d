import type { Context, Hono } from 'hono';
import type { AppContext } from '../app/context.js';
import { type FileAnswer, invoke } from '../app/handler.js';
import { readInput, UnsupportedMediaType } from './input.js';
import { sendError } from './respond.js';
import type { Route } from './routes.js';

/**
 * The JSON of kept answers (handler.ts `kept`), by answer. A kept answer is one object, handed to
 * every read until its data or its minute moves on, so its JSON is the same too: written once, not
 * once per read (a tenth of the dashboard's time under load was this serialisation). Weak: the
 * text goes when the answer does.
 */
const keptBodies = new WeakMap<object, string>();

/**
 * The use cases as HTTP routes, the same on the local server and the organisation's: `POST` (and
 * `GET` for a read) answers `{data}`, a declared file answer is also a download. What differs
 * between the two servers is only whose context a request runs in (`contextOf`), and whether
 * uploads are taken.
 */
export function mountFeatureRoutes<E extends object>(
  // biome-ignore lint/suspicious/noExplicitAny: either server's Hono, whatever its variables.
  app: Hono<any>,
  routes: readonly Route[],
  contextOf: (c: Context<E>) => AppContext,
  options: { uploads: boolean } = { uploads: true },
): void {
  /** The handler's answer, or the refusal of a body in the wrong media type for it. */
  const run = async (route: Route, c: Context<E>): Promise<{ data: unknown } | { refused: Response }> => {
    if (!options.uploads && route.fileFields.length > 0) {
      return {
        refused: sendError(
          c,
          415,
          'unsupported-media-type',
          `${route.path} takes file uploads, which this server does not accept yet.`,
        ),
      };
    }
    let raw: unknown;
    try {
      raw = await readInput(c, route);
    } catch (e) {
      if (e instanceof UnsupportedMediaType) {
        return { refused: sendError(c, 415, 'unsupported-media-type', e.message) };
      }
      throw e;
    }
    return { data: await invoke(route.handler, contextOf(c), raw) };
  };
  const answer = (route: Route) => async (c: Context<E>) => {
    const result = await run(route, c);
    if ('refused' in result) return result.refused;
    const data = result.data ?? null;
    if (!route.handler.kept || typeof data !== 'object' || data === null) return c.json({ data });
    let body = keptBodies.get(data);
    if (body === undefined) {
      body = JSON.stringify({ data });
      keptBodies.set(data, body);
    }
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  };
  // The same answer as a file to save: `attachment`, so a link downloads it instead of showing it.
  const file = (route: Route, declared: FileAnswer<unknown>) => async (c: Context<E>) => {
    const result = await run(route, c);
    if ('refused' in result) return result.refused;
    const { name, body } = declared.of(result.data);
    return c.body(body, 200, {
      'Content-Type': declared.type,
      'Content-Disposition': `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`,
    });
  };
  for (const route of routes) {
    app.post(route.path, answer(route));
    if (route.get) app.get(route.path, answer(route));
    if (route.filePath !== undefined && route.handler.file !== undefined) {
      app.get(route.filePath, file(route, route.handler.file));
    }
  }
}
