import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';
import { hashPassword, newToken, passwordMatches, spendPasswordTime, tokenHash } from './credentials.js';
import { secondFactorDirectory } from './second-factor.js';

export type Role = 'admin' | 'member' | 'guest';

export interface Account {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

/**
 * How long a sign-in lasts. Idle: a session unused this long ends (a laptop left open in a
 * meeting room). Absolute: every session ends this long after sign-in, used or not (ASVS asks
 * for re-authentication on both counts).
 */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Invitation and recovery links: single use, and short-lived because they travel by email. */
export const LINK_MS = 10 * 60 * 1000;
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_MS = 60 * 1000;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export interface AccountRow {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
}

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.disabled_at !== null,
  };
}

const NOT_SIGNED_IN = 'The email address or the password is not right.';

/**
 * The organisation's people and their ways in: every read and write of the team tables. The
 * clock is passed in, so tests move time instead of waiting for it. Nothing here reads a journal.
 * `secretKey` (HANDSON_SECRET_KEY) seals second factors' secrets; without it none can be set up.
 */
export function teamDirectory(
  db: Kysely<Database>,
  clock: () => Date = () => new Date(),
  secretKey?: Uint8Array,
) {
  const now = () => clock();

  async function accountById(id: string): Promise<Account | undefined> {
    const { rows } = await sql<AccountRow>`select * from team_accounts where id = ${id}`.execute(db);
    return rows[0] && toAccount(rows[0]);
  }

  async function startSession(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const at = now();
    const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS);
    await sql`insert into team_sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
      values (${tokenHash(token)}, ${accountId}, ${at}, ${at}, ${expiresAt})`.execute(db);
    return { token, expiresAt };
  }

  /** The same answer, and about the same time, for an unknown address and a wrong password. */
  async function checkPassword(email: string, password: string): Promise<Account> {
    const { rows } = await sql<AccountRow & { password_hash: string }>`
      select * from team_accounts where lower(email) = lower(${email})`.execute(db);
    const row = rows[0];
    if (row === undefined) {
      await spendPasswordTime(password);
      throw new AppError('unauthorized', NOT_SIGNED_IN);
    }
    if (!(await passwordMatches(row.password_hash, password)) || row.disabled_at !== null) {
      throw new AppError('unauthorized', NOT_SIGNED_IN);
    }
    return toAccount(row);
  }

  const secondFactor = secondFactorDirectory(db, now, secretKey, { accountById, startSession });

  return {
    accountById,
    checkPassword,
    startSession,
    /** Authenticator-app codes and recovery codes (second-factor.ts). */
    secondFactor,

    /** `handson server bootstrap`: a new organisation and a link for its first admin. */
    async bootstrap(
      organisation: string,
      adminEmail: string,
    ): Promise<{ organisationId: string; token: string }> {
      const organisationId = randomUUID();
      const token = newToken();
      const at = now();
      await db.transaction().execute(async (trx) => {
        const taken =
          await sql`select 1 from team_accounts where lower(email) = lower(${adminEmail})`.execute(trx);
        if (taken.rows.length > 0) {
          throw new AppError('conflict', `${adminEmail} already has an account on this server.`, {
            field: 'admin',
          });
        }
        await sql`insert into team_organisations (id, name, created_at) values (${organisationId}, ${organisation}, ${at})`.execute(
          trx,
        );
        await sql`insert into team_links (token_hash, purpose, organisation_id, email, role, created_at, expires_at)
          values (${tokenHash(token)}, 'invitation', ${organisationId}, ${adminEmail}, 'admin', ${at},
            ${new Date(at.getTime() + LINK_MS)})`.execute(trx);
      });
      return { organisationId, token };
    },

    /** An admin invites someone by address; the link is the only way to the account. */
    async invite(admin: Account, email: string, role: Role): Promise<{ token: string; expiresAt: Date }> {
      const token = newToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + LINK_MS);
      await sql`insert into team_links (token_hash, purpose, organisation_id, email, role, created_by, created_at, expires_at)
        values (${tokenHash(token)}, 'invitation', ${admin.organisationId}, ${email}, ${role}, ${admin.id}, ${at}, ${expiresAt})`.execute(
        db,
      );
      return { token, expiresAt };
    },

    /**
     * Uses an invitation: makes the account and signs it in. The link is spent in the same
     * transaction that reads it, so two tabs racing with one link make one account.
     */
    async acceptInvitation(
      token: string,
      name: string,
      password: string,
    ): Promise<{ account: Account; session: { token: string; expiresAt: Date } }> {
      const passwordHash = await hashPassword(password);
      const account = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ organisation_id: string; email: string; role: Role }>`
          update team_links set used_at = ${now()}
          where token_hash = ${tokenHash(token)} and purpose = 'invitation' and used_at is null and expires_at > ${now()}
          returning organisation_id, email, role`.execute(trx);
        const link = rows[0];
        if (link === undefined) {
          throw new AppError(
            'invalid',
            'This invitation link is not valid: it was used already, or it is more than 10 minutes old. Ask for a new one.',
            { field: 'token' },
          );
        }
        const taken =
          await sql`select 1 from team_accounts where lower(email) = lower(${link.email})`.execute(trx);
        if (taken.rows.length > 0) {
          throw new AppError('conflict', 'This address has an account already: sign in instead.', {
            field: 'token',
          });
        }
        const id = randomUUID();
        await sql`insert into team_accounts (id, organisation_id, email, name, role, password_hash, created_at)
          values (${id}, ${link.organisation_id}, ${link.email}, ${name}, ${link.role}, ${passwordHash}, ${now()})`.execute(
          trx,
        );
        return {
          id,
          organisationId: link.organisation_id,
          email: link.email,
          name,
          role: link.role,
          disabled: false,
        };
      });
      return { account, session: await startSession(account.id) };
    },

    /** The password alone signs in only an account without a second factor. */
    async signIn(
      email: string,
      password: string,
    ): Promise<{ account: Account; session: { token: string; expiresAt: Date } }> {
      const account = await checkPassword(email, password);
      if ((await secondFactor.status(account)).active) {
        throw new AppError('unauthorized', 'This account asks for a code from an authenticator app too.');
      }
      return { account, session: await startSession(account.id) };
    },

    /** The account a cookie's token signs in, or undefined: unknown, idle too long, expired, disabled. */
    async sessionAccount(token: string): Promise<Account | undefined> {
      const hash = tokenHash(token);
      const { rows } = await sql<AccountRow & { last_seen_at: Date; expires_at: Date }>`
        select a.*, s.last_seen_at, s.expires_at from team_sessions s join team_accounts a on a.id = s.account_id
        where s.token_hash = ${hash}`.execute(db);
      const row = rows[0];
      const at = now();
      if (row === undefined) return undefined;
      if (
        row.disabled_at !== null ||
        at >= row.expires_at ||
        at.getTime() - row.last_seen_at.getTime() >= SESSION_IDLE_MS
      ) {
        await sql`delete from team_sessions where token_hash = ${hash}`.execute(db);
        return undefined;
      }
      if (at.getTime() - row.last_seen_at.getTime() >= TOUCH_MS) {
        await sql`update team_sessions set last_seen_at = ${at} where token_hash = ${hash}`.execute(db);
      }
      return toAccount(row);
    },

    async endSession(token: string): Promise<void> {
      await sql`delete from team_sessions where token_hash = ${tokenHash(token)}`.execute(db);
    },

    /** "Sign out everywhere": every session of the account, on every instance at once. */
    async endAllSessions(accountId: string): Promise<number> {
      const r = await sql`delete from team_sessions where account_id = ${accountId}`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },

    /** The organisation's people, as an admin sees them: accounts, never their content. */
    async members(organisationId: string): Promise<Account[]> {
      const { rows } = await sql<AccountRow>`
        select * from team_accounts where organisation_id = ${organisationId} order by lower(name), id`.execute(
        db,
      );
      return rows.map(toAccount);
    },

    /** Disabling ends the account's sessions at once; its journal stays, untouched and unread. */
    async disable(admin: Account, accountId: string): Promise<Account> {
      const target = await accountById(accountId);
      if (target === undefined || target.organisationId !== admin.organisationId) {
        throw new AppError('not-found', 'There is no such account in your organisation.', {
          field: 'accountId',
        });
      }
      if (target.id === admin.id) {
        throw new AppError('invalid', 'You cannot disable your own account; ask another admin.', {
          field: 'accountId',
        });
      }
      await db.transaction().execute(async (trx) => {
        await sql`update team_accounts set disabled_at = ${now()} where id = ${accountId} and disabled_at is null`.execute(
          trx,
        );
        await sql`delete from team_sessions where account_id = ${accountId}`.execute(trx);
      });
      return { ...target, disabled: true };
    },
  };
}

export type TeamDirectory = ReturnType<typeof teamDirectory>;
