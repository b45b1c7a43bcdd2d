import type { FollowThrough, LinkSuggestion } from '../check/follow-through.js';
import { quote } from '../quote.js';
import { hoursText } from './time.js';

/**
 * A check's follow-through in words, the same in the CLI, the review, the reports and the web app.
 * Pure: the web app imports it too.
 */

/** The heading of the checks' follow-through in the review and the reports. */
export const FOLLOW_THROUGH_TITLE = 'Follow-through on checks';

type Facts = Pick<FollowThrough, 'verdict' | 'to' | 'timeBoxHours' | 'outcome' | 'minutes' | 'daysSince'>;

/** What happened after the check: `advised to delegate to Priya — done anyway, 24 h`. */
export function followThroughText(f: Facts): string {
  const spent = hoursText(f.minutes);
  const box = hoursText((f.timeBoxHours ?? 0) * 60);
  switch (f.outcome) {
    case 'nothing-yet':
      return 'nothing logged yet';
    case 'not-known':
      return `nothing logged on it in the ${f.daysSince === 1 ? 'day' : `${f.daysSince} days`} since — not known whether it was done`;
    case 'taken':
      return f.verdict === 'pair'
        ? `worked on it, ${spent} (advised to pair${f.to ? ` with ${f.to}` : ''})`
        : `taken as advised, ${spent}`;
    case 'within-time-box':
      return `time-boxed: ${spent} of ${box}`;
    case 'over-time-box':
      return `over the time-box: ${spent} of ${box}`;
    case 'delegated':
      return `delegated${f.to ? ` to ${f.to}` : ''} (no hours logged since)`;
    case 'paused':
      return 'paused (no hours logged since)';
    case 'done-anyway':
      return f.verdict === 'pause-and-reflect'
        ? `paused — then done anyway, ${spent}`
        : `advised to delegate${f.to ? ` to ${f.to}` : ''} — done anyway, ${spent}`;
  }
}

/** The advice in a few words: `delegate to Priya`, `time-box to 6 h`. */
export function adviceWords(f: Pick<FollowThrough, 'verdict' | 'to' | 'timeBoxHours'>): string {
  switch (f.verdict) {
    case 'take':
      return 'take it';
    case 'time-box':
      return f.timeBoxHours === undefined ? 'time-box it' : `time-box to ${hoursText(f.timeBoxHours * 60)}`;
    case 'pair':
      return f.to ? `pair with ${f.to}` : 'pair with someone';
    case 'delegate':
      return f.to ? `delegate to ${f.to}` : 'hand it to someone';
    case 'pause-and-reflect':
      return 'pause and reflect';
  }
}

/** One line per check: `2026-11-24 “Fix the deploy” — delegate to Priya: done anyway, 24 h`. */
export function followThroughLine(f: FollowThrough): string {
  return `${f.date} ${quote(f.title)} — ${adviceWords(f)}: ${f.text}`;
}

/** `Looks like: “Fix deploy” (2026-11-25, 3 h) is the work checked on 2026-11-24`. */
export function suggestionText(s: LinkSuggestion): string {
  return `${quote(s.sessionTitle)} (${s.sessionDate}, ${hoursText(s.minutes)}) looks like the work checked as ${quote(s.checkTitle)} on ${s.checkDate}`;
}
