import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Secrets of the organisation's server. A token is 32 random bytes (256 bits), base64url; only its
 * SHA-256 is stored, so the database alone cannot produce a working cookie or link. A token that
 * high in entropy needs no slow hash: nobody can guess one to match a leaked digest.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** OWASP's Argon2id setting: 19 MiB, two passes, one lane (algorithm 2 is Argon2id). */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Checked against an account that does not exist, so a wrong address costs the same time as a
 * wrong password and the answer's timing does not tell which addresses have accounts.
 */
let decoy: Promise<string> | undefined;
export async function spendPasswordTime(password: string): Promise<void> {
  decoy ??= hashPassword(newToken());
  await passwordMatches(await decoy, password);
}
