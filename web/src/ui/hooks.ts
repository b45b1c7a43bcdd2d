import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new ApiError('unexpected', `Something went wrong in this page (${detail}). Reloading may help.`, 0);
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True only for the first load: a reload keeps the old data on screen until the new arrives. */
  loading: boolean;
  reload(): Promise<void>;
}

/** Data from the API for a page; answers to earlier requests that arrive late are ignored. */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const data = await loader.current();
      if (ticket === latest.current) setState({ data, loading: false });
    } catch (e) {
      if (ticket === latest.current) setState((s) => ({ ...s, error: asApiError(e), loading: false }));
    }
  }, []);

  useEffect(() => {
    setState((s) => ({ ...s, loading: s.data === undefined, error: undefined }));
    void reload();
  }, deps);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or undefined when it failed (see `error`). */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: ApiError | undefined;
  reset(): void;
}

/** A change the user asked for (save, delete…): busy while it runs, its error kept for the form. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await fnRef.current(...args);
      return result;
    } catch (e) {
      if (mounted.current) setError(asApiError(e));
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, busy, error, reset };
}

/** A form's values and a setter per field. */
export function useDraft<T extends object>(initial: T | (() => T)) {
  const [draft, setDraft] = useState<T>(initial);
  const set = useCallback(
    <K extends keyof T>(key: K) =>
      (value: T[K]) =>
        setDraft((d) => ({ ...d, [key]: value })),
    [],
  );
  return [draft, set, setDraft] as const;
}
