import type { ShareKind } from './snapshot.js';

/**
 * What the organisation's server answers on its coaching and sharing routes, as the web app reads
 * it (issue 11). The server's own types (server/team/sharing.ts) are checked against these in
 * server/sharing-views.test.ts, so the two cannot drift apart unseen.
 */

export interface SharePerson {
  id: string;
  name: string;
}

export interface CoachingView {
  id: string;
  leader: SharePerson;
  coach: SharePerson;
  status: 'invited' | 'active' | 'ended';
  invitedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
}

/** A share as its leader lists it: with whom, since when, how often it was read. */
export interface ShareView {
  id: string;
  kind: ShareKind;
  key: string;
  title: string;
  coach: SharePerson;
  version: number;
  sharedAt: string;
  updatedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  live: boolean;
  views: number;
  lastViewedAt: string | null;
}

/** `GET /api/shares/mine`: each share compared with the item as it is in the journal today. */
export type MyShare = ShareView & { current: 'same' | 'changed' | 'gone' | 'not-shared' };

export interface SharedWithMe {
  id: string;
  kind: ShareKind;
  title: string;
  leader: SharePerson;
  version: number;
  sharedAt: string;
  updatedAt: string;
  expiresAt: string | null;
}

export interface CommentView {
  id: string;
  author: SharePerson;
  body: string;
  at: string;
}

export interface SharedItem {
  id: string;
  kind: ShareKind;
  title: string;
  leader: SharePerson;
  coach: SharePerson;
  version: number;
  sharedAt: string;
  updatedAt: string;
  expiresAt: string | null;
  /** The frozen copy: its shape is the snapshot's for the kind (snapshot.ts). */
  content: unknown;
  comments: CommentView[];
}

export interface AccessEntry {
  at: string;
  action: 'share' | 'update' | 'revoke' | 'view' | 'comment';
  shareId: string;
  title: string;
  kind: ShareKind;
  actor: SharePerson;
  version: number;
  via: 'web' | 'api' | 'email';
}

/** A computer that may push shares (`GET /api/push/tokens`): listed in Settings, revocable there. */
export interface PushTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
