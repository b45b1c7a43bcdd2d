import { TestRepo } from '../../../importers/git/test-support/repo.js';
import type { AppContext } from '../../context.js';
import { gitHandlers } from '../../evidence/git.js';
import { importHandlers } from '../../evidence/imports.js';
import { invoke } from '../../handler.js';

/**
 * Evidence of every kind a backup carries, brought in the way a leader would (an uploaded calendar
 * file, a git repository, a GitHub export) plus a CalDAV calendar written straight to the store, as
 * a sync needs a server. The profile must have `email` among its addresses.
 */

const enc = (s: string) => new TextEncoder().encode(s);

export const WORK_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//t//EN',
  'BEGIN:VEVENT',
  'UID:1on1-2026-11-23@example.com',
  'DTSTART:20261123T100000Z',
  'DTEND:20261123T103000Z',
  'SUMMARY:1:1 Priya',
  'ATTENDEE:mailto:{me}',
  'ATTENDEE:mailto:priya@example.com',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:standup@example.com',
  'DTSTART:20261116T090000Z',
  'DTEND:20261116T091500Z',
  'RRULE:FREQ=DAILY;COUNT=3',
  'SUMMARY:Standup “daily” ünïcode',
  'LOCATION:Room 4',
  'ORGANIZER:mailto:{me}',
  'ATTENDEE;PARTSTAT=ACCEPTED;CN=Sam:mailto:sam@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const GITHUB = JSON.stringify([
  {
    number: 7,
    title: 'Checkout breaks on "quotes"',
    state: 'open',
    created_at: '2026-11-02T10:00:00Z',
    labels: [{ name: 'bug' }],
    user: { login: 'sam' },
    assignee: { login: 'ana' },
    html_url: 'https://github.com/acme/shop/issues/7',
    repository_url: 'https://api.github.com/repos/acme/shop',
  },
  {
    number: 9,
    title: 'Speed up search',
    state: 'closed',
    created_at: '2026-11-03T10:00:00Z',
    closed_at: '2026-11-20T10:00:00Z',
    user: { login: 'ana' },
    repository_url: 'https://api.github.com/repos/acme/shop',
  },
]);

/** A password someone typed into the CalDAV address: it must never reach a backup. */
export const CALDAV_PASSWORD = 's3cret-pw';

export interface AddedEvidence {
  repo: TestRepo;
  /** Records of each kind now in the store. */
  counts: {
    calendars: number;
    occurrences: number;
    calendarObjects: number;
    commits: number;
    gitRepos: number;
    trackerItems: number;
    importRuns: number;
  };
}

export async function addEvidence(ctx: AppContext, email: string): Promise<AddedEvidence> {
  const ics = await invoke(importHandlers.ics, ctx, {
    files: [{ name: 'work.ics', bytes: enc(WORK_ICS.replaceAll('{me}', email)) }],
  });
  if (ics[0]?.error) throw new Error(ics[0].error);

  const repo = new TestRepo();
  const me = { name: 'Me', email };
  repo.commit({
    message: 'Add search',
    author: me,
    at: '2026-11-23T09:15:00+01:00',
    files: { 'a.txt': 'a\n' },
  });
  repo.commit({
    message: 'Tune ranking',
    author: me,
    at: '2026-11-24T23:30:00+01:00',
    files: { 'a.txt': 'b\n' },
  });
  const git = await invoke(gitHandlers.import, ctx, { paths: [repo.dir], name: 'search' });
  if (git[0]?.error) throw new Error(git[0].error);

  const tracker = await invoke(importHandlers.tracker, ctx, {
    source: 'github',
    files: [{ name: 'issues.json', bytes: enc(GITHUB) }],
    me: ['ana'],
  });
  if (tracker[0]?.error) throw new Error(tracker[0].error);

  const at = ctx.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    await tx.upsertCalendar({
      name: 'team',
      kind: 'caldav',
      url: `https://ana:${CALDAV_PASSWORD}@dav.example.com/cal/team/`,
      user: 'ana',
      syncToken: 'https://dav.example.com/sync/42',
      ctag: 'ctag-42',
      lastSyncAt: at,
      createdAt: at,
    });
    const planning = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:planning@example.com',
      'DTSTART:20261125T130000Z',
      'DTEND:20261125T140000Z',
      'SUMMARY:Planning',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await tx.upsertCalendarObjects([
      { calendar: 'team', href: '/cal/team/planning.ics', etag: '"e1"', ics: planning },
    ]);
    await tx.upsertOccurrences('team', [
      {
        uid: 'planning@example.com',
        start: '2026-11-25T13:00:00.000Z',
        end: '2026-11-25T14:00:00.000Z',
        allDay: false,
        title: 'Planning',
        attendees: [],
        declined: false,
        cancelled: false,
        recurring: false,
        transparent: false,
      },
    ]);
    await tx.addImportRun({
      id: 'caldav-run-1',
      source: 'caldav',
      target: 'team',
      at,
      added: 1,
      updated: 0,
      unchanged: 0,
      removed: 0,
      skipped: [],
    });
  });

  return {
    repo,
    counts: {
      calendars: 2,
      occurrences: 4 + 1,
      calendarObjects: 1,
      commits: 2,
      gitRepos: 1,
      trackerItems: 2,
      importRuns: 4,
    },
  };
}
