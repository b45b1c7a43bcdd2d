import type { Store } from '../store/store.js';
import { newId } from './ids.js';

/** Reports the progress of long work (imports); a surface may show it, tests ignore it. */
export interface Progress {
  start(what: string): void;
  update(done: number, total?: number): void;
  end(): void;
}

/** What every handler gets: the store, the clock (faked in tests), an id generator, progress. */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
  progress?: Progress | undefined;
}

export function makeContext(
  store: Store,
  now: () => Date = () => new Date(),
  progress?: Progress,
): AppContext {
  return { store, now, newId, progress };
}
