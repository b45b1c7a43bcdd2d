import { isModelledDay, MODELLED_DAYS } from '../../domain/date-range.js';
import { classifyAll } from '../../domain/evidence/classify.js';
import type {
  CoverageSpan,
  DayModel,
  ModelEvent,
  WeekModel,
  WorkingHours,
} from '../../domain/insight/insight-types.js';
import { budgetHours } from '../../domain/profile/budget.js';
import { addDays, earlierOf, laterOf, localDate, weekOf } from '../../domain/time.js';
import type { Instant, LocalDate, Profile } from '../../domain/types.js';
import { eventsForRange, modelRange, modelWeek } from '../../domain/week/time-model.js';
import { aggregateCommits } from '../../importers/git/aggregate.js';
import { giveTurn } from '../../turns.js';
import type { AppContext } from '../context.js';
import { calendarCoverage } from '../evidence/coverage.js';
import { dayRange, daysBetween } from '../evidence/window.js';
import { clockTurn, memo } from '../memo.js';
import { requireProfile } from '../profile/profile.js';
import { workingHours as workingHoursOf } from '../profile/working-hours.js';
import { effectiveRules } from '../rules/rules.js';

/**
 * Daily roll-ups. Every write marks the days it touched as dirty (day-tracking.ts); before
 * anything reads the model, `refreshDayModels` recomputes just those days from the evidence and
 * stores them. Reports then read one small row per day and never scan raw history. `rebuild`
 * recomputes every stored day from scratch and must give the same rows — a property test holds
 * the two to that.
 */

export async function workingHours(ctx: AppContext): Promise<WorkingHours> {
  return workingHoursOf(ctx.store);
}

/** Events classified between two turns of the event loop. */
const CLASSIFY_SLICE = 2_000;
/** Days modelled between two turns of the event loop: a week, or fewer where events are dense. */
const MODEL_DAYS = 7;
/** Events modelled between two turns, about: a day of a calendar denser than this is one turn. */
const MODEL_EVENTS = 5_000;

/** Dates at most this far apart are read together: a weekend between two working weeks. */
const SPAN_GAP_DAYS = 7;
/** A stretch read at once covers at most this many days, so the evidence held stays bounded. */
const SPAN_MAX_DAYS = 92;

/**
 * Stretches of dates, each read with one query per kind of evidence. After an import, the dirty
 * days are the ten years of working days: reading them as contiguous runs took a thousand reads
 * of one week each, where close dates (the weekends between them) can share one. The days of a
 * stretch that were not asked for are computed too, and left out.
 */
function spans(dates: readonly LocalDate[]): { from: LocalDate; to: LocalDate }[] {
  const sorted = [...new Set(dates)].sort();
  const out: { from: LocalDate; to: LocalDate }[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && d <= addDays(last.to, SPAN_GAP_DAYS) && d < addDays(last.from, SPAN_MAX_DAYS)) last.to = d;
    else out.push({ from: d, to: d });
  }
  return out;
}

/** The classified calendar events overlapping the given days, as the time model takes them. */
export async function modelEvents(
  ctx: AppContext,
  profile: Profile,
  from: LocalDate,
  to: LocalDate,
): Promise<ModelEvent[]> {
  const [occurrences, { rules, file }] = await Promise.all([
    ctx.store.listOccurrences(dayRange(from, to, profile.tz)),
    effectiveRules(ctx),
  ]);
  // In slices, with turns for the event loop between them: a span may hold 200,000 events.
  const out: ModelEvent[] = [];
  const context = { emails: profile.emails, internalDomains: file?.internalDomains };
  for (let i = 0; i < occurrences.length; i += CLASSIFY_SLICE) {
    await giveTurn();
    for (const e of classifyAll(occurrences.slice(i, i + CLASSIFY_SLICE), context, rules)) {
      out.push({
        key: `${e.calendar}/${e.uid}${e.recurrenceId ? `/${e.recurrenceId}` : ''}`,
        title: e.title,
        start: e.start,
        end: e.end,
        category: e.category,
        timeClass: e.timeClass,
        counted: e.counted,
        declined: e.declined,
        cancelled: e.cancelled,
        attendees: e.attendees.map((a) => a.email),
        ...(e.category === 'one-on-one' && e.attendees.some((a) => a.name)
          ? { attendeeNames: e.attendees.map((a) => a.name ?? '') }
          : {}),
        allDay: e.allDay,
        startDate: e.startDate,
        endDate: e.endDate,
        transparent: e.transparent,
      });
    }
  }
  return out;
}

/**
 * Computes the models of the given days from the evidence (nothing is stored). With `now`, calendar
 * time after it is planned, not done; without it the days are taken as wholly past, which is how
 * they are stored (see `dayModels` for the days that are not past yet).
 */
export async function computeDays(
  ctx: AppContext,
  profile: Profile,
  dates: readonly LocalDate[],
  now?: Instant,
): Promise<DayModel[]> {
  const [hours, coverage] = await Promise.all([workingHours(ctx), calendarCoverage(ctx.store)]);
  const wanted = new Set(dates);
  const out: DayModel[] = [];
  for (const run of spans(dates)) {
    const [events, sessions, commits] = await Promise.all([
      modelEvents(ctx, profile, run.from, run.to),
      ctx.store.listSessions(run),
      // A session estimated from commits late the evening before can run into the first day.
      ctx.store.listCommits({ from: addDays(run.from, -1), to: run.to }),
    ]);
    const { sessions: gitSessions } = aggregateCommits(commits, { tz: profile.tz });
    // A week at a time, each with the events near it, with a turn for the event loop between:
    // one model of 92 days of a dense calendar ran for seconds with every request waiting.
    // Fewer days at a time where the calendar is dense, so that each holds about MODEL_EVENTS.
    const spanDays = daysBetween(run.from, run.to).length;
    const step = Math.max(
      1,
      Math.min(MODEL_DAYS, Math.floor((MODEL_EVENTS * spanDays) / (events.length || 1))),
    );
    for (let from = run.from; from <= run.to; from = addDays(from, step)) {
      await giveTurn();
      const to = earlierOf(addDays(from, step - 1), run.to);
      for (const m of modelRange({
        from,
        to,
        tz: profile.tz,
        workingHours: hours,
        events: eventsForRange(events, from, to, profile.tz),
        sessions,
        gitSessions,
        calendarCoverage: coverage,
        now,
      }))
        if (wanted.has(m.date)) out.push(m);
    }
  }
  return out;
}

/** Recomputes the days whose evidence changed since they were last computed. Returns how many. */
export async function refreshDayModels(ctx: AppContext): Promise<number> {
  const profile = await ctx.store.getProfile();
  if (!profile) return 0;
  const dirty = await ctx.store.takeDirtyDays();
  if (dirty.length === 0) return 0;
  try {
    await ctx.store.saveDayModels(await computeDays(ctx, profile, dirty), ctx.now().toISOString());
  } catch (e) {
    // Leave the days dirty so the next read tries again rather than showing stale numbers.
    await ctx.store.markDirtyDays(dirty);
    throw e;
  }
  return dirty.length;
}

/** Every local day that holds evidence: logged sessions, calendar events, commits (and the day after). */
async function evidenceDays(ctx: AppContext, profile: Profile): Promise<LocalDate[]> {
  const days = new Set<LocalDate>();
  for (const s of await ctx.store.listSessions()) days.add(s.date);
  for (const c of await ctx.store.listCommits()) {
    days.add(c.date);
    if (isModelledDay(c.date)) days.add(addDays(c.date, 1));
  }
  const all = await ctx.store.listOccurrences({
    from: '0001-01-01T00:00:00.000Z',
    to: '9999-12-31T00:00:00.000Z',
  });
  // An event stored before dates were checked may reach into year 9999: only its modelled days count.
  for (const [i, o] of all.entries()) {
    if (i % CLASSIFY_SLICE === 0) await giveTurn();
    const first = laterOf(localDate(o.start, profile.tz), MODELLED_DAYS.first);
    const last = earlierOf(localDate(o.end, profile.tz), MODELLED_DAYS.last);
    if (first <= last) for (const d of daysBetween(first, last)) days.add(d);
  }
  return [...days].filter(isModelledDay);
}

/**
 * Recomputes, from scratch, every day that holds evidence or has a stored model, ignoring what is
 * stored. The incremental path must end up with exactly these rows.
 */
export async function rebuildDayModels(ctx: AppContext): Promise<number> {
  const profile = await requireProfile(ctx);
  await ctx.store.takeDirtyDays();
  const days = [
    ...(await evidenceDays(ctx, profile)),
    ...(await ctx.store.listDayModels()).map((d) => d.date).filter(isModelledDay),
  ];
  const models = await computeDays(ctx, profile, days);
  await ctx.store.transaction(async (tx) => {
    await tx.clearDayModels();
    await tx.saveDayModels(models, ctx.now().toISOString());
  });
  return models.length;
}

/**
 * The models of every day in [from, to]: stored rows, and for days that never had evidence an
 * empty day computed on the spot (cheap: no evidence to read).
 */
const inFlight = new WeakMap<AppContext, Promise<number>>();

/**
 * Refreshes the dirty days once for concurrent readers: a report reads several ranges at the same
 * time, and a second refresh started while the first is still writing would find no dirty days and
 * read the models before they are saved.
 */
export function ensureFresh(ctx: AppContext): Promise<number> {
  let p = inFlight.get(ctx);
  if (!p) {
    p = refreshDayModels(ctx).finally(() => inFlight.delete(ctx));
    inFlight.set(ctx, p);
  }
  return p;
}

/**
 * The models of every day in [from, to], as of now. Past days are stored rows (days that never had
 * evidence are computed on the spot: cheap, there is nothing to read); today and the days ahead
 * are computed from the evidence with the present instant, so a focus block this afternoon is
 * planned, not done, until the afternoon has passed.
 */
export async function dayModels(
  ctx: AppContext,
  profile: Profile,
  from: LocalDate,
  to: LocalDate,
): Promise<DayModel[]> {
  const now = ctx.now().toISOString();
  const current = localDate(now, profile.tz);
  const pastTo = to < current ? to : addDays(current, -1);
  const out = new Map<LocalDate, DayModel>();
  if (from <= pastTo) {
    await ensureFresh(ctx);
    for (const d of await ctx.store.listDayModels({ from, to: pastTo })) out.set(d.date, d);
    const missing = daysBetween(from, pastTo).filter((d) => !out.has(d));
    if (missing.length > 0) {
      const empty = emptyDays(profile.tz, await workingHours(ctx), await calendarCoverage(ctx.store));
      for (const d of missing) out.set(d, empty(d));
    }
  }
  if (to >= current) {
    for (const d of await liveDays(ctx, profile, current, to, now)) {
      if (d.date >= from && d.date <= to) out.set(d.date, d);
    }
  }
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * Today and the days ahead, computed from the evidence as of `now`. The dashboard, the week, the
 * review and the check all ask for this week within moments of each other: the days from today to
 * the end of the week (or further, when asked) are computed once per data version and minute.
 */
async function liveDays(
  ctx: AppContext,
  profile: Profile,
  today: LocalDate,
  to: LocalDate,
  now: Instant,
): Promise<DayModel[]> {
  const weekEnd = weekOf(today).end;
  const end = to > weekEnd ? to : weekEnd;
  const key = `${await ctx.store.dataVersion()}|${profile.tz}|${today}|${end}|${clockTurn(now, ctx.store.ownerId)}`;
  return memo(ctx.store, 'live-days', key, () => computeDays(ctx, profile, daysBetween(today, end), now));
}

/**
 * The model of a day without evidence depends only on whether it is a working day, on the working
 * window and on whether a calendar covers it, so five empty years cost a few computed days, not
 * 1,825. Clock changes happen at night; only a working window that starts before 04:00 could
 * contain one, and then every day is computed in full.
 */
function emptyDays(tz: string, hours: WorkingHours, coverage: CoverageSpan[]): (date: LocalDate) => DayModel {
  const templates = new Map<string, DayModel>();
  const compute = (date: LocalDate) =>
    modelRange({
      from: date,
      to: date,
      tz,
      workingHours: hours,
      events: [],
      sessions: [],
      gitSessions: [],
      calendarCoverage: coverage,
    })[0]!;
  const nightWork = hours.start < '04:00';
  // Coverage only changes at its few edges: the days near them are computed in full.
  const edges = coverage.flatMap((c) => [localDate(c.from, tz), localDate(c.to, tz)]);
  const nearEdge = (date: LocalDate) => edges.some((e) => e >= addDays(date, -1) && e <= addDays(date, 1));
  const inside = (date: LocalDate) =>
    coverage.some((c) => localDate(c.from, tz) < date && date < localDate(c.to, tz));
  return (date) => {
    if (nightWork || nearEdge(date)) return compute(date);
    // The weekday of a calendar date is the same in every zone.
    const key = `${new Date(`${date}T00:00:00Z`).getUTCDay()}|${inside(date)}`;
    let t = templates.get(key);
    if (!t) {
      t = compute(date);
      templates.set(key, t);
    }
    return { ...t, ic: { ...t.ic }, leadership: t.leadership && { ...t.leadership }, date };
  };
}

/** Week models built from day models already read (each week is seven consecutive days from Monday). */
export function weeksOf(days: readonly DayModel[], profile: Profile): WeekModel[] {
  const budgetMinutes = Math.round(budgetHours(profile) * 60);
  const weeks: WeekModel[] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(modelWeek(days.slice(i, i + 7), budgetMinutes));
  return weeks;
}

/** Week models (Monday to Sunday) covering [from, to], oldest first. */
export async function weekModels(
  ctx: AppContext,
  profile: Profile,
  from: LocalDate,
  to: LocalDate,
): Promise<WeekModel[]> {
  const start = weekOf(from).start;
  const end = weekOf(to).end;
  return weeksOf(await dayModels(ctx, profile, start, end), profile);
}

/**
 * The first day of the leader's history: the earliest of the profile's creation, the first logged
 * session, the first commit and the first day a calendar speaks for. Weeks before it are not the
 * leader's: they are neither shown nor compared with.
 */
export async function historyStart(ctx: AppContext, profile: Profile): Promise<LocalDate> {
  const [first, coverage] = await Promise.all([ctx.store.earliestEvidence(), calendarCoverage(ctx.store)]);
  const candidates = [
    localDate(profile.createdAt, profile.tz),
    ...(first.session ? [first.session] : []),
    ...(first.commit ? [first.commit] : []),
    ...coverage.map((c) => localDate(c.from, profile.tz)),
  ];
  return candidates.reduce(earlierOf);
}
