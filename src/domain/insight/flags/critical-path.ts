import type { TrackerItem } from '../../evidence/evidence.js';
import {
  checkEvidence,
  compare,
  dayLabel,
  duration,
  type FlagContext,
  type FlagDraft,
  listing,
  quote,
  sessionsEvidence,
  sum,
  trackerEvidence,
  trackerId,
  verdictAdvice,
  within,
  words,
} from './context.js';

/** The leader holding work that others wait on. */
export function criticalPathFlags(cx: FlagContext): FlagDraft[] {
  return [...checkedButDoneAnyway(cx), ...assignedCriticalItems(cx)];
}

/**
 * A check of a task on the critical path (or blocking others) that has sessions linked to it —
 * whatever the check advised, the leader went on to do it — when the check or one of those
 * sessions falls in this week, so the work is current. One flag per check.
 */
function checkedButDoneAnyway(cx: FlagContext): FlagDraft[] {
  const flags: FlagDraft[] = [];
  const checks = [...cx.input.checks].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  for (const check of checks) {
    if (!check.input.criticalPath && !check.input.blocksOthers) continue;
    const done = cx.sessions.filter((s) => s.checkId === check.id);
    if (done.length === 0) continue;
    const thisWeek = (d: string) => within(d, cx.thisWeek.start, cx.thisWeek.end);
    if (!thisWeek(check.date) && !done.some((s) => thisWeek(s.date))) continue;
    const why = check.input.criticalPath ? 'it is on the critical path' : 'others are waiting on it';
    const advice =
      check.result.verdict === 'take'
        ? ''
        : ` and your check on ${dayLabel(check.date)} said to ${verdictAdvice(check)}`;
    const days = [...new Set(done.map((s) => dayLabel(s.date)))];
    const spent = duration(sum(done.map((s) => s.minutes)));
    flags.push({
      id: 'critical-path',
      severity: 'alert',
      text: `You spent ${spent} on ${quote(check.input.title)} (${listing(days, 4)}) although ${why}${advice}.`,
      evidence: [checkEvidence(check), ...sessionsEvidence(done, { total: `${spent} in all` })],
    });
  }
  return flags;
}

/** Statuses that mean finished, for trackers that export no resolution date. */
const FINISHED = new Set([
  'done',
  'closed',
  'resolved',
  'merged',
  'completed',
  'canceled',
  'cancelled',
  'duplicate',
  'not planned',
  'wont do',
  'won t do',
]);

/**
 * Tracker items on the critical path, assigned to the leader and not finished. The assignee is
 * the leader when it equals one of the profile's addresses, an address's local part or the
 * profile's name (ignoring case and accents); a GitHub login that is none of those is missed.
 */
function assignedCriticalItems(cx: FlagContext): FlagDraft[] {
  const me = new Set<string>();
  for (const email of cx.input.profile.emails) {
    me.add(words(email).join(' '));
    const at = email.indexOf('@');
    if (at > 0) me.add(words(email.slice(0, at)).join(' '));
  }
  me.add(words(cx.input.profile.name).join(' '));
  me.delete('');
  const mine = (t: TrackerItem) => t.assignee !== undefined && me.has(words(t.assignee).join(' '));
  const finished = (t: TrackerItem) => t.resolvedAt !== undefined || FINISHED.has(words(t.status).join(' '));
  const items = cx.input.trackerItems
    .filter((t) => t.criticalPath && mine(t) && !finished(t))
    .sort((a, b) => compare(trackerId(a), trackerId(b)));
  if (items.length === 0) return [];
  return [
    {
      id: 'critical-path',
      severity: 'alert',
      text:
        `${items.length === 1 ? 'An item' : `${items.length} items`} on the critical path ` +
        `${items.length === 1 ? 'is' : 'are'} assigned to you and still open: ` +
        `${listing(items.map((t) => `${t.key} ${quote(t.title)} (${t.status})`))}.`,
      evidence: items.map((t) => trackerEvidence(cx, t)),
    },
  ];
}
