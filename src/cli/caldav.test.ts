import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Radicale, vevent } from '../importers/caldav/test-support/radicale.js';
import { cli, tempDataDir } from './test-support/run.js';

/** `handson calendars add caldav` and `handson sync` against a real Radicale server. */
let radicale: Radicale;
const PASSWORD = 'dana-secret';

beforeAll(async () => {
  radicale = await Radicale.start({ users: { dana: PASSWORD, erin: PASSWORD } });
});
afterAll(async () => {
  await radicale?.stop();
});

function event(uid: string, summary: string, day: string, extra: string[] = []) {
  return vevent({
    uid,
    summary,
    start: `${day}T09:00:00Z`,
    end: `${day}T10:00:00Z`,
    ...(extra.length ? { extra } : {}),
  });
}

describe('CalDAV from the CLI', () => {
  it('adds an account, syncs it, then fetches only what changed', async () => {
    const calUrl = await radicale.makeCalendar('dana', { displayName: 'Work' });
    await radicale.put(calUrl, 'standup.ics', event('standup', 'Team standup', '2026-11-24'));
    const retro = await radicale.put(calUrl, 'retro.ics', event('retro', 'Sprint retro', '2026-11-26'));

    const env = {
      HANDSON_DATA: tempDataDir(),
      HANDSON_NOW: '2026-11-25T10:00:00Z',
      HANDSON_CALDAV_PASSWORD: PASSWORD,
    };
    const run = (args: string[]) => cli(args, { env });
    await run([
      'init',
      '--name',
      'Dana',
      '--role',
      'engineering-manager',
      '--reports',
      '4',
      '--tz',
      'UTC',
      '--email',
      'dana@example.com',
      '--yes',
    ]);

    const added = await run(['calendars', 'add', 'caldav', radicale.url, '--user', 'dana']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('Added calendar "Work"');

    const first = await run(['sync', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([
      expect.objectContaining({ source: 'caldav', target: 'Work', added: 2, removed: 0 }),
    ]);

    const again = await run(['sync', '--json']);
    expect(JSON.parse(again.stdout)).toEqual([
      expect.objectContaining({ added: 0, updated: 0, unchanged: 2, removed: 0 }),
    ]);

    // Behind the client's back: the standup is renamed, the retro deleted, a 1:1 added.
    await radicale.put(calUrl, 'standup.ics', event('standup', 'Team standup (new room)', '2026-11-24'));
    await radicale.remove(retro.href);
    await radicale.put(calUrl, 'one.ics', event('one', '1:1 Priya', '2026-11-25'));
    const third = await run(['sync', '--json']);
    expect(JSON.parse(third.stdout)).toEqual([
      expect.objectContaining({ added: 1, updated: 1, unchanged: 0, removed: 1 }),
    ]);

    const events = JSON.parse(
      (await run(['events', '--from', '2026-11-23', '--to', '2026-11-29', '--json'])).stdout,
    );
    expect(
      events.map((e: { title: string; category: string; calendar: string }) => [
        e.title,
        e.category,
        e.calendar,
      ]),
    ).toEqual([
      ['Team standup (new room)', 'team-meeting', 'Work'],
      ['1:1 Priya', 'one-on-one', 'Work'],
    ]);
    const list = JSON.parse((await run(['calendars', 'list', '--json'])).stdout);
    expect(list).toEqual([
      expect.objectContaining({ name: 'Work', kind: 'caldav', lastSyncAt: '2026-11-25T10:00:00.000Z' }),
    ]);
  });

  it('says so in one line when the password is wrong, without printing it', async () => {
    await radicale.makeCalendar('dana', { displayName: 'Other' });
    const env = { HANDSON_DATA: tempDataDir(), HANDSON_CALDAV_PASSWORD: 'not-the-password' };
    await cli(
      [
        'init',
        '--name',
        'Dana',
        '--role',
        'founder',
        '--reports',
        '2',
        '--tz',
        'UTC',
        '--email',
        'dana@example.com',
        '--yes',
      ],
      { env },
    );
    const r = await cli(['calendars', 'add', 'caldav', radicale.url, '--user', 'dana'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('dana');
    expect(r.stderr).not.toContain('not-the-password');
    const none = await cli(['sync'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no CalDAV calendar');
  });

  it('reads floating times in the zone a calendar declares, and says so once for the whole sync', async () => {
    const calUrl = await radicale.makeCalendar('erin', { displayName: 'Team' });
    const floating = (uid: string, day: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Hands-on tests//EN',
        'X-WR-TIMEZONE:America/New_York',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20261101T000000Z',
        `DTSTART:${day.replaceAll('-', '')}T090000`,
        `DTEND:${day.replaceAll('-', '')}T100000`,
        `SUMMARY:Planning ${uid}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    await radicale.put(calUrl, 'a.ics', floating('a', '2026-11-24'), 'erin');
    await radicale.put(calUrl, 'b.ics', floating('b', '2026-11-26'), 'erin');
    const env = {
      HANDSON_DATA: tempDataDir(),
      HANDSON_NOW: '2026-11-25T10:00:00Z',
      HANDSON_CALDAV_PASSWORD: PASSWORD,
    };
    const init = ['init', '--name', 'Erin', '--role', 'founder', '--reports', '2', '--tz', 'UTC'];
    await cli([...init, '--email', 'erin@example.com', '--yes'], { env });
    expect((await cli(['calendars', 'add', 'caldav', radicale.url, '--user', 'erin'], { env })).code).toBe(0);
    const synced = await cli(['sync', '--json'], { env });
    const [report] = JSON.parse(synced.stdout);
    expect(report).toMatchObject({ target: 'Team', added: 2 });
    expect(report.notice).toBe(
      "Times without a zone in the calendar were read in America/New_York, the zone it declares (X-WR-TIMEZONE), not in the profile's UTC (in 2 calendar objects).",
    );
    const events = JSON.parse(
      (await cli(['events', '--from', '2026-11-23', '--to', '2026-11-29', '--json'], { env })).stdout,
    );
    // 09:00 in New York on 24 November is 14:00 UTC.
    expect(events.map((e: { start: string }) => e.start)).toContain('2026-11-24T14:00:00.000Z');
  });
});
