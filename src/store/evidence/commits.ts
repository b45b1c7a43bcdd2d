import { sql } from 'kysely';
import type { CommitDay, CommitRecord } from '../../domain/evidence/evidence.js';
import { localDate as localDateIn } from '../../domain/time.js';
import type { LocalDate } from '../../domain/types.js';
import { chunks, flag, instant, isSet, json, localDate, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { CommitStore } from '../store.js';
import type { CommitRow } from '../tables.js';

export const commitRecords = {
  async insertCommits(scope: Scope, commits: CommitRecord[]): Promise<{ added: number; unchanged: number }> {
    // First one wins, as it would against a stored commit: a commit, once stored, is left alone.
    const rows = new Map<string, CommitRow>();
    for (const [i, c] of commits.entries()) {
      const key = json([c.repo, c.sha]);
      if (!rows.has(key)) rows.set(key, fromCommit(c, i));
    }
    if (rows.size === 0) return { added: 0, unchanged: 0 };
    return scope.write(async (db) => {
      let added = 0;
      for (const chunk of chunks([...rows.values()], COMMIT_COLUMNS + 1)) {
        const result = await db
          .insertInto('commits')
          .values(chunk.map((r) => scope.own(r)))
          .onConflict((oc) => oc.columns(['owner_id', 'repo', 'sha']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return { added, unchanged: rows.size - added };
    });
  },

  async relocateCommitDays(scope: Scope, tz: string): Promise<number> {
    return scope.write(async (db) => {
      const rows = await db
        .selectFrom('commits')
        .select(['repo', 'sha', 'authored_at', 'date'])
        .where('owner_id', '=', scope.ownerId)
        .execute();
      const moved = rows.flatMap((r) => {
        const date = localDateIn(r.authored_at, tz);
        return date === r.date ? [] : [{ repo: r.repo, sha: r.sha, date }];
      });
      // One statement per chunk; both engines take a CTE of VALUES with UPDATE … FROM.
      for (const chunk of chunks(moved, 3)) {
        const values = sql.join(chunk.map((m) => sql`(${m.repo}, ${m.sha}, ${m.date})`));
        await sql`with moved(repo, sha, date) as (values ${values})
          update commits set date = moved.date from moved
          where commits.owner_id = ${scope.ownerId}
            and commits.repo = moved.repo and commits.sha = moved.sha`.execute(db);
      }
      return moved.length;
    });
  },

  async listCommits(
    scope: Scope,
    filter: { from?: LocalDate; to?: LocalDate; repo?: string } = {},
  ): Promise<CommitRecord[]> {
    let q = scope.db.selectFrom('commits').selectAll().where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.repo !== undefined) q = q.where('repo', '=', filter.repo);
    const rows = await q.orderBy('authored_at').orderBy('repo').orderBy('sha').execute();
    return rows.map(toCommit);
  },

  async listCommitDays(
    scope: Scope,
    filter: { from?: LocalDate; to?: LocalDate; repo?: string } = {},
  ): Promise<CommitDay[]> {
    let q = scope.db
      .selectFrom('commits')
      .select((eb) => [
        'date',
        'repo',
        eb.fn.countAll<number | string>().as('commits'),
        eb.fn.sum<number | string>('added').as('added'),
        eb.fn.sum<number | string>('removed').as('removed'),
        eb.fn.min('authored_at').as('first'),
        eb.fn.max('authored_at').as('last'),
      ])
      .where('owner_id', '=', scope.ownerId);
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.repo !== undefined) q = q.where('repo', '=', filter.repo);
    const rows = await q.groupBy(['date', 'repo']).orderBy('date').orderBy('repo').execute();
    // PostgreSQL hands back count and sum as bigint text.
    return rows.map((r) => ({
      date: r.date,
      repo: r.repo,
      commits: Number(r.commits),
      added: Number(r.added),
      removed: Number(r.removed),
      first: r.first,
      last: r.last,
    }));
  },
} satisfies Part<CommitStore>;

const COMMIT_COLUMNS = 10;

function fromCommit(c: CommitRecord, index: number): CommitRow {
  const at = `commits[${index}]`;
  return {
    repo: c.repo,
    sha: c.sha,
    date: localDate(c.date, `${at}.date`),
    authored_at: instant(c.authoredAt, `${at}.authoredAt`),
    author_email: c.authorEmail,
    subject: c.subject,
    added: wholeNumber(c.added, `${at}.added`, 0),
    removed: wholeNumber(c.removed, `${at}.removed`, 0),
    files: wholeNumber(c.files, `${at}.files`, 0),
    merge: flag(c.merge),
  };
}

function toCommit(r: CommitRow): CommitRecord {
  return {
    repo: r.repo,
    sha: r.sha,
    authorEmail: r.author_email,
    authoredAt: r.authored_at,
    date: r.date,
    subject: r.subject,
    added: Number(r.added),
    removed: Number(r.removed),
    files: Number(r.files),
    merge: isSet(r.merge),
  };
}
