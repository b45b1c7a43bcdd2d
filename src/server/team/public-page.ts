import { createHash } from 'node:crypto';
import type { PublicSnapshot } from '../../app/public-links/snapshot.js';
import { GONE_TEXT, GONE_TITLE, PUBLIC_FOOTER, shareLinks } from '../../domain/present/public-links.js';
import { type Child, h, renderToString, type VNode } from '../../email/vdom.js';
import { OG_HEIGHT, OG_WIDTH } from '../og-image.js';

/**
 * The public page of a link (issue 12): server-rendered HTML from the frozen snapshot, every text
 * escaped by the renderer. No script at all, one inline stylesheet allowed by its hash, and
 * nothing loaded from anywhere: the CSP below says so to the browser.
 */
// No quotes, `<`, `>` or `&`: the renderer would escape them, and the hash in the CSP would not match.
const CSS = `body{margin:0;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;background:#f6f8fa;line-height:1.5}
main{max-width:640px;margin:32px auto;padding:32px;background:#fff;border-top:8px solid #1a7f37;border-radius:6px}
.kicker{color:#1a7f37;margin:0}h1{font-size:28px;margin:4px 0 24px}
section{margin:0 0 20px}h2{font-size:15px;color:#59636e;margin:0 0 4px;font-weight:600}
.value{font-size:20px;margin:0}ul{margin:0;padding-left:20px}
nav{margin-top:28px;font-size:15px}nav a{margin-right:16px}footer{margin-top:24px;font-size:13px;color:#59636e}`;

const CSS_HASH = createHash('sha256').update(CSS).digest('base64');

/** Nothing but this page's own stylesheet; images from here only (none are shown today). */
export const PUBLIC_PAGE_CSP = `default-src 'none'; style-src 'sha256-${CSS_HASH}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function page(title: string, head: VNode[], content: Child[]): string {
  return `<!doctype html>${renderToString(
    h(
      'html',
      { lang: 'en' },
      h(
        'head',
        null,
        h('meta', { charset: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('meta', { name: 'robots', content: 'noindex, nofollow' }),
        h('meta', { name: 'referrer', content: 'no-referrer' }),
        h('title', null, title),
        ...head,
        h('style', null, CSS),
      ),
      h('body', null, h('main', null, ...content)),
    ),
  )}`;
}

/** The card: its kicker, title and each field (label, then its lines), then plain share links. */
export function publicLinkPage(s: PublicSnapshot, at: { url: string; image: string }): string {
  const og = (property: string, content: string) => h('meta', { property, content });
  const description = s.description.length > 300 ? `${s.description.slice(0, 299)}…` : s.description;
  return page(
    s.title,
    [
      h('meta', { name: 'description', content: description }),
      og('og:type', 'article'),
      og('og:title', s.title),
      og('og:description', description),
      og('og:url', at.url),
      og('og:image', at.image),
      og('og:image:width', String(OG_WIDTH)),
      og('og:image:height', String(OG_HEIGHT)),
      og('og:image:alt', s.title),
      h('meta', { name: 'twitter:card', content: 'summary_large_image' }),
    ],
    [
      h('p', { class: 'kicker' }, s.kicker),
      h('h1', null, s.title),
      ...s.fields.map((f) =>
        h(
          'section',
          { 'data-field': f.id },
          h('h2', null, f.label),
          f.lines.length === 1
            ? h('p', { class: 'value' }, f.lines[0])
            : h('ul', null, ...f.lines.map((l) => h('li', null, l))),
        ),
      ),
      h(
        'nav',
        { 'aria-label': 'Share' },
        'Share: ',
        ...shareLinks(at.url, s.title).map((l) =>
          h('a', { href: l.href, rel: 'noopener noreferrer' }, l.label),
        ),
      ),
      h('footer', null, PUBLIC_FOOTER),
    ],
  );
}

/** A link that was revoked or expired (410). */
export function goneLinkPage(): string {
  return page(GONE_TITLE, [], [h('h1', null, GONE_TITLE), h('p', null, GONE_TEXT)]);
}

/** An address that never was a link (404): the same few words, nothing about why. */
export function noLinkPage(): string {
  const title = 'There is nothing at this address';
  return page(title, [], [h('h1', null, title), h('p', null, 'Check that the link was copied whole.')]);
}
