import { useEffect, useRef } from 'preact/hooks';

/**
 * Live news from an organisation's server (`GET /api/events`, server-sent events): a share added,
 * updated or revoked, a comment, a coaching that changed. Each event names ids only; a page that
 * hears one fetches what it shows again, through routes that check access again.
 *
 * One stream for the whole page, open while some page listens. A server without live updates
 * answers 404, which closes the stream for good: then a page reads again when the reader comes
 * back to it (focus, or the tab shown again), which is late but never wrong.
 */

export type LiveKind =
  | 'share-added'
  | 'share-updated'
  | 'share-revoked'
  | 'comment-added'
  | 'coaching-changed';
export const LIVE_KINDS: readonly LiveKind[] = [
  'share-added',
  'share-updated',
  'share-revoked',
  'comment-added',
  'coaching-changed',
];

export interface LiveEvent {
  kind: LiveKind;
  shareId: string | null;
  coachingId: string | null;
}

/** What a listener hears: an event, or "read everything again" when no stream can say what changed. */
export type LiveNews = LiveEvent | { kind: 'refresh' };

type Listener = (news: LiveNews) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;
/** The server has no live updates (or refused them): the pages fall back to reading on return. */
let unavailable = false;

function tell(news: LiveNews): void {
  for (const l of [...listeners]) l(news);
}

function parse(kind: LiveKind, data: string): LiveEvent {
  try {
    const d = JSON.parse(data) as { shareId?: unknown; coachingId?: unknown };
    return {
      kind,
      shareId: typeof d.shareId === 'string' ? d.shareId : null,
      coachingId: typeof d.coachingId === 'string' ? d.coachingId : null,
    };
  } catch {
    return { kind, shareId: null, coachingId: null };
  }
}

function open(): void {
  if (source || unavailable || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/events');
  source = es;
  for (const kind of LIVE_KINDS) {
    es.addEventListener(kind, (e) => tell(parse(kind, (e as MessageEvent<string>).data)));
  }
  es.onerror = () => {
    // A network cut reconnects by itself (and the server replays what was missed); a refusal
    // closes the stream: from then on the pages read again when the reader returns.
    // Nothing is read again then: each read of a shared item is a view in its leader's log.
    if (es.readyState === EventSource.CLOSED) {
      unavailable = true;
      if (source === es) source = undefined;
    }
  };
}

function close(): void {
  source?.close();
  source = undefined;
}

function onReturn(): void {
  if (unavailable && document.visibilityState === 'visible') tell({ kind: 'refresh' });
}

/**
 * Calls `listener` with each piece of live news while the component is mounted. Only on an
 * organisation's server (`team`): `handson serve` has no one to hear from.
 */
export function useLive(team: boolean, listener: Listener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    if (!team) return;
    const l: Listener = (news) => ref.current(news);
    listeners.add(l);
    if (listeners.size === 1) {
      window.addEventListener('focus', onReturn);
      document.addEventListener('visibilitychange', onReturn);
      // The page is going away: the stream is closed by us, not cut under the browser's feet.
      window.addEventListener('pagehide', close);
    }
    open();
    return () => {
      listeners.delete(l);
      if (listeners.size === 0) {
        window.removeEventListener('focus', onReturn);
        document.removeEventListener('visibilitychange', onReturn);
        window.removeEventListener('pagehide', close);
        close();
      }
    };
  }, [team]);
}
