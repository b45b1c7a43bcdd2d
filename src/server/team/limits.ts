import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../errors.js';

/**
 * Limits on guessing passwords, counted in PostgreSQL so they hold across every instance.
 *
 * Failures are counted per address *and* client (10 in 15 minutes), and per client alone (100 an
 * hour). Neither locks an account: someone hammering Ana's address from their machine blocks only
 * their own attempts on it, and Ana signs in from hers as usual. Unknown addresses are counted like
 * known ones, so a 429 does not tell which addresses have accounts. A success clears the pair.
 */
export const PAIR_FAILURES = 10;
export const PAIR_WINDOW_S = 15 * 60;
export const CLIENT_FAILURES = 100;
export const CLIENT_WINDOW_S = 60 * 60;

export interface SignInLimits {
  /** Throws `rate-limited` when either limit is used up; call before checking the password. */
  check(email: string, client: string): Promise<void>;
  failed(email: string, client: string): Promise<void>;
  succeeded(email: string, client: string): Promise<void>;
}

/** The address is stored only as a digest: the limits table is not a list of who tried to sign in. */
function pairKey(email: string, client: string): string {
  return `${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}:${client}`;
}

export function signInLimits(pool: pg.Pool, schema: string): SignInLimits {
  const common = { storeClient: pool, tableName: 'team_rate_limits', schemaName: schema, tableCreated: true };
  const byPair = new RateLimiterPostgres({
    ...common,
    keyPrefix: 'signin_pair',
    points: PAIR_FAILURES,
    duration: PAIR_WINDOW_S,
  });
  const byClient = new RateLimiterPostgres({
    ...common,
    keyPrefix: 'signin_client',
    points: CLIENT_FAILURES,
    duration: CLIENT_WINDOW_S,
  });

  function refuse(wait: number): never {
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    throw new AppError(
      'rate-limited',
      `Too many sign-in attempts from here. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin for a recovery link.`,
    );
  }

  return {
    async check(email, client) {
      const [pair, one] = await Promise.all([byPair.get(pairKey(email, client)), byClient.get(client)]);
      if (pair !== null && pair.consumedPoints >= PAIR_FAILURES) refuse(pair.msBeforeNext);
      if (one !== null && one.consumedPoints >= CLIENT_FAILURES) refuse(one.msBeforeNext);
    },
    async failed(email, client) {
      // A limit already used up rejects with its RateLimiterRes; the next `check` refuses anyway.
      const swallow = (e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
      };
      await Promise.all([
        byPair.consume(pairKey(email, client)).catch(swallow),
        byClient.consume(client).catch(swallow),
      ]);
    },
    async succeeded(email, client) {
      await byPair.delete(pairKey(email, client));
    },
  };
}
