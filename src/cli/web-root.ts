import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/web beside the bundle this command runs from (dist/bundle), when it has been built. */
export function webRoot(): string | undefined {
  const root = fileURLToPath(new URL('../web/', import.meta.url));
  return existsSync(join(root, 'index.html')) ? root : undefined;
}
