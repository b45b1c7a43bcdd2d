import { AppError } from '../../../errors.js';
import { KIND_LABEL } from '../../check/check-rules.js';
import { DEFAULT_TOUGH_KINDS, isOverdue } from '../../commitments/commitments.js';
import type { CommitDay, TrackerItem } from '../../evidence/evidence.js';
import { quote } from '../../quote.js';
import { addDays, localDate, weekOf } from '../../time.js';
import type {
  CheckRecord,
  Commitment,
  CommitmentKind,
  IcSession,
  Instant,
  LocalDate,
  Postponement,
} from '../../types.js';
import type {
  DayModel,
  Evidence,
  EvidenceKind,
  Flag,
  FlagConfig,
  InsightInput,
  ModelEvent,
  WeekModel,
} from '../insight-types.js';

/**
 * What every flag detector shares: the thresholds that are not user settings, the input put in
 * a fixed order once (so no flag depends on the order records arrive in), and the wording of
 * evidence lines.
 */

/** Thresholds the flags use besides the user's `FlagConfig`; product decisions, pinned by tests. */
export const FLAG_THRESHOLDS = {
  /** Flags look back over this many weeks of the model, the current one included. */
  recentWeeks: 4,
  /** Over budget in at least this many of the recent weeks is a pattern, not a bad week. */
  budgetPatternWeeks: 3,
  /**
   * IC "rises" when this week's (or a run-up's) weekly IC is above the average of the weeks
   * before by both this factor and this many minutes: the factor ignores noise on a big base,
   * the minutes ignore noise on a tiny one (20 → 40 min is not a rise worth a flag).
   */
  risingRatio: 1.2,
  risingMinMinutes: 60,
  /** Unwind looks at this many of the latest sessions with both energies, and needs this many. */
  unwindSessions: 5,
  unwindMinSessions: 3,
  /** A done 1:1 commitment with no calendar event that day counts as a 1:1 of this length. */
  assumedOneOnOneMinutes: 30,
  /** Averages over fewer days than this (a review run-up, a 1:1 average) say too little. */
  minDaysForAverage: 7,
  minDaysForOneOnOneAverage: 14,
  /** Visible work is a pattern from this many sessions on: one demo in a month is just a demo. */
  visibleMinSessions: 2,
  /** Commitment kinds uncomfortable enough to be escaped from. */
  toughKinds: DEFAULT_TOUGH_KINDS as readonly CommitmentKind[],
} as const;

/** A flag before its fingerprint. `subject` joins the fingerprint when evidence alone could repeat. */
export type FlagDraft = Omit<Flag, 'fingerprint'> & { subject?: string };

export interface FlagContext {
  input: InsightInput;
  config: FlagConfig;
  today: LocalDate;
  /** Oldest first, by their Monday. */
  weeks: WeekModel[];
  /** The last week of the model: "this week". */
  current: WeekModel | undefined;
  /** The last `recentWeeks` weeks, oldest first, the current one included. */
  recent: WeekModel[];
  /** `recent` without the current week. */
  previous: WeekModel[];
  /** How many weeks "the last N weeks" means in a sentence (4 unless history is shorter). */
  recentCount: number;
  /** The first day flags look at; records before it are history, not signals. */
  windowStart: LocalDate;
  /** The days of the current week. */
  thisWeek: { start: LocalDate; end: LocalDate };
  day(date: LocalDate): DayModel | undefined;
  /** IC minutes done on a day: logged, else inferred; never time only planned (see `DayFacts`). */
  ic(date: LocalDate): number;
  /** IC minutes done in a week, up to today. */
  weekIc(w: WeekModel): number;
  /** A calendar covers the day, so its 1:1s and meetings — and their absence — say something. */
  covered(date: LocalDate): boolean;
  /** Sessions up to today, by date, start and id. */
  sessions: IcSession[];
  /** Commitments by id. */
  commitments: Commitment[];
  /** The leader's local day of an instant. */
  localDay(instant: Instant): LocalDate;
}

export function context(input: InsightInput): FlagContext {
  checkConfig(input.config);
  const weeks = [...input.weeks].sort((a, b) => compare(a.start, b.start));
  const current = weeks[weeks.length - 1];
  const recent = weeks.slice(-FLAG_THRESHOLDS.recentWeeks);
  const thisWeek = current ? { start: current.start, end: current.end } : weekOf(input.today);
  const days = new Map<LocalDate, DayModel>();
  for (const w of weeks) for (const d of w.days) days.set(d.date, d);
  const tz = input.profile.tz;
  const ic = (date: LocalDate) => days.get(date)?.ic.done ?? 0;
  return {
    input,
    config: input.config,
    today: input.today,
    weeks,
    current,
    recent,
    previous: recent.slice(0, -1),
    recentCount: recent.length > 0 ? recent.length : FLAG_THRESHOLDS.recentWeeks,
    windowStart: recent[0]?.start ?? addDays(thisWeek.start, -7 * (FLAG_THRESHOLDS.recentWeeks - 1)),
    thisWeek,
    day: (date) => days.get(date),
    ic,
    weekIc: (w) => w.ic.done,
    covered: (date) => days.get(date)?.calendar ?? false,
    sessions: input.sessions.filter((s) => s.date <= input.today).sort(bySession),
    commitments: [...input.commitments].sort((a, b) => compare(a.id, b.id)),
    localDay: (instant) => localDate(instant, tz),
  };
}

const CONFIG_LIMITS: Record<keyof FlagConfig, { min: number; max: number; what: string }> = {
  heavyIcDayMinutes: { min: 0, max: 24 * 60, what: 'minutes' },
  minOneOnOneMinutesPerWeek: { min: 0, max: 7 * 24 * 60, what: 'minutes' },
  escapeWindowHours: { min: 0, max: 7 * 24, what: 'hours' },
  reviewLeadDays: { min: 1, max: 366, what: 'days' },
  groundTruthDays: { min: 0, max: 3660, what: 'days' },
  creepWeeks: { min: 1, max: FLAG_THRESHOLDS.recentWeeks, what: 'weeks' },
  visibleSharePct: { min: 0, max: 100, what: 'percent' },
};

function checkConfig(config: FlagConfig): void {
  for (const [name, { min, max, what }] of Object.entries(CONFIG_LIMITS)) {
    const value = config[name as keyof FlagConfig];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new AppError(
        'invalid',
        `The flag setting ${name} must be a number of ${what} from ${min} to ${max}, not ${String(value)}.`,
        { field: name },
      );
    }
  }
}

// ---------------------------------------------------------------- ordering

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function bySession(a: IcSession, b: IcSession): number {
  return compare(a.date, b.date) || compare(a.startedAt ?? '', b.startedAt ?? '') || compare(a.id, b.id);
}

export function within(date: LocalDate, from: LocalDate, to: LocalDate): boolean {
  return date >= from && date <= to;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Weekly IC rose: above the baseline by both the factor and the minutes in FLAG_THRESHOLDS. */
export function rose(weekly: number, baseline: number): boolean {
  return (
    weekly > baseline * FLAG_THRESHOLDS.risingRatio && weekly - baseline >= FLAG_THRESHOLDS.risingMinMinutes
  );
}

export function isOverBudget(cx: FlagContext, w: WeekModel): boolean {
  return cx.weekIc(w) > w.budgetMinutes;
}

// ---------------------------------------------------------------- words

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue 24 Nov`: fixed English words, so a label never depends on the machine's locale. */
export function dayLabel(date: LocalDate): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** `45 min`, `2 h`, `2.5 h`. */
export function duration(minutes: number): string {
  if (Math.round(minutes) < 60) return `${Math.round(minutes)} min`;
  return `${Math.round(minutes / 6) / 10} h`;
}

export { quote };

export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`; past `max` items, `a, b, c and 2 more`. */
export function listing(items: readonly string[], max = 3): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : [...items];
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** `the decision “Pick an on-call model”`, `the 1:1 with Priya “Weekly 1:1”`. */
export function commitmentName(c: Commitment): string {
  return `the ${commitmentWhat(c)}`;
}

function commitmentWhat(c: Commitment): string {
  const person = c.person?.trim();
  return `${KIND_LABEL[c.kind]}${person ? ` with ${person}` : ''} ${quote(c.title)}`;
}

// ---------------------------------------------------------------- evidence lines

export function sessionEvidence(s: IcSession, note?: string): Evidence {
  return {
    kind: 'session',
    id: s.id,
    date: s.date,
    label: `${dayLabel(s.date)} — IC session ${quote(s.title)}, ${duration(s.minutes)}${note ? ` (${note})` : ''}`,
  };
}

/**
 * Sessions as evidence. When the sentence names their total (`total`, already in words), the
 * last of them in the evidence list carries it, so every figure the sentence names can be found in
 * the list; one session shows its own minutes.
 */
export function sessionsEvidence(
  sessions: readonly IcSession[],
  options: { total?: string; note?: (s: IcSession) => string | undefined } = {},
): Evidence[] {
  const last = [...sessions].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id)).pop();
  return sessions.map((s) => {
    const notes = [options.note?.(s), sessions.length > 1 && s === last ? options.total : undefined];
    const note = notes.filter((n) => n !== undefined && n !== '').join('; ');
    return sessionEvidence(s, note === '' ? undefined : note);
  });
}

/** `with` names who the event is with, when the sentence does. */
export function eventEvidence(e: ModelEvent, date: LocalDate, withWhom?: string): Evidence {
  const state = e.declined ? ' (declined)' : e.cancelled ? ' (cancelled)' : '';
  const who = withWhom ? ` with ${withWhom}` : '';
  return { kind: 'event', id: e.key, date, label: `${dayLabel(date)} — ${quote(e.title)}${who}${state}` };
}

/** Dated by when it closed, else its due date, else when it was added. `note` adds what the flag counted it as. */
export function commitmentEvidence(cx: FlagContext, c: Commitment, note?: string): Evidence {
  const closed = c.status !== 'open' && c.closedAt !== undefined ? cx.localDay(c.closedAt) : undefined;
  const date = closed ?? c.due ?? cx.localDay(c.createdAt);
  const notes = [closed ? c.status : c.due ? 'due' : 'added'];
  if (c.status === 'open' && isOverdue(c, cx.today)) notes.push('now overdue');
  if (c.status !== 'open' && !closed) notes.push(c.status);
  if (c.postponements.length > 0) notes.push(`put off ${times(c.postponements.length)}`);
  if (note) notes.push(note);
  return {
    kind: 'commitment',
    id: c.id,
    date,
    label: `${dayLabel(date)} — ${capitalise(commitmentWhat(c))}: ${notes.join(', ')}`,
  };
}

export function postponementEvidence(cx: FlagContext, c: Commitment, p: Postponement): Evidence {
  const date = cx.localDay(p.at);
  const from = p.fromDue ? ` from ${dayLabel(p.fromDue)}` : '';
  const why = p.why?.trim() ? ` (${quote(p.why)})` : '';
  return {
    kind: 'postponement',
    id: p.id,
    date,
    label: `${dayLabel(date)} — put off ${commitmentName(c)}${from} to ${dayLabel(p.toDue)}${why}`,
  };
}

export function commitDayEvidence(d: CommitDay, note?: string): Evidence {
  return {
    kind: 'commit-day',
    id: `${d.date}:${d.repo}`,
    date: d.date,
    label: `${dayLabel(d.date)} — ${plural(d.commits, 'commit')} in ${d.repo}${note ? ` (${note})` : ''}`,
  };
}

export function checkEvidence(c: CheckRecord): Evidence {
  return {
    kind: 'check',
    id: c.id,
    date: c.date,
    label: `${dayLabel(c.date)} — check of ${quote(c.input.title)}: ${verdictAdvice(c)}`,
  };
}

export function trackerEvidence(cx: FlagContext, t: TrackerItem): Evidence {
  const date = cx.localDay(t.startedAt ?? t.createdAt);
  return {
    kind: 'tracker-item',
    id: trackerId(t),
    date,
    label: `${dayLabel(date)} — ${t.key} ${quote(t.title)} (${t.status})`,
  };
}

export function trackerId(t: TrackerItem): string {
  return `${t.source}:${t.key}`;
}

export function weekEvidence(w: WeekModel, note: string): Evidence {
  return { kind: 'week', id: w.start, date: w.start, label: `Week of ${dayLabel(w.start)} — ${note}` };
}

/** The IC budget use of a week so far, in words: `9.5 h of IC against a budget of 6 h (158%)`. */
export function budgetNote(cx: FlagContext, w: WeekModel): string {
  const ic = cx.weekIc(w);
  const pct = w.budgetMinutes > 0 ? ` (${Math.round((ic / w.budgetMinutes) * 100)}%)` : '';
  return `${duration(ic)} of IC against a budget of ${duration(w.budgetMinutes)}${pct}`;
}

/** What the check advised, as the end of a sentence: `pair with Dana`, `delegate it to Sam`. */
export function verdictAdvice(c: CheckRecord): string {
  const r = c.result;
  switch (r.verdict) {
    case 'pair':
      return r.to ? `pair with ${r.to}` : 'pair with someone';
    case 'delegate':
      return r.to ? `delegate it to ${r.to}` : 'hand it to someone';
    case 'time-box':
      return r.hours !== undefined ? `time-box it to ${r.hours} h` : 'time-box it';
    case 'pause-and-reflect':
      return 'pause and reflect first';
    default:
      return 'take it';
  }
}

/**
 * The IC evidence of one day, for a sentence that names the day's IC done: the sessions logged,
 * else what the estimate came from — the commits, and the calendar's IC blocks of days gone by
 * (today's may still lie ahead). The day's total is in the last item when no single item shows it.
 * Empty when nothing backs the figure, and then the sentence should not be said.
 */
export function icEvidenceOn(cx: FlagContext, date: LocalDate): Evidence[] {
  const ic = cx.ic(date);
  const logged = cx.sessions.filter((s) => s.date === date);
  if (logged.length > 0) {
    const total = `${duration(ic)} of IC that day in all`;
    if (logged.length === 1 && duration(logged[0]!.minutes) !== duration(ic))
      return [sessionEvidence(logged[0]!, total)];
    return sessionsEvidence(logged, { total });
  }
  const commits = cx.input.commitDays.filter((d) => d.date === date).sort((a, b) => compare(a.repo, b.repo));
  const blocks =
    date < cx.today
      ? cx.input.events
          .filter((e) => e.timeClass === 'ic' && e.counted && !e.declined && !e.cancelled)
          .filter((e) => cx.localDay(e.start) === date)
          .sort((a, b) => compare(a.start, b.start) || compare(a.key, b.key))
      : [];
  if (commits.length + blocks.length === 0) return [];
  // Events sort before commit days in an evidence list, so the last commit day, else the last block, carries the total.
  const note = `about ${duration(ic)} of IC that day, estimated`;
  return [
    ...blocks.map((e, i) =>
      i === blocks.length - 1 && commits.length === 0
        ? { ...eventEvidence(e, date), label: `${eventEvidence(e, date).label} (${note})` }
        : eventEvidence(e, date),
    ),
    ...commits.map((d, i) => commitDayEvidence(d, i === commits.length - 1 ? note : undefined)),
  ];
}

const KIND_ORDER: readonly EvidenceKind[] = [
  'week',
  'commitment',
  'postponement',
  'check',
  'event',
  'session',
  'commit-day',
  'tracker-item',
  'action',
];

/** By date, then kind, then id; the same piece of evidence once. */
export function tidy(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const unique = evidence.filter((e) => {
    const key = `${e.kind}:${e.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      compare(a.date, b.date) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compare(a.id, b.id),
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------- people

/** Lower-cased words without accents: `Zoë O'Neil` → `zoe`, `o`, `neil`. */
export function words(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * The same person, as far as names tell: every word of one appears among the words of the
 * other, so `Priya` matches `priya.sharma@…` and `Priya Sharma` matches a commitment with `Priya`.
 */
export function samePerson(a: readonly string[], b: readonly string[]): boolean {
  const within = (x: readonly string[], y: readonly string[]) =>
    x.length > 0 && x.every((w) => y.includes(w));
  return within(a, b) || within(b, a);
}

/**
 * The words that identify an attendee: the local part of the address and the display name when
 * given as `Name <address>`. Returns undefined for one of `ownEmails`.
 */
export function attendeeWords(attendee: string, ownEmails: readonly string[]): string[] | undefined {
  const m = /^(.*)<([^>]*)>\s*$/.exec(attendee);
  const display = m ? (m[1] ?? '') : '';
  const address = (m ? (m[2] ?? '') : attendee)
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  if (ownEmails.some((e) => e.trim().toLowerCase() === address)) return undefined;
  const local = address.includes('@') ? address.slice(0, address.indexOf('@')) : address;
  return [...words(local), ...words(display)];
}
