import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { encodeBase32NoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../errors.js';
import type { Database } from '../../store/tables.js';
import { newToken, tokenHash } from './credentials.js';
import type { Account } from './directory.js';
import type { SignInLimits } from './limits.js';

/**
 * A second factor for the organisation's server: a code from an authenticator app (TOTP, RFC 6238:
 * HMAC-SHA1, 30-second steps, 6 digits — what every such app reads from an `otpauth://` URI), and
 * one-time recovery codes for the day the phone is lost. Decision 0023 explains the choices.
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Hands-on';
/** A password right, a code still to come: how long that half sign-in waits. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;
/** Wrong codes one password may try before the password is needed again. */
export const PENDING_ATTEMPTS = 5;
export const RECOVERY_CODES = 10;
/** 24 characters of base32, 120 bits: enough that a plain SHA-256 keeps them (ASVS 5.0 6.5.2). */
const RECOVERY_LENGTH = 24;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The half sign-in's cookie: `__Host-` as the session's, and sent only by this site's own pages. */
export const PENDING_COOKIE = '__Host-handson_pending';
export function pendingCookie(token: string, expiresAt: Date, now: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${PENDING_COOKIE}=${token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAge}`;
}
export const CLEAR_PENDING_COOKIE = `${PENDING_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0`;

/**
 * What a session may still do while its organisation requires a second factor the account has not
 * set up: look at itself, sign out, and set one up. Every other API route answers 403.
 */
export const ALLOWED_WHILE_ENROLLING: ReadonlySet<string> = new Set([
  'GET /api/auth/me',
  'POST /api/auth/sign-out',
  'POST /api/auth/sign-out-everywhere',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/confirm',
  // A passkey with user verification is a second factor too (passkeys.ts).
  'GET /api/auth/passkeys',
  'POST /api/auth/passkeys/options',
  'POST /api/auth/passkeys/add',
]);

const code = z
  .string()
  .max(20)
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'expected the 6 digits your authenticator app shows now'));
const recoveryCode = z
  .string()
  .max(100)
  .transform((s) => s.toLowerCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .regex(
        new RegExp(`^[a-z2-7]{${RECOVERY_LENGTH}}$`),
        'expected one of your recovery codes, such as abcd-efgh-ijkl-mnop-qrst-uvwx',
      ),
  );
export const CodeInput = z.object({ code });
/** A current code, or one recovery code, to finish a sign-in or turn the second factor off. */
export const ProofInput = z
  .object({ code: code.optional(), recoveryCode: recoveryCode.optional() })
  .refine((p) => (p.code === undefined) !== (p.recoveryCode === undefined), {
    message: 'expected either the code from your authenticator app or a recovery code',
  });
export type Proof = z.output<typeof ProofInput>;
export const RequireInput = z.object({
  required: z.boolean({ message: 'expected true (require a second factor) or false' }),
});

/** A code or recovery code that was not right: counted against the sign-in limits. */
export class WrongProof extends AppError {
  constructor(code: ErrorCode, message: string, field: string, cause?: unknown) {
    super(code, message, { field, cause });
  }
}

/**
 * Runs a check of a code under the password limits (limits.ts): refused while they are used up, a
 * wrong code counted as a failed sign-in, a right one clearing the address's count.
 */
export async function underLimits<T>(
  limits: SignInLimits,
  email: string,
  client: string,
  attempt: () => Promise<T>,
): Promise<T> {
  await limits.check(email, client);
  let result: T;
  try {
    result = await attempt();
  } catch (e) {
    if (e instanceof WrongProof) await limits.failed(email, client);
    throw e;
  }
  await limits.succeeded(email, client);
  return result;
}

/** The 30-second step an instant falls in: the HOTP counter of RFC 6238. */
export function totpStep(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / (TOTP_PERIOD_S * 1000)));
}

/** The code an authenticator app shows at an instant (tests and the browser test use it too). */
export function totpCode(secret: Uint8Array, at: Date): string {
  return generateHOTP(secret, totpStep(at), TOTP_DIGITS);
}

/**
 * The step a code belongs to, if it is one of the current step or the one either side (clocks
 * drift, and people type slowly), and later than the last step used: a code works once.
 */
function matchingStep(
  secret: Uint8Array,
  given: string,
  at: Date,
  lastUsed: bigint | null,
): bigint | undefined {
  const now = totpStep(at);
  let found: bigint | undefined;
  // Every candidate is checked, so the time taken does not tell which one matched.
  for (const step of [now - 1n, now, now + 1n]) {
    const matches = verifyHOTP(secret, step, TOTP_DIGITS, given);
    if (matches && found === undefined && (lastUsed === null || step > lastUsed)) found = step;
  }
  return found;
}

/**
 * Secrets are sealed with AES-256-GCM under HANDSON_SECRET_KEY, the account's id bound in as
 * associated data: a dump of the database alone, or a sealed secret copied onto another account's
 * row, produces no code. `v1` names the format, so another can follow.
 */
function seal(key: Uint8Array, accountId: string, secret: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`handson-totp:${accountId}`, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv, sealed, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function unseal(key: Uint8Array, accountId: string, text: string): Uint8Array {
  const [version, iv, sealed, tag] = text.split('.');
  if (version !== 'v1' || iv === undefined || sealed === undefined || tag === undefined) {
    throw new Error(`A second factor's secret is in an unknown format (${version}).`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`handson-totp:${accountId}`, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
}

function newRecoveryCode(): string {
  let text = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) text += BASE32[randomInt(BASE32.length)];
  return text.match(/.{4}/g)!.join('-');
}

/** Stored as the SHA-256 of its letters alone, so `ABCD-efgh…` and `abcdefgh…` are one code. */
function recoveryHash(given: string): string {
  return tokenHash(given.toLowerCase().replace(/[^a-z2-7]/g, ''));
}

export interface SecondFactorStatus {
  /** A code is asked for at every sign-in. */
  active: boolean;
  /** The account's organisation requires one. */
  required: boolean;
  /** The server can keep secrets (it was given HANDSON_SECRET_KEY). */
  available: boolean;
}

const NO_KEY =
  'This server cannot keep second factors yet: whoever runs it must set HANDSON_SECRET_KEY (see `handson server --help`).';
/**
 * A confirmed authenticator app or a passkey: either proves more than the password. `account` is an
 * id, or a column (`sql.ref('a.id')`) when the check is part of a larger query.
 */
const HAS_FACTOR = (account: string | RawBuilder<unknown>) => sql`(exists (select 1 from team_second_factors f
      where f.account_id = ${account} and f.confirmed_at is not null)
    or exists (select 1 from team_passkeys p where p.account_id = ${account}))`;

/**
 * Whether an organisation that requires a second factor still waits for this account's, as a
 * column of the session check (directory.ts `sessionQuery`): every request asks, so it costs no round
 * trip of its own.
 */
export const MUST_ENROL = (account: RawBuilder<unknown>, organisation: RawBuilder<unknown>) =>
  sql<boolean>`exists (select 1 from team_organisations o
    where o.id = ${organisation} and o.require_second_factor and not ${HAS_FACTOR(account)})`;

/** Every route but enrolment is refused to an account that `MUST_ENROL`, with this. */
export function enrolFirst(): never {
  throw new AppError(
    'second-factor-required',
    'Your organisation asks for a second factor: add a passkey or set up an authenticator app (Settings, or the page shown after signing in) before anything else.',
  );
}

export const PENDING_ENDED =
  'This sign-in ended: it is more than 5 minutes old, or had too many wrong codes. Sign in again with your password.';
const WRONG_CODE =
  'That code is not right, or was used already. Type the code your authenticator app shows now.';
const WRONG_RECOVERY = 'That recovery code is not right, or was used already.';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Every read and write of the second-factor tables. Part of the team directory (directory.ts),
 * which passes in its clock, the key that seals secrets (none: the feature is off), and its ways
 * to read an account and start a session. No one — admins included — can read a secret back: only codes are checked.
 */
export function secondFactorDirectory(
  db: Kysely<Database>,
  now: () => Date,
  key: Uint8Array | undefined,
  accounts: {
    accountById(id: string): Promise<Account | undefined>;
    startSession(accountId: string): Promise<{ token: string; expiresAt: Date }>;
  },
) {
  function needKey(): Uint8Array {
    if (key === undefined) throw new AppError('conflict', NO_KEY);
    return key;
  }

  /** True, and the code or recovery code spent, when the proof is right for the account's active factor. */
  async function prove(trx: Db, accountId: string, proof: Proof): Promise<boolean> {
    if (proof.recoveryCode !== undefined) {
      const { rows } = await sql`update team_recovery_codes set used_at = ${now()}
        where account_id = ${accountId} and code_hash = ${recoveryHash(proof.recoveryCode)} and used_at is null
        returning 1`.execute(trx);
      return rows.length > 0;
    }
    const { rows } = await sql<{ secret: string; last_used_step: string | null }>`
      select secret, last_used_step from team_second_factors
      where account_id = ${accountId} and confirmed_at is not null`.execute(trx);
    const row = rows[0];
    if (row === undefined || proof.code === undefined) return false;
    const lastUsed = row.last_used_step === null ? null : BigInt(row.last_used_step);
    const step = matchingStep(unseal(needKey(), accountId, row.secret), proof.code, now(), lastUsed);
    if (step === undefined) return false;
    // Conditional, so two requests racing with one code cannot both pass.
    const spent = await sql`update team_second_factors set last_used_step = ${step.toString()}::bigint
      where account_id = ${accountId} and (last_used_step is null or last_used_step < ${step.toString()}::bigint)
      returning 1`.execute(trx);
    return spent.rows.length > 0;
  }

  function wrong(code: ErrorCode, proof: Proof): WrongProof {
    return proof.recoveryCode !== undefined
      ? new WrongProof(code, WRONG_RECOVERY, 'recoveryCode')
      : new WrongProof(code, WRONG_CODE, 'code');
  }

  async function isActive(accountId: string): Promise<boolean> {
    const { rows } = await sql`select 1 from team_second_factors
      where account_id = ${accountId} and confirmed_at is not null`.execute(db);
    return rows.length > 0;
  }

  async function hasPasskey(trx: Db, accountId: string): Promise<boolean> {
    const { rows } = await sql`select 1 from team_passkeys where account_id = ${accountId}`.execute(trx);
    return rows.length > 0;
  }

  /**
   * After the right password: a half sign-in waiting for a code, when the account has an
   * authenticator app; undefined when it has none.
   */
  async function startPending(account: Account): Promise<{ token: string; expiresAt: Date } | undefined> {
    if (!(await isActive(account.id))) return undefined;
    const token = newToken();
    const at = now();
    const expiresAt = new Date(at.getTime() + PENDING_SIGN_IN_MS);
    await sql`delete from team_pending_sign_ins where expires_at <= ${at}`.execute(db);
    await sql`insert into team_pending_sign_ins (token_hash, account_id, created_at, expires_at)
      values (${tokenHash(token)}, ${account.id}, ${at}, ${expiresAt})`.execute(db);
    return { token, expiresAt };
  }

  return {
    async status(account: Account): Promise<SecondFactorStatus> {
      const { rows } = await sql<{ required: boolean; active: boolean }>`
        select o.require_second_factor as required,
          exists (select 1 from team_second_factors f where f.account_id = ${account.id} and f.confirmed_at is not null) as active
        from team_organisations o where o.id = ${account.organisationId}`.execute(db);
      return {
        active: rows[0]?.active === true,
        required: rows[0]?.required === true,
        available: key !== undefined,
      };
    },

    /** A new secret, kept pending (not asked for at sign-in) until a code from it is confirmed. */
    async setup(account: Account): Promise<{ secret: string; uri: string }> {
      const sealKey = needKey();
      if (await isActive(account.id)) {
        throw new AppError(
          'conflict',
          'You have a second factor already. To move it to another app, turn it off first, then set it up again.',
        );
      }
      // 160 bits, the length RFC 4226 recommends for HMAC-SHA1.
      const secret = randomBytes(20);
      const at = now();
      await sql`insert into team_second_factors (account_id, secret, created_at)
        values (${account.id}, ${seal(sealKey, account.id, secret)}, ${at})
        on conflict (account_id) do update set secret = excluded.secret, created_at = excluded.created_at,
          confirmed_at = null, last_used_step = null
        where team_second_factors.confirmed_at is null`.execute(db);
      return {
        secret: encodeBase32NoPadding(secret),
        uri: createTOTPKeyURI(TOTP_ISSUER, account.email, secret, TOTP_PERIOD_S, TOTP_DIGITS),
      };
    },

    /** A code from the pending secret turns it on; the answer holds the recovery codes, shown this once. */
    async confirm(account: Account, given: string): Promise<{ recoveryCodes: string[] }> {
      const sealKey = needKey();
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ secret: string }>`select secret from team_second_factors
          where account_id = ${account.id} and confirmed_at is null for update`.execute(trx);
        const row = rows[0];
        if (row === undefined) {
          throw new AppError(
            'conflict',
            (await isActive(account.id))
              ? 'Your second factor is on already.'
              : 'There is nothing to confirm: start setting up a second factor first.',
          );
        }
        const step = matchingStep(unseal(sealKey, account.id, row.secret), given, now(), null);
        if (step === undefined) throw new WrongProof('invalid', WRONG_CODE, 'code');
        await sql`update team_second_factors set confirmed_at = ${now()}, last_used_step = ${step.toString()}::bigint
          where account_id = ${account.id}`.execute(trx);
        await sql`delete from team_recovery_codes where account_id = ${account.id}`.execute(trx);
        const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
        for (const c of recoveryCodes) {
          await sql`insert into team_recovery_codes (account_id, code_hash) values (${account.id}, ${recoveryHash(c)})`.execute(
            trx,
          );
        }
        return { recoveryCodes };
      });
    },

    /** The owner turns the factor off with a current code or a recovery code; its recovery codes go too. */
    async disable(account: Account, proof: Proof): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await isActive(account.id))) {
          throw new AppError('conflict', 'You have no second factor to turn off.');
        }
        // The same lock as removing a passkey: the two cannot each leave the other as the last one.
        const { rows } = await sql<{ required: boolean }>`select o.require_second_factor as required
          from team_accounts a join team_organisations o on o.id = a.organisation_id
          where a.id = ${account.id} for update of a`.execute(trx);
        if (rows[0]?.required === true && !(await hasPasskey(trx, account.id))) {
          throw new AppError(
            'conflict',
            'Your organisation requires a second factor and this authenticator app is your only one: add a passkey before turning it off.',
          );
        }
        if (!(await prove(trx, account.id, proof))) throw wrong('invalid', proof);
        await sql`delete from team_second_factors where account_id = ${account.id}`.execute(trx);
        await sql`delete from team_recovery_codes where account_id = ${account.id}`.execute(trx);
      });
    },

    /**
     * What the right password leads to: a half sign-in waiting for a code (an authenticator app),
     * a passkey to use instead (no app; the passkey signs in by itself), or, with neither, nothing.
     */
    async nextStep(
      account: Account,
    ): Promise<
      | { secondFactor: 'totp'; pending: { token: string; expiresAt: Date } }
      | { secondFactor: 'passkey' }
      | undefined
    > {
      const pending = await startPending(account);
      if (pending !== undefined) return { secondFactor: 'totp', pending };
      return (await hasPasskey(db, account.id)) ? { secondFactor: 'passkey' } : undefined;
    },

    startPending,

    /** Whose half sign-in a cookie holds, or undefined: unknown, too old, or the account disabled. */
    async pendingAccount(token: string): Promise<Account | undefined> {
      const { rows } = await sql<{ account_id: string }>`select account_id from team_pending_sign_ins
        where token_hash = ${tokenHash(token)} and expires_at > ${now()}`.execute(db);
      const account = rows[0] && (await accounts.accountById(rows[0].account_id));
      return account?.disabled === false ? account : undefined;
    },

    /**
     * Finishes a half sign-in with a code or a recovery code and starts the session. A wrong proof
     * counts against the half sign-in too: after a few, it ends and the password is needed again.
     */
    async completeSignIn(
      token: string,
      proof: Proof,
    ): Promise<{ account: Account; session: { token: string; expiresAt: Date } }> {
      const hash = tokenHash(token);
      const accountId = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          id: string;
          disabled_at: Date | null;
          attempts: number;
          expires_at: Date;
        }>`
          select a.id, a.disabled_at, p.attempts, p.expires_at
          from team_pending_sign_ins p join team_accounts a on a.id = p.account_id
          where p.token_hash = ${hash} for update of p`.execute(trx);
        const row = rows[0];
        if (row === undefined || row.expires_at <= now() || row.disabled_at !== null) {
          throw new AppError('unauthorized', PENDING_ENDED);
        }
        if (!(await prove(trx, row.id, proof))) {
          if (row.attempts + 1 >= PENDING_ATTEMPTS) {
            await sql`delete from team_pending_sign_ins where token_hash = ${hash}`.execute(trx);
          } else {
            await sql`update team_pending_sign_ins set attempts = attempts + 1 where token_hash = ${hash}`.execute(
              trx,
            );
          }
          return wrong('unauthorized', proof);
        }
        await sql`delete from team_pending_sign_ins where token_hash = ${hash}`.execute(trx);
        return row.id;
      });
      // Thrown after the transaction, so the count of wrong attempts is kept.
      if (accountId instanceof WrongProof) throw accountId;
      const account = await accounts.accountById(accountId);
      if (account === undefined) throw new AppError('unauthorized', PENDING_ENDED);
      return { account, session: await accounts.startSession(account.id) };
    },

    /** An admin requires a second factor of everyone in the organisation, or stops requiring it. */
    async setRequired(admin: Account, required: boolean): Promise<boolean> {
      if (required) {
        needKey();
        const { rows } = await sql<{ has: boolean }>`select ${HAS_FACTOR(admin.id)} as has`.execute(db);
        if (rows[0]?.has !== true) {
          throw new AppError(
            'conflict',
            'Set up your own second factor first (Settings): then require it of everyone.',
            { field: 'required' },
          );
        }
      }
      await sql`update team_organisations set require_second_factor = ${required}
        where id = ${admin.organisationId}`.execute(db);
      return required;
    },

    /**
     * At start: secrets stored but no key, or a key that does not open them, would leave everyone
     * with a second factor unable to sign in; better the server says so and does not start.
     */
    async checkKey(): Promise<void> {
      const { rows } = await sql<{ account_id: string; secret: string }>`
        select account_id, secret from team_second_factors limit 1`.execute(db);
      const row = rows[0];
      if (row === undefined) return;
      if (key === undefined) {
        throw new AppError(
          'invalid',
          'Accounts on this server have second factors, sealed with a key: set HANDSON_SECRET_KEY to that key.',
          { field: 'HANDSON_SECRET_KEY' },
        );
      }
      try {
        unseal(key, row.account_id, row.secret);
      } catch (e) {
        throw new AppError(
          'invalid',
          'HANDSON_SECRET_KEY is not the key the second factors on this server were sealed with: set the one it had.',
          { field: 'HANDSON_SECRET_KEY', cause: e },
        );
      }
    },
  };
}

export type SecondFactorDirectory = ReturnType<typeof secondFactorDirectory>;
