import type { IcSession, Input } from '../api/types.js';
import { emails, items, lines, numberOrText, optional } from './forms.js';

/**
 * Each form's state as typed, and the request body it becomes. The casts hand the server what
 * was typed when it is not a number, so its schema names the field and what it expects.
 */

type Num = number;
const num = (text: string) => numberOrText(text) as Num | undefined;

/**
 * A form's state for a request, field by field, taken from the handler's input so that a field
 * added there is a field of the form (or the form fails to type-check): a tick for a boolean, one
 * of the values or nothing for a choice, a list as picked for the `Picked` fields, and text for
 * the rest (numbers and dates as typed; other lists one item a line). `Input` is the request
 * body as the server reads it, so a field it defaults is optional there but still a box here.
 */
export type FormOf<T, Picked extends keyof T = never> = {
  [K in keyof T]-?: K extends Picked
    ? NonNullable<T[K]>
    : Box<NonNullable<T[K]>, undefined extends T[K] ? true : false>;
};

type Box<V, Optional extends boolean> = V extends boolean
  ? boolean
  : V extends string
    ? string extends V
      ? string
      : Optional extends true
        ? '' | V
        : V
    : string;

// ---------------------------------------------------------------- IC session

/**
 * The date empty: today, as the server counts it. Energy `''` or `1`…`5`. Gaps one a line; each
 * becomes an improvement action. The check it came from is carried, not shown.
 */
export type SessionDraft = Omit<FormOf<Input<'journal', 'log'>, 'reasons'>, 'checkId'> & {
  timing: 'minutes' | 'clock';
  checkId?: string | undefined;
};

export const EMPTY_SESSION: SessionDraft = {
  title: '',
  date: '',
  timing: 'minutes',
  minutes: '',
  start: '',
  end: '',
  reasons: [],
  energyBefore: '',
  energyAfter: '',
  gaps: '',
  notes: '',
  visible: false,
};

function timing(d: SessionDraft): { minutes?: number; start?: string; end?: string } {
  if (d.timing === 'clock') return { start: optional(d.start), end: optional(d.end) };
  return { minutes: num(d.minutes) };
}

export function sessionInput(d: SessionDraft): Input<'journal', 'log'> {
  return {
    title: d.title,
    date: optional(d.date),
    ...timing(d),
    reasons: d.reasons,
    energyBefore: num(d.energyBefore),
    energyAfter: num(d.energyAfter),
    gaps: lines(d.gaps),
    notes: optional(d.notes),
    checkId: d.checkId,
    // Left out when not ticked: a session says it is visible only when it is.
    ...(d.visible ? { visible: true } : {}),
  };
}

/**
 * An edit sends the whole form again, except the time when it was not touched (sending it would
 * forget when the session started). Gaps typed here are new ones; recorded gaps stay.
 */
export function sessionEditInput(
  id: string,
  d: SessionDraft,
  before: SessionDraft,
  /** The version the form was filled from: a session changed since is refused, not overwritten. */
  version?: number,
): Input<'journal', 'edit'> {
  const same = (k: 'timing' | 'minutes' | 'start' | 'end') => d[k].trim() === before[k].trim();
  const timeUnchanged = same('timing') && same('minutes') && same('start') && same('end');
  return {
    id,
    title: d.title,
    date: optional(d.date),
    ...(timeUnchanged ? {} : timing(d)),
    reasons: d.reasons,
    energyBefore: num(d.energyBefore),
    energyAfter: num(d.energyAfter),
    gaps: lines(d.gaps),
    // Clearing the notes is a change too, so an empty box is sent as empty text.
    notes: d.notes.trim(),
    // Unticking is a change too, so the box is always sent.
    visible: d.visible,
    ...(version === undefined ? {} : { version }),
  };
}

/** A logged session back in the form, its start and end in the leader's zone when it has them. */
export function sessionDraft(
  s: Pick<
    IcSession,
    | 'title'
    | 'date'
    | 'minutes'
    | 'startedAt'
    | 'reasons'
    | 'energyBefore'
    | 'energyAfter'
    | 'notes'
    | 'visible'
  >,
  tz: string,
): SessionDraft {
  const base: SessionDraft = {
    ...EMPTY_SESSION,
    title: s.title,
    date: s.date,
    minutes: String(s.minutes),
    reasons: [...s.reasons],
    energyBefore: s.energyBefore === undefined ? '' : String(s.energyBefore),
    energyAfter: s.energyAfter === undefined ? '' : String(s.energyAfter),
    notes: s.notes ?? '',
    visible: s.visible === true,
  };
  if (s.startedAt === undefined) return base;
  const clock = (t: number) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(t));
  const startMs = Date.parse(s.startedAt);
  const start = clock(startMs);
  const end = clock(startMs + s.minutes * 60_000);
  // A session past midnight cannot be written as two times on one day: keep it in minutes.
  return end > start ? { ...base, timing: 'clock', start, end } : base;
}

// ---------------------------------------------------------------- the IC check

type CheckIn = Input<'check', 'run'>;

/**
 * How the check page asks for each input of the check. A plain input (a yes/no, a number or a
 * line of text, the kinds most new inputs are) is asked, kept in the draft and sent from its
 * entry here alone; `own` inputs have controls of their own on the page. Every input of
 * `check run` must have an entry, so one added there fails to type-check until it is asked.
 */
export type CheckField =
  | { kind: 'own'; question: string }
  | { kind: 'yes-no'; question: string; hint?: string }
  | { kind: 'number' | 'text'; question: string; hint?: string; optional?: boolean };

const own = (question: string) => ({ kind: 'own', question }) as const;

export const CHECK_FIELDS = {
  title: own('What is the task?'),
  hours: own('How many hours will it take?'),
  due: own('When is it due?'),
  reasons: own('Why do you want to do it yourself?'),
  criticalPath: {
    kind: 'yes-no',
    question: 'It is on the critical path',
    hint: 'A delivery date depends on it.',
  },
  blocksOthers: {
    kind: 'yes-no',
    question: 'Others will wait on it',
    hint: 'Someone cannot move on until it is done.',
  },
  couldDo: own('Who else could do it?'),
  grows: own('Would it help them grow?'),
  maturity: own('How experienced are they with this kind of task?'),
  answers: own('Would you still do it if nobody ever knew?'),
} as const satisfies Record<keyof CheckIn, CheckField>;

type Fields = typeof CHECK_FIELDS;
/** The inputs drawn from their entry alone. */
export type PlainCheckKey = {
  [K in keyof Fields]: Fields[K] extends { kind: 'own' } ? never : K;
}[keyof Fields];

/** Each input's question, by name: labels, and the form's "Please check …" for a refused field. */
export const CHECK_QUESTIONS = Object.fromEntries(
  Object.entries(CHECK_FIELDS).map(([k, f]) => [k, f.question]),
) as Record<keyof CheckIn, string>;

export const PLAIN_CHECK_KEYS = (Object.keys(CHECK_FIELDS) as (keyof Fields)[]).filter(
  (k): k is PlainCheckKey => (CHECK_FIELDS[k] as CheckField).kind !== 'own',
);

export type CheckDraft = Omit<FormOf<CheckIn, 'reasons'>, 'answers'> & {
  /** The answer to "would you still do it if nobody knew?". */
  nobodyKnew: '' | 'yes' | 'no';
};

function plainEmpty(): Pick<CheckDraft, PlainCheckKey> {
  const out: Record<string, unknown> = {};
  for (const k of PLAIN_CHECK_KEYS) out[k] = (CHECK_FIELDS[k] as CheckField).kind === 'yes-no' ? false : '';
  return out as Pick<CheckDraft, PlainCheckKey>;
}

function plainInput(d: CheckDraft): { [K in PlainCheckKey]-?: CheckIn[K] } {
  const out: Record<string, unknown> = {};
  for (const k of PLAIN_CHECK_KEYS) {
    const f = CHECK_FIELDS[k] as CheckField;
    const v = d[k] as unknown;
    out[k] = f.kind === 'yes-no' ? v === true : f.kind === 'number' ? num(String(v)) : optional(String(v));
  }
  return out as { [K in PlainCheckKey]-?: CheckIn[K] };
}

export const EMPTY_CHECK: CheckDraft = {
  title: '',
  hours: '',
  due: '',
  reasons: [],
  couldDo: '',
  grows: false,
  maturity: '',
  nobodyKnew: '',
  ...plainEmpty(),
};

export function checkInput(d: CheckDraft): CheckIn {
  const couldDo = optional(d.couldDo);
  return {
    title: d.title,
    hours: num(d.hours) as number,
    due: optional(d.due),
    reasons: d.reasons,
    couldDo,
    // Whether it grows them, and how experienced they are, only mean something with a name.
    grows: couldDo !== undefined && d.grows,
    maturity: couldDo !== undefined && d.maturity !== '' ? d.maturity : undefined,
    answers: d.nobodyKnew === '' ? {} : { 'nobody-knew': d.nobodyKnew },
    ...plainInput(d),
    // Every input named, also those the server defaults: a new one is sent or fails to type-check.
  } satisfies Record<keyof CheckIn, unknown>;
}

/**
 * "Log this as a session" after a check: the task, its reasons and the check it came from; the
 * time is the time-box when there is one, else the estimate (left empty past a day).
 */
export function sessionFromCheck(
  d: CheckDraft,
  result: { id: string; verdict: string; hours?: number | undefined },
): SessionDraft {
  const estimate = result.verdict === 'time-box' && result.hours !== undefined ? result.hours : num(d.hours);
  const minutes = typeof estimate === 'number' ? Math.round(estimate * 60) : undefined;
  return {
    ...EMPTY_SESSION,
    title: d.title.trim(),
    reasons: [...d.reasons],
    minutes: minutes !== undefined && minutes > 0 && minutes <= 24 * 60 ? String(minutes) : '',
    checkId: result.id,
  };
}

// ---------------------------------------------------------------- profile

/**
 * The budget empty: the default for the role and number of reports. The weekly hours empty: the
 * hours the working days and hours make, which are set here too.
 */
export type ProfileDraft = Omit<FormOf<Input<'profile', 'init'>>, 'workingHours'> & {
  days: number[];
  start: string;
  end: string;
};

export function profileInput(d: ProfileDraft): Input<'profile', 'init'> {
  return {
    name: d.name,
    role: d.role,
    reports: num(d.reports) as number,
    tz: d.tz.trim(),
    emails: emails(d.emails),
    budgetPct: num(d.budgetPct),
    weeklyHours: num(d.weeklyHours),
    newToFunctionSince: optional(d.newToFunctionSince),
    workingHours: { days: [...d.days].sort((a, b) => a - b), start: d.start, end: d.end },
  };
}

// ---------------------------------------------------------------- reasons

/** Questions and signals one a line. */
export type ReasonDraft = FormOf<Input<'reasons', 'add'>>;

export function reasonInput(d: ReasonDraft): Input<'reasons', 'add'> {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    summary: optional(d.summary),
    questions: lines(d.questions),
    signals: lines(d.signals),
  };
}

// ---------------------------------------------------------------- imports

export function trackerNames(text: string): string[] {
  return items(text);
}
