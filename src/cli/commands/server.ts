import { AppError } from '../../errors.js';
import { prepareForTeam } from '../../store/row-security.js';
import { str } from '../args.js';
import { defineCommand, defineGroup } from '../command.js';

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
    if (cx.json) return cx.outJson({ applied: r.applied, secured: r.tables, role });
    cx.out(
      r.applied.length === 0
        ? 'The schema was up to date.'
        : `Applied migration${r.applied.length === 1 ? '' : 's'} ${r.applied.join(', ')}.`,
    );
    cx.out(
      `Row-level security is on for ${r.tables.length} tables; ${role} may read and write them, row by row.`,
    );
  },
});

export default defineGroup('server', "An organisation's server: set up its database.", { migrate });
