import { z } from 'zod';
import { isPutOff } from '../../domain/commitments/put-off.js';
import type { FlagId, Severity, TimeSummary } from '../../domain/insight/insight-types.js';
import { flagTitle } from '../../domain/present/flags.js';
import { addDays, isValidLocalDate, weekKey, weekOf, weekStart } from '../../domain/time.js';
import type { CommitmentKind, LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { weeklyReview } from '../insight/insight.js';
import { requireProfile, today } from '../profile/profile.js';

/** The digest's preferences are a setting of their own: they travel with a backup like working hours. */
export const DIGEST_SETTING = 'digest';

export const DigestPreferencesSchema = z.strictObject({
  /**
   * Put titles (commitments', and the flags' and questions' sentences, which quote titles) in the
   * email. Off by default: an email passes through servers and inboxes the journal never does.
   */
  includeText: z.boolean({ message: 'expected true or false' }),
});

export type DigestPreferences = z.output<typeof DigestPreferencesSchema>;

const DEFAULT_PREFERENCES: DigestPreferences = { includeText: false };

export async function digestPreferences(ctx: AppContext): Promise<DigestPreferences> {
  const stored = DigestPreferencesSchema.safeParse(await ctx.store.getSetting(DIGEST_SETTING));
  return stored.success ? stored.data : DEFAULT_PREFERENCES;
}

/**
 * What the weekly digest says: the weekly review of one week, cut down to what may leave the
 * machine. Every number is the review's own (see `digestOf`); words that can quote what the leader
 * wrote are present only when `includeText` is on.
 */
export interface DigestView {
  week: { key: string; start: LocalDate; end: LocalDate; over: boolean };
  /** Who it goes to: the profile's name and first address (absent when the profile has none). */
  to: { name: string; email?: string };
  includeText: boolean;
  /** The review's figures as they are: `null` calendar figures stay "no calendar". */
  time: TimeSummary;
  budget: { minutes: number; usedPct: number };
  commitments: {
    open: number;
    dueThisWeek: number;
    overdue: number;
    /** Put off at least once. */
    postponed: number;
    /** Put off twice or more (see domain/commitments/put-off.ts). */
    putOff: number;
    /** With `includeText` only: the commitments behind those counts. */
    items?: {
      title: string;
      kind: CommitmentKind;
      due?: LocalDate;
      postponements: number;
      overdue: boolean;
      dueThisWeek: boolean;
    }[];
  };
  flags: {
    toLookAt: number;
    acknowledged: number;
    dismissed: number;
    /** The flags not yet looked at. `text` (the flag's own sentence, which names titles) with `includeText` only. */
    items: { id: FlagId; title: string; severity: Severity; text?: string }[];
  };
  /** With `includeText` only: the review's questions (they name commitments and sessions). */
  questions?: string[];
  /** How to open the review this digest is about. */
  review: { command: string; url?: string };
}

/**
 * The week a digest is about when none is named: the last whole week before today. A digest is
 * read on Monday morning, and then "this week" has barely begun; the week that just ended is the
 * one there is something to review.
 */
export function defaultDigestWeek(on: LocalDate): LocalDate {
  return weekOf(addDays(weekOf(on).start, -1)).start;
}

/** `2026-W48` or a date in the week → the week's Monday. */
export function digestWeekStart(text: string): LocalDate {
  const week = weekStart(text.trim()) ?? (isValidLocalDate(text.trim()) ? text.trim() : undefined);
  if (week === undefined) {
    throw new AppError(
      'invalid',
      `week: expected an ISO week such as 2026-W48 or a date such as 2026-11-23`,
      {
        field: 'week',
      },
    );
  }
  return weekOf(week).start;
}

/** The digest of the week with `date` in it, built from the weekly review and nothing else. */
export async function digestOf(ctx: AppContext, date: LocalDate | undefined): Promise<DigestView> {
  const profile = await requireProfile(ctx);
  const [review, prefs] = await Promise.all([
    weeklyReview(ctx, profile, date ?? defaultDigestWeek(today(ctx, profile))),
    digestPreferences(ctx),
  ]);
  const w = review.week;
  const c = review.commitments;
  const text = prefs.includeText;
  const open = [...new Map([...c.overdue, ...c.dueThisWeek, ...c.postponed].map((x) => [x.id, x])).values()];
  const email = profile.emails[0];
  return {
    week: { key: weekKey(w.start), start: w.start, end: w.end, over: w.end < today(ctx, profile) },
    to: { name: profile.name, ...(email === undefined ? {} : { email }) },
    includeText: text,
    time: review.time,
    budget: { minutes: w.budgetMinutes, usedPct: w.budgetUsedPct },
    commitments: {
      open: c.open,
      dueThisWeek: c.dueThisWeek.length,
      overdue: c.overdue.length,
      postponed: c.postponed.length,
      putOff: c.postponed.filter(isPutOff).length,
      ...(text
        ? {
            items: open
              .sort(
                (a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.id.localeCompare(b.id),
              )
              .map((x) => ({
                title: x.title,
                kind: x.kind,
                ...(x.due === undefined ? {} : { due: x.due }),
                postponements: x.postponements.length,
                overdue: c.overdue.includes(x),
                dueThisWeek: c.dueThisWeek.includes(x),
              })),
          }
        : {}),
    },
    flags: {
      toLookAt: review.toLookAt,
      acknowledged: review.flags.length - review.toLookAt,
      dismissed: review.dismissed,
      items: review.flags
        .filter((f) => !f.acknowledged)
        .map((f) => ({
          id: f.id,
          title: flagTitle(f.id),
          severity: f.severity,
          ...(text ? { text: f.text } : {}),
        })),
    },
    ...(text ? { questions: review.prompts.map((p) => p.prompt) } : {}),
    review: { command: `handson review --week ${w.start}` },
  };
}

export const digestHandlers = {
  weekly: handler({
    access: 'owner',
    readOnly: true,
    summary:
      'The weekly digest: the weekly review of a week (default: the last whole one), cut to what may go by email.',
    input: z.object({ week: z.string().optional() }),
    async run(ctx, input): Promise<DigestView> {
      return digestOf(ctx, input.week === undefined ? undefined : digestWeekStart(input.week));
    },
  }),

  preferences: handler({
    access: 'owner',
    readOnly: true,
    summary: 'What the weekly digest may contain.',
    input: z.object({}),
    async run(ctx): Promise<DigestPreferences> {
      return digestPreferences(ctx);
    },
  }),

  setPreferences: handler({
    access: 'owner',
    touches: ['settings'],
    summary:
      'Choose what the weekly digest may contain: numbers only (the default), or titles and texts too.',
    input: DigestPreferencesSchema,
    async run(ctx, input): Promise<DigestPreferences> {
      await ctx.store.putSetting(DIGEST_SETTING, input, ctx.now().toISOString());
      return input;
    },
  }),
};
