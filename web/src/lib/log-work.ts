import { isAcceptedDate } from './dates.js';
import { EMPTY_SESSION, type SessionDraft } from './payloads.js';
import { href } from './router.js';

/**
 * "Log work on this" for a check: the journal's address carries the check's id, title and reasons,
 * and the journal's log form starts from them, so the session logged there links to the check.
 * The check's day comes along, for the way to its week's review. The address is the hand-over (not page state), so a reload or a bookmark keeps it; it stays in
 * the browser, as everything after `#` does.
 */

export interface CheckToLog {
  id: string;
  date: string;
  input: { title: string; reasons: readonly string[] };
}

export function logWorkHref(check: CheckToLog): string {
  return href('/journal', {
    check: check.id,
    on: check.date,
    title: check.input.title,
    // Reason ids are lowercase letters, digits and dashes: a comma never occurs in one.
    reasons: check.input.reasons.join(','),
  });
}

export interface LogFromCheck {
  checkId: string;
  title: string;
  /** The check's day, when the address has a good one. */
  date: string | undefined;
  draft: SessionDraft;
}

/**
 * The log form's start from the journal's address, or undefined when it names no check. The time
 * stays empty: the work is done after the check, and only the leader knows how long it took.
 */
export function logFromCheck(params: URLSearchParams): LogFromCheck | undefined {
  const checkId = params.get('check')?.trim();
  if (!checkId) return undefined;
  const title = params.get('title')?.trim() ?? '';
  const reasons = (params.get('reasons') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const on = params.get('on') ?? '';
  const date = isAcceptedDate(on) ? on : undefined;
  return {
    checkId,
    title,
    date,
    draft: { ...EMPTY_SESSION, title, reasons: [...new Set(reasons)], checkId },
  };
}
