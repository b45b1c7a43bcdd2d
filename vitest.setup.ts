import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Some tests run the built CLI as a user would (`node bin/handson.js`). `npm test` builds first;
 * this makes `npx vitest` on its own work too, by building when dist/ is missing or older than src/.
 */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const built = 'dist/bundle/main.js';
  if (!existsSync(built) || statSync(built).mtimeMs < newest('src')) {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  }
}
