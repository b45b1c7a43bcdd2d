import type { Store } from '../store/store.js';
import { newId } from './ids.js';

/** Reports the progress of long work (imports); a surface may show it, tests ignore it. */
export interface Progress {
  start(what: string): void;
  update(done: number, total?: number): void;
  end(): void;
}

/**
 * What every handler gets: the store, the clock (faked in tests), an id generator, progress, and
 * where to say something the user should know although the work went on (a stored record left out).
 */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
  progress?: Progress | undefined;
  warn?: ((message: string) => void) | undefined;
}

export function makeContext(
  store: Store,
  now: () => Date = () => new Date(),
  progress?: Progress,
  warn?: (message: string) => void,
): AppContext {
  return { store, now, newId, progress, warn };
}
