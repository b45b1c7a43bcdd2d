import { AppError } from '../../errors.js';
import { teamConfig } from '../../server/team/config.js';
import { prepareForTeam } from '../../store/row-security.js';
import { str } from '../args.js';
import { type Command, defineCommand } from '../command.js';
import { untilStopped } from '../stopped.js';
import { webRoot } from '../web-root.js';

const ROLE = /^[a-z_][a-z0-9_$]{0,62}$/;

const migrate = defineCommand({
  meta: {
    name: 'server migrate',
    summary: "Set up or upgrade an organisation's server database, and secure it for the server's role.",
    usage: ['server migrate --grant-to ROLE [--json]'],
    help: `Run with HANDSON_DATABASE_URL naming the PostgreSQL role that owns the tables (it creates and
changes them). It brings the schema up to date, turns on row-level security on every table that
holds a person's records — so each connection sees only the rows of the person it acts for — and
grants the server's role (--grant-to) what it needs and no more. The server's role must already
exist, created with NOSUPERUSER NOBYPASSRLS; the server itself refuses to run as the tables' owner.
Running it again is safe.`,
  },
  options: { 'grant-to': { type: 'string' } },
  async run(cx) {
    const role = str(cx, 'grant-to');
    if (role === undefined)
      throw new AppError('usage', "missing --grant-to ROLE: the server's PostgreSQL role");
    if (!ROLE.test(role)) {
      throw new AppError(
        'invalid',
        '--grant-to: expected a lowercase PostgreSQL role name of letters, digits and _, e.g. handson_app',
        { field: 'grant-to' },
      );
    }
    if (cx.config.databaseUrl === undefined) {
      throw new AppError(
        'invalid',
        "An organisation's server keeps its data in PostgreSQL: set HANDSON_DATABASE_URL=postgres://OWNER@HOST/DB, with the role that owns the tables.",
        { field: 'HANDSON_DATABASE_URL' },
      );
    }
    const r = await prepareForTeam(
      { databaseUrl: cx.config.databaseUrl, pgSchema: cx.config.databaseSchema, dataDir: cx.config.dataDir },
      role,
    );
    if (cx.json) return cx.outJson({ applied: r.applied, team: r.team, secured: r.tables, role });
    const steps = [...r.applied.map((v) => `journal ${v}`), ...r.team.map((v) => `team ${v}`)];
    cx.out(steps.length === 0 ? 'The schema was up to date.' : `Applied migrations: ${steps.join(', ')}.`);
    cx.out(
      `Row-level security is on for ${r.tables.length} tables; ${role} may read and write them, row by row.`,
    );
  },
});

const bootstrap = defineCommand({
  meta: {
    name: 'server bootstrap',
    summary: 'Create an organisation and print a one-time sign-up link for its first admin.',
    usage: ['server bootstrap --org NAME --admin EMAIL [--json]'],
    help: `Needs HANDSON_DATABASE_URL and HANDSON_PUBLIC_URL, as the server does. The link works once,
for 10 minutes; run the command again for a new one if it runs out.`,
  },
  options: { org: { type: 'string' }, admin: { type: 'string' } },
  async run(cx) {
    const org = str(cx, 'org')?.trim();
    const admin = str(cx, 'admin')?.trim();
    if (!org) throw new AppError('usage', "missing --org NAME: the organisation's name");
    if (!admin) throw new AppError('usage', 'missing --admin EMAIL: the first admin’s address');
    if (org.length > 200)
      throw new AppError('invalid', '--org: expected a name of at most 200 characters', { field: 'org' });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(admin) || admin.length > 320) {
      throw new AppError('invalid', '--admin: expected an email address such as ana@example.com', {
        field: 'admin',
      });
    }
    const config = teamConfig(cx.io.env);
    const { openTeamDatabase } = await import('../../server/team/start.js');
    const { engine, directory } = await openTeamDatabase(
      config,
      cx.config.now ? () => new Date(cx.config.now!) : undefined,
    );
    try {
      const made = await directory.bootstrap(org, admin);
      const url = new URL('/accept', config.publicUrl);
      url.hash = `token=${made.token}`;
      if (cx.json) return cx.outJson({ organisationId: made.organisationId, link: url.toString() });
      cx.out(`Organisation "${org}" created. Send this link to ${admin}; it works once, for 10 minutes:`);
      cx.out();
      cx.out(`  ${url.toString()}`);
    } finally {
      await engine.destroy();
    }
  },
});

const server: Command = {
  meta: {
    name: 'server',
    summary: "Run an organisation's server: many people, each with their own journal, on PostgreSQL.",
    usage: ['server [--port N] [--host ADDRESS]', ...migrate.meta.usage, ...bootstrap.meta.usage],
    help: `Needs HANDSON_DATABASE_URL (the server's role: not a superuser, not the tables' owner) and
HANDSON_PUBLIC_URL (the https:// address people open). Listens on 127.0.0.1:4800 unless --host and
--port say otherwise; put it behind a TLS proxy. Several instances may share one database: they
keep no state of their own. HANDSON_SECRET_KEY (32 random bytes in base64, from openssl rand
-base64 32) seals the secrets of authenticator apps; without it no one can set up a second factor.
Keep it apart from the database's backups. Stop with Ctrl+C.`,
  },
  options: { port: { type: 'string' }, host: { type: 'string' } },
  subcommands: { migrate: async () => migrate, bootstrap: async () => bootstrap },
  async run(cx) {
    const portText = str(cx, 'port') ?? '4800';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) {
      throw new AppError('usage', '--port: expected a port number from 0 to 65535, e.g. 4800', {
        field: 'port',
      });
    }
    const config = teamConfig(cx.io.env);
    const { startTeamServer } = await import('../../server/team/start.js');
    const running = await startTeamServer(
      config,
      { port, hostname: str(cx, 'host'), webRoot: webRoot() },
      (line) => cx.io.stderr.write(`${line}\n`),
    );
    if (cx.json) cx.outJson({ port: running.port, publicUrl: config.publicUrl.toString() });
    else
      cx.out(
        `Hands-on's organisation server is listening on port ${running.port}, for ${config.publicUrl.origin}.`,
      );
    const signal = await untilStopped();
    cx.io.stderr.write(`Stopping (${signal}): finishing requests under way…\n`);
    await running.close();
  },
};

export default server;
