// Runs the whole `import git` use case (read + aggregate-free streaming + SQLite writes) on one
// repository in a process of its own, so its peak RSS is the import's alone. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [repo, emailsJson] = process.argv.slice(2);
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { openStore } = await import(dist('store/open.js'));
const { makeContext } = await import(dist('app/context.js'));
const { invoke } = await import(dist('app/handler.js'));
const { profileHandlers } = await import(dist('app/profile/profile.js'));
const { gitHandlers } = await import(dist('app/evidence/git.js'));

const dataDir = mkdtempSync(join(tmpdir(), 'handson-git-bench-'));
const store = await openStore({ dataDir });
try {
  const ctx = makeContext(store);
  const emails = JSON.parse(emailsJson);
  await invoke(profileHandlers.init, ctx, {
    name: 'Bench',
    role: 'engineering-manager',
    reports: 6,
    tz: 'Europe/Berlin',
    emails,
  });
  const t = performance.now();
  const [report] = await invoke(gitHandlers.import, ctx, { paths: [repo] });
  const ms = performance.now() - t;
  if (report.error) throw new Error(report.error);
  const days = (await invoke(gitHandlers.days, ctx, {})).length;
  console.log(
    JSON.stringify({
      ms,
      added: report.added,
      days,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
