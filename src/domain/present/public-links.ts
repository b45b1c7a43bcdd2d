/**
 * How a public link is said (issue 12): the fields a report summary may show, their labels and
 * values, and what revoking can and cannot undo. Pure: the snapshot (app/public-links), the public
 * page, the image and the web app all say it with these words.
 */

/**
 * The allow-list of a report summary: numbers only. A field that could carry something the leader
 * typed (a title, a reflection, a person's name) is not on it, and cannot be asked for.
 */
export const SUMMARY_FIELDS = [
  'ic-budget',
  'ic-time',
  'reasons-mix',
  'leadership-time',
  'one-on-ones',
  'focus-time',
  'weeks',
] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** The label of each field, on the compose form and on the public page. */
export const SUMMARY_LABELS: Record<SummaryField, string> = {
  'ic-budget': 'IC time against the budget',
  'ic-time': 'IC time',
  'reasons-mix': 'Why IC work was done',
  'leadership-time': 'Leadership time',
  'one-on-ones': '1:1 time',
  'focus-time': 'Focus time (blocks of 2 h or more)',
  weeks: 'Weeks covered',
};

/** What the compose form says under each field's checkbox. */
export const SUMMARY_HINTS: Record<SummaryField, string> = {
  'ic-budget': 'The share of your IC budget you used, and the budget itself.',
  'ic-time': 'Hours of IC work done: logged, and what your evidence shows.',
  'reasons-mix': 'The reasons behind logged IC time, as percentages. Your own reasons are grouped, unnamed.',
  'leadership-time': 'Hours of leadership work, from your calendars.',
  'one-on-ones': 'Hours of 1:1s, from your calendars.',
  'focus-time': 'Hours in blocks of two hours or more, from your calendars.',
  weeks: 'How many weeks the figures cover.',
};

/** Where a reason of the leader's own stands in a published mix: its name is theirs, not the public's. */
export const OWN_REASONS = 'Reasons of my own';

/** Said wherever a link is published or revoked. */
export const CANNOT_RECALL =
  'Revoking a link ends its page at once. A preview another site already made of it (its title, description and image) stays in that site’s cache and cannot be recalled.';
export const LINK_ONCE =
  'Copy the link now: the server keeps only a fingerprint of it, so it cannot show it again.';
export const PUBLIC_FOOTER = 'Shared from Hands-on. This page shows only what its author chose to publish.';
export const GONE_TITLE = 'This link no longer works';
export const GONE_TEXT = 'Its author revoked it, or it expired. What it showed is no longer published.';

/** `12.5 h`; unknown stays unknown. */
export function hoursText(minutes: number | null, unknown: string): string {
  if (minutes === null) return unknown;
  const hours = Math.round((minutes / 60) * 10) / 10;
  return `${hours.toLocaleString('en-GB')} h`;
}

export const NO_CALENDAR = 'Unknown: no calendar covers this range';
export const NO_EVIDENCE = 'Unknown: no evidence in this range';

/** `80% of the IC budget used (the budget: 15% of working time)`. */
export function budgetText(usedPct: number | null, budgetPct: number): string {
  const budget = `the budget: ${budgetPct}% of working time`;
  return usedPct === null ? `${NO_EVIDENCE} (${budget})` : `${usedPct}% of the IC budget used (${budget})`;
}

export function weeksText(weeks: number): string {
  return weeks === 1 ? '1 week' : `${weeks} weeks`;
}

/** `See the ground truth: 40%`. */
export function shareText(title: string, pct: number): string {
  return `${title}: ${pct}%`;
}

export const NO_REASONS = 'No IC time was logged with a reason in this range';

/** The kind of a reason, as its card says it. */
export function reasonKindText(kind: 'good' | 'watch-out'): string {
  return kind === 'good' ? 'A good reason for a leader to do IC work' : 'A reason to watch out for';
}
export function signalsLabel(kind: 'good' | 'watch-out'): string {
  return kind === 'good' ? 'It is genuine when' : 'Signs it may be at play';
}
export const QUESTIONS_LABEL = 'Questions to ask yourself';

/** `opened 3 times`. */
export function opensText(opens: number): string {
  if (opens === 0) return 'not opened yet';
  if (opens === 1) return 'opened once';
  if (opens === 2) return 'opened twice';
  return `opened ${opens} times`;
}

/**
 * Share addresses as plain links: the other site opens in a new tab with the address filled in.
 * No script of theirs runs on our pages, and they learn of the link only when the person clicks.
 */
export function shareLinks(url: string, title: string): { label: string; href: string }[] {
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString().replaceAll('+', '%20');
  return [
    { label: 'Email', href: `mailto:?${q({ subject: title, body: `${title}\n${url}` })}` },
    { label: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?${q({ url })}` },
    { label: 'X', href: `https://x.com/intent/post?${q({ text: title, url })}` },
  ];
}
