/**
 * The dates Hands-on accepts from outside — typed, imported, restored from a backup — and, in UTC,
 * the instants within them. Anything earlier or later is a typo or a broken clock, and would make
 * each walk over the days (the time model, a restore) run for millennia. Its own module, with no
 * imports, so that the web app can share it; the checks built on it are in time.ts.
 */
export const DATE_RANGE = { first: '1970-01-01', last: '2100-12-31' } as const;

/** The accepted range in words, for messages: "from 1970-01-01 to 2100-12-31". */
export const DATE_RANGE_TEXT = `from ${DATE_RANGE.first} to ${DATE_RANGE.last}`;

/**
 * The days the time model may hold: the accepted range and the day either side (an accepted
 * instant can fall on 1969-12-31 in New York). A record from before the range was enforced that
 * lies outside is left out of the model rather than walked to.
 */
export const MODELLED_DAYS = { first: '1969-12-31', last: '2101-01-01' } as const;

export function isModelledDay(date: string): boolean {
  return date >= MODELLED_DAYS.first && date <= MODELLED_DAYS.last;
}
