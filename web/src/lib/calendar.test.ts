import { describe, expect, it } from 'vitest';
import {
  assignLanes,
  CATEGORIES,
  categoryOf,
  clock,
  hourRange,
  layoutWeek,
  lengthMinutes,
  localParts,
  position,
  statusText,
  struck,
} from './calendar.js';

const timed = (title: string, start: string, end: string) => ({ title, start, end, allDay: false });

describe('the calendar week layout', () => {
  it('puts an event on its local day, at its local time', () => {
    // 23:30 UTC on Monday is 00:30 on Tuesday in Berlin (UTC+1 in November).
    expect(localParts('2026-11-23T23:30:00Z', 'Europe/Berlin')).toEqual({ date: '2026-11-24', minutes: 30 });
    expect(localParts('2026-11-23T23:30:00Z', 'UTC')).toEqual({ date: '2026-11-23', minutes: 23 * 60 + 30 });
  });

  it('gives each of the seven days its own events, and none from other weeks', () => {
    const days = layoutWeek(
      [
        timed('Mon standup', '2026-11-23T09:00:00Z', '2026-11-23T09:15:00Z'),
        timed('Thu review', '2026-11-26T13:00:00Z', '2026-11-26T15:00:00Z'),
        timed('Next week', '2026-11-30T09:00:00Z', '2026-11-30T10:00:00Z'),
      ],
      '2026-11-23',
      'UTC',
    );
    expect(days.map((d) => d.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(days.map((d) => d.blocks.map((b) => b.event.title))).toEqual([
      ['Mon standup'],
      [],
      [],
      ['Thu review'],
      [],
      [],
      [],
    ]);
    expect(days[3]!.blocks[0]).toMatchObject({ startMin: 13 * 60, endMin: 15 * 60, lane: 0, lanes: 1 });
  });

  it('draws an event past midnight on both days, clipped, and one ending at midnight on one', () => {
    const days = layoutWeek(
      [
        timed('Release', '2026-11-24T23:00:00Z', '2026-11-25T01:00:00Z'),
        timed('Late', '2026-11-26T22:00:00Z', '2026-11-27T00:00:00Z'),
      ],
      '2026-11-23',
      'UTC',
    );
    expect(days[1]!.blocks.map((b) => [b.startMin, b.endMin])).toEqual([[23 * 60, 24 * 60]]);
    expect(days[2]!.blocks.map((b) => [b.startMin, b.endMin])).toEqual([[0, 60]]);
    expect(days[3]!.blocks.map((b) => [b.startMin, b.endMin])).toEqual([[22 * 60, 24 * 60]]);
    expect(days[4]!.blocks).toEqual([]);
  });

  it('puts an all-day event on every date it covers, by its dates rather than its instants', () => {
    const offsite = {
      title: 'Offsite',
      allDay: true,
      start: '2026-11-26T00:00:00Z',
      end: '2026-11-28T00:00:00Z',
      startDate: '2026-11-26',
      endDate: '2026-11-28',
    };
    // In New York the instants fall on the 25th and 27th; the dates say the 26th and 27th.
    const days = layoutWeek([offsite], '2026-11-23', 'America/New_York');
    expect(days.filter((d) => d.allDay.length > 0).map((d) => d.date)).toEqual(['2026-11-26', '2026-11-27']);
    expect(days.every((d) => d.blocks.length === 0)).toBe(true);
  });

  it('sets overlapping events side by side, and the next free stretch back to full width', () => {
    const blocks = assignLanes([
      { event: 'a', startMin: 600, endMin: 660 },
      { event: 'b', startMin: 630, endMin: 700 },
      { event: 'c', startMin: 665, endMin: 690 },
      { event: 'd', startMin: 720, endMin: 780 },
    ]);
    expect(blocks.map((b) => [b.event, b.lane, b.lanes])).toEqual([
      ['a', 0, 2],
      ['b', 1, 2],
      ['c', 0, 2],
      ['d', 0, 1],
    ]);
  });

  it('shows at least 08:00–18:00, widened to whole hours around early and late events', () => {
    const quiet = layoutWeek(
      [timed('x', '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')],
      '2026-11-23',
      'UTC',
    );
    expect(hourRange(quiet)).toEqual({ from: 8 * 60, to: 18 * 60 });
    const long = layoutWeek(
      [
        timed('early', '2026-11-23T06:30:00Z', '2026-11-23T07:00:00Z'),
        timed('late', '2026-11-25T19:00:00Z', '2026-11-25T20:15:00Z'),
      ],
      '2026-11-23',
      'UTC',
    );
    expect(hourRange(long)).toEqual({ from: 6 * 60, to: 21 * 60 });
  });

  it('places a block in percent of the shown hours, with room for a short event to be read', () => {
    const range = { from: 8 * 60, to: 18 * 60 };
    expect(position({ startMin: 13 * 60, endMin: 15 * 60, lane: 1, lanes: 2 }, range)).toEqual({
      top: 50,
      height: 20,
      left: 50,
      width: 50,
    });
    expect(position({ startMin: 8 * 60, endMin: 8 * 60 + 5, lane: 0, lanes: 1 }, range).height).toBe(2.5);
  });
});

describe('the words on an event', () => {
  it('writes times on a 24-hour clock', () => {
    expect([clock(0), clock(9 * 60 + 5), clock(24 * 60)]).toEqual(['00:00', '09:05', '24:00']);
  });

  it('names every category the server knows, each with its own colour', () => {
    expect(CATEGORIES.map((c) => c.id).sort()).toEqual(
      ['external', 'focus', 'interview', 'one-on-one', 'other', 'personal', 'team-meeting'].sort(),
    );
    expect(new Set(CATEGORIES.map((c) => c.cls)).size).toBe(CATEGORIES.length);
    expect(categoryOf('focus').label).toBe('IC');
    expect(categoryOf('something-new')).toMatchObject({ label: 'something-new', cls: 'cat-other' });
  });

  it.each([
    [{ cancelled: true, declined: true, transparent: false, allDay: false }, 'cancelled', true],
    [{ cancelled: false, declined: true, transparent: false, allDay: false }, 'declined', true],
    [{ cancelled: false, declined: false, transparent: true, allDay: true }, 'free, not counted', false],
    [{ cancelled: false, declined: false, transparent: false, allDay: false }, undefined, false],
  ])('says why %o takes none of the time: %s', (e, text, isStruck) => {
    expect(statusText(e)).toBe(text);
    expect(struck(e)).toBe(isStruck);
  });

  it('measures an event in minutes', () => {
    expect(lengthMinutes({ start: '2026-11-24T13:00:00Z', end: '2026-11-24T15:00:00Z' })).toBe(120);
  });
});
