import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../insight/insight-types.js';
import { addDays } from '../time.js';
import type { Commitment, LocalDate, Person } from '../types.js';
import { nameFromAddress, type PeopleInput, peopleStatus, personCandidates, personStatus } from './people.js';

const TODAY = '2026-11-20'; // a Friday
const NOW = '2026-11-20T12:00:00.000Z';
const ME = 'ada@example.com';

function person(over: Partial<Person> = {}): Person {
  return {
    id: 'p1',
    name: 'Priya Sharma',
    email: 'priya@example.com',
    relation: 'report',
    oneOnOneEvery: 7,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T08:00:00.000Z',
    ...over,
  };
}

function oneOnOne(date: LocalDate, over: Partial<ModelEvent> = {}, hour = '10'): ModelEvent {
  return {
    key: `work/${date}-${over.title ?? '1:1'}`,
    title: '1:1',
    start: `${date}T${hour}:00:00.000Z`,
    end: `${date}T${hour}:30:00.000Z`,
    category: 'one-on-one',
    timeClass: 'leadership',
    counted: !(over.declined || over.cancelled),
    declined: false,
    cancelled: false,
    attendees: [ME, 'priya@example.com'],
    attendeeNames: ['Ada', 'Priya Sharma'],
    ...over,
  };
}

function commitment(over: Partial<Commitment>): Commitment {
  return {
    id: 'c1',
    kind: 'one-on-one',
    title: '1:1 with Priya',
    person: 'Priya',
    status: 'open',
    createdAt: '2026-11-01T08:00:00.000Z',
    postponements: [],
    ...over,
  };
}

function input(over: Partial<PeopleInput> = {}): PeopleInput {
  return {
    today: TODAY,
    now: NOW,
    tz: 'UTC',
    ownEmails: [ME],
    people: [person()],
    events: [],
    commitments: [],
    covered: () => true,
    ...over,
  };
}

describe('personStatus', () => {
  it('finds the last 1:1 held, the next one planned and the ones called off in the last weeks', () => {
    const events = [
      oneOnOne('2026-11-06'),
      oneOnOne('2026-11-10', { declined: true }),
      oneOnOne('2026-11-13', { title: '1:1 moved' }),
      oneOnOne('2026-11-17', { cancelled: true }),
      oneOnOne('2026-10-01', { cancelled: true }), // older than the weeks looked at
      // Today, later than now: planned, not held.
      oneOnOne(TODAY, {}, '15'),
      oneOnOne('2026-11-27'),
    ];
    const s = personStatus(input({ events }), person());
    expect(s.last).toEqual({
      source: 'event',
      id: 'work/2026-11-13-1:1 moved',
      title: '1:1 moved',
      date: '2026-11-13',
    });
    expect(s.next?.date).toBe(TODAY);
    expect(s.missed.map((m) => [m.date, m.how])).toEqual([
      ['2026-11-10', 'declined'],
      ['2026-11-17', 'cancelled'],
    ]);
    expect(s.daysSince).toBe(7);
    // Exactly one cadence ago is on time.
    expect(s.overdue).toBe(false);
  });

  it('is overdue once the cadence has passed with a calendar covering it, and says by how long', () => {
    const s = personStatus(input({ events: [oneOnOne('2026-11-12')] }), person());
    expect(s.daysSince).toBe(8);
    expect(s.overdue).toBe(true);
    // A fortnightly cadence leaves the same 1:1 on time.
    expect(
      personStatus(input({ events: [oneOnOne('2026-11-12')] }), person({ oneOnOneEvery: 14 })).overdue,
    ).toBe(false);
  });

  it('does not know, rather than saying overdue, without a calendar for the days of the cadence', () => {
    // No calendar at all: no 1:1 known, and not "never met".
    const none = personStatus(input({ covered: () => false }), person());
    expect(none).toMatchObject({ last: null, daysSince: null, overdue: null });
    // A calendar that stopped a few days ago: the last 1:1 is known, the gap after it is not.
    const stale = personStatus(
      input({ events: [oneOnOne('2026-11-03')], covered: (d) => d <= '2026-11-16' }),
      person(),
    );
    expect(stale.daysSince).toBe(17);
    expect(stale.overdue).toBeNull();
  });

  it('is overdue with no 1:1 at all when the calendar covers the whole cadence', () => {
    expect(personStatus(input(), person())).toMatchObject({ last: null, overdue: true });
  });

  it('matches by name when the person has no address, and takes 1:1 commitments done, open and cancelled', () => {
    const events = [
      oneOnOne('2026-11-02', { attendees: [ME, 'p.sharma@other.example'], attendeeNames: undefined }),
    ];
    const commitments = [
      commitment({ id: 'done', status: 'done', closedAt: '2026-11-16T09:00:00.000Z' }),
      commitment({ id: 'next', due: '2026-11-24' }),
      commitment({ id: 'off', status: 'cancelled', closedAt: '2026-11-18T09:00:00.000Z' }),
      commitment({
        id: 'talk',
        kind: 'tough-conversation',
        title: 'Feedback on the launch',
        person: 'Priya',
      }),
      commitment({ id: 'jonas', person: 'Jonas' }),
    ];
    const s = personStatus(input({ events, commitments }), person({ email: undefined, name: 'Priya' }));
    expect(s.last).toMatchObject({ source: 'commitment', id: 'done', date: '2026-11-16' });
    expect(s.next).toMatchObject({ source: 'commitment', id: 'next', date: '2026-11-24' });
    expect(s.missed.map((m) => m.id)).toEqual(['off']);
    expect(s.open.map((c) => c.id).sort()).toEqual(['next', 'talk']);
    expect(s.overdue).toBe(false);
  });

  it('never calls anyone overdue on a day the calendar does not cover (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 40 }),
        (every, ago, gap) => {
          const hole = addDays(TODAY, -gap);
          const events = ago.map((n) => oneOnOne(addDays(TODAY, -n)));
          const s = personStatus(
            input({ events, covered: (d) => d !== hole }),
            person({ oneOnOneEvery: every }),
          );
          const recent = ago.some((n) => n <= every);
          if (recent) expect(s.overdue).toBe(false);
          else if (gap <= every) expect(s.overdue).toBeNull();
          else expect(s.overdue).toBe(true);
        },
      ),
    );
  });
});

describe('personCandidates', () => {
  it('proposes the other attendee of 1:1s who is not a person yet, most 1:1s first', () => {
    const jonas = { attendees: [ME, 'JONAS.berg@example.com'], attendeeNames: ['', ''] };
    const events = [
      oneOnOne('2026-11-03', jonas),
      oneOnOne('2026-11-10', jonas),
      oneOnOne('2026-11-12', { attendees: [ME, 'sam@example.com'], attendeeNames: ['', 'Sam Ortiz'] }),
      oneOnOne('2026-11-13'), // Priya: already a person
      // Three people: not a 1:1 with one other attendee.
      oneOnOne('2026-11-14', { attendees: [ME, 'a@example.com', 'b@example.com'] }),
      // Not a 1:1.
      oneOnOne('2026-11-15', { attendees: [ME, 'kim@example.com'], category: 'team-meeting' }),
    ];
    expect(personCandidates(input({ events }))).toEqual([
      { name: 'Jonas Berg', email: 'jonas.berg@example.com', oneOnOnes: 2, lastSeen: '2026-11-10' },
      { name: 'Sam Ortiz', email: 'sam@example.com', oneOnOnes: 1, lastSeen: '2026-11-12' },
    ]);
  });

  it('leaves out someone known by name only when the person has no address', () => {
    const events = [oneOnOne('2026-11-13')];
    expect(personCandidates(input({ events, people: [person({ email: undefined })] }))).toEqual([]);
    expect(personCandidates(input({ events, people: [] })).map((c) => c.email)).toEqual([
      'priya@example.com',
    ]);
  });

  it('makes a name from an address', () => {
    expect(nameFromAddress('priya.sharma@acme.com')).toBe('Priya Sharma');
    expect(nameFromAddress('sam_o-rtiz@acme.com')).toBe('Sam O Rtiz');
  });
});

describe('peopleStatus', () => {
  it('keeps the order of the people it is given', () => {
    const people = [person({ id: 'b', name: 'Zed' }), person({ id: 'a', name: 'Amy', email: undefined })];
    expect(peopleStatus(input({ people })).map((s) => s.person.id)).toEqual(['b', 'a']);
  });
});
