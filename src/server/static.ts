import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built web app (dist/web). Paths that are not files fall back to index.html, so the
 * app's own routes work on reload; nothing outside the folder can be read.
 */
export function staticFiles(root: string) {
  const base = normalize(root + sep);
  return async (c: Context) => {
    // Decodes: app.ts refuses, before this, a path that does not (wellFormedPath).
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    const wanted = normalize(join(base, path));
    const file = wanted.startsWith(base) && extname(wanted) !== '' ? wanted : join(base, 'index.html');
    try {
      const body = await readFile(file);
      return c.body(body, 200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      if (file.endsWith('index.html'))
        return c.text('The web app is not built yet: run `npm run build`.', 503);
      return c.text('Not found', 404);
    }
  };
}
