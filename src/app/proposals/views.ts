import type { ReasonKind } from '../../domain/types.js';

/**
 * What the organisation's server answers on its proposal routes (issue 12), as the web app reads
 * it: one definition for both sides. People appear by name only — an answer about a proposal or a
 * comment never carries an email address.
 */

export interface ProposalPerson {
  id: string;
  name: string;
}

export type ProposalStatus = 'open' | 'adopted' | 'declined';

/** A proposal as the list shows it. */
export interface ProposalSummary {
  id: string;
  kind: ReasonKind;
  title: string;
  summary: string;
  author: ProposalPerson;
  status: ProposalStatus;
  createdAt: string;
  /** Comments that are still there (not deleted). */
  commentCount: number;
  /** How many members said "this fits me", and whether the caller is one of them. */
  fits: number;
  fitsMe: boolean;
  /** The id it has in the catalogue, once adopted. */
  reasonId: string | null;
}

/**
 * A comment of a thread. A deleted one keeps its place (its replies stay) with no body; a hidden
 * one shows its body to admins (who moderate, and may undo a mistake) and to its author only.
 */
export interface ProposalComment {
  id: string;
  /** The comment this replies to; replies are one level deep. */
  parentId: string | null;
  author: ProposalPerson;
  body: string | null;
  state: 'shown' | 'deleted' | 'hidden';
  at: string;
  editedAt: string | null;
  /** Until when its author may still edit or delete it; null once that time has passed, or for others. */
  editableUntil: string | null;
  /** Written by the caller. */
  mine: boolean;
}

export interface ProposalView extends ProposalSummary {
  signals: string[];
  questions: string[];
  decidedBy: ProposalPerson | null;
  decidedAt: string | null;
  declineReason: string | null;
  /** Whether the caller asked to hear of follow-up comments on this thread. */
  following: boolean;
  /** The caller is an admin: may adopt or decline it, and hide comments. */
  canModerate: boolean;
  comments: ProposalComment[];
}

/** The caller's notification choices about proposals; both off until they are turned on. */
export interface ProposalNotifications {
  newProposals: boolean;
  /** The proposals whose follow-up comments the caller asked to hear of. */
  following: string[];
}
