import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { ShareKind, Snapshot } from '../../app/sharing/snapshot.js';
import type {
  AccessEntry,
  CoachingView,
  CommentView,
  SharedItem,
  SharedWithMe,
  SharePerson,
  ShareView,
} from '../../app/sharing/views.js';
import { AppError } from '../../errors.js';
import { kyselyForActor } from '../../store/row-security.js';
import type { Database } from '../../store/tables.js';
import type { Account } from './directory.js';
import { type EventKind, eventsAfter, latestEventId, recordEvent, type TeamEvent } from './events.js';

/** How a shared item was reached: the web app, a script on the API, or a link in an email. */
export type Via = 'web' | 'api' | 'email';
export type AccessAction = 'share' | 'update' | 'revoke' | 'view' | 'comment';

// The answers' shapes are the web app's (app/sharing/views.ts): one definition for both sides.
type Person = SharePerson;

/** A comment as the item's read returns it, inside a JSON array. */
interface CommentJson {
  id: string;
  author_id: string;
  body: string;
  at: string;
}

export type { AccessEntry, CoachingView, CommentView, SharedItem, SharedWithMe, ShareView };

interface ShareRow {
  id: string;
  organisation_id: string;
  leader_id: string;
  coach_id: string;
  coaching_id: string;
  kind: ShareKind;
  item_key: string;
  title: string;
  version: number;
  snapshot: unknown;
  shared_at: Date;
  updated_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  /** When the coaching it was shared in ended: that ends the share too. */
  coaching_ended_at: Date | null;
  /** Readable by its coach now (`LIVE`). */
  live: boolean;
}

/**
 * Whether a share (`s`) in its coaching (`c`) can be read by its coach at `at`: not revoked, its
 * coaching not ended, not expired. The one definition: reads return it as `live`, and a coach's view
 * is logged only where it holds.
 */
const LIVE = (at: Date) =>
  sql<boolean>`(s.revoked_at is null and c.ended_at is null and (s.expires_at is null or s.expires_at > ${at}))`;

/** Shares with the state of their coaching and whether they are live at `at`. */
const SHARES = (at: Date) =>
  sql`select s.*, c.ended_at as coaching_ended_at, ${LIVE(at)} as live
    from team_shares s join team_coaching c on c.id = s.coaching_id`;

interface CoachingRow {
  id: string;
  organisation_id: string;
  leader_id: string;
  coach_id: string;
  invited_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
}

/** JSON with its keys in one order: PostgreSQL's jsonb does not keep the order they were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The answer for anything the caller may not see: the same as for what does not exist. */
const noShare = (id: string) =>
  new AppError(
    'not-found',
    `There is no shared item "${id}" for you: it was never shared with you, or it was revoked or has expired.`,
    {
      field: 'id',
    },
  );
const noCoaching = (id: string) =>
  new AppError('not-found', `There is no coaching "${id}" of yours.`, { field: 'id' });

/**
 * Coaching and sharing on the organisation's server (issue 11): who coaches whom, the items a
 * leader shared with each coach as frozen snapshots, the comments on them, and the append-only log
 * of every share, revoke and view.
 *
 * Two layers keep an item with the two people it concerns. Every query here names the caller
 * (`leader_id = me` or `coach_id = me`); and every query runs on a connection that tells
 * PostgreSQL who the caller is (`kyselyForActor`), whose row-level policies (team schema v3) show
 * a coach no revoked share and nobody a share that is not theirs. Names are looked up on a plain
 * connection: accounts are the organisation's directory, not anyone's content.
 */
export function teamSharing(
  db: Kysely<Database>,
  pool: pg.Pool,
  channel: string,
  clock: () => Date = () => new Date(),
) {
  async function names(ids: readonly string[]): Promise<Map<string, Person>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<Person>`select id, name from team_accounts where id in (${sql.join([
      ...new Set(ids),
    ])})`.execute(db);
    return new Map(rows.map((r) => [r.id, r]));
  }
  const person = (people: Map<string, Person>, id: string): Person =>
    people.get(id) ?? { id, name: '(unknown)' };

  return {
    /** What `account` may do; each call opens nothing until used. */
    as(account: Account) {
      const me = account.id;
      const mine = kyselyForActor(pool, me);
      const now = () => clock();

      async function log(
        trx: Kysely<Database>,
        share: Pick<ShareRow, 'id' | 'organisation_id' | 'leader_id'>,
        action: AccessAction,
        version: number,
        via: Via,
      ) {
        await sql`insert into team_access_log (id, organisation_id, leader_id, share_id, actor_id, action, version, via, at)
          values (${randomUUID()}, ${share.organisation_id}, ${share.leader_id}, ${share.id}, ${me}, ${action}, ${version}, ${via}, ${now()})`.execute(
          trx,
        );
      }

      /** News for the other person of a coaching, committed with the change it is about. */
      async function tell(
        trx: Kysely<Database>,
        accountId: string,
        kind: EventKind,
        coachingId: string,
        shareId: string | null = null,
      ) {
        await recordEvent(trx, channel, { accountId, kind, coachingId, shareId, at: now() });
      }

      async function coachingRow(id: string): Promise<CoachingRow> {
        const { rows } = await sql<CoachingRow>`select * from team_coaching
          where id = ${id} and (leader_id = ${me} or coach_id = ${me})`.execute(mine);
        if (rows[0] === undefined) throw noCoaching(id);
        return rows[0];
      }

      /** A share of mine (as its leader), whatever its state. */
      async function myShare(trx: Kysely<Database>, id: string): Promise<ShareRow> {
        const { rows } =
          await sql<ShareRow>`${SHARES(now())} where s.id = ${id} and s.leader_id = ${me}`.execute(trx);
        if (rows[0] === undefined) throw noShare(id);
        return rows[0];
      }

      async function coachingViews(rows: CoachingRow[]): Promise<CoachingView[]> {
        const people = await names(rows.flatMap((r) => [r.leader_id, r.coach_id]));
        return rows.map((r) => ({
          id: r.id,
          leader: person(people, r.leader_id),
          coach: person(people, r.coach_id),
          status: r.ended_at !== null ? 'ended' : r.accepted_at !== null ? 'active' : 'invited',
          invitedAt: r.invited_at.toISOString(),
          acceptedAt: iso(r.accepted_at),
          endedAt: iso(r.ended_at),
        }));
      }

      return {
        /**
         * Asks someone of the organisation to be my coach. They see the request under Coaching and
         * accept it; nothing is shared until I share an item.
         */
        async inviteCoach(email: string): Promise<CoachingView> {
          const { rows } = await sql<{ id: string }>`select id from team_accounts
            where organisation_id = ${account.organisationId} and lower(email) = lower(${email}) and disabled_at is null`.execute(
            db,
          );
          const coach = rows[0];
          if (coach === undefined) {
            throw new AppError(
              'not-found',
              `No one in your organisation has the address ${email}; ask an admin to invite them first.`,
              {
                field: 'email',
              },
            );
          }
          if (coach.id === me) {
            throw new AppError('invalid', 'You cannot be your own coach.', { field: 'email' });
          }
          const id = randomUUID();
          try {
            await mine.transaction().execute(async (trx) => {
              await sql`insert into team_coaching (id, organisation_id, leader_id, coach_id, invited_at)
                values (${id}, ${account.organisationId}, ${me}, ${coach.id}, ${now()})`.execute(trx);
              await tell(trx, coach.id, 'coaching-changed', id);
            });
          } catch (e) {
            if ((e as { code?: string }).code === '23505') {
              throw new AppError('conflict', 'You have already asked this person to be your coach.', {
                field: 'email',
              });
            }
            throw e;
          }
          return (await coachingViews([await coachingRow(id)]))[0]!;
        },

        async coaching(): Promise<{ asLeader: CoachingView[]; asCoach: CoachingView[] }> {
          const { rows } = await sql<CoachingRow>`select * from team_coaching
            where leader_id = ${me} or coach_id = ${me} order by invited_at desc, id`.execute(mine);
          const views = await coachingViews(rows);
          return {
            asLeader: views.filter((v) => v.leader.id === me),
            asCoach: views.filter((v) => v.coach.id === me),
          };
        },

        async accept(id: string): Promise<CoachingView> {
          const row = await coachingRow(id);
          if (row.coach_id !== me || row.ended_at !== null) throw noCoaching(id);
          await mine.transaction().execute(async (trx) => {
            await sql`update team_coaching set accepted_at = coalesce(accepted_at, ${now()})
              where id = ${id} and coach_id = ${me} and ended_at is null`.execute(trx);
            await tell(trx, row.leader_id, 'coaching-changed', id);
          });
          return (await coachingViews([await coachingRow(id)]))[0]!;
        },

        /** Either side ends it; every item shared in it is revoked in the same transaction. */
        async end(id: string, via: Via): Promise<{ coaching: CoachingView; revoked: number }> {
          const row = await coachingRow(id);
          if (row.ended_at !== null) return { coaching: (await coachingViews([row]))[0]!, revoked: 0 };
          const revoked = await mine.transaction().execute(async (trx) => {
            // Logged while the coach can still see them; after the coaching ends, they cannot.
            const { rows } = await sql<ShareRow>`${SHARES(now())}
              where s.coaching_id = ${id} and s.revoked_at is null and (s.leader_id = ${me} or s.coach_id = ${me})`.execute(
              trx,
            );
            for (const s of rows) {
              await log(trx, s, 'revoke', s.version, via);
              await tell(trx, s.coach_id, 'share-revoked', id, s.id);
            }
            await tell(trx, row.leader_id === me ? row.coach_id : row.leader_id, 'coaching-changed', id);
            if (row.leader_id === me) {
              await sql`update team_shares set revoked_at = ${now()}
                where coaching_id = ${id} and leader_id = ${me} and revoked_at is null`.execute(trx);
            }
            await sql`update team_coaching set ended_at = ${now()}, ended_by = ${me} where id = ${id}`.execute(
              trx,
            );
            return rows.length;
          });
          return { coaching: (await coachingViews([await coachingRow(id)]))[0]!, revoked };
        },

        /** The coaching in which I, its leader, may share: accepted and not ended. */
        async activeCoaching(id: string): Promise<CoachingRow> {
          const row = await coachingRow(id);
          if (row.leader_id !== me || row.ended_at !== null) throw noCoaching(id);
          if (row.accepted_at === null) {
            throw new AppError('conflict', 'Your coach has not accepted yet; you can share once they have.', {
              field: 'coachingId',
            });
          }
          return row;
        },

        /** The checks I shared with this coach and have not revoked: a review may name them. */
        async sharedChecks(coachId: string): Promise<Set<string>> {
          const { rows } = await sql<ShareRow>`${SHARES(now())}
            where s.leader_id = ${me} and s.coach_id = ${coachId} and s.kind = 'check' and s.revoked_at is null`.execute(
            mine,
          );
          return new Set(rows.filter((r) => r.live).map((r) => r.item_key));
        },

        async share(
          coaching: CoachingRow,
          snapshot: Snapshot,
          expiresAt: Date | null,
          via: Via,
        ): Promise<ShareView> {
          if (expiresAt !== null && expiresAt <= now()) {
            throw new AppError('invalid', 'expiresAt: expected a time in the future', { field: 'expiresAt' });
          }
          const id = randomUUID();
          const at = now();
          await mine.transaction().execute(async (trx) => {
            // An expired share of the same item is over: it is closed, so the item can be shared again.
            await sql`update team_shares set revoked_at = expires_at
              where coaching_id = ${coaching.id} and leader_id = ${me} and kind = ${snapshot.kind}
                and item_key = ${snapshot.key} and revoked_at is null and expires_at <= ${now()}`.execute(
              trx,
            );
            const taken = await sql<{ id: string }>`select s.id from team_shares s
              where s.leader_id = ${me} and s.coaching_id = ${coaching.id} and s.kind = ${snapshot.kind}
                and s.item_key = ${snapshot.key} and s.revoked_at is null`.execute(trx);
            if (taken.rows[0] !== undefined) {
              throw new AppError(
                'conflict',
                `You already share this item with this coach (share ${taken.rows[0].id}); share the update instead.`,
                { field: 'item' },
              );
            }
            const row = {
              id,
              organisation_id: coaching.organisation_id,
              leader_id: me,
            };
            await sql`insert into team_shares (id, organisation_id, leader_id, coach_id, coaching_id, kind, item_key, title,
                version, snapshot, shared_at, updated_at, expires_at)
              values (${id}, ${coaching.organisation_id}, ${me}, ${coaching.coach_id}, ${coaching.id}, ${snapshot.kind},
                ${snapshot.key}, ${snapshot.title}, 1, ${JSON.stringify(snapshot.content)}::jsonb, ${at}, ${at}, ${expiresAt})`.execute(
              trx,
            );
            await log(trx, row, 'share', 1, via);
            await tell(trx, coaching.coach_id, 'share-added', coaching.id, id);
          });
          return (await this.mine()).find((s) => s.id === id)!;
        },

        /**
         * A share pushed from the leader's laptop, where the journal is: shared the first time,
         * a new version when it changed since, left alone when it did not.
         */
        async push(
          coachEmail: string,
          snapshot: Snapshot,
          expiresAt: Date | null,
          via: Via,
        ): Promise<{ outcome: 'shared' | 'updated' | 'unchanged'; share: ShareView }> {
          const { rows } =
            await sql<CoachingRow>`select c.* from team_coaching c join team_accounts a on a.id = c.coach_id
            where c.leader_id = ${me} and c.ended_at is null and c.accepted_at is not null
              and lower(a.email) = lower(${coachEmail})`.execute(mine);
          const coaching = rows[0];
          if (coaching === undefined) {
            throw new AppError(
              'not-found',
              `${coachEmail} is not your coach on this server (or has not accepted yet): ask them on the Coaching page first.`,
              { field: 'with' },
            );
          }
          const existing = await sql<ShareRow>`${SHARES(now())}
            where s.coaching_id = ${coaching.id} and s.leader_id = ${me} and s.kind = ${snapshot.kind}
              and s.item_key = ${snapshot.key} and s.revoked_at is null`.execute(mine);
          const live = existing.rows.find((r) => r.live);
          if (live === undefined)
            return { outcome: 'shared', share: await this.share(coaching, snapshot, expiresAt, via) };
          if (canonical(live.snapshot) === canonical(snapshot.content)) {
            return { outcome: 'unchanged', share: (await this.mine()).find((s) => s.id === live.id)! };
          }
          return { outcome: 'updated', share: await this.update(live.id, snapshot, via) };
        },

        /** A share of mine with its stored snapshot, to compare with the journal today. */
        async myShare(id: string): Promise<ShareRow> {
          return myShare(mine, id);
        },

        /** The leader shares what the item is now: a new version; the coach sees only the latest. */
        async update(id: string, snapshot: Snapshot, via: Via): Promise<ShareView> {
          await mine.transaction().execute(async (trx) => {
            const row = await myShare(trx, id);
            if (!row.live) throw noShare(id);
            const version = row.version + 1;
            await sql`update team_shares set version = ${version}, title = ${snapshot.title},
                snapshot = ${JSON.stringify(snapshot.content)}::jsonb, updated_at = ${now()}
              where id = ${id} and leader_id = ${me}`.execute(trx);
            await log(trx, row, 'update', version, via);
            await tell(trx, row.coach_id, 'share-updated', row.coaching_id, id);
          });
          return (await this.mine()).find((s) => s.id === id)!;
        },

        /** Takes effect on the next request on any instance: every read goes to the database. */
        async revoke(id: string, via: Via): Promise<ShareView> {
          await mine.transaction().execute(async (trx) => {
            const row = await myShare(trx, id);
            if (!row.live) return;
            await sql`update team_shares set revoked_at = ${now()} where id = ${id} and leader_id = ${me}`.execute(
              trx,
            );
            await log(trx, row, 'revoke', row.version, via);
            await tell(trx, row.coach_id, 'share-revoked', row.coaching_id, id);
          });
          return (await this.mine()).find((s) => s.id === id)!;
        },

        /** Everything I shared, newest first, each with its reader and how often it was read. */
        async mine(): Promise<ShareView[]> {
          const { rows } = await sql<ShareRow & { views: string; last_viewed_at: Date | null }>`
            select s.*, c.ended_at as coaching_ended_at, ${LIVE(now())} as live,
              count(l.id) as views, max(l.at) as last_viewed_at
            from team_shares s join team_coaching c on c.id = s.coaching_id
              left join team_access_log l on l.share_id = s.id and l.action = 'view'
            where s.leader_id = ${me}
            group by s.id, c.ended_at order by s.shared_at desc, s.id`.execute(mine);
          const people = await names(rows.map((r) => r.coach_id));
          return rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            key: r.item_key,
            title: r.title,
            coach: person(people, r.coach_id),
            version: r.version,
            sharedAt: r.shared_at.toISOString(),
            updatedAt: r.updated_at.toISOString(),
            expiresAt: iso(r.expires_at),
            // Ending the coaching ended the share: the same to the leader as a revocation.
            revokedAt: iso(r.revoked_at ?? r.coaching_ended_at),
            live: r.live,
            views: Number(r.views),
            lastViewedAt: iso(r.last_viewed_at),
          }));
        },

        /** What others shared with me and I can read now. */
        async withMe(): Promise<SharedWithMe[]> {
          const { rows } = await sql<ShareRow>`${SHARES(now())}
            where s.coach_id = ${me} and s.revoked_at is null and c.ended_at is null
            order by s.updated_at desc, s.id`.execute(mine);
          const open = rows.filter((r) => r.live);
          const people = await names(open.map((r) => r.leader_id));
          return open.map((r) => ({
            id: r.id,
            kind: r.kind,
            title: r.title,
            leader: person(people, r.leader_id),
            version: r.version,
            sharedAt: r.shared_at.toISOString(),
            updatedAt: r.updated_at.toISOString(),
            expiresAt: iso(r.expires_at),
          }));
        },

        /**
         * One shared item with its comments. Its leader reads it any time; its coach only while it
         * is live, and each of the coach's reads goes in the access log.
         */
        async read(id: string, via: Via): Promise<SharedItem> {
          // One statement, one round trip: the share, the view in the access log (only for its
          // coach, and only while it is live), the thread and the names.
          // The log's insert returns nothing: its read policy shows rows to the leader alone. The names
          // are looked up by a list of ids: an OR with a subquery read every account of the server.
          const at = now();
          const { rows } = await sql<ShareRow & { comments: CommentJson[]; people: Person[] }>`
            with share as (${SHARES(at)}
              where s.id = ${id} and (s.leader_id = ${me} or (s.coach_id = ${me} and s.revoked_at is null))),
            viewed as (
              insert into team_access_log (id, organisation_id, leader_id, share_id, actor_id, action, version, via, at)
              select ${randomUUID()}, organisation_id, leader_id, id, ${me}, 'view', version, ${via}, ${at} from share
              where coach_id = ${me} and live)
            select share.*,
              coalesce((select json_agg(json_build_object('id', m.id, 'author_id', m.author_id, 'body', m.body, 'at', m.at)
                  order by m.at, m.id)
                from team_comments m where m.share_id = share.id and (m.leader_id = ${me} or m.coach_id = ${me})), '[]') as comments,
              coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name)) from team_accounts a
                where a.id in (select share.leader_id union select share.coach_id
                  union select m.author_id from team_comments m where m.share_id = share.id)), '[]') as people
            from share`.execute(mine);
          const row = rows[0];
          if (row === undefined || (row.leader_id !== me && !row.live)) throw noShare(id);
          const people = new Map(row.people.map((p) => [p.id, p]));
          return {
            id: row.id,
            kind: row.kind,
            title: row.title,
            leader: person(people, row.leader_id),
            coach: person(people, row.coach_id),
            version: row.version,
            sharedAt: row.shared_at.toISOString(),
            updatedAt: row.updated_at.toISOString(),
            expiresAt: iso(row.expires_at),
            content: row.snapshot,
            comments: row.comments.map((c) => ({
              id: c.id,
              author: person(people, c.author_id),
              body: c.body,
              // In JSON a timestamp is text, with microseconds; the API shows milliseconds, as elsewhere.
              at: new Date(c.at).toISOString(),
            })),
          };
        },

        /** The leader and the coach talk about a live item, in one thread per item. */
        async comment(id: string, text: string): Promise<CommentView> {
          const { rows } = await sql<ShareRow>`${SHARES(now())}
            where s.id = ${id} and (s.leader_id = ${me} or s.coach_id = ${me}) and s.revoked_at is null`.execute(
            mine,
          );
          const row = rows[0];
          if (row === undefined || !row.live) throw noShare(id);
          const comment = { id: randomUUID(), at: now() };
          await mine.transaction().execute(async (trx) => {
            await sql`insert into team_comments (id, share_id, leader_id, coach_id, author_id, body, at)
              values (${comment.id}, ${id}, ${row.leader_id}, ${row.coach_id}, ${me}, ${text}, ${comment.at})`.execute(
              trx,
            );
            const other = row.leader_id === me ? row.coach_id : row.leader_id;
            await tell(trx, other, 'comment-added', row.coaching_id, id);
          });
          return {
            id: comment.id,
            author: { id: me, name: account.name },
            body: text,
            at: comment.at.toISOString(),
          };
        },

        /** What happened for me after event `afterId` (a stream's Last-Event-ID), oldest first. */
        events(afterId: string): Promise<TeamEvent[]> {
          return eventsAfter(mine, me, afterId);
        },
        latestEvent(): Promise<string> {
          return latestEventId(mine, me);
        },

        /** Who did what with my shared items, oldest first: the log the leader reads and exports. */
        async accessLog(): Promise<AccessEntry[]> {
          const { rows } = await sql<{
            at: Date;
            action: AccessAction;
            share_id: string;
            title: string;
            kind: ShareKind;
            actor_id: string;
            version: number;
            via: Via;
          }>`select l.at, l.action, l.share_id, s.title, s.kind, l.actor_id, l.version, l.via
            from team_access_log l join team_shares s on s.id = l.share_id
            where l.leader_id = ${me} order by l.at, l.id`.execute(mine);
          const people = await names(rows.map((r) => r.actor_id));
          return rows.map((r) => ({
            at: r.at.toISOString(),
            action: r.action,
            shareId: r.share_id,
            title: r.title,
            kind: r.kind,
            actor: person(people, r.actor_id),
            version: r.version,
            via: r.via,
          }));
        },
      };
    },
  };
}

export type TeamSharing = ReturnType<typeof teamSharing>;
export type SharingFor = ReturnType<TeamSharing['as']>;
