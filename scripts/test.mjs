// `npm test`: everything a reviewer would check — build, type-check, lint and every test — on a
// fresh machine without further set-up. The tests run against real things (PostgreSQL, a Radicale
// CalDAV server, Chromium), so this finds or brings up what it can first:
// - PostgreSQL: HANDSON_TEST_PG_URL if set, else the server on 127.0.0.1:5432 (database `test`,
//   created if missing), started with pg_ctlcluster when it is installed but stopped;
// - Radicale, openssl and Chromium: installed from Debian's packages when missing and this user may.
// What cannot be had is named at the end, one line each, and the run fails: a suite that was
// skipped must never look like one that passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
const missing = [];
const env = { ...process.env };

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;
const canInstall = has('apt-get') && (isRoot || has('sudo'));

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, ...options });
  return r.status ?? 1;
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return 'ok';
  } catch (e) {
    return e.code === '3D000' ? 'no-database' : 'down';
  } finally {
    await client.end().catch(() => {});
  }
}

async function postgres() {
  const url = process.env.HANDSON_TEST_PG_URL ?? DEFAULT_PG;
  let state = await answers(url);
  if (
    state === 'down' &&
    !process.env.HANDSON_TEST_PG_URL &&
    has('pg_ctlcluster') &&
    existsSync('/etc/postgresql')
  ) {
    for (const version of readdirSync('/etc/postgresql')) {
      console.log(`PostgreSQL ${version} is stopped; starting it for the store suite`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'inherit',
      });
    }
    for (let i = 0; i < 30; i++) {
      state = await answers(url);
      if (state !== 'down') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (state === 'no-database') {
    const admin = new URL(url);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.href });
    await client.connect();
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
    await client.end();
    state = await answers(url);
  }
  if (state === 'ok') env.HANDSON_TEST_PG_URL = url;
  else {
    missing.push(
      `PostgreSQL: nothing answers at ${url.replace(/\/\/[^@]*@/, '//…@')}; the store suite ran on SQLite only. ` +
        'Start PostgreSQL there, or set HANDSON_TEST_PG_URL=postgres://… to one that answers.',
    );
  }
}

/** Debian packages for tools the tests drive; installed once, when this user may. */
function debian(tools) {
  const lacking = tools.filter(({ ok }) => !ok());
  if (lacking.length === 0) return;
  if (canInstall) {
    const aptGet = (args) =>
      isRoot
        ? run('apt-get', args, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } })
        : run('sudo', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
    console.log(`Installing ${lacking.map((t) => t.pkg).join(', ')} from Debian's packages for the tests`);
    aptGet(['update', '-qq']);
    aptGet(['install', '-y', '-qq', '--no-install-recommends', ...lacking.map((t) => t.pkg)]);
  }
  for (const t of lacking) {
    if (!t.ok()) missing.push(`${t.pkg}: not installed (${t.why}); install it with apt-get install ${t.pkg}`);
  }
}

await postgres();
debian([
  { pkg: 'radicale', ok: () => has('radicale'), why: 'the CalDAV tests run against a real Radicale server' },
  { pkg: 'openssl', ok: () => has('openssl'), why: 'a CalDAV test makes a self-signed certificate' },
  {
    pkg: 'chromium',
    ok: () => existsSync('/usr/bin/chromium'),
    why: 'the web app and the HTML report are checked in Chromium',
  },
]);

let code = 0;
for (const [name, args] of [
  ['build', ['run', 'build', '--silent']],
  ['type-check', ['run', 'typecheck', '--silent']],
  ['lint', ['run', 'lint', '--silent']],
]) {
  code = run('npm', args);
  if (code !== 0) {
    console.error(`npm test: the ${name} failed.`);
    process.exit(code);
  }
}
code = run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);

if (missing.length > 0) {
  console.error('\nnpm test could not run everything on this machine:');
  for (const m of missing) console.error(`  - ${m}`);
  process.exit(code === 0 ? 1 : code);
}
console.log(
  `\nnpm test ran on Node.js ${process.versions.node}${env.HANDSON_TEST_PG_URL ? ', with PostgreSQL' : ''}.`,
);
process.exit(code);
