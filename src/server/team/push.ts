import { randomInt, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';
import { newToken, tokenHash } from './credentials.js';
import { type Account, type AccountRow, toAccount } from './directory.js';

/** A laptop's sign-in code lives as long as an invitation: long enough to switch to the browser. */
export const DEVICE_CODE_MS = 10 * 60 * 1000;
/** How often the laptop asks whether its code was approved. */
export const POLL_SECONDS = 2;

/**
 * The code a person types in the browser: 8 letters without vowels (no words by accident) and
 * without letters that read alike; 20^8 ≈ 2.6 × 10^10 codes, live for ten minutes, and only a
 * signed-in person can try one.
 */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
function userCode(): string {
  const letters = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}
/** What a person types, whatever its case, spaces or dash, in the form it is stored. */
export function normaliseUserCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

export interface PushToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Push from a laptop (issue 11). A leader who keeps the journal locally signs the laptop in with a
 * device code (RFC 8628's shape): the laptop asks for a code, the person approves it in the
 * browser where they are signed in, the laptop collects a push token. That token only pushes
 * shares: it opens no session and reads nothing; it is stored as its SHA-256, listed and revocable
 * in the web app, and the owner of whatever it pushes is the token's account, never the request's.
 */
export function teamPush(db: Kysely<Database>, clock: () => Date = () => new Date()) {
  const now = () => clock();
  return {
    async start(name: string): Promise<{ deviceCode: string; userCode: string; expiresAt: Date }> {
      const deviceCode = newToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + DEVICE_CODE_MS);
      // A clash of user codes among the live ones is unlikely; a retry makes it impossible.
      for (let attempt = 0; ; attempt++) {
        const code = userCode();
        try {
          await sql`delete from team_device_codes where expires_at < ${at}`.execute(db);
          await sql`insert into team_device_codes (device_code_hash, user_code, name, created_at, expires_at)
            values (${tokenHash(deviceCode)}, ${code}, ${name}, ${at}, ${expiresAt})`.execute(db);
          return { deviceCode, userCode: code, expiresAt };
        } catch (e) {
          if ((e as { code?: string }).code !== '23505' || attempt >= 3) throw e;
        }
      }
    },

    /** The signed-in person says the code on the laptop is theirs. */
    async approve(account: Account, typed: string): Promise<{ name: string }> {
      const { rows } = await sql<{
        name: string;
      }>`update team_device_codes set account_id = ${account.id}, approved_at = ${now()}
        where user_code = ${normaliseUserCode(typed)} and approved_at is null and expires_at > ${now()}
        returning name`.execute(db);
      if (rows[0] === undefined) {
        throw new AppError(
          'not-found',
          'That code is not waiting for approval: check it against the one your terminal shows, or run `handson remote add` again (codes last 10 minutes).',
          { field: 'userCode' },
        );
      }
      return rows[0];
    },

    /** The laptop's poll: pending until approved, then the push token, once. */
    async collect(
      deviceCode: string,
    ): Promise<{ status: 'pending' } | { status: 'approved'; token: string; id: string; account: string }> {
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          account_id: string | null;
          name: string;
          expires_at: Date;
          used_at: Date | null;
        }>`select account_id, name, expires_at, used_at from team_device_codes
          where device_code_hash = ${tokenHash(deviceCode)} for update`.execute(trx);
        const row = rows[0];
        if (row === undefined || row.used_at !== null || row.expires_at <= now()) {
          throw new AppError(
            'invalid',
            'This sign-in code has expired or was used already; run `handson remote add` again.',
            { field: 'deviceCode' },
          );
        }
        if (row.account_id === null) return { status: 'pending' as const };
        await sql`update team_device_codes set used_at = ${now()} where device_code_hash = ${tokenHash(deviceCode)}`.execute(
          trx,
        );
        const token = newToken();
        const id = randomUUID();
        await sql`insert into team_push_tokens (id, token_hash, account_id, name, created_at)
          values (${id}, ${tokenHash(token)}, ${row.account_id}, ${row.name}, ${now()})`.execute(trx);
        const owner = await sql<{
          name: string;
        }>`select name from team_accounts where id = ${row.account_id}`.execute(trx);
        return { status: 'approved' as const, token, id, account: owner.rows[0]?.name ?? '' };
      });
    },

    /** The account a push token pushes for, or undefined: unknown, revoked, or its account disabled. */
    async pusher(token: string): Promise<(Account & { tokenId: string }) | undefined> {
      const { rows } = await sql<AccountRow & { token_id: string; last_used_at: Date | null }>`
        select a.*, t.id as token_id, t.last_used_at from team_push_tokens t join team_accounts a on a.id = t.account_id
        where t.token_hash = ${tokenHash(token)} and t.revoked_at is null`.execute(db);
      const row = rows[0];
      if (row === undefined || row.disabled_at !== null) return undefined;
      await sql`update team_push_tokens set last_used_at = ${now()} where id = ${row.token_id}`.execute(db);
      return { ...toAccount(row), tokenId: row.token_id };
    },

    async tokens(account: Account): Promise<PushToken[]> {
      const { rows } = await sql<{
        id: string;
        name: string;
        created_at: Date;
        last_used_at: Date | null;
        revoked_at: Date | null;
      }>`select id, name, created_at, last_used_at, revoked_at from team_push_tokens
        where account_id = ${account.id} order by created_at desc, id`.execute(db);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at.toISOString(),
        lastUsedAt: r.last_used_at?.toISOString() ?? null,
        revokedAt: r.revoked_at?.toISOString() ?? null,
      }));
    },

    /** Ends a token of the account's; its next push is refused, on any instance. */
    async revoke(accountId: string, id: string): Promise<void> {
      const r = await sql`update team_push_tokens set revoked_at = coalesce(revoked_at, ${now()})
        where id = ${id} and account_id = ${accountId}`.execute(db);
      if (Number(r.numAffectedRows ?? 0) === 0) {
        throw new AppError('not-found', `You have no push token "${id}".`, { field: 'id' });
      }
    },
  };
}

export type TeamPush = ReturnType<typeof teamPush>;
