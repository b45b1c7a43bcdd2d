import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { jobsSchemaOf } from '../server/team/mail-jobs.js';
import { TEAM_MIGRATIONS } from '../server/team/schema.js';
import { openEngine, openStores } from '../store/open.js';
import { cli, tempDataDir } from './test-support/run.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const schema = `handson_server_${randomBytes(5).toString('hex')}`;
const role = `handson_app_${randomBytes(5).toString('hex')}`;

afterAll(async () => {
  if (!PG_URL) return;
  const { db, destroy } = await openEngine({ dataDir: tempDataDir(), databaseUrl: PG_URL });
  try {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await sql`drop schema if exists ${sql.id(jobsSchemaOf(schema))} cascade`.execute(db);
    await sql`drop owned by ${sql.id(role)}`.execute(db);
    await sql`drop role if exists ${sql.id(role)}`.execute(db);
  } finally {
    await destroy();
  }
});

describe('handson server migrate', () => {
  it('needs a PostgreSQL URL and a role name', async () => {
    const env = { HANDSON_DATA: tempDataDir() };
    const missing = await cli(['server', 'migrate'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --grant-to ROLE');
    const noUrl = await cli(['server', 'migrate', '--grant-to', 'handson_app'], { env });
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('set HANDSON_DATABASE_URL=postgres://');
    const badName = await cli(['server', 'migrate', '--grant-to', 'Robert; drop table'], { env });
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('--grant-to: expected a lowercase PostgreSQL role name');
  });

  it.runIf(PG_URL)('migrates, secures the tables for the role, and is safe to run again', async () => {
    const env = {
      HANDSON_DATA: tempDataDir(),
      HANDSON_DATABASE_URL: PG_URL!,
      HANDSON_DATABASE_SCHEMA: schema,
    };

    const noRole = await cli(['server', 'migrate', '--grant-to', role], { env });
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toContain(`There is no PostgreSQL role "${role}"`);

    const superuser = await cli(['server', 'migrate', '--grant-to', 'postgres'], { env });
    expect(superuser.code).toBe(1);
    expect(superuser.stderr).toContain('"postgres" is a superuser');

    const admin = await openEngine({ dataDir: tempDataDir(), databaseUrl: PG_URL! });
    try {
      await sql`create role ${sql.id(role)} login nosuperuser nobypassrls`.execute(admin.db);
    } finally {
      await admin.destroy();
    }
    const first = await cli(['server', 'migrate', '--grant-to', role, '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const done = JSON.parse(first.stdout) as { applied: number[]; team: number[]; secured: string[] };
    expect(done.applied.length).toBeGreaterThan(10);
    expect(done.team).toEqual(TEAM_MIGRATIONS.map((m) => m.version));
    expect(done.secured).toEqual(expect.arrayContaining(['sessions', 'checks', 'reflections', 'profile']));

    const again = await cli(['server', 'migrate', '--grant-to', role], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^The schema was up to date\.\nRow-level security is on for \d+ tables/);

    // As the server's role: each owner's Store works, and a connection naming nobody sees nothing.
    const url = new URL(PG_URL!);
    url.username = role;
    const options = { dataDir: tempDataDir(), databaseUrl: url.toString(), pgSchema: schema };
    const stores = await openStores(options);
    try {
      await stores.forOwner('ana').upsertReflection({
        id: 'r1',
        date: '2026-12-04',
        at: '2026-12-04T17:00:00Z',
        text: 'mine',
        answers: [],
      });
      expect((await stores.forOwner('ana').listReflections()).map((r) => r.text)).toEqual(['mine']);
      expect(await stores.forOwner('ben').listReflections()).toEqual([]);
    } finally {
      await stores.close();
    }
    const plain = await openEngine(options);
    try {
      const { rows } = await sql`select * from reflections`.execute(plain.db);
      expect(rows).toEqual([]);
    } finally {
      await plain.destroy();
    }
  });
});
