import { eventsHandlers } from '../../app/evidence/events.js';
import { str } from '../args.js';
import { defineCommand } from '../command.js';
import { table } from '../format.js';
import { wallClock } from '../wall-clock.js';

export default defineCommand({
  meta: {
    name: 'events',
    summary: 'Calendar events in a date range, classified.',
    usage: ['events [--from DATE] [--to DATE] [--calendar NAME] [--json]'],
    help: `Dates are days in your time zone, both included (default: today); times are shown in it too. Each event shows its category
(one-on-one, team-meeting, interview, external, focus, personal, other) and the rule that decided it;
see \`handson rules show\`. Declined and cancelled events are listed but do not count as time.
--json prints: uid, start, end (ISO 8601, UTC), title, calendar, category, declined, rule, and more.`,
  },
  options: { from: { type: 'string' }, to: { type: 'string' }, calendar: { type: 'string' } },
  async run(cx) {
    const events = await cx.call(eventsHandlers.list, {
      from: str(cx, 'from'),
      to: str(cx, 'to'),
      calendar: str(cx, 'calendar'),
    });
    if (cx.json) {
      return cx.outJson(
        events.map((e) => ({
          uid: e.uid,
          recurrenceId: e.recurrenceId,
          start: e.start,
          end: e.end,
          allDay: e.allDay,
          title: e.title,
          calendar: e.calendar,
          category: e.category,
          class: e.timeClass,
          declined: e.declined,
          cancelled: e.cancelled,
          counted: e.counted,
          rule: e.rule,
        })),
      );
    }
    if (events.length === 0)
      return cx.out('No events in that range. Import a calendar with `handson import ics FILE`.');
    const clock = await wallClock(cx);
    cx.out(
      table([
        [`START (${clock.tz})`, 'MIN', 'CATEGORY', 'RULE', 'CALENDAR', 'TITLE'],
        ...events.map((e) => [
          e.allDay ? clock.dateTime(e.start).slice(0, 10) : clock.dateTime(e.start),
          e.allDay ? 'day' : String(Math.round((Date.parse(e.end) - Date.parse(e.start)) / 60000)),
          e.counted ? e.category : `(${e.notCounted ?? 'not counted'})`,
          e.rule,
          e.calendar,
          e.title,
        ]),
      ]),
    );
  },
});
