import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../domain/evidence/evidence.js';
import type { TimeSummary } from '../../domain/insight/insight-types.js';
import { addDays, weekOf } from '../../domain/time.js';
import { ics, vevent } from '../../importers/ics/test-support/calendar.js';
import { engines } from '../../store/test-support/engines.js';
import { checkHandlers } from '../check/check.js';
import { type AppContext, makeContext } from '../context.js';
import { importHandlers } from '../evidence/imports.js';
import { invoke } from '../handler.js';
import { journalHandlers } from '../journal/journal.js';
import { profileHandlers } from '../profile/profile.js';
import { weekHandlers } from '../week/week.js';
import { insightHandlers } from './insight.js';

/**
 * The promise behind every figure: one computation, one number. For random histories — a calendar
 * with meetings, lunches, focus blocks and an offsite, commits, sessions logged with and without a
 * start, and a random "now" inside the week — the week summary (what `handson week` and the
 * dashboard show), the weekly review, a report of that week and the check's budget line all give
 * the same IC done and planned, focus and leadership. And logging IC work never lowers IC done.
 */

const TZ = 'Europe/Berlin';
const MONDAY = '2026-11-23';

/** Small seeded generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stamp = (date: string, minute: number) =>
  DateTime.fromISO(date, { zone: TZ }).plus({ minutes: minute }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

interface History {
  calendar: string;
  commits: CommitRecord[];
  logs: { date: string; minutes?: number; start?: string; end?: string }[];
  now: string;
}

function history(seed: number): History {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const events: string[][] = [];
  const titles = [
    '1:1 Jonas',
    'Staff meeting',
    'Focus time',
    'Lunch',
    'Dentist',
    'Interview: backend',
    'Sync',
  ];
  // Two weeks around the one looked at: the week before, the week, and a few days after.
  for (let d = -7; d < 10; d++) {
    const date = addDays(MONDAY, d);
    const count = Math.floor(rnd() * 5);
    for (let i = 0; i < count; i++) {
      const from = 420 + Math.floor(rnd() * 130) * 5;
      const to = from + (1 + Math.floor(rnd() * 30)) * 5;
      const props = [`DTSTART:${stamp(date, from)}`, `DTEND:${stamp(date, to)}`, `SUMMARY:${pick(titles)}`];
      if (rnd() < 0.1) props.push('STATUS:CANCELLED');
      if (rnd() < 0.1) props.push('TRANSP:TRANSPARENT');
      events.push(vevent(`e${d}-${i}@test`, ...props));
    }
    if (rnd() < 0.08) {
      const day = date.replaceAll('-', '');
      const next = addDays(date, 1).replaceAll('-', '');
      events.push(
        vevent(`off${d}@test`, `DTSTART;VALUE=DATE:${day}`, `DTEND;VALUE=DATE:${next}`, 'SUMMARY:Offsite'),
      );
    }
  }
  const commits: CommitRecord[] = [];
  for (let i = 0; i < Math.floor(rnd() * 12); i++) {
    const date = addDays(MONDAY, Math.floor(rnd() * 7));
    const minute = 480 + Math.floor(rnd() * 120) * 5;
    commits.push({
      repo: 'api',
      sha: `c${seed}x${i}`,
      authorEmail: 'ana@example.com',
      authoredAt: DateTime.fromISO(date, { zone: TZ }).plus({ minutes: minute }).toUTC().toISO()!,
      date,
      subject: `change ${i}`,
      added: 10,
      removed: 2,
      files: 1,
      merge: false,
    });
  }
  const nowDay = Math.floor(rnd() * 7);
  const nowMinute = 360 + Math.floor(rnd() * 168) * 5;
  const now = DateTime.fromISO(addDays(MONDAY, nowDay), { zone: TZ })
    .plus({ minutes: nowMinute })
    .toUTC()
    .toISO()!;
  const logs: History['logs'] = [];
  for (let i = 0; i < 1 + Math.floor(rnd() * 5); i++) {
    const date = addDays(MONDAY, Math.floor(rnd() * (nowDay + 1)));
    if (rnd() < 0.5) logs.push({ date, minutes: (1 + Math.floor(rnd() * 24)) * 10 });
    else {
      const start = 480 + Math.floor(rnd() * 100) * 5;
      logs.push({ date, start: hhmm(start), end: hhmm(start + (1 + Math.floor(rnd() * 24)) * 10) });
    }
  }
  return { calendar: ics(...events.flat()), commits, logs, now };
}

async function leader(ctx: AppContext, h: History): Promise<void> {
  await invoke(profileHandlers.init, ctx, {
    name: 'Ana',
    role: 'engineering-manager',
    reports: 7,
    tz: TZ,
    emails: ['ana@example.com'],
  });
  await invoke(importHandlers.ics, ctx, {
    files: [{ name: 'work.ics', bytes: new TextEncoder().encode(h.calendar) }],
  });
  await ctx.store.insertCommits(h.commits);
  await ctx.store.markDirtyDays([...new Set(h.commits.flatMap((c) => [c.date, addDays(c.date, 1)]))]);
}

const figures = (t: TimeSummary) => ({
  ic: t.ic,
  leadership: t.leadership,
  focus: t.focus,
  fragmented: t.fragmented,
  coverage: t.coverage,
  days: t.days,
});

describe.each(engines)('one number on every surface, on %s', (engine) => {
  it('the week, the review, a report and the check agree, for random histories', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const handle = await engine.open();
      try {
        const h = history(seed);
        const ctx = makeContext(handle.store, () => new Date(h.now));
        await leader(ctx, h);
        for (const log of h.logs)
          await invoke(journalHandlers.log, ctx, { title: 'Work', reasons: ['unwind'], ...log });

        const week = await invoke(weekHandlers.summary, ctx, {});
        const review = await invoke(insightHandlers.weeklyReview, ctx, {});
        const { start, end } = weekOf(MONDAY);
        const report = await invoke(insightHandlers.report, ctx, { from: start, to: end });
        const what = `${engine} seed ${seed}`;
        expect(figures(review.time), what).toEqual(figures(week.time));
        expect(figures(report.time), what).toEqual(figures(week.time));
        expect(figures(report.weeks.find((w) => w.start === start)!.time), what).toEqual(figures(week.time));
        expect(review.week.ic, what).toEqual(week.time.ic);
        expect(report.metrics.find((m) => m.id === 'ic')!.value, what).toBe(week.time.ic.done);
        expect(report.metrics.find((m) => m.id === 'focus')!.value, what).toBe(week.time.focus);
        // The check's budget line states the same hours done (a task big enough to cross the budget).
        const check = await invoke(checkHandlers.run, ctx, {
          title: 'Big task',
          hours: 60,
          reasons: ['unwind'],
        });
        const budget = check.lines.find((l) => l.rule === 'budget')!;
        expect(budget.text, what).toContain(`(${Math.round((week.time.ic.done / 60) * 100) / 100} h done`);
      } finally {
        await handle.cleanup();
      }
    }
  });

  it('logging IC work never lowers IC done, for the day or the week', async () => {
    for (let seed = 11; seed <= 15; seed++) {
      const handle = await engine.open();
      try {
        const h = history(seed);
        const ctx = makeContext(handle.store, () => new Date(h.now));
        await leader(ctx, h);
        const done = async () => (await invoke(weekHandlers.summary, ctx, {})).time;
        let before = await done();
        for (const [i, log] of h.logs.entries()) {
          await invoke(journalHandlers.log, ctx, { title: `Work ${i}`, reasons: ['empathy'], ...log });
          const after = await done();
          const what = `${engine} seed ${seed}, log ${i + 1}`;
          expect(after.ic.done, what).toBeGreaterThanOrEqual(before.ic.done);
          const day = (t: TimeSummary) => t.days.find((d) => d.date === log.date)!.ic.done;
          expect(day(after), what).toBeGreaterThanOrEqual(day(before));
          before = after;
        }
      } finally {
        await handle.cleanup();
      }
    }
  });
});
