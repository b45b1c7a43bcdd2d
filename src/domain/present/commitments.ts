import type { PutOff } from '../commitments/put-off.js';
import { dayLabel } from '../insight/flags/context.js';
import type { Recurrence } from '../types.js';

/**
 * How repeating and put-off commitments are said, the same in `handson commitments` and the web
 * app's Commitments page. Pure: the web app imports it too.
 */

/** `every week`, `every 2 weeks`, `every month`, `every 3 months`. */
export function recurrenceLabel(r: Recurrence): string {
  return r.every === 1 ? `every ${r.unit}` : `every ${r.every} ${r.unit}s`;
}

/** `postponed 3 times, first due Mon 2 Nov` (or `…, no due date at first`). */
export function putOffText(p: PutOff): string {
  const first = p.firstDue === undefined ? 'no due date at first' : `first due ${dayLabel(p.firstDue)}`;
  return `postponed ${p.times} times, ${first}`;
}
