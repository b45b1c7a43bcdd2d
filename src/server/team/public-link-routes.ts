import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { PublicItemSchema, type PublicSnapshot, publicSnapshotOf } from '../../app/public-links/snapshot.js';
import { shareLinks } from '../../domain/present/public-links.js';
import { AppError } from '../../errors.js';
import { ogImageCache } from '../og-image.js';
import { body } from './body.js';
import type { Account } from './directory.js';
import { DEFAULT_LINK_DAYS, MAX_LINK_DAYS, type TeamPublicLinks } from './public-links.js';
import { goneLinkPage, noLinkPage, PUBLIC_PAGE_CSP, publicLinkPage } from './public-page.js';
import type { RouteSpecs } from './route-spec.js';
import { canonical } from './sharing.js';

type Env = { Variables: { account: Account; token: string } };

const Preview = z.object({ item: PublicItemSchema }).strict();
const Publish = z
  .object({
    item: PublicItemSchema,
    /** What the preview answered: publishing refuses a card that changed since it was shown. */
    fingerprint: z.string().min(1, 'expected the fingerprint the preview answered').max(100),
    days: z
      .number()
      .int('expected a whole number of days')
      .min(1, 'expected at least 1 day')
      .max(MAX_LINK_DAYS, `expected at most ${MAX_LINK_DAYS} days`)
      .default(DEFAULT_LINK_DAYS),
  })
  .strict();
const Revoke = z.object({ id: z.string().trim().min(1, 'expected the link’s id').max(100) }).strict();

export const PUBLIC_LINK_ROUTES = {
  'POST /api/public-links/preview': {
    policy: 'signed-in',
    summary:
      'Exactly what a public link would show: a reason card, or a report summary of the fields you pick. Nothing is published.',
    input: Preview,
  },
  'POST /api/public-links/publish': {
    policy: 'signed-in',
    summary: `Publish the card you previewed, frozen, at an address that works for ${DEFAULT_LINK_DAYS} days unless you choose (at most ${MAX_LINK_DAYS}). Answers the address once.`,
    input: Publish,
  },
  'GET /api/public-links': {
    policy: 'signed-in',
    summary: 'Your public links, with how often each page was opened.',
  },
  'POST /api/public-links/revoke': {
    policy: 'signed-in',
    summary: 'End a public link: its page answers 410 Gone from the next request on.',
    input: Revoke,
  },
  // The published card: anyone holding the address reads it; nothing else is reachable from it.
  'GET /p/:token': {
    policy: 'anyone',
    summary: 'A published card as a page, for anyone with the link (not indexed, no scripts).',
    produces: 'text/html',
  },
  'GET /p/:token/og.png': {
    policy: 'anyone',
    summary: 'The link preview image of a published card (1200×630 PNG).',
    produces: 'image/png',
  },
} satisfies RouteSpecs;

/** Names the snapshot's content, so a publish can say it is the card that was previewed. */
export function fingerprintOf(snapshot: PublicSnapshot): string {
  return createHash('sha256').update(canonical(snapshot)).digest('base64url').slice(0, 22);
}

/** Headers of every public page and image: not indexed, no referrer, nothing else loaded. */
function publicHeaders(c: Context) {
  c.header('X-Robots-Tag', 'noindex, nofollow, noarchive');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Security-Policy', PUBLIC_PAGE_CSP);
  c.header('Cache-Control', 'no-store');
}

/**
 * Public links (issue 12): composed and published by a signed-in person from their own journal
 * (`journalOf`), read by anyone with the address. The page and its image read the frozen snapshot
 * only; they never open a journal.
 */
export function mountPublicLinkRoutes(
  app: Hono<Env>,
  deps: {
    links: TeamPublicLinks;
    journalOf: (account: Account) => AppContext;
    publicUrl: URL;
    log: (line: string) => void;
  },
): void {
  const { links, journalOf, publicUrl, log } = deps;
  const image = ogImageCache();
  const addressOf = (token: string) => new URL(`/p/${token}`, publicUrl).toString();

  app.post('/api/public-links/preview', async (c) => {
    const { item } = await body(c, Preview);
    const snapshot = await publicSnapshotOf(journalOf(c.get('account')), item);
    return c.json({ data: { snapshot, fingerprint: fingerprintOf(snapshot) } });
  });
  app.post('/api/public-links/publish', async (c) => {
    const input = await body(c, Publish);
    const snapshot = await publicSnapshotOf(journalOf(c.get('account')), input.item);
    if (fingerprintOf(snapshot) !== input.fingerprint) {
      throw new AppError(
        'conflict',
        'What this link would show changed since the preview (or was never previewed): look at the preview again, then publish.',
        { field: 'fingerprint' },
      );
    }
    const { link, token } = await links.as(c.get('account')).publish(snapshot, input.days);
    log(`public link ${link.id} published by ${c.get('account').id}`);
    const url = addressOf(token);
    return c.json({ data: { link, url, snapshot, share: shareLinks(url, snapshot.title) } });
  });
  app.get('/api/public-links', async (c) => c.json({ data: await links.as(c.get('account')).list() }));
  app.post('/api/public-links/revoke', async (c) => {
    const { id } = await body(c, Revoke);
    const link = await links.as(c.get('account')).revoke(id);
    log(`public link ${id} revoked by ${c.get('account').id}`);
    return c.json({ data: link });
  });

  app.get('/p/:token', async (c) => {
    publicHeaders(c);
    const token = c.req.param('token');
    const visit = await links.visit(token, c.req.method === 'GET');
    if (visit === undefined) return c.html(noLinkPage(), 404);
    if (visit.state === 'gone') return c.html(goneLinkPage(), 410);
    const url = addressOf(token);
    return c.html(publicLinkPage(visit.snapshot, { url, image: `${url}/og.png` }));
  });
  app.get('/p/:token/og.png', async (c) => {
    publicHeaders(c);
    const visit = await links.visit(c.req.param('token'), false);
    if (visit === undefined) return c.text('There is no image at this address.', 404);
    if (visit.state === 'gone') return c.text('This link was revoked or has expired.', 410);
    const png = await image(visit.snapshot);
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png' });
  });
}
