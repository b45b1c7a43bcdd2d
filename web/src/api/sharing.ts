/**
 * Coaching and sharing on an organisation's server (issue 11): the routes of
 * src/server/team/sharing-routes.ts, typed by app/sharing/views.ts (checked against the server's
 * own types). Types only come from src/ — nothing of the server is bundled.
 */
import type { ShareItem } from '../../../src/app/sharing/snapshot.js';
import type {
  AccessEntry,
  CoachingView,
  CommentView,
  MyShare,
  SharedItem,
  SharedWithMe,
  ShareView,
} from '../../../src/app/sharing/views.js';
import { callTeam } from './client.js';

export type { AccessEntry, CoachingView, CommentView, MyShare, SharedItem, SharedWithMe, ShareItem };

export interface Coachings {
  asLeader: CoachingView[];
  asCoach: CoachingView[];
}

export const ACCESS_LOG_CSV = '/api/shares/access-log.csv';

export const sharing = {
  coaching: () => callTeam<Coachings>('GET', '/api/coaching'),
  invite: (email: string) => callTeam<CoachingView>('POST', '/api/coaching/invite', { email }),
  accept: (id: string) => callTeam<CoachingView>('POST', '/api/coaching/accept', { id }),
  end: (id: string) =>
    callTeam<{ coaching: CoachingView; revoked: number }>('POST', '/api/coaching/end', { id }),
  share: (coachingId: string, item: ShareItem, expiresAt?: string) =>
    callTeam<ShareView>('POST', '/api/shares/add', {
      coachingId,
      item,
      ...(expiresAt ? { expiresAt } : {}),
    }),
  mine: () => callTeam<MyShare[]>('GET', '/api/shares/mine'),
  update: (id: string) => callTeam<ShareView>('POST', '/api/shares/update', { id }),
  revoke: (id: string) => callTeam<ShareView>('POST', '/api/shares/revoke', { id }),
  withMe: () => callTeam<SharedWithMe[]>('GET', '/api/shares/with-me'),
  item: (id: string) => callTeam<SharedItem>('GET', `/api/shares/item/${encodeURIComponent(id)}`),
  comment: (id: string, body: string) => callTeam<CommentView>('POST', '/api/shares/comment', { id, body }),
  accessLog: () => callTeam<AccessEntry[]>('GET', '/api/shares/access-log'),
};
