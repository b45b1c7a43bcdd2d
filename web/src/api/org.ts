/**
 * The organisation's routes on its server (issue 11): the overview every member sees, and the
 * accounts admins manage — never anyone's content (src/server/team/app.ts).
 */
import type { OrgOverview } from '../../../src/domain/org-overview.js';
import { callAuth, callTeam } from './client.js';

export type { Figure, OrgOverview } from '../../../src/domain/org-overview.js';

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'member' | 'guest';
  disabled: boolean;
}
export interface Me extends MemberView {}
/** A single-use link to hand over: an invitation or a recovery link. */
export interface LinkView {
  link: string;
  expiresAt: string;
}

/** An email of the organisation that has not gone out (GET /api/org/mail): who, which, how it went — never its content. */
export interface PendingMailView {
  account: { id: string; name: string };
  kind: 'weekly' | 'coach' | 'discussion';
  /** The ISO week of a digest; for a discussion email, the notification it is about. */
  week: string;
  state: 'queued' | 'sending' | 'retrying' | 'failed';
  attempts: number;
  lastError: string | null;
  queuedAt: string;
}

export const org = {
  me: () => callAuth<Me>('me'),
  overview: (week?: string) =>
    callTeam<OrgOverview & { week: { start: string; end: string } | null }>(
      'GET',
      week === undefined ? '/api/org/overview' : `/api/org/overview?week=${encodeURIComponent(week)}`,
    ),
  countsMe: () => callTeam<{ countMe: boolean }>('GET', '/api/org/overview/me'),
  setCountMe: (countMe: boolean) =>
    callTeam<{ countMe: boolean }>('POST', '/api/org/overview/me', { countMe }),
  members: () => callTeam<MemberView[]>('GET', '/api/org/members'),
  invite: (email: string, role: MemberView['role']) =>
    callTeam<LinkView>('POST', '/api/org/invite', { email, role }),
  recover: (email: string) => callTeam<LinkView>('POST', '/api/org/recover', { email }),
  mail: () => callTeam<PendingMailView[]>('GET', '/api/org/mail'),
  disable: (accountId: string) => callTeam<MemberView>('POST', '/api/org/disable', { accountId }),
};
