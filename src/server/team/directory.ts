import { randomUUID } from 'node:crypto';
import { type CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';
import { hashPassword, newToken, passwordMatches, spendPasswordTime, tokenHash } from './credentials.js';
import { passkeyDirectory } from './passkeys.js';
import { MUST_ENROL, secondFactorDirectory, WrongProof } from './second-factor.js';

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
const RECOVERY_NOT_VALID =
  'This recovery link is not valid: it was used already, or it is more than 10 minutes old. Ask an admin for a new one.';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Invitations and recovery links are one kind of row (`team_links`): a token's SHA-256, a purpose,
 * 10 minutes to live, spent once. These two are the only ways in and out of that table.
 */
async function issueLink(
  db: Db,
  at: Date,
  link: {
    purpose: 'invitation' | 'recovery';
    organisationId: string;
    email: string;
    role: Role;
    createdBy: string | null;
    accountId?: string;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(at.getTime() + LINK_MS);
  await sql`insert into team_links (token_hash, purpose, organisation_id, email, role, created_by, account_id, created_at, expires_at)
    values (${tokenHash(token)}, ${link.purpose}, ${link.organisationId}, ${link.email}, ${link.role},
      ${link.createdBy}, ${link.accountId ?? null}, ${at}, ${expiresAt})`.execute(db);
  return { token, expiresAt };
}

/**
 * Spends a link in the transaction that reads it, so two tabs racing with one link get one use.
 * Undefined: unknown, used, expired, or made for the other purpose.
 */
async function spendLink(
  trx: Transaction<Database>,
  at: Date,
  token: string,
  purpose: 'invitation' | 'recovery',
): Promise<{ organisation_id: string; email: string; role: Role; account_id: string | null } | undefined> {
  const { rows } = await sql<{
    organisation_id: string;
    email: string;
    role: Role;
    account_id: string | null;
  }>`
    update team_links set used_at = ${at}
    where token_hash = ${tokenHash(token)} and purpose = ${purpose} and used_at is null and expires_at > ${at}
    returning organisation_id, email, role, account_id`.execute(trx);
  return rows[0];
}

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

  /**
   * "Is it really you?" before a change to how the signed-in person signs in (adding or removing a
   * passkey): their own password again, so that a session left open on someone else's screen is
   * not enough to add a way in. A wrong one counts as a failed sign-in (WrongProof, underLimits).
   */
  async function confirmPassword(account: Account, password: string): Promise<void> {
    const { rows } = await sql<{ password_hash: string }>`
      select password_hash from team_accounts where id = ${account.id}`.execute(db);
    const row = rows[0];
    if (row === undefined || !(await passwordMatches(row.password_hash, password))) {
      throw new WrongProof(
        'invalid',
        'That is not your password. Changing how you sign in asks for it again, so that a browser left signed in is not enough.',
        'password',
      );
    }
  }

  const secondFactor = secondFactorDirectory(db, now, secretKey, { accountById, startSession });
  const passkeys = passkeyDirectory(db, now, { accountById, startSession });

  type SessionRow = AccountRow & { last_seen_at: Date; expires_at: Date; must_enrol: boolean };

  /**
   * The session check as a query of its own (at most one row; `id` is the account), so that the
   * server can run it on the request's connection and name the account in the same round trip
   * (row-security.ts `onePerRequest`). Whether the organisation waits for a second factor of this
   * account comes in the same row: every request needs both answers.
   */
  // Compiled once: the text is the same for every token, so each request only fills in the hash
  // (and the same text object is found at once where statements are named by their text). The
  // account's columns are named: its password hash has no business in every request.
  let sessionCheck: CompiledQuery | undefined;
  function sessionQuery(token: string): CompiledQuery {
    sessionCheck ??= sql`select a.id, a.organisation_id, a.email, a.name, a.role, a.disabled_at,
        s.last_seen_at, s.expires_at,
        ${MUST_ENROL(sql.ref('a.id'), sql.ref('a.organisation_id'))} as must_enrol
      from team_sessions s join team_accounts a on a.id = s.account_id
      where s.token_hash = ${''}`.compile(db);
    return { ...sessionCheck, parameters: [tokenHash(token)] };
  }

  /**
   * The account `sessionQuery(token)`'s row signs in, or undefined: no row, idle too long,
   * expired, disabled (the session is then ended). `mustEnrol`: its organisation requires a second
   * factor it has not set up.
   */
  async function signedInFrom(
    token: string,
    found: Record<string, unknown> | undefined,
  ): Promise<{ account: Account; mustEnrol: boolean } | undefined> {
    if (found === undefined) return undefined;
    const row = found as unknown as SessionRow;
    const hash = tokenHash(token);
    const at = now();
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
    return { account: toAccount(row), mustEnrol: row.must_enrol };
  }

  async function signedIn(token: string): Promise<{ account: Account; mustEnrol: boolean } | undefined> {
    const { rows } = await db.executeQuery<Record<string, unknown>>(sessionQuery(token));
    return signedInFrom(token, rows[0]);
  }

  return {
    accountById,
    checkPassword,
    confirmPassword,
    startSession,
    /** Authenticator-app codes and recovery codes (second-factor.ts). */
    secondFactor,
    /** Passkeys and their challenges (passkeys.ts). */
    passkeys,

    /** `handson server bootstrap`: a new organisation and a link for its first admin. */
    async bootstrap(
      organisation: string,
      adminEmail: string,
    ): Promise<{ organisationId: string; token: string }> {
      const organisationId = randomUUID();
      const at = now();
      return db.transaction().execute(async (trx) => {
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
        const { token } = await issueLink(trx, at, {
          purpose: 'invitation',
          organisationId,
          email: adminEmail,
          role: 'admin',
          createdBy: null,
        });
        return { organisationId, token };
      });
    },

    /** An admin invites someone by address; the link is the only way to the account. */
    async invite(admin: Account, email: string, role: Role): Promise<{ token: string; expiresAt: Date }> {
      return issueLink(db, now(), {
        purpose: 'invitation',
        organisationId: admin.organisationId,
        email,
        role,
        createdBy: admin.id,
      });
    },

    /**
     * An admin makes a recovery link for someone of their organisation who lost their password.
     * Admins manage accounts, so an address with no account *in their organisation* is said to be
     * one; another organisation's accounts answer the same, so nothing leaks across organisations.
     */
    async issueRecovery(admin: Account, email: string): Promise<{ token: string; expiresAt: Date }> {
      const { rows } = await sql<AccountRow>`select * from team_accounts
        where lower(email) = lower(${email}) and organisation_id = ${admin.organisationId}`.execute(db);
      const target = rows[0] && toAccount(rows[0]);
      if (target === undefined) {
        throw new AppError('not-found', 'There is no account with this address in your organisation.', {
          field: 'email',
        });
      }
      if (target.disabled) {
        throw new AppError('conflict', 'This account is disabled: a recovery link would not open it.', {
          field: 'email',
        });
      }
      return issueLink(db, now(), {
        purpose: 'recovery',
        organisationId: target.organisationId,
        email: target.email,
        role: target.role,
        createdBy: admin.id,
        accountId: target.id,
      });
    },

    /**
     * Uses a recovery link: a new password, and every session and half sign-in of the account
     * ended. The link replaces the password only: with a second factor, what comes next is that
     * factor's step (as after a password), not a session.
     */
    async recover(
      token: string,
      password: string,
    ): Promise<
      | { account: Account; session: { token: string; expiresAt: Date } }
      | { account: Account; secondFactor: 'totp'; pending: { token: string; expiresAt: Date } }
      | { account: Account; secondFactor: 'passkey' }
    > {
      const passwordHash = await hashPassword(password);
      const account = await db.transaction().execute(async (trx) => {
        const link = await spendLink(trx, now(), token, 'recovery');
        const target = link?.account_id ? await accountById(link.account_id) : undefined;
        if (target === undefined) throw new AppError('invalid', RECOVERY_NOT_VALID, { field: 'token' });
        if (target.disabled) {
          throw new AppError('forbidden', 'This account is disabled: ask an admin of your organisation.', {
            field: 'token',
          });
        }
        await sql`update team_accounts set password_hash = ${passwordHash} where id = ${target.id}`.execute(
          trx,
        );
        await sql`delete from team_sessions where account_id = ${target.id}`.execute(trx);
        await sql`delete from team_pending_sign_ins where account_id = ${target.id}`.execute(trx);
        // Any other recovery link for the account is spent too: the one used is the answer.
        await sql`update team_links set used_at = ${now()}
          where account_id = ${target.id} and purpose = 'recovery' and used_at is null`.execute(trx);
        return target;
      });
      const next = await secondFactor.nextStep(account);
      if (next !== undefined) return { account, ...next };
      return { account, session: await startSession(account.id) };
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
        const link = await spendLink(trx, now(), token, 'invitation');
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
      if ((await secondFactor.status(account)).active || (await passkeys.count(account.id)) > 0) {
        throw new AppError('unauthorized', 'This account asks for a second factor too.');
      }
      return { account, session: await startSession(account.id) };
    },

    sessionQuery,
    signedInFrom,

    async sessionAccount(token: string): Promise<Account | undefined> {
      return (await signedIn(token))?.account;
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
