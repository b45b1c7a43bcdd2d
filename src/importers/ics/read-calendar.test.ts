import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { decodeCalendarBytes } from './decode.js';
import { ics, read, starts, vevent } from './test-support/calendar.js';

const BERLIN = (local: string) => `DTSTART;TZID=Europe/Berlin:${local}`;

/** Outlook's definition, as Exchange writes it: a Windows name, rules starting in 1601. */
const W_EUROPE = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** A made-up zone no IANA name matches: only its VTIMEZONE can give these offsets. */
const CUSTOM = [
  'BEGIN:VTIMEZONE',
  'TZID:Custom Office Time',
  'BEGIN:STANDARD',
  'DTSTART:20001001T030000',
  'TZOFFSETFROM:+0400',
  'TZOFFSETTO:+0300',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:20000402T020000',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0400',
  'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('time zones (RFC 5545 §3.3.5, §3.2.19, §3.6.5)', () => {
  it('reads a TZID that is not an IANA name with the file’s VTIMEZONE (Outlook’s "W. Europe Standard Time")', () => {
    const r = read(
      ics(
        ...W_EUROPE,
        ...vevent(
          'w@test',
          'DTSTART;TZID="W. Europe Standard Time":20260115T090000',
          'DTEND;TZID="W. Europe Standard Time":20260115T100000',
        ),
        ...vevent('s@test', 'DTSTART;TZID=W. Europe Standard Time:20260701T090000'),
      ),
    );
    // Winter is +01:00, summer +02:00 by the VTIMEZONE's rules.
    expect(r.events.map((e) => [e.start, e.end])).toEqual([
      ['2026-01-15T08:00:00.000Z', '2026-01-15T09:00:00.000Z'],
      ['2026-07-01T07:00:00.000Z', '2026-07-01T07:00:00.000Z'],
    ]);
  });

  it('reads a custom TZID only its VTIMEZONE defines, across that zone’s own DST change', () => {
    const r = read(
      ics(
        ...CUSTOM,
        ...vevent('c@test', 'DTSTART;TZID=Custom Office Time:20260330T090000', 'RRULE:FREQ=WEEKLY;COUNT=2'),
      ),
    );
    // Mar 30 is standard time (+03:00); daylight (+04:00) starts on the first Sunday of April.
    expect(r.events.map((e) => e.start)).toEqual(['2026-03-30T06:00:00.000Z', '2026-04-06T05:00:00.000Z']);
  });

  it('trusts an IANA name over a VTIMEZONE of the same name that says otherwise', () => {
    const wrong = [
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Berlin',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0500',
      'TZOFFSETTO:+0500',
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
    const r = read(ics(...wrong, ...vevent('b@test', BERLIN('20260701T090000'))));
    expect(r.events[0]?.start).toBe('2026-07-01T07:00:00.000Z');
  });

  it('maps a Windows zone name or a prefixed IANA id when the file has no VTIMEZONE for it', () => {
    const r = read(
      ics(
        ...vevent('win@test', 'DTSTART;TZID=Pacific Standard Time:20260701T090000'),
        ...vevent('moz@test', 'DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260701T090000'),
      ),
    );
    expect(r.events.map((e) => [e.uid, e.start])).toEqual([
      ['moz@test', '2026-07-01T13:00:00.000Z'],
      ['win@test', '2026-07-01T16:00:00.000Z'],
    ]);
  });

  it('leaves out an event whose TZID is unknown and undefined, saying which zone and where', () => {
    const r = read(ics('', ...vevent('u@test', 'DTSTART;TZID=Mars/Olympus:20260701T090000')));
    expect(r.events).toEqual([]);
    expect(r.skipped).toEqual([
      { uid: 'u@test', line: 5, why: expect.stringContaining('"Mars/Olympus" is neither an IANA time zone') },
    ]);
  });

  it('reads UTC (Z) as is and floating times in the profile’s zone (§3.3.5 forms #1 and #2)', () => {
    const text = ics(
      ...vevent('z@test', 'DTSTART:20260701T090000Z'),
      ...vevent('f@test', 'DTSTART:20260701T090000'),
    );
    const berlin = read(text, { floatingTz: 'Europe/Berlin' }).events.map((e) => [e.uid, e.start]);
    const ny = read(text, { floatingTz: 'America/New_York' }).events.map((e) => [e.uid, e.start]);
    expect(berlin).toEqual([
      ['f@test', '2026-07-01T07:00:00.000Z'],
      ['z@test', '2026-07-01T09:00:00.000Z'],
    ]);
    expect(ny).toEqual([
      ['z@test', '2026-07-01T09:00:00.000Z'],
      ['f@test', '2026-07-01T13:00:00.000Z'],
    ]);
  });

  it('gives all-day events (VALUE=DATE) their dates, end exclusive, and midnights in the profile’s zone', () => {
    const r = read(
      ics(...vevent('d@test', 'DTSTART;VALUE=DATE:20260701', 'DTEND;VALUE=DATE:20260703', 'SUMMARY:Offsite')),
    );
    expect(r.events).toEqual([
      expect.objectContaining({
        allDay: true,
        startDate: '2026-07-01',
        endDate: '2026-07-03',
        start: '2026-06-30T22:00:00.000Z',
        end: '2026-07-02T22:00:00.000Z',
        recurring: false,
      }),
    ]);
  });
});

describe('recurrence rules (RFC 5545 §3.3.10, §3.8.5)', () => {
  it('UNTIL is inclusive even when DTSTART is in Europe/Berlin and UNTIL in UTC across the DST change', () => {
    // UNTIL=20260406T070000Z is exactly Apr 6 09:00 CEST, the sixth instance: it is included.
    expect(starts([BERLIN('20260302T090000'), 'RRULE:FREQ=WEEKLY;UNTIL=20260406T070000Z'])).toEqual([
      '2026-03-02T08:00:00.000Z',
      '2026-03-09T08:00:00.000Z',
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
  });

  it('BYDAY=-1FR in a MONTHLY rule is the last Friday of each month', () => {
    expect(starts([BERLIN('20260130T100000'), 'RRULE:FREQ=MONTHLY;COUNT=4;BYDAY=-1FR'])).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-27T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
      '2026-04-24T08:00:00.000Z',
    ]);
  });

  it('BYMONTHDAY=31 (and a plain MONTHLY rule from the 31st) skips months without a 31st (§3.3.10)', () => {
    const expected = [
      '2026-01-31T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-05-31T07:00:00.000Z',
      '2026-07-31T07:00:00.000Z',
    ];
    expect(starts([BERLIN('20260131T090000'), 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4'])).toEqual(expected);
    expect(starts([BERLIN('20260131T090000'), 'RRULE:FREQ=MONTHLY;COUNT=4'])).toEqual(expected);
  });

  it('BYSETPOS=-1 picks the last weekday of the month', () => {
    expect(
      starts([BERLIN('20260130T160000'), 'RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1']),
    ).toEqual(['2026-01-30T15:00:00.000Z', '2026-02-27T15:00:00.000Z', '2026-03-31T14:00:00.000Z']);
  });

  it('a yearly event on 29 February has no instance in non-leap years, and those years are not counted', () => {
    expect(starts([BERLIN('20240229T090000'), 'RRULE:FREQ=YEARLY;COUNT=3'])).toEqual([
      '2024-02-29T08:00:00.000Z',
      '2028-02-29T08:00:00.000Z',
      '2032-02-29T08:00:00.000Z',
    ]);
    const allDay = read(ics(...vevent('l@test', 'DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY')), {
      to: '2033-01-01T00:00:00Z',
    });
    expect(allDay.events.map((e) => e.startDate)).toEqual(['2024-02-29', '2028-02-29', '2032-02-29']);
  });

  it('RDATE adds instances (also in another zone, or as a PERIOD), never twice the same', () => {
    const r = read(
      ics(
        ...vevent(
          'r@test',
          BERLIN('20260302T090000'),
          'DTEND;TZID=Europe/Berlin:20260302T100000',
          'RRULE:FREQ=WEEKLY;COUNT=2',
          'RDATE;TZID=America/New_York:20260304T120000',
          'RDATE;VALUE=PERIOD:20260305T150000Z/PT2H',
          'RDATE;TZID=Europe/Berlin:20260309T090000',
        ),
      ),
    );
    expect(r.events.map((e) => [e.start, e.end])).toEqual([
      ['2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z'],
      ['2026-03-04T17:00:00.000Z', '2026-03-04T18:00:00.000Z'],
      ['2026-03-05T15:00:00.000Z', '2026-03-05T17:00:00.000Z'],
      ['2026-03-09T08:00:00.000Z', '2026-03-09T09:00:00.000Z'],
    ]);
    expect(r.events.every((e) => e.recurring && e.recurrenceId === e.start)).toBe(true);
  });

  it('EXDATE removes instances given in UTC, in another TZID or as a DATE; COUNT still counts them (§3.8.5.1)', () => {
    expect(
      starts([
        BERLIN('20260303T090000'),
        'RRULE:FREQ=WEEKLY;COUNT=5',
        'EXDATE:20260310T080000Z',
        'EXDATE;TZID=America/New_York:20260317T040000',
        'EXDATE;VALUE=DATE:20260324',
      ]),
    ).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-31T07:00:00.000Z']);
  });

  it('EXDATE;VALUE=DATE removes a day of an all-day series', () => {
    const r = read(
      ics(
        ...vevent(
          'a@test',
          'DTSTART;VALUE=DATE:20260105',
          'RRULE:FREQ=WEEKLY;COUNT=3',
          'EXDATE;VALUE=DATE:20260112',
        ),
      ),
    );
    expect(r.events.map((e) => [e.startDate, e.endDate, e.start, e.recurrenceId])).toEqual([
      ['2026-01-05', '2026-01-06', '2026-01-04T23:00:00.000Z', '2026-01-04T23:00:00.000Z'],
      ['2026-01-19', '2026-01-20', '2026-01-18T23:00:00.000Z', '2026-01-18T23:00:00.000Z'],
    ]);
  });
});

describe('a DTSTART that does not match its own rule', () => {
  it('is still the first instance and counts towards COUNT', () => {
    // §3.8.5.3 calls such a set undefined, but §3.3.10 (COUNT) and §3.8.5.1 say DTSTART is always
    // the first instance, and calendar apps show it. (ical.js leaves it out.) Jan 8 2025 is a
    // Wednesday but not the last one of January.
    expect(starts([BERLIN('20250108T090000'), 'RRULE:FREQ=MONTHLY;BYDAY=-1WE;COUNT=3'])).toEqual([
      '2025-01-08T08:00:00.000Z',
      '2025-01-29T08:00:00.000Z',
      '2025-02-26T08:00:00.000Z',
    ]);
  });
});

describe('RECURRENCE-ID overrides (RFC 5545 §3.8.4.4)', () => {
  const weekly = (uid: string) =>
    vevent(uid, BERLIN('20260302T100000'), 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Team sync');

  it('applies an override to its own series only, also when addressed in UTC while DTSTART has a TZID', () => {
    const r = read(
      ics(
        ...weekly('a@test'),
        ...weekly('b@test'),
        // 09:00Z is Mar 9 10:00 in Berlin: the second instance of a@test.
        ...vevent(
          'a@test',
          'RECURRENCE-ID:20260309T090000Z',
          BERLIN('20260310T150000'),
          'DURATION:PT30M',
          'SUMMARY:Team sync (moved)',
        ),
      ),
      { to: '2026-03-12T00:00:00Z' },
    );
    expect(r.events.map((e) => [e.uid, e.start, e.end, e.recurrenceId, e.title])).toEqual([
      [
        'a@test',
        '2026-03-02T09:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T09:00:00.000Z',
        'Team sync',
      ],
      [
        'b@test',
        '2026-03-02T09:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T09:00:00.000Z',
        'Team sync',
      ],
      [
        'b@test',
        '2026-03-09T09:00:00.000Z',
        '2026-03-09T10:00:00.000Z',
        '2026-03-09T09:00:00.000Z',
        'Team sync',
      ],
      [
        'a@test',
        '2026-03-10T14:00:00.000Z',
        '2026-03-10T14:30:00.000Z',
        '2026-03-09T09:00:00.000Z',
        'Team sync (moved)',
      ],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('shows an instance moved into the window and drops one moved out of it', () => {
    const r = read(
      ics(
        ...weekly('m@test'),
        // Mar 30 (outside the window) moved to Fri Mar 27 (inside).
        ...vevent(
          'm@test',
          'RECURRENCE-ID;TZID=Europe/Berlin:20260330T100000',
          BERLIN('20260327T100000'),
          'DURATION:PT1H',
        ),
        // Mar 16 (inside) moved to Apr 2 (outside).
        ...vevent(
          'm@test',
          'RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000',
          BERLIN('20260402T100000'),
          'DURATION:PT1H',
        ),
      ),
      { from: '2026-03-15T00:00:00Z', to: '2026-03-29T00:00:00Z' },
    );
    expect(r.events.map((e) => [e.start, e.recurrenceId])).toEqual([
      ['2026-03-23T09:00:00.000Z', '2026-03-23T09:00:00.000Z'],
      ['2026-03-27T09:00:00.000Z', '2026-03-30T08:00:00.000Z'],
    ]);
  });

  it('keeps a cancelled instance with cancelled: true and the rest of the series as it was', () => {
    const r = read(
      ics(
        ...weekly('c@test'),
        ...vevent(
          'c@test',
          'RECURRENCE-ID;TZID=Europe/Berlin:20260309T100000',
          BERLIN('20260309T100000'),
          'STATUS:CANCELLED',
        ),
      ),
      { to: '2026-03-17T00:00:00Z' },
    );
    expect(r.events.map((e) => [e.start, e.cancelled, e.title])).toEqual([
      ['2026-03-02T09:00:00.000Z', false, 'Team sync'],
      ['2026-03-09T09:00:00.000Z', true, 'Team sync'],
      ['2026-03-16T09:00:00.000Z', false, 'Team sync'],
    ]);
  });

  it('leaves out (and reports) an override of an excluded instance or of one the rule never makes', () => {
    const r = read(
      ics(
        ...vevent(
          'x@test',
          BERLIN('20260302T100000'),
          'RRULE:FREQ=WEEKLY;COUNT=3',
          'EXDATE;TZID=Europe/Berlin:20260309T100000',
        ),
        ...vevent('x@test', 'RECURRENCE-ID;TZID=Europe/Berlin:20260309T100000', BERLIN('20260310T100000')),
        ...vevent('x@test', 'RECURRENCE-ID;TZID=Europe/Berlin:20260330T100000', BERLIN('20260331T100000')),
      ),
    );
    expect(r.events.map((e) => e.start)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-16T09:00:00.000Z']);
    expect(r.skipped.map((s) => [s.uid, s.line])).toEqual([
      ['x@test', 11],
      ['x@test', 17],
    ]);
  });

  it('matches a RECURRENCE-ID given as a DATE to that day’s instance of a timed series', () => {
    const r = read(
      ics(
        ...weekly('d@test'),
        ...vevent('d@test', 'RECURRENCE-ID;VALUE=DATE:20260309', BERLIN('20260309T150000'), 'DURATION:PT1H'),
      ),
      { to: '2026-03-12T00:00:00Z' },
    );
    expect(r.events.map((e) => [e.start, e.recurrenceId])).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z'],
      ['2026-03-09T14:00:00.000Z', '2026-03-09T09:00:00.000Z'],
    ]);
  });

  it('lets an override of a single event’s only instance replace it', () => {
    const r = read(
      ics(
        ...vevent('one@test', 'DTSTART:20260302T090000Z', 'SUMMARY:Before'),
        ...vevent('one@test', 'RECURRENCE-ID:20260302T090000Z', 'DTSTART:20260302T110000Z', 'SUMMARY:After'),
      ),
    );
    expect(r.events.map((e) => [e.start, e.title])).toEqual([['2026-03-02T11:00:00.000Z', 'After']]);
  });

  it('shows an override whose series is not in the file (an invitation to one instance)', () => {
    const r = read(ics(...vevent('o@test', 'RECURRENCE-ID:20260309T090000Z', BERLIN('20260309T113000'))));
    expect(r.events).toEqual([
      expect.objectContaining({
        start: '2026-03-09T10:30:00.000Z',
        recurrenceId: '2026-03-09T09:00:00.000Z',
        recurring: true,
      }),
    ]);
  });
});

describe('status and the leader’s own answer', () => {
  it('keeps a cancelled event (STATUS:CANCELLED, or a METHOD:CANCEL message) with cancelled: true', () => {
    const r = read(
      [
        ics(...vevent('c1@test', 'DTSTART:20260301T090000Z', 'STATUS:CANCELLED')),
        ics('METHOD:CANCEL', ...vevent('c2@test', 'DTSTART:20260302T090000Z')),
        ics(...vevent('ok@test', 'DTSTART:20260303T090000Z', 'STATUS:CONFIRMED')),
      ].join(''),
    );
    expect(r.events.map((e) => [e.uid, e.cancelled])).toEqual([
      ['c1@test', true],
      ['c2@test', true],
      ['ok@test', false],
    ]);
  });

  it('marks declined: true only when one of the leader’s addresses declined (any case, with mailto:)', () => {
    const r = read(
      ics(
        ...vevent(
          'me@test',
          'DTSTART:20260301T090000Z',
          'ORGANIZER;CN=Boss:MAILTO:Boss@Example.com',
          'ATTENDEE;PARTSTAT=DECLINED;CN=Me:MAILTO:Lead.Alias@Example.COM',
          'ATTENDEE;PARTSTAT=ACCEPTED:mailto:other@example.com',
        ),
        ...vevent(
          'other@test',
          'DTSTART:20260302T090000Z',
          'ATTENDEE;PARTSTAT=DECLINED:mailto:other@example.com',
          'ATTENDEE:mailto:lead.alias@example.com',
        ),
      ),
      { emails: ['lead@example.com', 'MAILTO:lead.alias@EXAMPLE.com'] },
    );
    expect(r.events.map((e) => [e.uid, e.declined])).toEqual([
      ['me@test', true],
      ['other@test', false],
    ]);
    expect(r.events[0]?.organizer).toBe('boss@example.com');
    expect(r.events[0]?.attendees).toEqual([
      { email: 'lead.alias@example.com', partstat: 'DECLINED', name: 'Me' },
      { email: 'other@example.com', partstat: 'ACCEPTED' },
    ]);
    expect(r.events[1]?.attendees[1]).toEqual({ email: 'lead.alias@example.com', partstat: 'NEEDS-ACTION' });
  });

  it('reads declined per instance: an override can accept one instance of a declined series', () => {
    const r = read(
      ics(
        ...vevent(
          's@test',
          'DTSTART:20260302T090000Z',
          'RRULE:FREQ=DAILY;COUNT=2',
          'ATTENDEE;PARTSTAT=DECLINED:mailto:lead@example.com',
        ),
        ...vevent(
          's@test',
          'RECURRENCE-ID:20260303T090000Z',
          'DTSTART:20260303T090000Z',
          'ATTENDEE;PARTSTAT=ACCEPTED:mailto:lead@example.com',
        ),
      ),
    );
    expect(r.events.map((e) => e.declined)).toEqual([true, false]);
  });
});

describe('local times that do not exist or occur twice', () => {
  it('reads a DTSTART in the spring-forward gap with the offset from before the gap (§3.3.5)', () => {
    // 2026-03-29 02:30 does not exist in Berlin: read as 02:30+01:00.
    expect(starts([BERLIN('20260329T023000')])).toEqual(['2026-03-29T01:30:00.000Z']);
    // The RFC's own examples: 02:30 on 2007-03-11 in New York is 03:30 EDT; 01:30 on 2007-11-04 is EDT (the first).
    expect(starts(['DTSTART;TZID=America/New_York:20070311T023000'])).toEqual(['2007-03-11T07:30:00.000Z']);
    expect(starts(['DTSTART;TZID=America/New_York:20071104T013000'])).toEqual(['2007-11-04T05:30:00.000Z']);
  });

  it('skips, and does not count, an instance a rule generates in the gap (§3.3.10)', () => {
    expect(starts([BERLIN('20260327T023000'), 'RRULE:FREQ=DAILY;COUNT=4'])).toEqual([
      '2026-03-27T01:30:00.000Z',
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('still keeps a DTSTART that is itself in the gap as the first instance, moved per §3.3.5', () => {
    expect(starts([BERLIN('20260329T023000'), 'RRULE:FREQ=DAILY;COUNT=2'])).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('reads a time that occurs twice (fall back) as the first occurrence, once (§3.3.5)', () => {
    expect(starts([BERLIN('20261025T023000')])).toEqual(['2026-10-25T00:30:00.000Z']);
    expect(starts([BERLIN('20261024T023000'), 'RRULE:FREQ=DAILY;COUNT=3'])).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('applies the same rules to a zone defined by a VTIMEZONE', () => {
    const r = read(
      ics(
        ...W_EUROPE,
        ...vevent('g@test', 'DTSTART;TZID=W. Europe Standard Time:20260329T023000'),
        ...vevent('f@test', 'DTSTART;TZID=W. Europe Standard Time:20261025T023000'),
      ),
    );
    expect(r.events.map((e) => e.start)).toEqual(['2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z']);
  });
});

describe('what real files contain', () => {
  it('unfolds CRLF + space or tab, resolves \\, \\; \\n \\\\ escapes, skips a UTF-8 BOM', () => {
    const text = `\uFEFF${ics(
      'BEGIN:VEVENT',
      'UID:fold@test',
      'DTSTART:20260301T090000Z',
      'SUMMARY:Budget\\, Q3\\; final\\nround \\\\ quarterly pla',
      ' nning with the wh',
      '\tole team',
      'LOCATION:Room 4\\, 2nd floor',
      'END:VEVENT',
    )}`;
    const [e] = read(text).events;
    expect(e?.title).toBe('Budget, Q3; final\nround \\ quarterly planning with the whole team');
    expect(e?.location).toBe('Room 4, 2nd floor');
  });

  it('accepts lowercase names, LF-only line ends and an unquoted TZID with spaces', () => {
    const text = [
      'begin:vcalendar',
      'begin:vevent',
      'uid:low@test',
      'dtstart;tzid=Europe/Berlin:20260302T090000',
      'rrule:freq=weekly;count=2;byday=mo',
      'summary:lower',
      'end:vevent',
      'end:vcalendar',
    ].join('\n');
    expect(read(text).events.map((e) => [e.title, e.start])).toEqual([
      ['lower', '2026-03-02T08:00:00.000Z'],
      ['lower', '2026-03-09T08:00:00.000Z'],
    ]);
  });

  it('reads quoted parameter values that contain : ; and , and RFC 6868 ^ escapes', () => {
    const [e] = read(
      ics(
        ...vevent(
          'q@test',
          'DTSTART:20260302T090000Z',
          'ORGANIZER;CN="Platform: Team; Berlin, 2nd":mailto:platform@example.com',
          'ATTENDEE;CN="Ann ^\'The Lead^\' Lee";PARTSTAT=accepted:mailto:ann@example.com',
        ),
      ),
    ).events;
    expect(e?.organizer).toBe('platform@example.com');
    expect(e?.attendees).toEqual([
      { email: 'ann@example.com', partstat: 'ACCEPTED', name: 'Ann "The Lead" Lee' },
    ]);
  });

  it('uses DURATION instead of DTEND; a day of DURATION is nominal, a DTEND difference exact (§3.8.5.3)', () => {
    const r = read(
      ics(
        ...vevent('d1@test', BERLIN('20260302T090000'), 'DURATION:PT1H30M'),
        // Mar 28 12:00 → Mar 29 12:00 is 23 hours (the clocks go forward).
        ...vevent('nominal@test', BERLIN('20260321T120000'), 'DURATION:P1D', 'RRULE:FREQ=WEEKLY;COUNT=2'),
        ...vevent(
          'exact@test',
          BERLIN('20260321T120000'),
          'DTEND;TZID=Europe/Berlin:20260322T120000',
          'RRULE:FREQ=WEEKLY;COUNT=2',
        ),
      ),
    );
    const byUid = (uid: string) => r.events.filter((e) => e.uid === uid).map((e) => [e.start, e.end]);
    expect(byUid('d1@test')).toEqual([['2026-03-02T08:00:00.000Z', '2026-03-02T09:30:00.000Z']]);
    expect(byUid('nominal@test')).toEqual([
      ['2026-03-21T11:00:00.000Z', '2026-03-22T11:00:00.000Z'],
      ['2026-03-28T11:00:00.000Z', '2026-03-29T10:00:00.000Z'],
    ]);
    expect(byUid('exact@test')).toEqual([
      ['2026-03-21T11:00:00.000Z', '2026-03-22T11:00:00.000Z'],
      ['2026-03-28T11:00:00.000Z', '2026-03-29T11:00:00.000Z'],
    ]);
  });

  it('without DTEND or DURATION: a date lasts one day, a date-time has no length (§3.6.1)', () => {
    const r = read(
      ics(
        ...vevent('d@test', 'DTSTART;VALUE=DATE:20260302'),
        ...vevent('t@test', 'DTSTART:20260302T090000Z'),
      ),
    );
    expect(r.events.map((e) => [e.uid, e.start, e.end, e.endDate])).toEqual([
      ['d@test', '2026-03-01T23:00:00.000Z', '2026-03-02T23:00:00.000Z', '2026-03-03'],
      ['t@test', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z', undefined],
    ]);
  });

  it('ignores X- properties and components, alarms, to-dos and unknown parameters', () => {
    const r = read(
      ics(
        'X-WR-CALNAME:Work',
        'BEGIN:X-VENDOR-THING',
        'DTSTART:20000101T000000Z',
        'END:X-VENDOR-THING',
        'BEGIN:VTODO',
        'UID:todo@test',
        'DTSTART:20260302T090000Z',
        'END:VTODO',
        'BEGIN:VEVENT',
        'UID:e@test',
        'DTSTART;X-FOO=bar:20260302T090000Z',
        'DTEND:20260302T100000Z',
        'X-MICROSOFT-CDO-BUSYSTATUS:OOF',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'TRIGGER:-PT15M',
        'DURATION:PT5M',
        'DESCRIPTION:Reminder',
        'END:VALARM',
        'END:VEVENT',
      ),
    );
    expect(r.events).toEqual([
      {
        uid: 'e@test',
        start: '2026-03-02T09:00:00.000Z',
        end: '2026-03-02T10:00:00.000Z',
        allDay: false,
        title: '',
        attendees: [],
        declined: false,
        cancelled: false,
        recurring: false,
        transparent: true,
      },
    ]);
  });

  it('reads several VCALENDARs concatenated in one file, each with its own time zones', () => {
    // Joined as `cat a.ics b.ics` would: the second file's BOM lands mid-text.
    const text =
      ics(...CUSTOM, ...vevent('one@test', 'DTSTART;TZID=Custom Office Time:20260115T090000')) +
      '\uFEFF' +
      ics(...W_EUROPE, ...vevent('two@test', 'DTSTART;TZID=W. Europe Standard Time:20260115T090000'));
    expect(read(text).events.map((e) => [e.uid, e.start])).toEqual([
      ['one@test', '2026-01-15T06:00:00.000Z'],
      ['two@test', '2026-01-15T08:00:00.000Z'],
    ]);
  });

  it('keeps the latest copy of an event listed twice (higher SEQUENCE) and reports the other', () => {
    const r = read(
      ics(
        ...vevent('dup@test', 'SEQUENCE:2', 'DTSTART:20260302T100000Z', 'SUMMARY:New time'),
        ...vevent('dup@test', 'SEQUENCE:1', 'DTSTART:20260302T090000Z', 'SUMMARY:Old time'),
      ),
    );
    expect(r.events.map((e) => [e.start, e.title])).toEqual([['2026-03-02T10:00:00.000Z', 'New time']]);
    expect(r.skipped).toEqual([
      { uid: 'dup@test', line: 11, why: expect.stringContaining('line 4 has the newer one') },
    ]);
  });

  it('gives an event without UID a stable stand-in, the same on every read', () => {
    const text = ics('BEGIN:VEVENT', 'DTSTART:20260302T090000Z', 'SUMMARY:No uid', 'END:VEVENT');
    const a = read(text).events[0]?.uid;
    expect(a).toMatch(/^no-uid-[0-9a-f]{8}$/);
    expect(read(text).events[0]?.uid).toBe(a);
  });

  it('leaves out an event without DTSTART, naming its line', () => {
    const r = read(ics(...vevent('nostart@test', 'SUMMARY:When?')));
    expect(r.skipped).toEqual([{ uid: 'nostart@test', line: 4, why: expect.stringContaining('no DTSTART') }]);
  });
});

describe('the window', () => {
  it('returns what overlaps [from, to): not what ends at `from` or starts at `to`', () => {
    const r = read(
      ics(
        ...vevent('ends-at-from@test', 'DTSTART:20260301T080000Z', 'DTEND:20260301T090000Z'),
        ...vevent('overlaps-from@test', 'DTSTART:20260301T083000Z', 'DTEND:20260301T093000Z'),
        ...vevent('instant-at-from@test', 'DTSTART:20260301T090000Z'),
        ...vevent('starts-at-to@test', 'DTSTART:20260301T100000Z', 'DTEND:20260301T110000Z'),
      ),
      { from: '2026-03-01T09:00:00Z', to: '2026-03-01T10:00:00Z' },
    );
    expect(r.events.map((e) => e.uid)).toEqual(['overlaps-from@test', 'instant-at-from@test']);
  });

  it('expands a series that started years before the window, and counts COUNT from its start', () => {
    const r = read(
      ics(
        ...vevent('old@test', BERLIN('20200106T090000'), 'RRULE:FREQ=WEEKLY;COUNT=320'),
        ...vevent('open@test', BERLIN('20200106T090000'), 'RRULE:FREQ=DAILY'),
      ),
      {
        from: '2026-02-01T00:00:00Z',
        to: '2026-02-08T00:00:00Z',
      },
    );
    // Week 1 is 2020-01-06; instance 320 is 319 weeks later, 2026-02-02.
    expect(r.events.filter((e) => e.uid === 'old@test').map((e) => e.start)).toEqual([
      '2026-02-02T08:00:00.000Z',
    ]);
    expect(r.events.filter((e) => e.uid === 'open@test')).toHaveLength(7);
  });

  it('leaves out, with a reason, a rule that would take too long to reach the window', () => {
    const r = read(
      ics(...vevent('dense@test', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=SECONDLY;COUNT=100000000')),
      {
        from: '2025-01-01T00:00:00Z',
        to: '2025-01-02T00:00:00Z',
      },
    );
    expect(r.events).toEqual([]);
    expect(r.skipped).toEqual([
      { uid: 'dense@test', line: 4, why: expect.stringContaining('too many steps') },
    ]);
  });

  it('leaves out, naming each once, an event dated before 1970 or after 2100; a series that began earlier stays', () => {
    const window = { from: '2026-11-01T00:00:00Z', to: '2026-11-15T00:00:00Z', floatingTz: 'UTC' };
    const r = read(
      ics(
        ...vevent('forever@test', 'DTSTART;VALUE=DATE:00000101', 'DTEND;VALUE=DATE:99991231'),
        ...vevent('sabbatical@test', 'DTSTART:20261102T090000Z', 'DURATION:P99999999W'),
        ...vevent('moved@test', 'DTSTART:20261110T100000Z', 'RECURRENCE-ID:00000101T100000Z'),
        ...vevent('yearly@test', 'DTSTART;VALUE=DATE:19501105', 'RRULE:FREQ=YEARLY;UNTIL=99991231'),
        ...vevent('daily@test', 'DTSTART:00010101T100000Z', 'DTEND:00010101T110000Z', 'RRULE:FREQ=DAILY'),
      ),
      window,
    );
    expect(r.skipped).toEqual([
      { uid: 'forever@test', line: 4, outside: 'start 0000-01-01T00:00:00.000Z', why: expect.any(String) },
      { uid: 'sabbatical@test', line: 10, outside: 'end +275760-09-13 or later', why: expect.any(String) },
      {
        uid: 'moved@test',
        line: 16,
        outside: 'RECURRENCE-ID 0000-01-01T10:00:00.000Z',
        why: expect.any(String),
      },
    ]);
    expect(r.skipped[0]?.why).toBe(
      'The event is left out: its start 0000-01-01T00:00:00.000Z is outside the dates Hands-on keeps, from 1970-01-01 to 2100-12-31.',
    );
    expect(r.events.filter((e) => e.uid === 'yearly@test').map((e) => e.startDate)).toEqual(['2026-11-05']);
    expect(r.events.filter((e) => e.uid === 'daily@test')).toHaveLength(14);
  });

  it('leaves out an all-day event whose end date is past 2100-12-31, though it starts inside', () => {
    const r = read(ics(...vevent('last@test', 'DTSTART;VALUE=DATE:21001231')), {
      from: '2100-12-01T00:00:00Z',
      to: '2100-12-31T12:00:00Z',
      floatingTz: 'Asia/Tokyo',
    });
    expect(r.events).toEqual([]);
    expect(r.skipped.map((s) => s.outside)).toEqual(['end date 2101-01-01']);
  });

  it('rejects a window that is not one, and an unknown profile zone', () => {
    expect(errorOf(() => read(ics(), { from: 'yesterday' })).field).toBe('from');
    expect(
      errorOf(() => read(ics(), { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).field,
    ).toBe('to');
    const e = errorOf(() => read(ics(), { floatingTz: 'Mars/Olympus' }));
    expect([e.code, e.field]).toEqual(['invalid', 'floatingTz']);
  });
});

describe('files that are not calendars, or broken ones', () => {
  it.each([
    ['a binary file', '\u0000PNG\u0001\u0002', /binary file, not an iCalendar/],
    ['an empty file', '  \r\n', /empty/],
    ['a CSV export', 'Subject,Start Date\r\nSync,2026-03-02\r\n', /starts with "Subject,Start Date"/],
  ])('refuses %s with a plain sentence', (_, text, message) => {
    const e = errorOf(() => read(text));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toMatch(message);
  });

  it.each([
    [
      'a line that is not NAME:value',
      ics('BEGIN:VEVENT', 'UID:a', 'this line is broken', 'END:VEVENT'),
      'Line 6: expected a property like NAME:value, found "this line is broken".',
    ],
    [
      'a DTSTART that is not a date-time',
      ics('BEGIN:VEVENT', 'UID:a', 'DTSTART:2026-03-02 09:00', 'END:VEVENT'),
      'Line 6: DTSTART "2026-03-02 09:00" is not a date-time (expected YYYYMMDDTHHMMSS, optionally ending in Z).',
    ],
    [
      'an impossible date',
      ics('BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20260230', 'END:VEVENT'),
      'Line 6: DTSTART "20260230" is not a valid date.',
    ],
    [
      'an RRULE with an unknown frequency',
      ics('BEGIN:VEVENT', 'UID:a', 'DTSTART:20260302T090000Z', 'RRULE:FREQ=FORTNIGHTLY', 'END:VEVENT'),
      'Line 7: RRULE FREQ=FORTNIGHTLY is not one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY.',
    ],
    [
      'an END that closes the wrong component',
      ics('BEGIN:VEVENT', 'UID:a', 'END:VTODO'),
      'Line 6: END:VTODO closes BEGIN:VEVENT from line 4.',
    ],
    [
      'a file cut off in the middle of an event',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260302T090000Z\r\n',
      'The file ends before END:VEVENT (opened at line 2, inside BEGIN:VCALENDAR at line 1): it is probably cut off.',
    ],
  ])('names the line and the fault for %s', (_, text, message) => {
    const e = errorOf(() => read(text));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toBe(message);
  });
});

describe('decodeCalendarBytes', () => {
  it('decodes UTF-8, falls back to Windows-1252 for old Outlook exports, refuses binary', () => {
    const utf8 = new TextEncoder().encode('BEGIN:VCALENDAR\r\nX:Café\r\n');
    expect(decodeCalendarBytes(utf8)).toContain('Café');
    const cp1252 = Uint8Array.from([...'X:Caf'].map((c) => c.charCodeAt(0)).concat([0xe9]));
    expect(decodeCalendarBytes(cp1252)).toBe('X:Café');
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(errorOf(() => decodeCalendarBytes(png)).message).toMatch(/binary file/);
  });
});
