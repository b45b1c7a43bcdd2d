import { actionsHandlers } from './actions/actions.js';
import { backupHandlers } from './backup/backup.js';
import { checkHandlers } from './check/check.js';
import { commitmentsHandlers } from './commitments/commitments.js';
import { caldavHandlers } from './evidence/caldav.js';
import { eventsHandlers } from './evidence/events.js';
import { gitHandlers } from './evidence/git.js';
import { importHandlers } from './evidence/imports.js';
import type { HandlerMap } from './handler.js';
import { insightHandlers } from './insight/insight.js';
import { journalHandlers } from './journal/journal.js';
import { peopleHandlers } from './people/people.js';
import { profileHandlers } from './profile/profile.js';
import { reasonsHandlers } from './reasons/reasons.js';
import { reflectionsHandlers } from './reflections/reflections.js';
import { rulesHandlers } from './rules/rules.js';
import { timerHandlers } from './timer/timer.js';
import { weekHandlers } from './week/week.js';

/**
 * Every feature's handler map, by feature name: the one API that the CLI, the HTTP server and the
 * tests call. (The CLI imports features one by one to keep start-up fast; servers take them all.)
 */
export const FEATURES = {
  profile: profileHandlers,
  reasons: reasonsHandlers,
  check: checkHandlers,
  journal: journalHandlers,
  timer: timerHandlers,
  commitments: commitmentsHandlers,
  people: peopleHandlers,
  actions: actionsHandlers,
  reflections: reflectionsHandlers,
  week: weekHandlers,
  backup: backupHandlers,
  imports: importHandlers,
  git: gitHandlers,
  calendars: caldavHandlers,
  events: eventsHandlers,
  rules: rulesHandlers,
  insight: insightHandlers,
} satisfies Record<string, HandlerMap>;

export type Features = typeof FEATURES;
