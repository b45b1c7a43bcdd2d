import type { DigestView } from '../app/digest/digest.js';
import { KIND_LABEL } from '../domain/check/check-rules.js';
import { dayLabel, plural, times } from '../domain/insight/flags/context.js';
import { SEVERITY_LABEL } from '../domain/present/flags.js';
import { coverageSentence, hoursText, icSentence } from '../domain/present/time.js';
import type { EmailMessage } from './compose.js';
import { emailLayout, section } from './layout.js';
import { renderEmail } from './render.js';
import { h, type VNode } from './vdom.js';

/** Where the digest's links go; all absent for a digest a person makes for themselves. */
export interface DigestLinks {
  /** The weekly review in the web app. */
  reviewUrl?: string;
  preferencesUrl?: string;
  unsubscribeUrl?: string;
}

export function digestSubject(d: DigestView): string {
  return d.week.over ? `Your weekly review of ${d.week.key} is ready` : `Your week so far (${d.week.key})`;
}

function weekSpan(d: DigestView): string {
  return `${dayLabel(d.week.start)} – ${dayLabel(d.week.end)}`;
}

export function digestTree(d: DigestView, links: DigestLinks): VNode {
  const c = d.commitments;
  const coverage = coverageSentence(d.time.coverage);
  const items = c.items ?? [];
  return emailLayout({
    title: digestSubject(d),
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    content: [
      h(
        'p',
        null,
        `Hi ${d.to.name}, here is ${d.week.over ? 'your week' : 'your week so far'}: ${d.week.key} (${weekSpan(d)}).`,
      ),
      ...section(
        'IC work',
        h('p', null, icSentence(d.time.ic, d.budget.minutes)),
        h(
          'p',
          null,
          `${d.budget.usedPct}% of your IC budget used. Planned time is still ahead and never counts as done.`,
        ),
        h(
          'p',
          null,
          `Leadership ${hoursText(d.time.leadership)} · focus ${hoursText(d.time.focus)} · fragmented ${hoursText(d.time.fragmented)}`,
        ),
        coverage !== undefined && h('p', null, coverage),
      ),
      ...section(
        'Commitments',
        h(
          'p',
          null,
          `${plural(c.dueThisWeek, 'commitment')} due this week, ${c.overdue} overdue, ${c.postponed} put off` +
            `${c.putOff > 0 ? ` (${c.putOff} twice or more)` : ''}; ${c.open} open in all.`,
        ),
        items.length > 0 &&
          h(
            'ul',
            null,
            items.map((i) =>
              h(
                'li',
                null,
                `${KIND_LABEL[i.kind]} “${i.title}”`,
                i.due !== undefined ? `, due ${dayLabel(i.due)}` : '',
                i.overdue ? ' (overdue)' : '',
                i.postponements > 0 ? `, postponed ${times(i.postponements)}` : '',
              ),
            ),
          ),
      ),
      ...section(
        'Flags to look at',
        h(
          'p',
          null,
          d.flags.toLookAt === 0 ? 'No flags to look at' : `${plural(d.flags.toLookAt, 'flag')} to look at`,
          d.flags.acknowledged > 0 ? `; ${d.flags.acknowledged} acknowledged` : '',
          d.flags.dismissed > 0 ? `; ${d.flags.dismissed} dismissed` : '',
          d.flags.items.length > 0 ? ':' : '.',
        ),
        d.flags.items.length > 0 &&
          h(
            'ul',
            null,
            d.flags.items.map((f) =>
              h(
                'li',
                null,
                `${f.title} — ${SEVERITY_LABEL[f.severity].toLowerCase()}`,
                f.text !== undefined && [h('br', null), f.text],
              ),
            ),
          ),
      ),
      ...(d.questions !== undefined && d.questions.length > 0
        ? section(
            'Questions for your review',
            h(
              'ul',
              null,
              d.questions.map((q) => h('li', null, q)),
            ),
          )
        : []),
      ...section(
        'Your weekly review',
        links.reviewUrl !== undefined
          ? h(
              'p',
              null,
              h('a', { href: links.reviewUrl }, 'Open the weekly review'),
              ' to acknowledge or dismiss each flag and answer its questions.',
            )
          : h(
              'p',
              null,
              `Open it with “${d.review.command}”, or on the Review page of the web app (handson serve), ` +
                'to acknowledge or dismiss each flag and answer its questions.',
            ),
      ),
    ],
    footer: [
      h(
        'p',
        null,
        d.includeText
          ? 'This digest includes titles and the flags’ own sentences, as you chose.'
          : 'Titles, flag details and questions are left out of this email; they are in the review.',
        links.preferencesUrl === undefined
          ? ` To change that: handson profile --digest-text ${d.includeText ? 'off' : 'on'}.`
          : '',
      ),
      links.unsubscribeUrl === undefined &&
        h('p', null, 'You made this digest yourself with Hands-on; nothing sends it on a schedule.'),
    ],
  });
}

/** The digest as an email to the person it is about. */
export function digestEmail(
  d: DigestView,
  to: { name: string; address: string },
  date: Date,
  links: DigestLinks = {},
): EmailMessage {
  return {
    // Sent from the person's own address: their SMTP server accepts that sender, and the email is
    // their own tool writing to them, not a service.
    from: { name: 'Hands-on', address: to.address },
    to,
    subject: digestSubject(d),
    body: renderEmail(digestTree(d, links)),
    date,
    ...(links.unsubscribeUrl === undefined ? {} : { unsubscribeUrl: links.unsubscribeUrl }),
  };
}
