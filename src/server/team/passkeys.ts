import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';
import { tokenHash } from './credentials.js';
import type { Account } from './directory.js';
import { WrongProof } from './second-factor.js';

/**
 * Passkeys (WebAuthn) on the organisation's server, with `@simplewebauthn/server`. A passkey is
 * asked for with user verification required (a PIN, a fingerprint, a face), so one passkey is two
 * factors — something held and something known or been — and signs in alone, satisfying an
 * organisation's second-factor requirement. Decision 0025 explains the choices.
 */

/** How long a challenge waits for the authenticator: the browser's own timeout, and some slack. */
export const CHALLENGE_MS = 5 * 60 * 1000;
const BROWSER_TIMEOUT_MS = 2 * 60 * 1000;
export const PASSKEYS_PER_ACCOUNT = 20;

/** Who the passkeys belong to: the site at HANDSON_PUBLIC_URL, and nothing else. */
export interface RelyingParty {
  /** The host name alone (`handson.example.org`): what authenticators scope a passkey to. */
  id: string;
  /** `https://handson.example.org`: the only page whose answers count. */
  origin: string;
  name: string;
}

export function relyingParty(publicUrl: URL): RelyingParty {
  return { id: publicUrl.hostname, origin: publicUrl.origin, name: 'Hands-on' };
}

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, 'expected base64url text');
const transports = z
  .array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']))
  .max(10)
  .optional();
/** What `@simplewebauthn/browser`'s startRegistration() answers; unknown fields are dropped. */
const RegistrationResponse = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports,
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
/** What startAuthentication() answers. */
const AuthenticationResponse = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
export const RegisterInput = z.object({
  name: z.string().trim().min(1, 'expected a name for this passkey, such as “Work laptop”').max(100),
  response: RegistrationResponse,
});
export const SignInInput = z.object({ response: AuthenticationResponse });
/** The signed-in person's password, asked again before their ways of signing in change. */
const again = z.string().min(1, 'expected your password').max(1024);
export const ReauthInput = z.object({ password: again });
export const RemoveInput = z.object({ id: base64url.min(1), password: again });

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced between the owner's devices (a password manager's or platform's passkey). */
  synced: boolean;
}

const REFUSED =
  'That passkey did not sign you in: this server does not know it (it may have been removed), its account is disabled, or the answer was not right. Try again, or sign in with your password.';
const CHALLENGE_ENDED =
  'This passkey request ended: it was used already or is more than 5 minutes old. Start again.';
const CLONED =
  'That passkey’s signature counter went backwards, a sign that it may have been copied, so it was refused. Remove it in Settings and add it again.';

interface PasskeyRow {
  id: string;
  account_id: string;
  name: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  device_type: string;
  backed_up: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

function view(r: PasskeyRow): PasskeyView {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    synced: r.device_type === 'multiDevice',
  };
}

/** What the library said is kept as the cause, for the log; the person reads our sentence. */
function refusal(message: string, cause: unknown): WrongProof {
  return new WrongProof('unauthorized', message, 'response', cause);
}

/**
 * Every read and write of passkeys and their challenges. Part of the team directory, which passes
 * its clock and a way to start a session; the relying party comes from the routes, which know the
 * public address.
 */
export function passkeyDirectory(
  db: Kysely<Database>,
  now: () => Date,
  accounts: {
    accountById(id: string): Promise<Account | undefined>;
    startSession(accountId: string): Promise<{ token: string; expiresAt: Date }>;
  },
) {
  async function saveChallenge(challenge: string, purpose: 'register' | 'sign-in', accountId?: string) {
    const at = now();
    // Abandoned challenges go as new ones come, so the table stays the size of what is in flight.
    await sql`delete from team_webauthn_challenges where expires_at <= ${at}`.execute(db);
    await sql`insert into team_webauthn_challenges (challenge_hash, purpose, account_id, created_at, expires_at)
      values (${tokenHash(challenge)}, ${purpose}, ${accountId ?? null}, ${at}, ${new Date(at.getTime() + CHALLENGE_MS)})`.execute(
      db,
    );
  }

  /**
   * Spends a challenge: true once, for a challenge this server made for this purpose (and account),
   * still fresh. A delete, so two answers racing with one challenge cannot both pass.
   */
  function spend(purpose: 'register' | 'sign-in', accountId?: string) {
    return async (challenge: string): Promise<boolean> => {
      const { rows } = await sql`delete from team_webauthn_challenges
        where challenge_hash = ${tokenHash(challenge)} and purpose = ${purpose}
          and account_id is not distinct from ${accountId ?? null} and expires_at > ${now()}
        returning 1`.execute(db);
      return rows.length > 0;
    };
  }

  async function ofAccount(accountId: string): Promise<PasskeyRow[]> {
    const { rows } = await sql<PasskeyRow>`select * from team_passkeys where account_id = ${accountId}
      order by created_at, id`.execute(db);
    return rows;
  }

  return {
    async list(account: Account): Promise<PasskeyView[]> {
      return (await ofAccount(account.id)).map(view);
    },

    async count(accountId: string): Promise<number> {
      const { rows } = await sql<{ n: string }>`select count(*) as n from team_passkeys
        where account_id = ${accountId}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },

    /** Options for the browser's navigator.credentials.create(), for the signed-in account. */
    async registrationOptions(
      rp: RelyingParty,
      account: Account,
    ): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await ofAccount(account.id);
      if (existing.length >= PASSKEYS_PER_ACCOUNT) {
        throw new AppError(
          'conflict',
          `You have ${PASSKEYS_PER_ACCOUNT} passkeys already: remove one you no longer use first.`,
        );
      }
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: account.email,
        userDisplayName: account.name,
        // The account's id, not its address: the user handle is what a usernameless sign-in
        // hands back, and the same handle makes an authenticator replace its old passkey for us.
        userID: new TextEncoder().encode(account.id),
        timeout: BROWSER_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({
          id: p.id,
          transports: p.transports as AuthenticatorTransport[],
        })),
        // Discoverable, so sign-in needs no address; verified, so the passkey is two factors.
        authenticatorSelection: {
          residentKey: 'required',
          requireResidentKey: true,
          userVerification: 'required',
        },
      });
      await saveChallenge(options.challenge, 'register', account.id);
      return options;
    },

    /** Checks the authenticator's answer to the challenge just given, and keeps the passkey. */
    async register(
      rp: RelyingParty,
      account: Account,
      name: string,
      response: RegistrationResponseJSON,
    ): Promise<PasskeyView> {
      let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
      try {
        verified = await verifyRegistrationResponse({
          response,
          expectedChallenge: spend('register', account.id),
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
        });
      } catch (e) {
        const ended = e instanceof Error && /challenge/i.test(e.message);
        throw new AppError(
          'invalid',
          ended
            ? CHALLENGE_ENDED
            : 'Your browser’s answer could not be checked, so the passkey was not added. Try again.',
          { field: 'response', cause: e },
        );
      }
      if (!verified.verified) {
        throw new AppError('invalid', 'The passkey was not added: its answer did not check out.', {
          field: 'response',
        });
      }
      const info = verified.registrationInfo;
      const at = now();
      const { rows } = await sql<PasskeyRow>`insert into team_passkeys
          (id, account_id, name, public_key, counter, transports, device_type, backed_up, created_at)
        values (${info.credential.id}, ${account.id}, ${name}, ${Buffer.from(info.credential.publicKey)},
          ${info.credential.counter}, ${info.credential.transports ?? []}, ${info.credentialDeviceType},
          ${info.credentialBackedUp}, ${at})
        on conflict (id) do nothing returning *`.execute(db);
      if (rows[0] === undefined) {
        throw new AppError('conflict', 'This passkey is registered already.', { field: 'response' });
      }
      return view(rows[0]);
    },

    /**
     * Removes one of the owner's passkeys — but not the last way to prove a second factor while the
     * organisation requires one: the account would be held back at its next request.
     */
    async remove(account: Account, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // Serialises removals of one account's factors, so two tabs cannot each remove "not the last".
        await sql`select 1 from team_accounts where id = ${account.id} for update`.execute(trx);
        const { rows } = await sql<{ required: boolean; totp: boolean; passkeys: string }>`
          select o.require_second_factor as required,
            exists (select 1 from team_second_factors f where f.account_id = ${account.id} and f.confirmed_at is not null) as totp,
            (select count(*) from team_passkeys p where p.account_id = ${account.id}) as passkeys
          from team_organisations o where o.id = ${account.organisationId}`.execute(trx);
        const r = rows[0];
        const mine =
          await sql`select 1 from team_passkeys where id = ${id} and account_id = ${account.id}`.execute(trx);
        if (mine.rows.length === 0)
          throw new AppError('not-found', 'You have no such passkey.', { field: 'id' });
        if (r?.required === true && !r.totp && Number(r.passkeys) <= 1) {
          throw new AppError(
            'conflict',
            'Your organisation requires a second factor and this passkey is your last one: add another passkey or an authenticator app before removing it.',
            { field: 'id' },
          );
        }
        await sql`delete from team_passkeys where id = ${id} and account_id = ${account.id}`.execute(trx);
      });
    },

    /** Options for navigator.credentials.get(), for whoever is at the sign-in page: no address asked. */
    async signInOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const options = await generateAuthenticationOptions({
        rpID: rp.id,
        timeout: BROWSER_TIMEOUT_MS,
        userVerification: 'required',
        // Empty: the authenticator offers the passkeys it holds for this site (discoverable).
        allowCredentials: [],
      });
      await saveChallenge(options.challenge, 'sign-in');
      return options;
    },

    /**
     * The account a passkey would sign in, read before checking it, so the attempt counts against
     * that account's address in the sign-in limits. Unknown: undefined.
     */
    async holder(credentialId: string): Promise<Account | undefined> {
      const { rows } = await sql<{ account_id: string }>`select account_id from team_passkeys
        where id = ${credentialId}`.execute(db);
      return rows[0] && accounts.accountById(rows[0].account_id);
    },

    /** Checks a passkey's answer and starts a session: a passkey with user verification is both factors. */
    async signIn(
      rp: RelyingParty,
      response: AuthenticationResponseJSON,
    ): Promise<{ account: Account; session: { token: string; expiresAt: Date } }> {
      const { rows } = await sql<PasskeyRow & { disabled_at: Date | null }>`
        select p.*, a.disabled_at from team_passkeys p join team_accounts a on a.id = p.account_id
        where p.id = ${response.id}`.execute(db);
      const row = rows[0];
      if (row === undefined || row.disabled_at !== null)
        throw new WrongProof('unauthorized', REFUSED, 'response');
      // The handle the authenticator keeps must be this account's: a passkey answers for one person.
      const handle = response.response.userHandle;
      if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== row.account_id) {
        throw new WrongProof('unauthorized', REFUSED, 'response');
      }
      let checked: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
      try {
        checked = await verifyAuthenticationResponse({
          response,
          expectedChallenge: spend('sign-in'),
          expectedOrigin: rp.origin,
          expectedRPID: rp.id,
          requireUserVerification: true,
          credential: {
            id: row.id,
            publicKey: new Uint8Array(row.public_key),
            counter: Number(row.counter),
            transports: row.transports as AuthenticatorTransport[],
          },
        });
      } catch (e) {
        const message = e instanceof Error ? e.message : '';
        if (/counter value/i.test(message)) throw refusal(CLONED, e);
        throw refusal(/challenge/i.test(message) ? CHALLENGE_ENDED : REFUSED, e);
      }
      if (!checked.verified) throw new WrongProof('unauthorized', REFUSED, 'response');
      const next = checked.authenticationInfo.newCounter;
      // Conditional: of two answers racing with counters, only one moves it; a counter of 0 is a
      // passkey that keeps none (synced ones), which the library lets through.
      const moved = await sql`update team_passkeys set counter = ${next}, last_used_at = ${now()},
          backed_up = ${checked.authenticationInfo.credentialBackedUp}
        where id = ${row.id} and (counter < ${next} or ${next} = 0) returning 1`.execute(db);
      if (moved.rows.length === 0) throw refusal(CLONED, undefined);
      const account = await accounts.accountById(row.account_id);
      if (account === undefined || account.disabled)
        throw new WrongProof('unauthorized', REFUSED, 'response');
      return { account, session: await accounts.startSession(account.id) };
    },
  };
}

export type PasskeyDirectory = ReturnType<typeof passkeyDirectory>;
