import type { Store } from '../store/store.js';
import { newId } from './ids.js';

/** What every handler gets: the store, the clock (faked in tests) and an id generator. */
export interface AppContext {
  store: Store;
  now(): Date;
  newId(): string;
}

export function makeContext(store: Store, now: () => Date = () => new Date()): AppContext {
  return { store, now, newId };
}
