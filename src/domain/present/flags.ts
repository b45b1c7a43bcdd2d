import type { FlagId, Severity } from '../insight/insight-types.js';

/**
 * The names of flags and of their severities, the same in the CLI, reports, the web app and (later)
 * email. A flag's own sentence, built from its evidence, says what was seen; these say what kind of
 * thing it is. Pure: the web app imports it too.
 */

export const FLAG_TITLE: Record<FlagId, string> = {
  budget: 'IC time above your budget',
  escape: 'IC work as a way out of something hard',
  insecurity: 'IC work to prove yourself',
  interference: 'IC work crowding out leadership',
  'critical-path': 'You are on the critical path',
  creep: '“Just helping” has turned into owning',
  'unwind-not-working': 'Unwinding is not giving you energy',
  'ground-truth-unused': 'Gaps found but not acted on',
  'one-on-one-overdue': 'Overdue for a 1:1',
  'advice-ignored': 'The check’s advice passed over',
};

/** A flag's name; an id this version does not know (from a newer backup) is shown as it is. */
export function flagTitle(id: string): string {
  return (FLAG_TITLE as Record<string, string>)[id] ?? id;
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  alert: 'Needs your attention',
  warning: 'Worth a closer look',
  info: 'Worth noticing',
};
