import type { Commitment, CommitmentKind, Instant, LocalDate } from '../types.js';

/** Commitment kinds that are uncomfortable enough to be the thing IC work lets you escape. */
export const DEFAULT_TOUGH_KINDS: readonly CommitmentKind[] = ['tough-conversation', 'decision'];

export interface CommitmentHealthConfig {
  toughKinds: readonly CommitmentKind[];
}

export interface CommitmentHealth {
  /** Open commitments whose due date has passed. */
  overdue: Commitment[];
  /** Open tough commitments that were put off at least once or are overdue. */
  toughPostponedOrOverdue: Commitment[];
  /** Open commitments put off at least once. */
  postponed: Commitment[];
  healthy: boolean;
}

export function isOverdue(commitment: Commitment, today: LocalDate): boolean {
  // LocalDate strings are YYYY-MM-DD, so string order is date order.
  return commitment.due !== undefined && commitment.due < today;
}

/**
 * Only open commitments count: a tough conversation that finally happened is no longer
 * a warning sign, however often it was put off. Lists are sorted by due date (none last),
 * then title and id, so anything built from them reads the same whatever order they came in.
 */
export function commitmentHealth(
  commitments: readonly Commitment[],
  today: LocalDate,
  config: CommitmentHealthConfig = { toughKinds: DEFAULT_TOUGH_KINDS },
): CommitmentHealth {
  const open = commitments.filter((c) => c.status === 'open').sort(byDueThenTitle);
  const overdue = open.filter((c) => isOverdue(c, today));
  const postponed = open.filter((c) => c.postponements.length > 0);
  const toughPostponedOrOverdue = open.filter(
    (c) => config.toughKinds.includes(c.kind) && (c.postponements.length > 0 || isOverdue(c, today)),
  );
  return {
    overdue,
    toughPostponedOrOverdue,
    postponed,
    healthy: overdue.length === 0 && toughPostponedOrOverdue.length === 0,
  };
}

function byDueThenTitle(a: Commitment, b: Commitment): number {
  return compare(a.due ?? '\uffff', b.due ?? '\uffff') || compare(a.title, b.title) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The commitments as they stood at `at`: those created by then, open unless closed by then, with
 * the due date and postponements they had then. `week --date` in the past shows the week as it was,
 * not as it is now.
 */
export function commitmentsAsOf(commitments: readonly Commitment[], at: Instant): Commitment[] {
  const out: Commitment[] = [];
  for (const c of commitments) {
    if (c.createdAt > at) continue;
    const postponements = c.postponements.filter((p) => p.at <= at);
    const later = c.postponements.find((p) => p.at > at);
    // A commitment closed without a recorded time (older data) counts as closed all along.
    const closed = c.status !== 'open' && (c.closedAt === undefined || c.closedAt <= at);
    const { closedAt: _closedAt, due: _due, ...rest } = c;
    const due = later !== undefined ? later.fromDue : c.due;
    out.push({
      ...rest,
      ...(due !== undefined ? { due } : {}),
      ...(closed && c.closedAt !== undefined ? { closedAt: c.closedAt } : {}),
      status: closed ? c.status : 'open',
      postponements,
    });
  }
  return out;
}

/** A week's commitments as they stood at `asOf` (now, or the end of a week that is over). */
export interface WeekCommitments extends CommitmentHealth {
  /** How many were open. */
  open: number;
  /** Open commitments due in the week. */
  dueThisWeek: Commitment[];
}

/**
 * The commitments the week and the weekly review show (and the digest, which is the review): one
 * computation, so `handson week`, `handson review` and the email cannot count them differently.
 * `on` is the day the week is seen from (today, or its last day when it is over).
 */
export function weekCommitments(
  all: readonly Commitment[],
  asOf: Instant,
  week: { start: LocalDate; end: LocalDate },
  on: LocalDate,
): WeekCommitments {
  const open = commitmentsAsOf(all, asOf).filter((c) => c.status === 'open');
  return {
    open: open.length,
    ...commitmentHealth(open, on),
    dueThisWeek: open.filter((c) => c.due !== undefined && c.due >= week.start && c.due <= week.end),
  };
}
