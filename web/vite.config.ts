/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser UI: `npx vite build --config web/vite.config.ts` writes dist/web (index.html and
 * hashed files under assets/), which `handson serve` hands out beside the API.
 *
 * `npx vite --config web/vite.config.ts` serves it with hot reload and passes /api to a running
 * `handson serve` at HANDSON_URL, with HANDSON_KEY as the Bearer key (the dev page is another
 * origin, so it cannot hold the server's cookie).
 */
const api = process.env['HANDSON_URL'] ?? 'http://127.0.0.1:4790';
const key = process.env['HANDSON_KEY'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  // Beside the project's other caches, not in a node_modules of its own under web/.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/web', import.meta.url)),
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser we support loads modules natively; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    // The server's Content-Security-Policy allows images only from itself: no data: URLs.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': {
        target: api,
        changeOrigin: true,
        configure(proxy) {
          // The server accepts changes only from its own origin: speak as if from there.
          proxy.on('proxyReq', (req) => {
            req.setHeader('origin', api);
            if (key) req.setHeader('authorization', `Bearer ${key}`);
          });
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
