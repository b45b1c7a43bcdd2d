/**
 * Public links on an organisation's server (issue 12): the routes of
 * src/server/team/public-link-routes.ts, typed by app/public-links/views.ts. Types only come from
 * src/ — nothing of the server is bundled.
 */
import type { PublicItem, PublicSnapshot } from '../../../src/app/public-links/snapshot.js';
import type { PublicLinkView, PublicPreview, PublishedLink } from '../../../src/app/public-links/views.js';
import { callTeam } from './client.js';

export type { PublicItem, PublicLinkView, PublicPreview, PublicSnapshot, PublishedLink };

export const publicLinks = {
  preview: (item: PublicItem) => callTeam<PublicPreview>('POST', '/api/public-links/preview', { item }),
  publish: (item: PublicItem, fingerprint: string, days: number) =>
    callTeam<PublishedLink>('POST', '/api/public-links/publish', { item, fingerprint, days }),
  list: () => callTeam<PublicLinkView[]>('GET', '/api/public-links'),
  revoke: (id: string) => callTeam<PublicLinkView>('POST', '/api/public-links/revoke', { id }),
};
