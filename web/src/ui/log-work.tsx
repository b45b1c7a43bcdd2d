import { type CheckToLog, logWorkHref } from '../lib/log-work.js';

/**
 * "Log work on this": opens the journal's log form filled in from the check (its task and
 * reasons), so the session logged there counts in the check's follow-through.
 */
export function LogWorkLink({ check }: { check: CheckToLog }) {
  return (
    <a class="btn btn-small" href={logWorkHref(check)} aria-label={`Log work on this: ${check.input.title}`}>
      Log work on this
    </a>
  );
}
