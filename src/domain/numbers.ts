/**
 * The largest of many numbers. `Math.max(...values)` passes every value as an argument, and past
 * ~100,000 of them (a list of events, a long report) the call overflows the stack; this walks them.
 * `floor` is the answer for no values (and the least answer otherwise), as in `Math.max(floor, ...)`.
 */
export function largest(values: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let max = floor;
  for (const v of values) if (v > max || Number.isNaN(v)) max = v;
  return max;
}
