import type { CalendarSource } from '../../domain/evidence/evidence.js';
import type { CoverageSpan } from '../../domain/insight/insight-types.js';
import { earlierOf, laterOf } from '../../domain/time.js';
import type { Instant } from '../../domain/types.js';
import type { Store } from '../../store/store.js';

/**
 * What a calendar speaks for after an import or sync of `window` that read `records`: from its
 * first event in the window (a calendar that starts in March says nothing about February, even if
 * the window reaches back to it) to the window's end (an empty day ahead is really free). Grown as
 * a hull of every import. Nothing read adds nothing: an empty file proves no day free.
 */
export function grownCoverage(
  current: CoverageSpan | undefined,
  window: { from: Instant; to: Instant },
  records: readonly { start: Instant }[],
): CoverageSpan | undefined {
  let first: Instant | undefined;
  for (const r of records) if (first === undefined || r.start < first) first = r.start;
  if (first === undefined || first >= window.to) return current;
  return hull(current, { from: laterOf(first, window.from), to: window.to });
}

/** The smallest span holding both (either may be missing). */
export function hull(a: CoverageSpan | undefined, b: CoverageSpan | undefined): CoverageSpan | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return { from: earlierOf(a.from, b.from), to: laterOf(a.to, b.to) };
}

/**
 * Saves the calendar with its grown coverage (the days whose coverage changed are marked for
 * recomputing by the store `invoke` gives the handler: day-tracking.ts). Returns the saved calendar.
 */
export async function saveCoverage(
  tx: Store,
  calendar: CalendarSource,
  window: { from: Instant; to: Instant },
  records: readonly { start: Instant }[],
): Promise<CalendarSource> {
  const after = grownCoverage(calendar.coverage, window, records);
  const saved: CalendarSource = after === undefined ? calendar : { ...calendar, coverage: after };
  await tx.upsertCalendar(saved);
  return saved;
}

/** Every calendar's coverage, as the time model takes it. */
export async function calendarCoverage(store: Store): Promise<CoverageSpan[]> {
  return (await store.listCalendars()).flatMap((c) => (c.coverage ? [c.coverage] : []));
}
