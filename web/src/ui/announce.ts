/**
 * One polite live region for the whole app: what just happened ("Session logged."), read out by
 * screen readers without moving focus. Errors use role="alert" where they are shown instead.
 */
type Listener = (text: string) => void;
const listeners = new Set<Listener>();

export function announce(text: string): void {
  for (const l of listeners) l(text);
}

export function onAnnounce(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
