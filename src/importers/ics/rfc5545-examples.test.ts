import { describe, expect, it } from 'vitest';
import { days, starts, utc } from './test-support/calendar.js';

/**
 * The recurrence examples of RFC 5545 §3.8.5.3, all with DTSTART;TZID=America/New_York, each
 * asserted as exact UTC instants. Expected values are written as the RFC's local answer plus the
 * New York offset of that day (EDT −04:00 / EST −05:00; DST ended 1997-10-26, 1998 ran 04-05 to
 * 10-25, 1999 04-04 to 10-31, 2000 04-02 to 10-29, 2003 from 04-06, 2007 from 03-11).
 */
const EDT = '-04:00';
const EST = '-05:00';
const NY = (local: string) => `DTSTART;TZID=America/New_York:${local}`;

interface Example {
  name: string;
  props: string[];
  /** Window end, for rules that never end. */
  to?: string;
  expected: string[];
}

const examples: Example[] = [
  {
    name: 'daily for 10 occurrences',
    props: [NY('19970902T090000'), 'RRULE:FREQ=DAILY;COUNT=10'],
    expected: days('1997-09', [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], '09:00', EDT),
  },
  {
    name: 'every 10 days, 5 occurrences',
    props: [NY('19970902T090000'), 'RRULE:FREQ=DAILY;INTERVAL=10;COUNT=5'],
    expected: [...days('1997-09', [2, 12, 22], '09:00', EDT), ...days('1997-10', [2, 12], '09:00', EDT)],
  },
  {
    name: 'weekly for 10 occurrences (crosses the end of DST: 09:00 stays 09:00 local)',
    props: [NY('19970902T090000'), 'RRULE:FREQ=WEEKLY;COUNT=10'],
    expected: [
      ...days('1997-09', [2, 9, 16, 23, 30], '09:00', EDT),
      ...days('1997-10', [7, 14, 21], '09:00', EDT),
      ...days('1997-10', [28], '09:00', EST),
      ...days('1997-11', [4], '09:00', EST),
    ],
  },
  {
    name: 'weekly on Tuesday and Thursday for five weeks (UNTIL)',
    props: [NY('19970902T090000'), 'RRULE:FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH'],
    expected: [
      ...days('1997-09', [2, 4, 9, 11, 16, 18, 23, 25, 30], '09:00', EDT),
      utc(`1997-10-02T09:00${EDT}`),
    ],
  },
  {
    name: 'weekly on Tuesday and Thursday for five weeks (COUNT)',
    props: [NY('19970902T090000'), 'RRULE:FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH'],
    expected: [
      ...days('1997-09', [2, 4, 9, 11, 16, 18, 23, 25, 30], '09:00', EDT),
      utc(`1997-10-02T09:00${EDT}`),
    ],
  },
  {
    name: 'every other week on Tuesday and Thursday, 8 occurrences',
    props: [NY('19970902T090000'), 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH'],
    expected: [
      ...days('1997-09', [2, 4, 16, 18, 30], '09:00', EDT),
      ...days('1997-10', [2, 14, 16], '09:00', EDT),
    ],
  },
  {
    name: 'WKST=MO: every other week on Tuesday and Sunday, 4 occurrences',
    props: [NY('19970805T090000'), 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO'],
    expected: days('1997-08', [5, 10, 19, 24], '09:00', EDT),
  },
  {
    name: 'WKST=SU changes the same rule to other days',
    props: [NY('19970805T090000'), 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU'],
    expected: days('1997-08', [5, 17, 19, 31], '09:00', EDT),
  },
  {
    name: 'monthly on the first Friday for 10 occurrences',
    props: [NY('19970905T090000'), 'RRULE:FREQ=MONTHLY;COUNT=10;BYDAY=1FR'],
    expected: [
      utc(`1997-09-05T09:00${EDT}`),
      utc(`1997-10-03T09:00${EDT}`),
      utc(`1997-11-07T09:00${EST}`),
      utc(`1997-12-05T09:00${EST}`),
      utc(`1998-01-02T09:00${EST}`),
      utc(`1998-02-06T09:00${EST}`),
      utc(`1998-03-06T09:00${EST}`),
      utc(`1998-04-03T09:00${EST}`),
      utc(`1998-05-01T09:00${EDT}`),
      utc(`1998-06-05T09:00${EDT}`),
    ],
  },
  {
    name: 'every other month on the first and last Sunday, 10 occurrences',
    props: [NY('19970907T090000'), 'RRULE:FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU'],
    expected: [
      ...days('1997-09', [7, 28], '09:00', EDT),
      ...days('1997-11', [2, 30], '09:00', EST),
      ...days('1998-01', [4, 25], '09:00', EST),
      ...days('1998-03', [1, 29], '09:00', EST),
      ...days('1998-05', [3, 31], '09:00', EDT),
    ],
  },
  {
    name: 'monthly on the second-to-last Monday for 6 months',
    props: [NY('19970922T090000'), 'RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=-2MO'],
    expected: [
      utc(`1997-09-22T09:00${EDT}`),
      utc(`1997-10-20T09:00${EDT}`),
      utc(`1997-11-17T09:00${EST}`),
      utc(`1997-12-22T09:00${EST}`),
      utc(`1998-01-19T09:00${EST}`),
      utc(`1998-02-16T09:00${EST}`),
    ],
  },
  {
    name: 'monthly on the third-to-last day',
    props: [NY('19970928T090000'), 'RRULE:FREQ=MONTHLY;BYMONTHDAY=-3'],
    to: '1998-03-01T00:00:00Z',
    expected: [
      utc(`1997-09-28T09:00${EDT}`),
      utc(`1997-10-29T09:00${EST}`),
      utc(`1997-11-28T09:00${EST}`),
      utc(`1997-12-29T09:00${EST}`),
      utc(`1998-01-29T09:00${EST}`),
      utc(`1998-02-26T09:00${EST}`),
    ],
  },
  {
    name: 'monthly on the first and last day of the month, 10 occurrences',
    props: [NY('19970930T090000'), 'RRULE:FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1'],
    expected: [
      utc(`1997-09-30T09:00${EDT}`),
      utc(`1997-10-01T09:00${EDT}`),
      utc(`1997-10-31T09:00${EST}`),
      ...days('1997-11', [1, 30], '09:00', EST),
      ...days('1997-12', [1, 31], '09:00', EST),
      ...days('1998-01', [1, 31], '09:00', EST),
      utc(`1998-02-01T09:00${EST}`),
    ],
  },
  {
    name: 'every 18 months on the 10th to 15th, 10 occurrences',
    props: [NY('19970910T090000'), 'RRULE:FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15'],
    expected: [
      ...days('1997-09', [10, 11, 12, 13, 14, 15], '09:00', EDT),
      ...days('1999-03', [10, 11, 12, 13], '09:00', EST),
    ],
  },
  {
    name: 'invalid dates are ignored and not counted: BYMONTHDAY=15,30 skips February 30',
    props: [NY('20070115T090000'), 'RRULE:FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5'],
    expected: [
      ...days('2007-01', [15, 30], '09:00', EST),
      utc(`2007-02-15T09:00${EST}`),
      ...days('2007-03', [15, 30], '09:00', EDT),
    ],
  },
  {
    name: 'yearly in June and July, 10 occurrences',
    props: [NY('19970610T090000'), 'RRULE:FREQ=YEARLY;COUNT=10;BYMONTH=6,7'],
    expected: [1997, 1998, 1999, 2000, 2001].flatMap((y) => [
      utc(`${y}-06-10T09:00${EDT}`),
      utc(`${y}-07-10T09:00${EDT}`),
    ]),
  },
  {
    name: 'every other year in January, February and March, 10 occurrences',
    props: [NY('19970310T090000'), 'RRULE:FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3'],
    expected: [
      utc(`1997-03-10T09:00${EST}`),
      ...[1999, 2001, 2003].flatMap((y) => [1, 2, 3].map((m) => utc(`${y}-0${m}-10T09:00${EST}`))),
    ],
  },
  {
    name: 'every third year on the 1st, 100th and 200th day, 10 occurrences',
    props: [NY('19970101T090000'), 'RRULE:FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200'],
    expected: [
      utc(`1997-01-01T09:00${EST}`),
      utc(`1997-04-10T09:00${EDT}`),
      utc(`1997-07-19T09:00${EDT}`),
      utc(`2000-01-01T09:00${EST}`),
      utc(`2000-04-09T09:00${EDT}`),
      utc(`2000-07-18T09:00${EDT}`),
      utc(`2003-01-01T09:00${EST}`),
      utc(`2003-04-10T09:00${EDT}`),
      utc(`2003-07-19T09:00${EDT}`),
      utc(`2006-01-01T09:00${EST}`),
    ],
  },
  {
    name: 'every 20th Monday of the year',
    props: [NY('19970519T090000'), 'RRULE:FREQ=YEARLY;BYDAY=20MO'],
    to: '2000-01-01T00:00:00Z',
    expected: [utc(`1997-05-19T09:00${EDT}`), utc(`1998-05-18T09:00${EDT}`), utc(`1999-05-17T09:00${EDT}`)],
  },
  {
    name: 'Monday of week number 20 (WKST=MO)',
    props: [NY('19970512T090000'), 'RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO'],
    to: '2000-01-01T00:00:00Z',
    expected: [utc(`1997-05-12T09:00${EDT}`), utc(`1998-05-11T09:00${EDT}`), utc(`1999-05-17T09:00${EDT}`)],
  },
  {
    name: 'every Thursday in March',
    props: [NY('19970313T090000'), 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=TH'],
    to: '2000-01-01T00:00:00Z',
    expected: [
      ...days('1997-03', [13, 20, 27], '09:00', EST),
      ...days('1998-03', [5, 12, 19, 26], '09:00', EST),
      ...days('1999-03', [4, 11, 18, 25], '09:00', EST),
    ],
  },
  {
    name: 'every Friday the 13th (DTSTART excluded by EXDATE)',
    props: [
      NY('19970902T090000'),
      'EXDATE;TZID=America/New_York:19970902T090000',
      'RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    ],
    to: '2001-01-01T00:00:00Z',
    expected: [
      utc(`1998-02-13T09:00${EST}`),
      utc(`1998-03-13T09:00${EST}`),
      utc(`1998-11-13T09:00${EST}`),
      utc(`1999-08-13T09:00${EDT}`),
      utc(`2000-10-13T09:00${EDT}`),
    ],
  },
  {
    name: 'the first Saturday that follows the first Sunday of the month',
    props: [NY('19970913T090000'), 'RRULE:FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13'],
    to: '1998-07-01T00:00:00Z',
    expected: [
      utc(`1997-09-13T09:00${EDT}`),
      utc(`1997-10-11T09:00${EDT}`),
      utc(`1997-11-08T09:00${EST}`),
      utc(`1997-12-13T09:00${EST}`),
      utc(`1998-01-10T09:00${EST}`),
      utc(`1998-02-07T09:00${EST}`),
      utc(`1998-03-07T09:00${EST}`),
      utc(`1998-04-11T09:00${EDT}`),
      utc(`1998-05-09T09:00${EDT}`),
      utc(`1998-06-13T09:00${EDT}`),
    ],
  },
  {
    name: 'US presidential election day: every 4 years, the Tuesday after the first Monday of November',
    props: [
      NY('19961105T090000'),
      'RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    ],
    to: '2005-01-01T00:00:00Z',
    expected: [utc(`1996-11-05T09:00${EST}`), utc(`2000-11-07T09:00${EST}`), utc(`2004-11-02T09:00${EST}`)],
  },
  {
    name: 'BYSETPOS: the third Tuesday, Wednesday or Thursday of the month, 3 occurrences',
    props: [NY('19970904T090000'), 'RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3'],
    expected: [utc(`1997-09-04T09:00${EDT}`), utc(`1997-10-07T09:00${EDT}`), utc(`1997-11-06T09:00${EST}`)],
  },
  {
    name: 'BYSETPOS: the second-to-last weekday of the month',
    props: [NY('19970929T090000'), 'RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2'],
    to: '1998-04-01T00:00:00Z',
    expected: [
      utc(`1997-09-29T09:00${EDT}`),
      utc(`1997-10-30T09:00${EST}`),
      utc(`1997-11-27T09:00${EST}`),
      utc(`1997-12-30T09:00${EST}`),
      utc(`1998-01-29T09:00${EST}`),
      utc(`1998-02-26T09:00${EST}`),
      utc(`1998-03-30T09:00${EST}`),
    ],
  },
  {
    // The RFC prints UNTIL=19970902T170000Z, which is 13:00 EDT and would end the day at 12:00;
    // its answer (…, 15:00) needs 21:00Z. Corrected here as in the RFC's errata discussion.
    name: 'every 3 hours from 09:00 to 17:00 on one day',
    props: [NY('19970902T090000'), 'RRULE:FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z'],
    expected: days('1997-09', [2, 2, 2], '00:00', EDT).map((_, i) =>
      utc(`1997-09-02T${['09', '12', '15'][i]}:00${EDT}`),
    ),
  },
  {
    name: 'every 15 minutes for 6 occurrences',
    props: [NY('19970902T090000'), 'RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=6'],
    expected: ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15'].map((t) => utc(`1997-09-02T${t}${EDT}`)),
  },
  {
    name: 'every hour and a half for 4 occurrences',
    props: [NY('19970902T090000'), 'RRULE:FREQ=MINUTELY;INTERVAL=90;COUNT=4'],
    expected: ['09:00', '10:30', '12:00', '13:30'].map((t) => utc(`1997-09-02T${t}${EDT}`)),
  },
];

describe('RFC 5545 §3.8.5.3 recurrence examples', () => {
  it.each(examples)('$name', ({ props, to, expected }) => {
    expect(starts(props, to ? { to } : {})).toEqual(expected);
  });

  it('daily until 1997-12-24: 113 instances, 09:00 local on both sides of the DST change (UNTIL in UTC)', () => {
    const s = starts([NY('19970902T090000'), 'RRULE:FREQ=DAILY;UNTIL=19971224T000000Z']);
    expect(s).toHaveLength(113);
    expect(s[0]).toBe(utc(`1997-09-02T09:00${EDT}`));
    expect(s).toContain(utc(`1997-10-25T09:00${EDT}`));
    expect(s).toContain(utc(`1997-10-26T09:00${EST}`));
    expect(s.at(-1)).toBe(utc(`1997-12-23T09:00${EST}`));
  });

  it('every day in January for 3 years: UNTIL equal to the last instance includes it (§3.3.10)', () => {
    const yearly = starts([
      NY('19980101T090000'),
      'RRULE:FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    ]);
    const daily = starts([NY('19980101T090000'), 'RRULE:FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1']);
    expect(yearly).toHaveLength(93);
    expect(yearly.at(-1)).toBe('2000-01-31T14:00:00.000Z');
    expect(daily).toEqual(yearly);
  });

  it('every other week on Monday, Wednesday and Friday until 1997-12-24: 25 instances', () => {
    const s = starts([
      NY('19970901T090000'),
      'RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    ]);
    expect(s).toEqual([
      ...days('1997-09', [1, 3, 5, 15, 17, 19, 29], '09:00', EDT),
      ...days('1997-10', [1, 3, 13, 15, 17], '09:00', EDT),
      ...days('1997-10', [27, 29, 31], '09:00', EST),
      ...days('1997-11', [10, 12, 14, 24, 26, 28], '09:00', EST),
      ...days('1997-12', [8, 10, 12, 22], '09:00', EST),
    ]);
  });

  it('every 20 minutes from 09:00 to 16:40, by DAILY with BYHOUR/BYMINUTE and by MINUTELY alike', () => {
    const daily = starts(
      [NY('19970902T090000'), 'RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40'],
      {
        to: '1997-09-04T00:00:00Z',
      },
    );
    const minutely = starts(
      [NY('19970902T090000'), 'RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16'],
      {
        to: '1997-09-04T00:00:00Z',
      },
    );
    expect(daily).toHaveLength(48);
    expect(daily.slice(0, 3)).toEqual(['09:00', '09:20', '09:40'].map((t) => utc(`1997-09-02T${t}${EDT}`)));
    expect(daily[23]).toBe(utc(`1997-09-02T16:40${EDT}`));
    expect(daily[24]).toBe(utc(`1997-09-03T09:00${EDT}`));
    expect(minutely).toEqual(daily);
  });
});
