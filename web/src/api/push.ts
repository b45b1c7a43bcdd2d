/**
 * Computers that push shares to an organisation's server (issue 11): the signed-in routes of
 * src/server/team/push-routes.ts. A laptop collects its token itself; the web app only approves its
 * code and lists or revokes tokens.
 */
import type { PushTokenView } from '../../../src/app/sharing/views.js';
import { callTeam } from './client.js';

export type { PushTokenView };

export const push = {
  approve: (userCode: string) => callTeam<{ name: string }>('POST', '/api/device/approve', { userCode }),
  tokens: () => callTeam<PushTokenView[]>('GET', '/api/push/tokens'),
  revoke: (id: string) => callTeam<{ revoked: string }>('POST', '/api/push/tokens/revoke', { id }),
};
