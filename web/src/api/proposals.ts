/**
 * Reasons proposed and discussed in an organisation (issue 12): the routes of
 * src/server/team/proposal-routes.ts, typed by app/proposals/views.ts. Types only come from src/.
 */
import type {
  ProposalComment,
  ProposalNotifications,
  ProposalSummary,
  ProposalView,
} from '../../../src/app/proposals/views.js';
import type { ReasonKind } from '../../../src/domain/types.js';
import { callTeam } from './client.js';

export type { ProposalComment, ProposalNotifications, ProposalSummary, ProposalView };

export interface NewProposal {
  kind: ReasonKind;
  title: string;
  summary: string;
  signals: string[];
  questions: string[];
}

export const proposals = {
  list: () => callTeam<ProposalSummary[]>('GET', '/api/proposals'),
  item: (id: string) => callTeam<ProposalView>('GET', `/api/proposals/item/${encodeURIComponent(id)}`),
  add: (p: NewProposal) => callTeam<ProposalView>('POST', '/api/proposals/add', p),
  comment: (id: string, body: string, parentId?: string) =>
    callTeam<ProposalComment>('POST', '/api/proposals/comment', {
      id,
      body,
      ...(parentId ? { parentId } : {}),
    }),
  edit: (id: string, body: string) =>
    callTeam<ProposalComment>('POST', '/api/proposals/comment/edit', { id, body }),
  remove: (id: string) => callTeam<ProposalComment>('POST', '/api/proposals/comment/delete', { id }),
  hide: (id: string, hidden: boolean) =>
    callTeam<ProposalComment>('POST', '/api/proposals/comment/hide', { id, hidden }),
  fits: (id: string, fits: boolean) => callTeam<ProposalSummary>('POST', '/api/proposals/fits', { id, fits }),
  follow: (id: string, follow: boolean) =>
    callTeam<{ following: boolean }>('POST', '/api/proposals/follow', { id, follow }),
  notifications: () => callTeam<ProposalNotifications>('GET', '/api/proposals/notifications'),
  newProposals: (on: boolean) =>
    callTeam<ProposalNotifications>('POST', '/api/proposals/notifications', { newProposals: on }),
  stopAll: () => callTeam<ProposalNotifications>('POST', '/api/proposals/notifications/stop'),
  adopt: (id: string, reasonId?: string) =>
    callTeam<ProposalView>('POST', '/api/proposals/adopt', { id, ...(reasonId ? { reasonId } : {}) }),
  decline: (id: string, reason: string) =>
    callTeam<ProposalView>('POST', '/api/proposals/decline', { id, reason }),
};
