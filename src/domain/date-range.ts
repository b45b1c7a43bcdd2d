/**
 * The dates Hands-on accepts from outside — typed, imported, restored from a backup — and, in UTC,
 * the instants within them. Anything earlier or later is a typo or a broken clock, and would make
 * each walk over the days (the time model, a restore) run for millennia. Its own module, with no
 * imports, so that the web app can share it; the checks built on it are in time.ts.
 */
export const DATE_RANGE = { first: '1970-01-01', last: '2100-12-31' } as const;

/** The accepted range in words, for messages: "from 1970-01-01 to 2100-12-31". */
export const DATE_RANGE_TEXT = `from ${DATE_RANGE.first} to ${DATE_RANGE.last}`;
