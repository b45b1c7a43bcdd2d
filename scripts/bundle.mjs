// Bundles the CLI into dist/bundle/ with one chunk per command, so that `handson week` loads only
// what it uses and Node resolves a handful of files instead of hundreds (start-up time is a
// product requirement: `handson --help` and `handson week` must finish well under 300 ms).
// Native and optional drivers stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3-multiple-ciphers', 'better-sqlite3-multiple-ciphers-13', 'pg', 'pg-native'],
  // Bundled CommonJS packages call require(); give them one in the ESM output.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
