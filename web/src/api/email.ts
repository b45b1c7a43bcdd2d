/**
 * Email from an organisation's server (issue 12): the signed-in routes of
 * src/server/team/mail-routes.ts. Unsubscribing from an email's link needs no web app.
 */
import type { MailPreferences } from '../../../src/app/digest/email-views.js';
import { callTeam } from './client.js';

export type { MailPreferences };

export const email = {
  preferences: () => callTeam<MailPreferences>('GET', '/api/email/preferences'),
  set: (change: Partial<Pick<MailPreferences, 'weekly' | 'coach' | 'includeText'>>) =>
    callTeam<MailPreferences>('POST', '/api/email/preferences', change),
};
