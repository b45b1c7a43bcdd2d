import { peopleStatus } from '../../people/people.js';
import { cadenceText, overdueSentence, relationText } from '../../present/people.js';
import { addDays, startOfDay } from '../../time.js';
import type { Evidence } from '../insight-types.js';
import { commitmentEvidence, dayLabel, type FlagContext, type FlagDraft, quote } from './context.js';

/**
 * Overdue for a 1:1: a person on the leader's list has had no 1:1 within their cadence, and the
 * calendar covers every day of it (see domain/people: without that evidence nothing is said).
 * One flag per person, so dismissing one leaves the others; a new last 1:1 makes it a new flag.
 */
export function oneOnOneOverdueFlags(cx: FlagContext): FlagDraft[] {
  const people = cx.input.people ?? [];
  if (people.length === 0) return [];
  const statuses = peopleStatus({
    today: cx.today,
    // Without a clock, every event of today counts as started (flags as of a past day).
    now: cx.input.now ?? startOfDay(addDays(cx.today, 1), cx.input.profile.tz),
    tz: cx.input.profile.tz,
    ownEmails: cx.input.profile.emails,
    people,
    events: cx.input.events,
    commitments: cx.commitments,
    covered: cx.covered,
  });
  return statuses
    .filter((s) => s.overdue === true)
    .map((s) => {
      const evidence: Evidence[] = [
        {
          kind: 'person',
          id: s.person.id,
          date: cx.today,
          label: `${s.person.name} — ${relationText(s.person.relation)}, a 1:1 ${cadenceText(s.person.oneOnOneEvery)}`,
        },
      ];
      const last = s.last;
      if (last?.date !== undefined) {
        const c = last.source === 'commitment' ? cx.commitments.find((x) => x.id === last.id) : undefined;
        evidence.push(
          c
            ? commitmentEvidence(cx, c, 'the last 1:1')
            : {
                kind: 'event',
                id: last.id,
                date: last.date,
                label: `${dayLabel(last.date)} — ${quote(last.title)} (the last 1:1)`,
              },
        );
      }
      return {
        id: 'one-on-one-overdue' as const,
        severity: 'warning' as const,
        subject: `person:${s.person.id}@${last?.id ?? 'none'}`,
        text: overdueSentence(s),
        evidence,
      };
    });
}
