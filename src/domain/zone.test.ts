import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { startOfDay } from './time.js';
import { Zone } from './zone.js';

// Zones with DST on both hemispheres, half- and quarter-hour offsets, a 30-minute DST, midnight
// switches, and local mean times with seconds before 1900.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'America/Santiago',
  'Africa/Monrovia',
  'Europe/Amsterdam',
  'UTC',
];

describe('Zone answers as luxon does', () => {
  it.each(ZONES)('%s: the offset at instants from 1850 to 2050', (tz) => {
    const zone = Zone.of(tz)!;
    const luxon = IANAZone.create(tz);
    const mismatches: string[] = [];
    // An odd step walks every time of day and every season.
    for (let t = Date.UTC(1850, 0, 1); t < Date.UTC(2050, 0, 1); t += 241 * 3_600_000 + 7 * 60_000 + 13_000) {
      if (zone.offset(t) !== luxon.offset(t)) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ZONES)('%s: the start of every day from 2024 to 2027', (tz) => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const expected = DateTime.fromISO(date, { zone: tz }).startOf('day').toUTC().toISO();
      if (startOfDay(date, tz) !== expected) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['Europe/Berlin', true],
    ['US/Eastern', true],
    ['Etc/GMT+5', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['  ', false],
  ])('knows %j: %s', (tz, known) => {
    expect(Zone.of(tz) !== undefined).toBe(known);
    expect(IANAZone.isValidZone(tz.trim() === '' ? '' : tz)).toBe(known);
  });
});

describe('the start of a day around a switch at midnight', () => {
  it.each([
    // The clock jumps from 00:00 to 01:00: the day starts at 01:00.
    ['America/Sao_Paulo', '2018-11-04', '2018-11-04T03:00:00.000Z'],
    ['America/Santiago', '2025-09-07', '2025-09-07T04:00:00.000Z'],
    // The clock goes from 01:00 back to 00:00: the day starts at the first 00:00 (luxon's answer
    // here depends on the season it runs in).
    ['America/Havana', '2025-11-02', '2025-11-02T04:00:00.000Z'],
    // The clock goes from 00:00 back to 23:00: 00:00 comes once, after the repeated hour.
    ['Asia/Beirut', '2025-10-26', '2025-10-25T22:00:00.000Z'],
  ])('%s on %s starts at %s', (tz, date, instant) => {
    expect(startOfDay(date, tz)).toBe(instant);
  });
});
