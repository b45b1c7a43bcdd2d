import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDatabase } from '../server/team/test-support.js';
import { openEngine } from './open.js';
import { knownVersion, kyselyForActor, onePerRequest, type PerRequest } from './row-security.js';
import type { Database, EngineConnection } from './tables.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];

/** Which backend answered, and whom it names: what a request's queries share, or do not. */
async function where(db: Kysely<Database>): Promise<{ pid: number; actor: string }> {
  const { rows } = await sql<{ pid: number; actor: string }>`
    select pg_backend_pid() as pid, coalesce(current_setting('app.user_id', true), '') as actor`.execute(db);
  return rows[0]!;
}

describe.runIf(PG_URL !== undefined)('one connection per request (row-level security)', () => {
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let engine: EngineConnection;
  let own: pg.Pool;
  let perRequest: PerRequest;

  beforeAll(async () => {
    database = await teamDatabase();
    engine = await openEngine({ dataDir: '.', databaseUrl: database.appUrl, pgSchema: database.schema });
    // Two for requests, against the ordinary pool's five: a test can fill both.
    own = new pg.Pool({
      connectionString: database.appUrl,
      options: `-c search_path=${database.schema}`,
      max: 2,
    });
    perRequest = onePerRequest(own, engine.db);
  });
  afterAll(async () => {
    await own?.end();
    await engine?.destroy();
    await database?.drop();
  });

  it('runs a request’s queries, one after another or at once, on one connection naming its owner', async () => {
    const ada = kyselyForActor(engine.pool!, 'ada');
    const seen = await perRequest('ada', async () => [
      await where(ada),
      ...(await Promise.all([where(ada), where(ada), where(kyselyForActor(engine.pool!, 'ada'))])),
    ]);
    expect(new Set(seen.map((s) => s.pid)).size).toBe(1);
    expect(seen.every((s) => s.actor === 'ada')).toBe(true);
    // The next request on that connection names its own owner before its first query.
    const next = await perRequest('bo', () => where(kyselyForActor(engine.pool!, 'bo')));
    expect(next.actor).toBe('bo');
    // And nothing unnamed ever sees the request's owner.
    expect((await where(engine.db)).actor).toBe('');
  });

  it('finds the owner with a query on the request’s connection, naming them — or no one — in the same statement', async () => {
    const finding = (id: string | null) => ({
      query: sql<{
        id: string;
        note: string;
      }>`select * from (values (${id}::text, 'found')) as v (id, note) where v.id is not null`.compile(
        engine.db,
      ),
      ownerColumn: 'id',
    });
    const ada = kyselyForActor(engine.pool!, 'ada');
    const [found, seen] = await perRequest(finding('ada'), async (row) => [row, await where(ada)] as const);
    expect(found).toEqual({ id: 'ada', note: 'found' });
    expect(seen.actor).toBe('ada');
    // No row: the request runs without the connection, and the connection it took names no one.
    const nobody = await perRequest(finding(null), async (row) => row);
    expect(nobody).toBeUndefined();
    const both = await Promise.all([own.connect(), own.connect()]);
    try {
      const names = await Promise.all(
        both.map(
          async (c) => (await c.query("select current_setting('app.user_id', true) as actor")).rows[0].actor,
        ),
      );
      expect(names).not.toContain('ada');
    } finally {
      for (const c of both) c.release();
    }
  });

  it('reads the found owner’s data version in the same statement, and forgets it once the request may write', async () => {
    const ada = kyselyForActor(engine.pool!, 'ada');
    await sql`insert into owners (id, version, created_at) values ('ada', 7, '2026-12-01T00:00:00Z')
      on conflict (id) do update set version = 7`.execute(ada);
    const finding = {
      query: sql`select 'ada' as id`.compile(engine.db),
      ownerColumn: 'id',
    };
    const seen = await perRequest(finding, async () => {
      const first = knownVersion('ada');
      const other = knownVersion('bo');
      await ada.transaction().execute(async (trx) => {
        await sql`update owners set version = version + 1 where id = 'ada'`.execute(trx);
      });
      return { first, other, after: knownVersion('ada') };
    });
    expect(seen).toEqual({ first: 'ada:7', other: undefined, after: undefined });
    // Outside a request there is nothing known.
    expect(knownVersion('ada')).toBeUndefined();
  });

  it('prepares a request’s statements, and past the bound of distinct texts runs the rest as they are', async () => {
    const ada = kyselyForActor(engine.pool!, 'ada');
    const answers = await perRequest('ada', async () => {
      const out: number[] = [];
      // The same text twice (prepared, then reused), then more distinct texts than are ever prepared.
      for (const n of [1, 1, ...Array.from({ length: 230 }, (_, i) => i + 2)]) {
        const { rows } = await sql<{ n: number }>`select ${sql.raw(String(n))}::int + ${0}::int as n`.execute(
          ada,
        );
        out.push(rows[0]!.n);
      }
      return out;
    });
    expect(answers).toEqual([1, 1, ...Array.from({ length: 230 }, (_, i) => i + 2)]);
  });

  it('keeps another owner’s queries in the same request off it, each naming its own owner', async () => {
    const [mine, theirs] = await perRequest('ada', () =>
      Promise.all([where(kyselyForActor(engine.pool!, 'ada')), where(kyselyForActor(engine.pool!, 'bo'))]),
    );
    expect(mine.actor).toBe('ada');
    expect(theirs.actor).toBe('bo');
    expect(theirs.pid).not.toBe(mine.pid);
  });

  it('gives a transaction the connection to itself: queries meanwhile run elsewhere, and a rollback takes only its own writes', async () => {
    const ada = kyselyForActor(engine.pool!, 'ada');
    const result = await perRequest('ada', async () => {
      const before = await where(ada);
      let inside: { pid: number; actor: string } | undefined;
      let beside: { pid: number; actor: string } | undefined;
      const transaction = ada
        .transaction()
        .execute(async (trx) => {
          inside = await where(trx);
          await sql`insert into dirty_days (owner_id, date) values ('ada', '2026-01-01')`.execute(trx);
          // A query of the same request while the transaction holds the connection.
          beside = await where(ada);
          await sql`insert into dirty_days (owner_id, date) values ('ada', '2026-01-02')`.execute(ada);
          throw new Error('roll back');
        })
        .catch((e: Error) => e.message);
      return { before, outcome: await transaction, inside: inside!, beside: beside! };
    });
    expect(result.outcome).toBe('roll back');
    expect(result.inside.pid).toBe(result.before.pid);
    expect(result.beside.pid).not.toBe(result.before.pid);
    expect(result.beside.actor).toBe('ada');
    const { rows } = await sql<{
      date: string;
    }>`select date from dirty_days where owner_id = 'ada' order by date`.execute(
      kyselyForActor(engine.pool!, 'ada'),
    );
    expect(rows.map((r) => r.date)).toEqual(['2026-01-02']);
  });

  it('does not deadlock when requests outnumber both pools, each with a transaction, parallel queries and others’ queries', async () => {
    const requests = Array.from({ length: 24 }, (_, i) => {
      const owner = `owner-${i % 6}`;
      const db = kyselyForActor(engine.pool!, owner);
      return perRequest(owner, async () => {
        const [a, , , c] = await Promise.all([
          where(db),
          db.transaction().execute(async (trx) => {
            await sql`insert into dirty_days (owner_id, date) values (${owner}, ${`2026-02-${String(i + 1).padStart(2, '0')}`})`.execute(
              trx,
            );
            // Inside the transaction, a query outside it: it must find a connection, not wait for this one.
            await where(db);
            return where(trx);
          }),
          where(kyselyForActor(engine.pool!, 'someone-else')),
          where(engine.db),
        ]);
        return [a.actor, c.actor];
      });
    });
    const answers = await Promise.race([
      Promise.all(requests),
      new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 20_000)),
    ]);
    expect(answers).not.toBe('stuck');
    expect((answers as string[][]).every(([a, plain], i) => a === `owner-${i % 6}` && plain === '')).toBe(
      true,
    );
  }, 30_000);
});
