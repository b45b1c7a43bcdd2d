import type { EmailMessage, Mailbox } from './compose.js';
import { emailLayout } from './layout.js';
import { renderEmail } from './render.js';
import { h, type VNode } from './vdom.js';

/**
 * A discussion email (issue 12): someone commented in a discussion the person follows, or a new
 * reason was proposed in their organisation. The words are the organisation's discussion, which
 * every member can read on the server; the people in it appear by name, never by address.
 */
export interface DiscussionView {
  kind: 'follow-up-comment' | 'new-proposal';
  to: { name: string };
  proposal: { title: string; kind: 'good' | 'watch-out' };
  /** Who wrote the comment, or proposed the reason. */
  author: string;
  /** The comment, or the proposal's summary. */
  text: string;
  /** A reply to someone's comment: whose. */
  replyTo?: string | undefined;
}

export interface DiscussionLinks {
  discussionUrl: string;
  preferencesUrl?: string;
  unsubscribeUrl?: string;
}

export function discussionSubject(d: DiscussionView): string {
  return d.kind === 'new-proposal'
    ? `New reason proposed: ${d.proposal.title}`
    : `New comment on “${d.proposal.title}”`;
}

export function discussionTree(d: DiscussionView, links: DiscussionLinks): VNode {
  const lead =
    d.kind === 'new-proposal'
      ? `${d.author} proposed a ${d.proposal.kind === 'good' ? 'good reason' : 'reason to watch out for'} for the organisation’s catalogue:`
      : `${d.author} ${d.replyTo === undefined ? 'commented' : `replied to ${d.replyTo}`} in the discussion of “${d.proposal.title}”:`;
  return emailLayout({
    title: discussionSubject(d),
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    content: [
      h('p', null, `Hi ${d.to.name},`),
      h('p', null, lead),
      h(
        'blockquote',
        { style: 'margin:0 0 16px;padding:8px 12px;border-left:3px solid #d0d7de;white-space:pre-wrap' },
        d.kind === 'new-proposal' ? `${d.proposal.title}\n\n${d.text}` : d.text,
      ),
      h(
        'p',
        null,
        h('a', { href: links.discussionUrl }, 'Open the discussion'),
        ' to read it all and reply.',
      ),
    ],
    footer: [
      h(
        'p',
        null,
        d.kind === 'new-proposal'
          ? 'You get this because you asked to hear of new proposals in your organisation.'
          : 'You get this because you follow this discussion.',
        ' Unsubscribing stops every discussion email (you can turn them on again on the page).',
      ),
    ],
  });
}

export function discussionEmail(
  d: DiscussionView,
  from: Mailbox,
  to: Mailbox,
  date: Date,
  links: DiscussionLinks,
): EmailMessage {
  return {
    from,
    to,
    subject: discussionSubject(d),
    body: renderEmail(discussionTree(d, links)),
    date,
    ...(links.unsubscribeUrl === undefined ? {} : { unsubscribeUrl: links.unsubscribeUrl }),
  };
}
