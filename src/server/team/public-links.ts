import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { PublicKind, PublicSnapshot } from '../../app/public-links/snapshot.js';
import type { PublicLinkView } from '../../app/public-links/views.js';
import { AppError } from '../../errors.js';
import { kyselyForActor } from '../../store/row-security.js';
import type { Database } from '../../store/tables.js';
import { newToken, tokenHash } from './credentials.js';
import type { Account } from './directory.js';

/** How long a link works unless the person says otherwise, and the longest they may choose. */
export const DEFAULT_LINK_DAYS = 30;
export const MAX_LINK_DAYS = 365;

/** A token as newToken makes it: 32 bytes in base64url. Anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type { PublicLinkView };

interface LinkRow {
  id: string;
  account_id: string;
  kind: PublicKind;
  title: string;
  snapshot: PublicSnapshot | null;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

/** What a visitor's token opens: a live card, or a link that existed and is over (410). */
export type Visit = { state: 'live'; id: string; snapshot: PublicSnapshot } | { state: 'gone' };

const noLink = (id: string) =>
  new AppError('not-found', `You have no public link "${id}"; see the list of your public links.`, {
    field: 'id',
  });

/**
 * Public links on the organisation's server (issue 12). The author's calls run on a connection
 * naming them (row-level policies, team schema v8, show them their own links only); a visitor's run
 * on one naming the hash of the token they hold, which shows that one link and nothing else.
 */
export function teamPublicLinks(db: Kysely<Database>, pool: pg.Pool, clock: () => Date = () => new Date()) {
  const live = (r: Pick<LinkRow, 'revoked_at' | 'expires_at'>) =>
    r.revoked_at === null && r.expires_at > clock();

  return {
    as(account: Account) {
      const me = account.id;
      const mine = kyselyForActor(pool, me);

      async function list(): Promise<PublicLinkView[]> {
        const { rows } = await sql<LinkRow & { opens: string; last_opened_at: Date | null }>`
          select l.id, l.kind, l.title, l.created_at, l.expires_at, l.revoked_at,
            count(o.link_id) as opens, max(o.at) as last_opened_at
          from team_public_links l left join team_public_link_opens o on o.link_id = l.id
          where l.account_id = ${me}
          group by l.id order by l.created_at desc, l.id`.execute(mine);
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          createdAt: r.created_at.toISOString(),
          expiresAt: r.expires_at.toISOString(),
          revokedAt: r.revoked_at === null ? null : r.revoked_at.toISOString(),
          live: live(r),
          opens: Number(r.opens),
          lastOpenedAt: r.last_opened_at === null ? null : r.last_opened_at.toISOString(),
        }));
      }

      return {
        list,

        /** Stores the snapshot frozen; answers the token, which exists nowhere else from now on. */
        async publish(
          snapshot: PublicSnapshot,
          days: number,
        ): Promise<{ link: PublicLinkView; token: string }> {
          if (!Number.isInteger(days) || days < 1 || days > MAX_LINK_DAYS) {
            throw new AppError(
              'invalid',
              `days: expected a whole number of days from 1 to ${MAX_LINK_DAYS}`,
              {
                field: 'days',
              },
            );
          }
          const id = randomUUID();
          const token = newToken();
          const at = clock();
          const expires = new Date(at.getTime() + days * 86_400_000);
          await sql`insert into team_public_links (id, account_id, token_hash, kind, title, snapshot, created_at, expires_at)
            values (${id}, ${me}, ${tokenHash(token)}, ${snapshot.kind}, ${snapshot.title},
              ${JSON.stringify(snapshot)}::jsonb, ${at}, ${expires})`.execute(mine);
          return { link: (await list()).find((l) => l.id === id)!, token };
        },

        /** The page answers 410 from the next request on, on every instance. */
        async revoke(id: string): Promise<PublicLinkView> {
          const { rows } = await sql<{ id: string }>`update team_public_links
            set revoked_at = coalesce(revoked_at, ${clock()}), snapshot = null
            where id = ${id} and account_id = ${me} returning id`.execute(mine);
          if (rows[0] === undefined) throw noLink(id);
          return (await list()).find((l) => l.id === id)!;
        },
      };
    },

    /**
     * What `token` opens, or undefined when it opens nothing (never issued). `count`: the page was
     * opened, so the author's count goes up; the image is fetched by link previews, not people.
     */
    async visit(token: string, count: boolean): Promise<Visit | undefined> {
      if (!TOKEN.test(token)) return undefined;
      const hash = tokenHash(token);
      return db.transaction().execute(async (trx) => {
        // For this transaction only: the connection goes back to the pool naming no link.
        await sql`select set_config('app.public_link', ${hash}, true)`.execute(trx);
        const { rows } = await sql<LinkRow>`select id, snapshot, expires_at, revoked_at
          from team_public_links where token_hash = ${hash}`.execute(trx);
        const row = rows[0];
        if (row === undefined) return undefined;
        if (!live(row) || row.snapshot === null) return { state: 'gone' as const };
        if (count) {
          await sql`insert into team_public_link_opens (link_id, at) values (${row.id}, ${clock()})`.execute(
            trx,
          );
        }
        return { state: 'live' as const, id: row.id, snapshot: row.snapshot };
      });
    },
  };
}

export type TeamPublicLinks = ReturnType<typeof teamPublicLinks>;
