import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { MAX_OCCURRENCES_PER_EVENT, MAX_OCCURRENCES_PER_IMPORT } from './read-calendar.js';
import { ics, read, vevent } from './test-support/calendar.js';

/**
 * Strict about meaning, forgiving about damage (issue 14): a broken part of a file is left out
 * with its line and why, the rest imports; expanding is bounded however the rules are written.
 */

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const uids = (r: { events: { uid: string }[] }) => [...new Set(r.events.map((e) => e.uid))].sort();

/** Lines of a file as `ics` writes them, numbered from 1, to check the line a report names. */
function lineOf(text: string, content: string): number {
  return text.split('\r\n').indexOf(content) + 1;
}

describe('a damaged part is left out, the rest of the file imports', () => {
  it('leaves out the event with a broken content line (a fold that lost its space), naming the line', () => {
    const text = ics(
      ...vevent('before@test', 'DTSTART:20260302T090000Z'),
      ...vevent(
        'broken@test',
        'DTSTART:20260303T090000Z',
        'DESCRIPTION:an agenda long enough that the exporter folded it',
        'without the leading space',
      ),
      ...vevent('after@test', 'DTSTART:20260304T090000Z'),
    );
    const r = read(text);
    expect(uids(r)).toEqual(['after@test', 'before@test']);
    expect(r.skipped).toEqual([
      {
        uid: 'broken@test',
        line: lineOf(text, 'UID:broken@test') - 1,
        why: `The event is left out because of line ${lineOf(text, 'without the leading space')}: expected a property like NAME:value, found "without the leading space".`,
      },
    ]);
  });

  it('recovers from a misspelt END in a to-do (END:VTOOD) and keeps the events around it', () => {
    const text = ics(
      ...vevent('a@test', 'DTSTART:20260302T090000Z'),
      'BEGIN:VTODO',
      'UID:todo@test',
      'SUMMARY:Write the review',
      'END:VTOOD',
      ...vevent('b@test', 'DTSTART:20260303T090000Z'),
    );
    const r = read(text);
    expect(uids(r)).toEqual(['a@test', 'b@test']);
    expect(r.skipped).toEqual([]);
    // Hands-on does not read to-dos, so nothing is lost, but the damage is told.
    expect(r.notes).toEqual([
      `Line ${lineOf(text, 'END:VTOOD')}: END:VTOOD closes BEGIN:VTODO from line ${lineOf(text, 'BEGIN:VTODO')}. The rest of the file was read.`,
    ]);
  });

  it('leaves out an event whose END:VEVENT is missing and reads the next one', () => {
    const text = ics(
      'BEGIN:VEVENT',
      'UID:open@test',
      'DTSTART:20260302T090000Z',
      ...vevent('next@test', 'DTSTART:20260303T090000Z'),
    );
    const r = read(text);
    expect(uids(r)).toEqual(['next@test']);
    expect(r.skipped).toEqual([
      {
        uid: 'open@test',
        line: 4,
        why: 'The event is left out because of line 7: BEGIN:VEVENT comes before END:VEVENT (BEGIN:VEVENT is at line 4).',
      },
    ]);
  });

  it('keeps the events before a cut and reports the one that is cut off', () => {
    const whole = ics(...vevent('whole@test', 'DTSTART:20260302T090000Z'));
    const text = `${whole.slice(0, whole.indexOf('END:VCALENDAR'))}BEGIN:VEVENT\r\nUID:cut@test\r\nDTSTART:2026`;
    const r = read(text);
    expect(uids(r)).toEqual(['whole@test']);
    expect(r.skipped).toEqual([
      {
        uid: 'cut@test',
        line: 9,
        why: 'The event is left out: the file ends before END:VEVENT (opened at line 9, inside BEGIN:VCALENDAR at line 1): it is probably cut off.',
      },
    ]);
  });

  it.each([
    ['a bare RRULE:', 'RRULE:', 'RRULE the rule has no FREQ'],
    ['COUNT=-1', 'RRULE:FREQ=DAILY;COUNT=-1', 'RRULE COUNT=-1 must be a positive whole number'],
    ['an unknown FREQ', 'RRULE:FREQ=FORTNIGHTLY', 'RRULE FREQ=FORTNIGHTLY is not one of'],
    ['a DTEND that is no date-time', 'DTEND:next week', 'DTEND "next week" is not a date-time'],
    ['an EXDATE on 30 February', 'EXDATE:20260230T090000Z', 'EXDATE "20260230" is not a valid date'],
    [
      'a DURATION of more digits than a number holds',
      `DURATION:P${'9'.repeat(400)}W`,
      'DURATION has more digits than',
    ],
  ])('leaves out only the event with %s, naming its line', (_, bad, why) => {
    const text = ics(
      ...vevent('good@test', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=WEEKLY;COUNT=2'),
      ...vevent('bad@test', 'DTSTART:20260303T090000Z', bad),
    );
    const r = read(text);
    expect(uids(r)).toEqual(['good@test']);
    expect(r.events).toHaveLength(2);
    expect(r.skipped).toEqual([
      {
        uid: 'bad@test',
        line: lineOf(text, 'UID:bad@test') - 1,
        why: expect.stringContaining(`The event is left out because of line ${lineOf(text, bad)}: ${why}`),
      },
    ]);
  });

  it('refuses the file when it is damaged and not one event in it can be read, naming the first fault', () => {
    const text = ics(
      ...vevent('a@test', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=FORTNIGHTLY'),
      ...vevent('b@test', 'DTSTART:2026-03-03'),
    );
    const e = errorOf(() => read(text));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toBe(
      'Line 8: RRULE FREQ=FORTNIGHTLY is not one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY. No event in the file could be read (1 more fault).',
    );
  });

  it('leaves out an event whose time zone is defined by a damaged VTIMEZONE, and says so', () => {
    const text = ics(
      'BEGIN:VTIMEZONE',
      'TZID:Office Time',
      'BEGIN:STANDARD',
      'DTSTART:20000101T000000',
      'TZOFFSETFROM+0300',
      'TZOFFSETTO:+0300',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('office@test', 'DTSTART;TZID=Office Time:20260302T090000'),
      ...vevent('utc@test', 'DTSTART:20260302T090000Z'),
    );
    const r = read(text);
    expect(uids(r)).toEqual(['utc@test']);
    expect(r.skipped).toEqual([
      {
        uid: 'office@test',
        line: 12,
        why: 'The event is left out: its time zone "Office Time" is defined by a damaged VTIMEZONE (Line 8: expected a property like NAME:value, found "TZOFFSETFROM+0300").',
      },
    ]);
    expect(r.notes).toEqual([
      'Line 8: expected a property like NAME:value, found "TZOFFSETFROM+0300". The rest of the file was read.',
    ]);
  });
});

describe('bounded work', () => {
  it('leaves out a DURATION of P99999999W with a reason instead of an invalid time, in any zone', () => {
    const window = { from: '2026-11-01T00:00:00Z', to: '2026-11-15T00:00:00Z' };
    const r = read(
      ics(
        ...vevent('zoned@test', 'DTSTART;TZID=Europe/Berlin:20261102T090000', 'DURATION:P99999999W'),
        ...vevent('daily@test', 'DTSTART:20261102T090000', 'DURATION:P99999999W', 'RRULE:FREQ=DAILY'),
        ...vevent(
          'period@test',
          'DTSTART;TZID=Europe/Berlin:20261102T090000',
          'RDATE;VALUE=PERIOD:20261103T090000Z/P99999999W',
        ),
        ...vevent('fine@test', 'DTSTART:20261104T090000Z'),
      ),
      window,
    );
    expect(r.events.map((e) => [e.uid, e.start])).toEqual([
      ['period@test', '2026-11-02T08:00:00.000Z'],
      ['fine@test', '2026-11-04T09:00:00.000Z'],
    ]);
    expect(r.skipped.map((s) => [s.uid, s.outside])).toEqual([
      ['zoned@test', 'end +275760-09-13 or later'],
      ['daily@test', 'end +275760-09-13 or later'],
      ['period@test', 'end +275760-09-13 or later'],
    ]);
  });

  it('leaves out at once an event whose end is centuries after its start, instead of expanding since year 1', () => {
    // A DTSTART given twice (the date one last) and a timed DTEND: each weekly instance since
    // 1 January of year 1 would last until 2026 and overlap the window.
    const window = { from: '2026-11-01T00:00:00Z', to: '2026-11-15T00:00:00Z' };
    const r = read(
      ics(
        ...vevent(
          'stretched@test',
          'DTSTART:20261102T090000Z',
          'DTSTART;VALUE=DATE:00010101',
          'DTEND:20261102T093000Z',
          'RRULE:FREQ=WEEKLY',
        ),
        ...vevent('fine@test', 'DTSTART:20261104T090000Z'),
        ...vevent(
          'long@test',
          'DTSTART;VALUE=DATE:20241104',
          'DTEND;VALUE=DATE:20321104',
          'RRULE:FREQ=YEARLY',
        ),
      ),
      window,
    );
    expect(uids(r)).toEqual(['fine@test']);
    expect(r.skipped.find((s) => s.uid === 'long@test')?.why).toBe(
      'The event is left out: each instance would last 8 years, more than the 5 an event may (check its DTEND or DURATION).',
    );
    // Named by its start, outside the accepted dates, before any instance is made.
    expect(r.skipped.filter((s) => s.uid !== 'long@test')).toEqual([
      expect.objectContaining({
        uid: 'stretched@test',
        outside: expect.stringMatching(/^start 0000-12-31T/),
      }),
    ]);
  });

  it('reads a 570-byte file with an endless HOURLY rule on every minute and second quickly, leaving it out', () => {
    const all = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    const dense = vevent(
      'dense@test',
      'DTSTART:20260101T000000Z',
      `RRULE:FREQ=HOURLY;BYMINUTE=${all(60)};BYSECOND=${all(60)}`,
    );
    expect(ics(...dense).length).toBeLessThan(600);
    const text = ics(...dense, ...vevent('sync@test', 'DTSTART:20260302T090000Z'));
    // Before the limits this built 7.8 million occurrences and ran out of memory. Now it stops at
    // the cap: about 0.1–0.3 s on a busy two-core machine (measured, not asserted: a timing
    // assertion would fail on a loaded CI runner; the test timeout still catches a runaway).
    const r = read(text, { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(uids(r)).toEqual(['sync@test']);
    expect(r.skipped).toEqual([
      {
        uid: 'dense@test',
        line: 4,
        why: `The event is left out: it would have more than ${MAX_OCCURRENCES_PER_EVENT.toLocaleString('en-US')} occurrences between 2026-01-01 and 2026-04-01, more than a calendar of meetings can hold.`,
      },
    ]);
  });

  it('counts the candidate times a rule makes, not only its periods (BYxxx on a COUNTed rule from long ago)', () => {
    const all = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    const r = read(
      ics(
        ...vevent(
          'yearly@test',
          'DTSTART:20000101T000000Z',
          `RRULE:FREQ=YEARLY;COUNT=900000000;BYHOUR=${all(24)};BYMINUTE=${all(60)};BYSECOND=${all(60)}`,
        ),
      ),
      { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
    );
    expect(r.events).toEqual([]);
    expect(r.skipped).toEqual([
      {
        uid: 'yearly@test',
        line: 4,
        why: expect.stringContaining('FREQ=YEARLY rule would need too many steps'),
      },
    ]);
  });

  it('leaves out what uses a time zone whose own rule is too dense, also a lone override, every time it is read', () => {
    const text = ics(
      'BEGIN:VTIMEZONE',
      'TZID:Every Minute',
      'BEGIN:STANDARD',
      'DTSTART:16010101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=MINUTELY',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent(
        'moved@test',
        'RECURRENCE-ID;TZID=Every Minute:20260302T090000',
        'DTSTART;TZID=Every Minute:20260302T100000',
      ),
      ...vevent('utc@test', 'DTSTART:20260302T090000Z'),
    );
    const dense =
      'the time zone "Every Minute" cannot be used: the FREQ=MINUTELY rule would need too many steps';
    // The zone is built once and shared between reads: the second must fail the same way, not
    // read the zone as having no changes of offset.
    for (let i = 0; i < 2; i++) {
      const r = read(text);
      expect(uids(r)).toEqual(['utc@test']);
      expect(r.skipped).toEqual([
        {
          uid: 'moved@test',
          line: 13,
          why: expect.stringContaining(`A change to one instance is left out: ${dense}`),
        },
      ]);
    }
  });

  it('stops at the per-file budget of occurrences and says which events it left out', () => {
    // Each event is just under the per-event cap; together they pass the per-file budget.
    const perEvent = 24_000;
    const events = Math.ceil(MAX_OCCURRENCES_PER_IMPORT / perEvent) + 1;
    const lines: string[] = [];
    for (let i = 0; i < events; i++)
      lines.push(
        ...vevent(`e${i}@test`, 'DTSTART:20260101T000000Z', `RRULE:FREQ=MINUTELY;COUNT=${perEvent}`),
      );
    const r = read(ics(...lines), { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    const kept = Math.floor(MAX_OCCURRENCES_PER_IMPORT / perEvent);
    expect(r.events).toHaveLength(kept * perEvent);
    expect(r.skipped.map((s) => s.uid)).toEqual(
      Array.from({ length: events - kept }, (_, i) => `e${kept + i}@test`),
    );
    expect(r.skipped[0]?.why).toBe(
      `The event is left out: the file already has ${MAX_OCCURRENCES_PER_IMPORT.toLocaleString('en-US')} occurrences in the period, the most one import reads.`,
    );
  });
});

describe('RECURRENCE-ID;RANGE=THISANDFUTURE (RFC 5545 §3.2.13)', () => {
  it('moves and reshapes the instance it names and every later one, keeping each one’s own RECURRENCE-ID', () => {
    const r = read(
      ics(
        ...vevent(
          'weekly@test',
          'DTSTART;TZID=Europe/Berlin:20260302T100000',
          'DTEND;TZID=Europe/Berlin:20260302T103000',
          'RRULE:FREQ=WEEKLY;COUNT=5',
          'SUMMARY:Team sync',
        ),
        ...vevent(
          'weekly@test',
          'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260316T100000',
          'DTSTART;TZID=Europe/Berlin:20260316T110000',
          'DTEND;TZID=Europe/Berlin:20260316T123000',
          'SUMMARY:Team sync (longer)',
          'SEQUENCE:1',
        ),
      ),
    );
    expect(r.events.map((e) => [e.start, e.end, e.recurrenceId, e.title])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z', '2026-03-02T09:00:00.000Z', 'Team sync'],
      ['2026-03-09T09:00:00.000Z', '2026-03-09T09:30:00.000Z', '2026-03-09T09:00:00.000Z', 'Team sync'],
      [
        '2026-03-16T10:00:00.000Z',
        '2026-03-16T11:30:00.000Z',
        '2026-03-16T09:00:00.000Z',
        'Team sync (longer)',
      ],
      [
        '2026-03-23T10:00:00.000Z',
        '2026-03-23T11:30:00.000Z',
        '2026-03-23T09:00:00.000Z',
        'Team sync (longer)',
      ],
      // Berlin moves to summer time on 29 March: the wall clock (11:00) is kept.
      [
        '2026-03-30T09:00:00.000Z',
        '2026-03-30T10:30:00.000Z',
        '2026-03-30T08:00:00.000Z',
        'Team sync (longer)',
      ],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('lets a later single override win over the range, and a later range take over from an earlier one', () => {
    const r = read(
      ics(
        ...vevent('d@test', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=DAILY;COUNT=6', 'SUMMARY:Standup'),
        ...vevent('d@test', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260303T090000Z', 'DTSTART:20260303T100000Z'),
        ...vevent(
          'd@test',
          'RECURRENCE-ID:20260304T090000Z',
          'DTSTART:20260304T150000Z',
          'SUMMARY:Moved once',
        ),
        ...vevent('d@test', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260306T090000Z', 'DTSTART:20260306T080000Z'),
      ),
    );
    expect(r.events.map((e) => [e.start.slice(5, 16), e.title])).toEqual([
      ['03-02T09:00', 'Standup'],
      ['03-03T10:00', 'Standup'],
      ['03-04T15:00', 'Moved once'],
      ['03-05T10:00', 'Standup'],
      ['03-06T08:00', 'Standup'],
      ['03-07T08:00', 'Standup'],
    ]);
  });
});

describe('X-WR-TIMEZONE', () => {
  it('reads floating times in the zone the calendar declares, and says so; zoned times and dates are unchanged', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'X-WR-TIMEZONE:America/New_York',
      ...vevent('floating@test', 'DTSTART:20260701T090000', 'DTEND:20260701T100000'),
      ...vevent('utc@test', 'DTSTART:20260701T090000Z'),
      ...vevent('day@test', 'DTSTART;VALUE=DATE:20260702'),
      'END:VCALENDAR',
    ].join('\r\n');
    const r = read(text, { floatingTz: 'Europe/Berlin' });
    expect(r.events.map((e) => [e.uid, e.start, e.startDate])).toEqual([
      ['utc@test', '2026-07-01T09:00:00.000Z', undefined],
      ['floating@test', '2026-07-01T13:00:00.000Z', undefined],
      ['day@test', '2026-07-01T22:00:00.000Z', '2026-07-02'],
    ]);
    expect(r.notes).toEqual([
      "Times without a zone in the calendar at line 1 were read in America/New_York, the zone it declares (X-WR-TIMEZONE), not in the profile's Europe/Berlin.",
    ]);
  });

  it('keeps the profile’s zone, saying why, when the declared zone is not an IANA zone', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'X-WR-TIMEZONE:Office Time',
      ...vevent('f@test', 'DTSTART:20260701T090000'),
      'END:VCALENDAR',
    ].join('\r\n');
    const r = read(text, { floatingTz: 'Europe/Berlin' });
    expect(r.events.map((e) => e.start)).toEqual(['2026-07-01T07:00:00.000Z']);
    expect(r.notes).toEqual([
      "The calendar at line 1 declares X-WR-TIMEZONE:Office Time, which is not an IANA time zone; times without a zone were read in Europe/Berlin, the profile's zone.",
    ]);
  });
});
