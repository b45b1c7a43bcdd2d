// Bundles the CLI into dist/bundle/ with one chunk per command, so that `handson week` loads only
// what it uses and Node resolves a handful of files instead of hundreds (start-up time is a
// product requirement: `handson --help` and `handson week` must finish well under 300 ms).
// Native and optional drivers stay external: they are loaded from node_modules at run time.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// tsc compiles only TypeScript: a module kept as plain JavaScript beside its own .d.ts (src/email/vdom.js,
// see there why) is copied so that dist/ runs as src/ does — the bench and anything else that imports
// dist/ module by module need it; the bundle below reads src/ itself.
for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.js') || file.split(/[\\/]/).includes('node_modules')) continue;
  mkdirSync(dirname(join('dist', file)), { recursive: true });
  copyFileSync(join('src', file), join('dist', file));
}

/**
 * zod re-exports every one of its ~50 message locales through `z.locales` (and `z.core.locales`), which keeps them all
 * in the bundle (half of zod's 750 kB) and every command that validates input pays to compile
 * them. Hands-on speaks English and never reads `z.locales`: only English is bundled.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/][a-z]+[\\/][a-z-]+\.js$/.test(args.importer)
        ? { path: args.importer, namespace: 'zod-english' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

await build({
  // The import reader is an entry of its own: it runs on a worker thread (src/importers/off-thread.ts
  // finds it beside the chunks as ./read-worker.js).
  entryPoints: { main: 'src/cli/main.ts', 'read-worker': 'src/importers/read-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: [
    'better-sqlite3-multiple-ciphers',
    'better-sqlite3-multiple-ciphers-13',
    'pg',
    'pg-native',
    // A prebuilt native addon per platform, chosen at run time.
    '@node-rs/argon2',
    '@resvg/resvg-js',
    // Lays out the Open Graph image with WebAssembly it loads beside its own files.
    'satori',
  ],
  // Bundled CommonJS packages call require(); give them one in the ESM output.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
});
