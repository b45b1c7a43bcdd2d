import type { Reason } from '../domain/types.js';
import type { Outbound } from '../importers/outbound.js';
import type { Store } from '../store/store.js';
import { newId } from './ids.js';

/** Reports the progress of long work (imports); a surface may show it, tests ignore it. */
export interface Progress {
  start(what: string): void;
  update(done: number, total?: number): void;
  end(): void;
}

/**
 * Who is calling. Locally that is always the journal's one owner; on an organisation's server it is
 * the signed-in person, who may act on their own journal only unless its owner shared an item.
 */
export interface Actor {
  /** The owner id this person's own journal is kept under (see `Store.ownerId`). */
  id: string;
}

/**
 * What every handler gets: who is calling, the store (opened for one owner's journal), the clock (faked in tests), an id generator, progress, and
 * where to say something the user should know although the work went on (a stored record left out).
 */
export interface AppContext {
  actor: Actor;
  store: Store;
  now(): Date;
  newId(): string;
  progress?: Progress | undefined;
  warn?: ((message: string) => void) | undefined;
  /**
   * Where the server may fetch from for this person (CalDAV): `any` on a leader's own machine, where
   * their Radicale on localhost is theirs to read; `public-only` on an organisation's server.
   */
  outbound: Outbound;
  /**
   * On an organisation's server: the reasons its admins adopted from members' proposals, offered
   * in every member's catalogue after their own. Absent on a leader's own machine.
   */
  organisationReasons?: (() => Promise<Reason[]>) | undefined;
}

export function makeContext(
  store: Store,
  now: () => Date = () => new Date(),
  progress?: Progress,
  warn?: (message: string) => void,
  actor: Actor = { id: store.ownerId },
  outbound: Outbound = 'any',
): AppContext {
  return { actor, store, now, newId, progress, warn, outbound };
}
