import { describe, expect, it } from 'vitest';
import type { Commitment } from '../api/types.js';
import { closed, daysOpen, groupOpen, invitationHref, openView, wallClock } from './commitments.js';

const c = (id: string, extra: Partial<Commitment> = {}): Commitment => ({
  id,
  kind: 'one-on-one',
  title: id,
  status: 'open',
  createdAt: '2026-11-01T10:00:00.000Z',
  postponements: [],
  ...extra,
});

describe('commitments by how pressing they are', () => {
  // Wednesday: the week ends on Sunday 29 Nov.
  const today = '2026-11-25';

  it('groups open ones as overdue, this week, later and undated, leaving closed ones out', () => {
    const groups = groupOpen(
      [
        c('later', { due: '2026-12-01' }),
        c('friday', { due: '2026-11-27' }),
        c('undated-new', { createdAt: '2026-11-20T10:00:00.000Z' }),
        c('overdue', { due: '2026-11-24' }),
        c('today', { due: '2026-11-25' }),
        c('undated-old', { createdAt: '2026-10-01T10:00:00.000Z' }),
        c('done', { due: '2026-11-20', status: 'done' }),
      ],
      today,
    );
    expect(groups.map((g) => [g.id, g.items.map((i) => i.id)])).toEqual([
      ['overdue', ['overdue']],
      ['this-week', ['today', 'friday']],
      ['later', ['later']],
      ['undated', ['undated-old', 'undated-new']],
    ]);
  });

  it('shows no empty group', () => {
    expect(groupOpen([c('a', { due: '2026-11-26' })], today).map((g) => g.id)).toEqual(['this-week']);
    expect(groupOpen([], today)).toEqual([]);
  });

  it('lists closed ones most recent first', () => {
    const list = [
      c('a', { status: 'done', closedAt: '2026-11-02T00:00:00.000Z' }),
      c('b', { status: 'done', closedAt: '2026-11-10T00:00:00.000Z' }),
      c('x', { status: 'cancelled', closedAt: '2026-11-11T00:00:00.000Z' }),
    ];
    expect(closed(list, 'done').map((i) => i.id)).toEqual(['b', 'a']);
    expect(closed(list, 'cancelled').map((i) => i.id)).toEqual(['x']);
  });

  it('counts how long one has been open in the leader’s days', () => {
    expect(daysOpen(c('a', { createdAt: '2026-11-24T23:30:00.000Z' }), today, 'Europe/Berlin')).toBe(0);
    expect(daysOpen(c('a', { createdAt: '2026-11-24T23:30:00.000Z' }), today, 'America/New_York')).toBe(1);
  });
});

describe('the open commitments as the page shows them', () => {
  const moved = (id: string, times: number, firstDue: string) =>
    c(id, {
      due: '2026-12-10',
      postponements: Array.from({ length: times }, (_, i) => ({
        id: `${id}-p${i}`,
        at: `2026-11-2${i}T10:00:00.000Z`,
        ...(i === 0 ? { fromDue: firstDue } : { fromDue: `2026-12-0${i}` }),
        toDue: `2026-12-0${i + 1}`,
      })),
    });

  it('puts those postponed twice or more apart, longest put off first, and groups the rest', () => {
    const view = openView(
      [
        moved('once', 1, '2026-11-20'),
        moved('twice', 2, '2026-11-24'),
        moved('thrice', 3, '2026-11-18'),
        c('closed-twice', { ...moved('x', 2, '2026-11-01'), id: 'closed-twice', status: 'done' }),
        c('soon', { due: '2026-11-26' }),
      ],
      '2026-11-25',
    );
    expect(view.putOff.map((p) => [p.commitment.id, p.times, p.firstDue])).toEqual([
      ['thrice', 3, '2026-11-18'],
      ['twice', 2, '2026-11-24'],
    ]);
    expect(view.groups.map((g) => [g.id, g.items.map((i) => i.id)])).toEqual([
      ['this-week', ['soon']],
      ['later', ['once']],
    ]);
  });
});

describe('a booked time', () => {
  it('reads back as the wall clock it was chosen on, in the leader’s zone', () => {
    expect(wallClock('2026-11-26T13:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-26T14:30');
    expect(wallClock('2026-11-26T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-11-27T00:30');
    expect(wallClock('2026-07-01T08:05:00.000Z', 'America/New_York')).toBe('2026-07-01T04:05');
  });

  it('has its invitation at the file route, the id made safe for a query', () => {
    expect(invitationHref('01J x&y')).toBe('/api/commitments/invitation.ics?id=01J%20x%26y');
  });
});
