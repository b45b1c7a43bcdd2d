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
