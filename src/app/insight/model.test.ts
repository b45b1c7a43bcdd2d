import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../importers/git/test-support/repo.js';
import { ics, vevent } from '../../importers/ics/test-support/calendar.js';
import { engines, useStore } from '../../store/test-support/engines.js';
import { makeContext } from '../context.js';
import { gitHandlers } from '../evidence/git.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { rulesHandlers } from '../rules/rules.js';
import { computeDays, dayModels, rebuildDayModels, refreshDayModels } from './model.js';

/** mulberry32: a seeded PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAYS = [
  '2026-11-09',
  '2026-11-10',
  '2026-11-11',
  '2026-11-12',
  '2026-11-13',
  '2026-11-16',
  '2026-11-17',
  '2026-11-18',
];
const TITLES = ['1:1 Priya', 'Team standup', 'Focus: search', 'Customer call', 'Lunch', 'Sprint planning'];
const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.remove();
});

/** A calendar whose events fall on `days` (an import replaces only its own window). */
function calendar(r: () => number, days: string[]): string {
  const n = 1 + Math.floor(r() * 6);
  const events: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = days[Math.floor(r() * days.length)]!.replaceAll('-', '');
    const hour = 7 + Math.floor(r() * 12);
    const len = [15, 30, 60, 120][Math.floor(r() * 4)]!;
    const end = hour * 60 + len;
    const hh = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}00`;
    events.push(
      [
        'BEGIN:VEVENT',
        `UID:e${i}@test`,
        `DTSTART;TZID=Europe/Berlin:${day}T${hh(hour * 60)}`,
        `DTEND;TZID=Europe/Berlin:${day}T${hh(Math.min(end, 23 * 60 + 59))}`,
        ...(r() < 0.3 ? ['RRULE:FREQ=DAILY;COUNT=2'] : []),
        `SUMMARY:${TITLES[Math.floor(r() * TITLES.length)]}`,
        'ATTENDEE:mailto:dana@example.com',
        ...(r() < 0.5
          ? ['ATTENDEE:mailto:priya@example.com']
          : ['ATTENDEE:mailto:sam@example.com', 'ATTENDEE:mailto:lee@example.com']),
        'END:VEVENT',
      ].join('\r\n'),
    );
  }
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
}

describe.each(engines)('day roll-ups on $name', (engine) => {
  const h = useStore(engine);

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'incremental roll-ups equal a full rebuild after random changes (seed %i)',
    async (seed) => {
      const r = prng(seed);
      let t = Date.parse('2026-11-20T12:00:00Z');
      const ctx = makeContext(h().store, () => {
        t += 60_000;
        return new Date(t);
      });
      await invoke(profileHandlers.init, ctx, {
        name: 'Dana',
        role: 'engineering-manager',
        reports: 5,
        tz: 'Europe/Berlin',
        emails: ['dana@example.com'],
      });
      const repo = new TestRepo();
      repos.push(repo);
      const sessions: string[] = [];
      let commits = 0;

      for (let step = 0; step < 16; step++) {
        const pick = r();
        const date = DAYS[Math.floor(r() * DAYS.length)]!;
        if (pick < 0.3) {
          const timed = r() < 0.5;
          const hour = 8 + Math.floor(r() * 9);
          const { session } = await invoke(journalHandlers.log, ctx, {
            title: 'Build the importer',
            date,
            reasons: ['unwind'],
            ...(timed
              ? {
                  start: `${String(hour).padStart(2, '0')}:00`,
                  end: `${String(hour + 1).padStart(2, '0')}:30`,
                }
              : { minutes: 30 + Math.floor(r() * 150) }),
          });
          sessions.push(session.id);
        } else if (pick < 0.45 && sessions.length > 0) {
          const id = sessions[Math.floor(r() * sessions.length)]!;
          await invoke(journalHandlers.edit, ctx, { id, date, minutes: 20 + Math.floor(r() * 100) });
        } else if (pick < 0.52 && sessions.length > 0) {
          const id = sessions.splice(Math.floor(r() * sessions.length), 1)[0]!;
          await invoke(journalHandlers.delete, ctx, { id });
        } else if (pick < 0.72) {
          // A narrow window, so that an import does not re-mark the days other changes touched.
          const i = Math.floor(r() * (DAYS.length - 1));
          const window = [DAYS[i]!, DAYS[i + 1]!];
          await invoke(importHandlers.ics, ctx, {
            files: [{ name: `cal${i % 3}.ics`, bytes: new TextEncoder().encode(calendar(r, window)) }],
            from: window[0],
            to: window[1],
          });
        } else if (pick < 0.86) {
          const hour = 8 + Math.floor(r() * 14);
          repo.commit({
            message: `change ${commits++}`,
            author: { name: 'Dana', email: 'dana@example.com' },
            at: `${date}T${String(hour).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00+01:00`,
            files: { [`f${commits}.txt`]: `${commits}\n` },
          });
          await invoke(gitHandlers.import, ctx, { paths: [repo.dir], name: 'api' });
        } else if (pick < 0.89) {
          const text = JSON.stringify({
            version: 1,
            rules: [
              {
                id: 'lunch-is-team',
                when: { titleAny: ['lunch'] },
                category: r() < 0.5 ? 'team-meeting' : 'focus',
              },
            ],
          });
          await invoke(rulesHandlers.save, ctx, { text });
        } else {
          // Some reads between writes: the incremental path must survive several refreshes.
          await refreshDayModels(ctx);
        }
      }

      await refreshDayModels(ctx);
      const incremental = await h().store.listDayModels();
      await rebuildDayModels(ctx);
      const rebuilt = await h().store.listDayModels();
      expect(incremental).toEqual(rebuilt);
      expect(rebuilt.length).toBeGreaterThan(0);
    },
  );

  async function dana() {
    const ctx = makeContext(h().store, () => new Date('2026-11-25T10:00:00Z'));
    const init = {
      name: 'Dana',
      role: 'director' as const,
      reports: 3,
      tz: 'UTC',
      emails: ['dana@example.com'],
    };
    return { ctx, profile: (await invoke(profileHandlers.init, ctx, init)).profile };
  }

  it('computes scattered days read together exactly as each day alone, and only the days asked for', async () => {
    const { ctx, profile } = await dana();
    // Close days share one read (up to a week apart), far ones and long stretches do not.
    const dates = ['2026-01-05', '2026-01-09', '2026-01-16', '2026-01-30', '2026-04-06', '2026-04-07'];
    for (const [i, date] of dates.entries()) {
      await invoke(journalHandlers.log, ctx, {
        title: `Task ${i}`,
        date,
        reasons: ['unwind'],
        start: '23:00',
        end: '23:59',
      });
      await invoke(journalHandlers.log, ctx, { title: `Notes ${i}`, date, reasons: ['escape'], minutes: 25 });
    }
    const together = await computeDays(ctx, profile, [...dates].reverse());
    expect(together.map((d) => d.date)).toEqual(dates);
    const alone = [];
    for (const date of dates) alone.push(...(await computeDays(ctx, profile, [date])));
    expect(together).toEqual(alone);
    expect(together.map((d) => d.ic.logged)).toEqual(dates.map(() => 84));
  });

  it('gives a day no calendar covers no calendar figures: unknown, not a free day', async () => {
    const { ctx, profile } = await dana();
    const [monday] = await dayModels(ctx, profile, '2026-11-23', '2026-11-23');
    expect(monday).toMatchObject({ calendar: false, focusMinutes: null, meetingMinutes: null, icMinutes: 0 });
  });

  it("gives a day with no evidence in a calendar's window a full working day of focus time", async () => {
    const { ctx, profile } = await dana();
    // A calendar whose first event is long before, imported with the usual window.
    const file = ics(
      ...vevent('old@test', 'DTSTART:20260105T190000Z', 'DTEND:20260105T200000Z', 'SUMMARY:x'),
    );
    await invoke(importHandlers.ics, ctx, {
      files: [{ name: 'work.ics', bytes: new TextEncoder().encode(file) }],
    });
    const [monday, saturday] = [
      (await dayModels(ctx, profile, '2026-11-23', '2026-11-23'))[0]!,
      (await dayModels(ctx, profile, '2026-11-28', '2026-11-28'))[0]!,
    ];
    expect(monday).toMatchObject({ focusMinutes: 540, workingMinutes: 540, icMinutes: 0, meetingMinutes: 0 });
    expect(saturday).toMatchObject({ focusMinutes: 0, workingMinutes: 0 });
  });
});
