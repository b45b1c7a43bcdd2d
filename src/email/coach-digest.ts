import type { ShareKind } from '../app/sharing/snapshot.js';
import { plural } from '../domain/insight/flags/context.js';
import type { EmailMessage, Mailbox } from './compose.js';
import { emailLayout, section } from './layout.js';
import { renderEmail } from './render.js';
import { h, type VNode } from './vdom.js';

/**
 * What a coach's weekly email says: which leaders shared what kind of item with them that week,
 * and how many new comments came — never the item's title, content or the comments' words. Those
 * are the leader's, shared with the coach on the server; an email would copy them into inboxes and
 * mail servers the leader never chose (decision 0028). The link opens them where sharing rules hold.
 */
export interface CoachDigestView {
  week: { key: string };
  to: { name: string };
  items: {
    leader: string;
    kind: ShareKind;
    /** Shared for the first time that week, or a new version of an older share. */
    change: 'shared' | 'updated' | 'none';
    /** Comments by someone other than the coach, that week. */
    comments: number;
  }[];
}

export interface CoachDigestLinks {
  sharedUrl: string;
  preferencesUrl?: string;
  unsubscribeUrl?: string;
}

const KIND: Record<ShareKind, string> = {
  review: 'a weekly review',
  flag: 'a flag',
  check: 'a check of an IC task',
  reflection: 'a reflection',
  report: 'a report',
};

export function coachDigestSubject(d: CoachDigestView): string {
  return `Shared with you in ${d.week.key}`;
}

function line(i: CoachDigestView['items'][number]): string {
  const what =
    i.change === 'shared'
      ? `${i.leader} shared ${KIND[i.kind]}`
      : i.change === 'updated'
        ? `${i.leader} updated ${KIND[i.kind]}`
        : `Comments on ${KIND[i.kind]} ${i.leader} shared earlier`;
  if (i.change === 'none') return `${what}: ${plural(i.comments, 'new comment')}`;
  return i.comments > 0 ? `${what} — ${plural(i.comments, 'new comment')}` : what;
}

export function coachDigestTree(d: CoachDigestView, links: CoachDigestLinks): VNode {
  return emailLayout({
    title: coachDigestSubject(d),
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    content: [
      h('p', null, `Hi ${d.to.name}, here is what your coachees shared with you in ${d.week.key}.`),
      ...section(
        'Shared with you',
        h(
          'ul',
          null,
          d.items.map((i) => h('li', null, line(i))),
        ),
        h(
          'p',
          null,
          h('a', { href: links.sharedUrl }, 'Open what was shared with you'),
          ' to read and reply.',
        ),
      ),
    ],
    footer: [
      h(
        'p',
        null,
        'Titles, contents and comments stay on the server: only what changed is in this email. ' +
          'Items a leader stopped sharing are not listed.',
      ),
    ],
  });
}

export function coachDigestEmail(
  d: CoachDigestView,
  from: Mailbox,
  to: Mailbox,
  date: Date,
  links: CoachDigestLinks,
): EmailMessage {
  return {
    from,
    to,
    subject: coachDigestSubject(d),
    body: renderEmail(coachDigestTree(d, links)),
    date,
    ...(links.unsubscribeUrl === undefined ? {} : { unsubscribeUrl: links.unsubscribeUrl }),
  };
}
