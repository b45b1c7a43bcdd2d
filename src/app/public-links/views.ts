import type { PublicKind, PublicSnapshot } from './snapshot.js';

/**
 * What the organisation's server answers on its public-link routes, as the web app reads it
 * (issue 12): one definition for both sides (server/team/public-links.ts answers these).
 */

/** A public link as its author lists it. No token: the server keeps only its hash. */
export interface PublicLinkView {
  id: string;
  kind: PublicKind;
  title: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  live: boolean;
  opens: number;
  lastOpenedAt: string | null;
}

/** `POST /api/public-links/preview`: the card exactly as it would be published. */
export interface PublicPreview {
  snapshot: PublicSnapshot;
  /** Sent back with the publish, which refuses a card that changed since this preview. */
  fingerprint: string;
}

/** `POST /api/public-links/publish`: the address, answered this once. */
export interface PublishedLink {
  link: PublicLinkView;
  url: string;
  snapshot: PublicSnapshot;
  share: { label: string; href: string }[];
}
