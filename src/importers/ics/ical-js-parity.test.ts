import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { generateCalendar } from '../../../bench/gen-calendar.mjs';
import { readCalendar } from './read-calendar.js';

/**
 * A cross-check on realistic data: the benchmark's generated calendar (three zones, one of them
 * an Outlook VTIMEZONE, weekly/daily/monthly/yearly rules, COUNT/UNTIL, EXDATEs in UTC and in
 * zones, overrides addressed in UTC and in zones, all-day events) expanded by ical.js, used the
 * careful way (overrides related per UID). The generator avoids the corners where ical.js is known
 * to be wrong (DST gaps, 29 February), so there the two must agree exactly.
 */
function icalJs(text: string, from: number, to: number): string[] {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const groups = new Map<string, { master?: ICAL.Component; exceptions: ICAL.Component[] }>();
  for (const v of root.getAllSubcomponents('vevent')) {
    const uid = String(v.getFirstPropertyValue('uid'));
    let g = groups.get(uid);
    if (!g) {
      g = { exceptions: [] };
      groups.set(uid, g);
    }
    if (v.hasProperty('recurrence-id')) g.exceptions.push(v);
    else g.master = v;
  }
  const out: string[] = [];
  const iso = (t: ICAL.Time) => new Date(t.toUnixTime() * 1000).toISOString();
  for (const g of groups.values()) {
    if (!g.master) continue;
    const ev = new ICAL.Event(g.master, { strictExceptions: true, exceptions: g.exceptions });
    if (!ev.isRecurring()) {
      const s = ev.startDate.toUnixTime() * 1000;
      if (s < to && ev.endDate.toUnixTime() * 1000 > from)
        out.push(`${ev.uid} ${iso(ev.startDate)} ${iso(ev.endDate)} - ${ev.summary}`);
      continue;
    }
    const it = ev.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const d = ev.getOccurrenceDetails(next);
      const s = d.startDate.toUnixTime() * 1000;
      if (next.toUnixTime() * 1000 >= to + 2 * 86_400_000 && s >= to) break;
      if (s < to && d.endDate.toUnixTime() * 1000 > from) {
        out.push(`${ev.uid} ${iso(d.startDate)} ${iso(d.endDate)} ${iso(d.recurrenceId)} ${d.item.summary}`);
      }
    }
  }
  return out.sort();
}

describe('agreement with ical.js on a generated calendar', () => {
  it('gives the same occurrences, times, instance ids and titles for one year', () => {
    const text = generateCalendar({ events: 600, seed: 7 });
    const from = '2025-01-01T00:00:00.000Z';
    const to = '2026-01-01T00:00:00.000Z';
    const ours = readCalendar(text, { from, to, emails: [], floatingTz: 'UTC' })
      .events.map((e) => `${e.uid} ${e.start} ${e.end} ${e.recurrenceId ?? '-'} ${e.title}`)
      .sort();
    const theirs = icalJs(text, Date.parse(from), Date.parse(to));
    expect(ours.length).toBeGreaterThan(4000);
    expect(ours).toEqual(theirs);
  });
});
