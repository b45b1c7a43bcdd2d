/**
 * How coaching and sharing are said (issue 11): the web app's share controls, the leader's list of
 * shares and the coach's view. Pure: the web app imports it; a CLI or an email would say the same.
 */

/** Said wherever a leader shares an item or stops sharing one: what a share can and cannot undo. */
export const CANNOT_ERASE =
  'You can stop sharing at any time, but that cannot erase what they have already read.';
export const COPY_SENTENCE = `Your coach sees a copy of this item as it is now. ${CANNOT_ERASE}`;

/** Said where a coach's open item was revoked, expired, or its coaching ended. */
export const NO_LONGER_SHARED = 'This is no longer shared with you.';

/** `not viewed yet`, `viewed once`, `viewed twice`, `viewed 5 times`. */
export function viewsText(views: number): string {
  if (views === 0) return 'not viewed yet';
  if (views === 1) return 'viewed once';
  if (views === 2) return 'viewed twice';
  return `viewed ${views} times`;
}

/** `Visible to Joanna since 3 Dec, viewed twice`; `day` writes an instant as the reader's day. */
export function visibleText(
  share: { coach: { name: string }; sharedAt: string; views: number },
  day: (instant: string) => string,
): string {
  return `Visible to ${share.coach.name} since ${day(share.sharedAt)}, ${viewsText(share.views)}`;
}

/** What a share of mine is now, when the coach can no longer read it. */
export function endedText(
  share: { coach: { name: string }; revokedAt: string | null; expiresAt: string | null },
  day: (instant: string) => string,
): string {
  if (share.revokedAt !== null)
    return `No longer shared with ${share.coach.name} since ${day(share.revokedAt)}`;
  return share.expiresAt === null
    ? `No longer shared with ${share.coach.name}`
    : `Shared with ${share.coach.name} until ${day(share.expiresAt)}`;
}

const ACTIONS: Record<string, string> = {
  share: 'shared',
  update: 'shared an update',
  revoke: 'stopped sharing',
  view: 'viewed',
  comment: 'commented',
};

/** An access log's action in words: `viewed`, `stopped sharing`… */
export function accessActionText(action: string): string {
  return ACTIONS[action] ?? action;
}

/** `web` or `api` in words: through what an item was reached. */
export function viaText(via: string): string {
  return via === 'web' ? 'the web app' : via === 'api' ? 'the API' : via;
}

const KINDS: Record<string, string> = {
  review: 'Weekly review',
  flag: 'Flag',
  check: 'Check',
  reflection: 'Reflection',
  report: 'Report',
};

/** A shared item's kind as a label: `Weekly review`, `Flag`… */
export function shareKindText(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** `Weekly review`, or `Weekly review, version 2` once the leader shared an update. */
export function shareKindLine(share: { kind: string; version: number }): string {
  return `${shareKindText(share.kind)}${share.version > 1 ? `, version ${share.version}` : ''}`;
}
