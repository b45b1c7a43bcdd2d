import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { call } from './api/client.js';
import type { Output, Reason } from './api/types.js';
import { type Location, parseHash } from './lib/router.js';

export type ProfileView = Output<'profile', 'show'>;

/** What every page may rely on once the app has started: the profile and the server's today. */
export interface AppState {
  profile: ProfileView;
  /** Today in the leader's time zone, as the server counts it (its clock may be fixed in tests). */
  today: string;
  /** On an organisation's server (people sign in, with second factors; coach and share), not `handson serve`. */
  team: boolean;
  /** Reads the profile and today again (after saving settings or importing a backup). */
  refresh(): Promise<void>;
}

export const AppContext = createContext<AppState | undefined>(undefined);

export function useAppState(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useAppState outside the app');
  return state;
}

/** Where the app is: the page and its parameters (`#/review?week=…`). */
export const RouteContext = createContext<Location>(parseHash(''));

export function useRoute(): Location {
  return useContext(RouteContext);
}

// ---------------------------------------------------------------- the reasons catalogue

/**
 * Read once (while the app starts) and shared by every form that offers reasons; read again
 * after one is added. Kept as a value too, so a form draws its reasons in its very first paint.
 */
let reasons: Promise<Reason[]> | undefined;
let loaded: Reason[] | undefined;
const listeners = new Set<() => void>();

export function loadReasons(): Promise<Reason[]> {
  reasons ??= call('reasons', 'list', {}).then(
    (r) => {
      loaded = r;
      return r;
    },
    (e: unknown) => {
      reasons = undefined;
      throw e;
    },
  );
  return reasons;
}

export function reasonsChanged(): void {
  reasons = undefined;
  for (const l of listeners) l();
}

export function useReasons(): { reasons: Reason[] | undefined; failed: boolean } {
  const [state, setState] = useState<{ reasons?: Reason[] | undefined; failed: boolean }>(() => ({
    reasons: loaded,
    failed: false,
  }));
  useEffect(() => {
    let live = true;
    const load = () =>
      loadReasons().then(
        (r) => live && setState({ reasons: r, failed: false }),
        () => live && setState({ failed: true }),
      );
    void load();
    listeners.add(load);
    return () => {
      live = false;
      listeners.delete(load);
    };
  }, []);
  return { reasons: state.reasons, failed: state.failed };
}

/** Reason titles by id, for lists that show what a session was for. */
export function reasonTitle(all: readonly Reason[] | undefined, id: string): string {
  return all?.find((r) => r.id === id)?.title ?? id;
}

// ---------------------------------------------------------------- the running timer

const timerListeners = new Set<() => void>();

/**
 * The timer was started or stopped somewhere on the page: the header shows it again, and the
 * journal reads its sessions again (a stop logs one).
 */
export function timerChanged(): void {
  for (const l of timerListeners) l();
}

/** Calls `listener` after each `timerChanged`; returns how to stop. */
export function onTimerChanged(listener: () => void): () => void {
  timerListeners.add(listener);
  return () => timerListeners.delete(listener);
}
