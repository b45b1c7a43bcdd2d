import { DATE_RANGE, isDateInRange, isTimeInRange } from '../domain/time.js';

/**
 * Records dated outside the range Hands-on keeps (DATE_RANGE) are left out rather than the whole
 * file refused: one mistyped year should not cost the rest of an export. The import report says
 * where they are, the first few by place.
 */

/** How many places the report names; the rest are counted. */
const NAMED = 5;

/**
 * The first of `values` outside DATE_RANGE as `field value` (`Created 0001-01-01T00:00:00.000Z`), or
 * undefined when all are inside. A value is a date (YYYY-MM-DD) or an ISO instant; undefined is
 * skipped.
 */
export function outsideRange(values: Record<string, string | undefined>): string | undefined {
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const inside = value.length === 10 ? isDateInRange(value) : isTimeInRange(Date.parse(value));
    if (!inside) return `${field} ${value}`;
  }
  return undefined;
}

/** Epoch milliseconds as an ISO instant, or what it lies beyond when JavaScript cannot write it. */
export function momentText(ms: number): string {
  if (Math.abs(ms) <= 8.64e15) return new Date(ms).toISOString();
  return ms > 0 ? '+275760-09-13 or later' : '-271821-04-20 or earlier';
}

/** The import report's entry for the records left out, each named by its place (`jira.csv line 7: …`). */
export function skippedOutsideRange(places: readonly string[]): { why: string; count: number }[] {
  if (places.length === 0) return [];
  const more = places.length > NAMED ? `; and ${places.length - NAMED} more` : '';
  return [
    {
      why: `dated before ${DATE_RANGE.first} or after ${DATE_RANGE.last}: ${places.slice(0, NAMED).join('; ')}${more}`,
      count: places.length,
    },
  ];
}
