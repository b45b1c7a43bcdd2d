import type { Kysely } from 'kysely';
import type { Database, Engine } from './tables.js';

/**
 * What the query code of every record kind (journal/*, evidence/*, insight/*) works with: one
 * owner's view of one connection or transaction. Made by kysely-store.ts, which is the only place
 * that decides whose rows a Store reads.
 */
export interface Scope {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  readonly ownerId: string;
  /** The row as stored: with its owner. */
  own<R extends object>(row: R): R & { owner_id: string };
  /**
   * Runs a write of the owner's records in a transaction that also moves the owner's version on
   * (see `Store.dataVersion`), so a cache never outlives the write it missed, and a rolled-back
   * write takes its version change with it.
   */
  write<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction (the one in progress, if any) without moving the version: derived rows. */
  transaction<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** A record kind's queries as written: each takes the scope first. `bind` turns them into Store methods. */
export type Part<I> = {
  [K in keyof I]: I[K] extends (...args: infer A) => infer R ? (s: Scope, ...args: A) => R : never;
};

export function bind<I>(s: Scope, part: Part<I>): I {
  const bound: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(part)) {
    bound[name] = (...args: unknown[]) => (query as (s: Scope, ...a: unknown[]) => unknown)(s, ...args);
  }
  return bound as I;
}
