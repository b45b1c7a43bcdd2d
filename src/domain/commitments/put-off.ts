import type { Commitment, LocalDate } from '../types.js';

/**
 * Once is a change of plan; twice is a pattern. An open commitment postponed this often is shown
 * apart, with how often and since when, so it cannot hide among the others with its newest date.
 */
export const PUT_OFF_AFTER = 2;

export interface PutOff {
  commitment: Commitment;
  /** How often it was postponed. */
  times: number;
  /** Its due date before the first postponement; absent when it had none then. */
  firstDue?: LocalDate;
}

export interface PutOffSplit {
  /** Oldest first due first (undated last), so the longest put off leads. */
  putOff: PutOff[];
  /** Everything else, in the order given. */
  others: Commitment[];
}

export function isPutOff(c: Commitment): boolean {
  return c.status === 'open' && c.postponements.length >= PUT_OFF_AFTER;
}

export function putOffOf(c: Commitment): PutOff {
  const firstDue = c.postponements[0]?.fromDue;
  return { commitment: c, times: c.postponements.length, ...(firstDue !== undefined ? { firstDue } : {}) };
}

export function splitPutOff(list: readonly Commitment[]): PutOffSplit {
  const putOff: PutOff[] = [];
  const others: Commitment[] = [];
  for (const c of list) {
    if (isPutOff(c)) putOff.push(putOffOf(c));
    else others.push(c);
  }
  putOff.sort(
    (a, b) =>
      compare(a.firstDue ?? '\uffff', b.firstDue ?? '\uffff') ||
      b.times - a.times ||
      compare(a.commitment.id, b.commitment.id),
  );
  return { putOff, others };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Postponements oldest first. Their time alone cannot order two recorded in the same millisecond
 * (a script, a fixed test clock, an import), and their ids are random; but each one moves the due
 * date on from where the one before left it, so among equal times the chain decides: the next is
 * the one whose `fromDue` is where the last one went. What the chain cannot place keeps id order.
 */
export function inHistoryOrder<P extends { id: string; at: string; fromDue?: LocalDate; toDue: LocalDate }>(
  list: readonly P[],
): P[] {
  const byTime = [...list].sort((a, b) => compare(a.at, b.at) || compare(a.id, b.id));
  const out: P[] = [];
  let i = 0;
  while (i < byTime.length) {
    let j = i;
    while (j < byTime.length && byTime[j]!.at === byTime[i]!.at) j++;
    const tied = byTime.slice(i, j);
    while (tied.length > 0) {
      const last = out[out.length - 1];
      const follows = last === undefined ? -1 : tied.findIndex((p) => p.fromDue === last.toDue);
      const starts = tied.findIndex((p) => !tied.some((q) => q !== p && q.toDue === p.fromDue));
      const next = follows >= 0 ? follows : Math.max(0, starts);
      out.push(tied.splice(next, 1)[0]!);
    }
    i = j;
  }
  return out;
}
