import { type PutOff, splitPutOff } from '../../../src/domain/commitments/put-off.js';
import { apiPath } from '../api/client.js';
import type { Commitment, CommitmentKind } from '../api/types.js';
import { dateInZone, daysBetween, weekOf } from './dates.js';

export const KIND_LABEL: Record<CommitmentKind, string> = {
  'one-on-one': '1:1',
  'tough-conversation': 'Tough conversation',
  decision: 'Decision',
  review: 'Review',
  hiring: 'Hiring',
  planning: 'Planning',
  feedback: 'Feedback',
  other: 'Other',
};

export const KINDS = Object.keys(KIND_LABEL) as CommitmentKind[];

export type GroupId = 'overdue' | 'this-week' | 'later' | 'undated';

export interface CommitmentGroup {
  id: GroupId;
  title: string;
  items: Commitment[];
}

const TITLES: Record<GroupId, string> = {
  overdue: 'Overdue',
  'this-week': 'Due this week',
  later: 'Coming up later',
  undated: 'No due date',
};

/**
 * Open commitments by how pressing they are: overdue first, then this week, later, and those
 * without a date — oldest first there, because an undated commitment ages silently.
 */
export function groupOpen(list: readonly Commitment[], today: string): CommitmentGroup[] {
  const endOfWeek = weekOf(today).end;
  const groups: Record<GroupId, Commitment[]> = { overdue: [], 'this-week': [], later: [], undated: [] };
  for (const c of list) {
    if (c.status !== 'open') continue;
    const id: GroupId =
      c.due === undefined
        ? 'undated'
        : c.due < today
          ? 'overdue'
          : c.due <= endOfWeek
            ? 'this-week'
            : 'later';
    groups[id].push(c);
  }
  const byDue = (a: Commitment, b: Commitment) =>
    (a.due ?? '').localeCompare(b.due ?? '') || a.createdAt.localeCompare(b.createdAt);
  return (Object.keys(groups) as GroupId[])
    .map((id) => ({
      id,
      title: TITLES[id],
      items: [...groups[id]].sort(
        id === 'undated' ? (a, b) => a.createdAt.localeCompare(b.createdAt) : byDue,
      ),
    }))
    .filter((g) => g.items.length > 0);
}

/** Done and cancelled commitments, most recently closed first. */
export function closed(list: readonly Commitment[], status: 'done' | 'cancelled'): Commitment[] {
  return list
    .filter((c) => c.status === status)
    .sort((a, b) => (b.closedAt ?? b.createdAt).localeCompare(a.closedAt ?? a.createdAt));
}

/** Days since the commitment was made, counted in the leader's days. */
export function daysOpen(c: Commitment, today: string, tz: string): number {
  return Math.max(0, daysBetween(dateInZone(c.createdAt, tz), today));
}

/** What "Repeats" offers, as the server reads it (`every`); `''` does not repeat. */
export const REPEATS: readonly { value: string; label: string }[] = [
  { value: '', label: 'No' },
  { value: 'week', label: 'Every week' },
  { value: '2w', label: 'Every 2 weeks' },
  { value: 'month', label: 'Every month' },
];

/**
 * The open commitments as the page shows them: those put off (postponed twice or more) apart, so
 * they cannot hide under their newest date, and the rest grouped by how pressing they are.
 */
export function openView(
  list: readonly Commitment[],
  today: string,
): { putOff: PutOff[]; groups: CommitmentGroup[] } {
  const { putOff, others } = splitPutOff(list.filter((c) => c.status === 'open'));
  return { putOff, groups: groupOpen(others, today) };
}

/** An instant as the leader's wall clock, `YYYY-MM-DDTHH:MM`: what a date-time field holds. */
export function wallClock(instant: string, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** Where a booked commitment's invitation is saved from: the server names the file. */
export function invitationHref(id: string): string {
  return `${apiPath('commitments', 'invitation')}.ics?id=${encodeURIComponent(id)}`;
}
