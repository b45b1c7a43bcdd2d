import type { CalendarSource } from '../../domain/evidence.js';
import type { CoverageSpan } from '../../domain/insight-types.js';
import { earlierOf, laterOf, localDate } from '../../domain/time.js';
import type { Instant } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import { daysBetween } from './window.js';

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
 * Saves the calendar with its grown coverage and marks the days whose coverage changed, so their
 * stored models are recomputed with the calendar figures they now have. Returns the saved calendar.
 */
export async function saveCoverage(
  tx: Store,
  calendar: CalendarSource,
  window: { from: Instant; to: Instant },
  records: readonly { start: Instant }[],
  tz: string,
): Promise<CalendarSource> {
  const before = calendar.coverage;
  const after = grownCoverage(before, window, records);
  const saved: CalendarSource = after === undefined ? calendar : { ...calendar, coverage: after };
  await tx.upsertCalendar(saved);
  if (after !== undefined && (before?.from !== after.from || before?.to !== after.to)) {
    const changed: [Instant, Instant][] =
      before === undefined
        ? [[after.from, after.to]]
        : [
            [after.from, before.from],
            [before.to, after.to],
          ];
    for (const [from, to] of changed) {
      if (from < to) await tx.markDirtyDays(daysBetween(localDate(from, tz), localDate(to, tz)));
    }
  }
  return saved;
}

/** Every calendar's coverage, as the time model takes it. */
export async function calendarCoverage(store: Store): Promise<CoverageSpan[]> {
  return (await store.listCalendars()).flatMap((c) => (c.coverage ? [c.coverage] : []));
}
