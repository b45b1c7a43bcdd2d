/** A settable clock for handler tests: the only thing they fake. */
export function clock(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (s: string) => (now = new Date(s)) };
}
