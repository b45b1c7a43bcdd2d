/**
 * A turn for the event loop during long work on the server's one thread. Promise chains run as
 * microtasks, which never let an HTTP request in: a rebuild over 200,000 calendar events held every
 * other request for ten seconds. Loops over input-sized data (the app's modelling, the store's row
 * checks and pages, the SQLite driver between a transaction's statements) await `giveTurn()` now
 * and then; it yields (a macrotask) only when TURN_MS have passed since the last turn, so small
 * work costs nothing. One clock for all of them: there is one thread to share.
 */
const TURN_MS = 15;
let last = performance.now();

export async function giveTurn(): Promise<void> {
  if (performance.now() - last < TURN_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  last = performance.now();
}
