import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../importers/git/test-support/repo.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { type AppContext, makeContext } from '../context.js';
import { invoke } from '../handler.js';
import { insightHandlers } from '../insight/insight.js';
import { profileHandlers } from '../profile/profile.js';
import { rulesHandlers } from '../rules/rules.js';
import { eventsHandlers } from './events.js';
import { gitHandlers } from './git.js';
import { importHandlers } from './imports.js';

const enc = (s: string) => new TextEncoder().encode(s);
const FIXTURES = join(import.meta.dirname, '../../importers/trackers/fixtures');

function ics(events: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on test//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const ONE_ON_ONE = [
  'BEGIN:VEVENT',
  'UID:weekly-1on1@example.com',
  'DTSTART;TZID=Europe/Berlin:20261102T100000',
  'DTEND;TZID=Europe/Berlin:20261102T103000',
  'RRULE:FREQ=WEEKLY;COUNT=8',
  'SUMMARY:Priya / Dana',
  'ORGANIZER:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:priya@example.com',
  'END:VEVENT',
].join('\r\n');

const PLANNING = (title: string) =>
  [
    'BEGIN:VEVENT',
    'UID:planning@example.com',
    'DTSTART:20261124T130000Z',
    'DTEND:20261124T140000Z',
    `SUMMARY:${title}`,
    'ATTENDEE;PARTSTAT=DECLINED:mailto:Dana@Example.com',
    'ATTENDEE:mailto:sam@example.com',
    'ATTENDEE:mailto:lee@example.com',
    'END:VEVENT',
  ].join('\r\n');

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.remove();
});

describe.each(engines)('evidence imports on $name', (engine) => {
  const h = useStore(engine);

  async function leader(): Promise<AppContext> {
    // Each call is a second later, so the import log has a clear order.
    let t = Date.parse('2026-11-25T10:00:00Z');
    const ctx = makeContext(h().store, () => {
      t += 1000;
      return new Date(t);
    });
    await invoke(profileHandlers.init, ctx, {
      name: 'Dana Ortiz',
      role: 'engineering-manager',
      reports: 5,
      tz: 'Europe/Berlin',
      emails: ['dana@example.com'],
    });
    return ctx;
  }

  it('imports an ICS calendar, classifies it, and re-imports without duplicates or stale events', async () => {
    const ctx = await leader();
    const first = await invoke(importHandlers.ics, ctx, {
      files: [{ name: '/home/dana/Work.ics', bytes: enc(ics([ONE_ON_ONE, PLANNING('Sprint planning')])) }],
    });
    expect(first).toEqual([
      expect.objectContaining({
        source: 'ics',
        target: 'Work',
        added: 9,
        updated: 0,
        unchanged: 0,
        removed: 0,
      }),
    ]);

    const events = await invoke(eventsHandlers.list, ctx, { from: '2026-11-23', to: '2026-11-29' });
    expect(events.map((e) => [e.title, e.start, e.category, e.rule, e.declined, e.counted])).toEqual([
      ['Priya / Dana', '2026-11-23T09:00:00.000Z', 'one-on-one', 'one-on-one-pair', false, true],
      ['Sprint planning', '2026-11-24T13:00:00.000Z', 'team-meeting', 'team-ritual', true, false],
    ]);

    // Same file again: nothing changes.
    const again = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(ics([ONE_ON_ONE, PLANNING('Sprint planning')])) }],
    });
    expect(again[0]).toMatchObject({ added: 0, updated: 0, unchanged: 9, removed: 0 });

    // The planning meeting renamed, the 1:1 series gone: one update, eight removals.
    const changed = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(ics([PLANNING('Sprint planning (moved room)')])) }],
    });
    expect(changed[0]).toMatchObject({ added: 0, updated: 1, unchanged: 0, removed: 8 });
    const after = await invoke(eventsHandlers.list, ctx, { from: '2026-11-01', to: '2026-12-31' });
    expect(after.map((e) => e.title)).toEqual(['Sprint planning (moved room)']);
    expect((await invoke(importHandlers.runs, ctx, {})).map((r) => r.added)).toEqual([0, 0, 9]);
  });

  it('leaves out an event and a commit dated outside 1970–2100, says where, and the review still works', async () => {
    const ctx = await leader();
    const forever = [
      'BEGIN:VEVENT',
      'UID:forever',
      'DTSTART;VALUE=DATE:00000101',
      'DTEND;VALUE=DATE:99991231',
    ];
    const [calendar] = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(ics([ONE_ON_ONE, [...forever, 'END:VEVENT'].join('\r\n')])) }],
    });
    expect([calendar?.error, calendar?.added]).toEqual([undefined, 8]);
    expect(calendar!.skipped).toEqual([
      {
        why: 'dated before 1970-01-01 or after 2100-12-31: Work.ics line 14: start -000001-12-31T23:06:32.000Z',
        count: 1,
      },
    ]);

    const repo = new TestRepo();
    repos.push(repo);
    const dana = { name: 'Dana', email: 'dana@example.com' };
    repo.commit({ message: 'Real work', author: dana, at: '2026-11-24T09:00:00Z' });
    const late = repo.commit({ message: 'Clock in 2200', author: dana, at: '@7258118400 +0000' });
    const [git] = await invoke(gitHandlers.import, ctx, { paths: [repo.dir] });
    expect([git?.error, git?.total, git?.added]).toEqual([undefined, 2, 1]);
    expect(git!.skipped).toEqual([
      {
        why: `dated before 1970-01-01 or after 2100-12-31: ${git!.target} ${late.slice(0, 12)}: author date 2200-01-01T00:00:00.000Z`,
        count: 1,
      },
    ]);
    expect((await h().store.listCommits()).map((c) => c.subject)).toEqual(['Real work']);
    const review = await invoke(insightHandlers.weeklyReview, ctx, {});
    expect(review.week.leadership?.['one-on-one']).toBe(30);
  });

  it('imports the readable events of a damaged calendar and says which line it left out, and why', async () => {
    const ctx = await leader();
    await invoke(importHandlers.ics, ctx, { files: [{ name: 'Work.ics', bytes: enc(ics([ONE_ON_ONE])) }] });
    const damaged = ics([PLANNING('Retro'), 'BEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-11-24\r\nEND:VEVENT']);
    const [report] = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(damaged) }],
    });
    expect(report!.error).toBeUndefined();
    expect(report!.skipped).toEqual([
      {
        why: 'Work.ics: The event is left out because of line 15: DTSTART "2026-11-24" is not a date-time (expected YYYYMMDDTHHMMSS, optionally ending in Z).',
        count: 1,
      },
    ]);
    const events = await invoke(eventsHandlers.list, ctx, { from: '2026-11-01', to: '2026-12-31' });
    expect(events.map((e) => e.title)).toEqual(['Retro']);
    expect(await invoke(importHandlers.runs, ctx, {})).toHaveLength(2);
  });

  it('names the file as well as the line when several files go into one calendar', async () => {
    const ctx = await leader();
    const bad = 'BEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-11-24\r\nEND:VEVENT';
    const [report] = await invoke(importHandlers.ics, ctx, {
      calendar: 'Work',
      files: [
        { name: 'team.ics', bytes: enc(ics([PLANNING('Retro'), bad])) },
        { name: 'mine.ics', bytes: enc(ics([bad, ONE_ON_ONE])) },
      ],
    });
    expect(report!.error).toBeUndefined();
    expect(report!.skipped.map((s) => s.why)).toEqual([
      expect.stringMatching(/^team\.ics: The event is left out because of line 15: DTSTART/),
      expect.stringMatching(/^mine\.ics: The event is left out because of line \d+: DTSTART/),
    ]);
  });

  it('refuses a calendar with nothing readable whole, saying which file and line', async () => {
    const ctx = await leader();
    await invoke(importHandlers.ics, ctx, { files: [{ name: 'Work.ics', bytes: enc(ics([ONE_ON_ONE])) }] });
    const broken = ics(['BEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-11-24\r\nEND:VEVENT']);
    const [report] = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(broken) }],
    });
    expect(report!.error).toMatch(/^Work\.ics: Line 6: DTSTART/);
    const events = await invoke(eventsHandlers.list, ctx, { from: '2026-11-01', to: '2026-12-31' });
    expect(events).toHaveLength(8);
    expect(await invoke(importHandlers.runs, ctx, {})).toHaveLength(1);
  });

  it('says in the report when floating times were read in the zone the calendar declares', async () => {
    const ctx = await leader();
    const text = ics([PLANNING('Retro').replace('DTSTART:20261124T130000Z', 'DTSTART:20261124T080000')])
      .replace('VERSION:2.0', 'VERSION:2.0\r\nX-WR-TIMEZONE:America/New_York')
      .replace('DTEND:20261124T140000Z', 'DTEND:20261124T090000');
    const [report] = await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'Work.ics', bytes: enc(text) }],
    });
    expect(report!.notice).toBe(
      "Work.ics: Times without a zone in the calendar at line 1 were read in America/New_York, the zone it declares (X-WR-TIMEZONE), not in the profile's Europe/Berlin.",
    );
    const events = await invoke(eventsHandlers.list, ctx, { from: '2026-11-01', to: '2026-12-31' });
    expect(events.map((e) => e.start)).toEqual(['2026-11-24T13:00:00.000Z']);
  });

  it.each([
    ['jira', 'jira-cloud.csv', 'Summary,Status\nx,Done\n', 'Issue key'],
    ['github', 'github-issues.json', '[{"number": 1, "title": "x"}', 'JSON'],
    ['linear', 'linear.csv', 'Title,Status\nx,Done\n', 'ID'],
  ] as const)(
    'imports a %s export idempotently, keeps only the leader’s items, and imports nothing from a broken one',
    async (source, fixture, broken, names) => {
      const ctx = await leader();
      const bytes = readFileSync(join(FIXTURES, fixture));
      const files = [{ name: fixture, bytes }];
      const [first] = await invoke(importHandlers.tracker, ctx, { source, files, me: ['dortiz'] });
      expect(first!.error).toBeUndefined();
      expect(first!.added).toBeGreaterThan(0);
      expect(first!.skipped.some((s) => s.why.startsWith('not yours'))).toBe(true);
      const [second] = await invoke(importHandlers.tracker, ctx, { source, files, me: ['dortiz'] });
      expect(second).toMatchObject({ added: 0, updated: 0, unchanged: first!.added });
      expect(await h().store.listTrackerItems({ source })).toHaveLength(first!.added);

      const [bad] = await invoke(importHandlers.tracker, ctx, {
        source,
        files: [{ name: 'broken', bytes: enc(broken) }],
      });
      expect(bad!.error).toContain(names);
      expect(bad!.error).toContain('broken');
      expect(await h().store.listTrackerItems({ source })).toHaveLength(first!.added);
      expect(await invoke(importHandlers.runs, ctx, {})).toHaveLength(2);
    },
  );

  it('imports the leader’s git commits, then only new ones, and refuses a folder that is not a repository', async () => {
    const ctx = await leader();
    const repo = new TestRepo();
    repos.push(repo);
    const dana = { name: 'Dana', email: 'dana@example.com' };
    const sam = { name: 'Sam', email: 'sam@example.com' };
    repo.commit({
      message: 'Add search',
      author: dana,
      at: '2026-11-23T09:15:00+01:00',
      files: { 'a.txt': 'a\nb\n' },
    });
    repo.commit({
      message: 'Sam’s fix',
      author: sam,
      at: '2026-11-23T10:00:00+01:00',
      files: { 'b.txt': 'x\n' },
    });
    repo.commit({
      message: 'Tune ranking',
      author: dana,
      at: '2026-11-23T23:30:00+01:00',
      files: { 'a.txt': 'a\n' },
    });

    const [first] = await invoke(gitHandlers.import, ctx, { paths: [repo.dir], name: 'search' });
    expect(first).toMatchObject({ target: 'search', added: 2, unchanged: 0 });
    const days = await invoke(gitHandlers.days, ctx, {});
    expect(days).toEqual([
      {
        date: '2026-11-23',
        repo: 'search',
        commits: 2,
        added: 2,
        removed: 1,
        first: '2026-11-23T08:15:00.000Z',
        last: '2026-11-23T22:30:00.000Z',
      },
    ]);

    repo.commit({
      message: 'Polish',
      author: dana,
      at: '2026-11-24T00:30:00+01:00',
      files: { 'c.txt': 'c\n' },
    });
    const [second] = await invoke(gitHandlers.import, ctx, { paths: [repo.dir], name: 'search' });
    expect(second).toMatchObject({ added: 1, unchanged: 0, total: 1 });
    expect((await invoke(gitHandlers.days, ctx, {})).map((d) => [d.date, d.commits])).toEqual([
      ['2026-11-23', 2],
      ['2026-11-24', 1],
    ]);

    const notARepo = mkdtempSync(join(tmpdir(), 'handson-not-git-'));
    const [third] = await invoke(gitHandlers.import, ctx, { paths: [repo.dir], name: 'search' });
    expect(third).toMatchObject({ added: 0, unchanged: 0, total: 0 });
    // Two sessions: Monday morning (lead time before 09:15) and the late-evening cluster across midnight.
    const sessions = await invoke(gitHandlers.sessions, ctx, {});
    expect(sessions.map((s) => [s.date, s.start, s.end, s.commits])).toEqual([
      ['2026-11-23', '2026-11-23T07:45:00.000Z', '2026-11-23T08:15:00.000Z', 1],
      ['2026-11-23', '2026-11-23T22:00:00.000Z', '2026-11-23T23:30:00.000Z', 2],
    ]);
    const [bad] = await invoke(gitHandlers.import, ctx, { paths: [notARepo] });
    expect(bad!.error).toMatch(/not a git repository/);
  });

  it('applies the leader’s own classification rules, and refuses a broken rules file whole', async () => {
    const ctx = await leader();
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'w.ics', bytes: enc(ics([PLANNING('Hiring sync')])) }],
    });
    const text = JSON.stringify({
      version: 1,
      rules: [{ id: 'hiring-sync', when: { titleAny: ['hiring sync'] }, category: 'interview' }],
    });
    await invoke(rulesHandlers.save, ctx, { text });
    const [e] = await invoke(eventsHandlers.list, ctx, { from: '2026-11-24' });
    expect(e).toMatchObject({ category: 'interview', rule: 'hiring-sync' });
    await expect(
      invoke(rulesHandlers.save, ctx, { text: '{"version":1,"rules":[{"id":"x","when":{"titel":[]}}]}' }),
    ).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await invoke(rulesHandlers.show, ctx, {})).text).toBe(text);
  });
});
