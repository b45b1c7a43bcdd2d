import { z } from 'zod';
import { COMMITMENT_KINDS, DELEGATION_LEVELS, MATURITIES, VERDICTS } from '../../domain/types.js';
import { localDate, timeZone } from '../schemas.js';

/**
 * The export document: everything a leader has entered, in one versioned JSON file.
 * Import validates it with this schema before writing anything, so a damaged or foreign file
 * is refused whole. Bump EXPORT_VERSION when a field changes meaning; older versions stay readable.
 */
export const EXPORT_FORMAT = 'handson-export';
export const EXPORT_VERSION = 1;

const instant = z.iso.datetime({ message: 'expected an ISO 8601 UTC timestamp' });
const tuple = <T extends string>(values: readonly T[]) => values as unknown as [T, ...T[]];
const opt = <S extends z.ZodType>(s: S) => s.optional();

const ProfileDoc = z.object({
  name: z.string(),
  role: z.enum(['engineering-manager', 'product-manager', 'tech-lead', 'director', 'founder', 'other']),
  reports: z.number().int().min(0),
  tz: timeZone,
  emails: z.array(z.string()),
  budgetPct: opt(z.number().min(0).max(100)),
  weeklyHours: z.number().gt(0),
  newToFunctionSince: opt(localDate),
  createdAt: instant,
  updatedAt: instant,
});

const ReasonDoc = z.object({
  id: z.string().min(1),
  kind: z.enum(['good', 'watch-out']),
  title: z.string(),
  summary: z.string(),
  questions: z.array(z.object({ id: z.string(), text: z.string() })),
  signals: z.array(z.string()),
  builtin: z.literal(false),
});

const CheckDoc = z.object({
  id: z.string().min(1),
  at: instant,
  date: localDate,
  input: z.object({
    title: z.string(),
    hours: z.number(),
    due: opt(localDate),
    criticalPath: z.boolean(),
    blocksOthers: z.boolean(),
    couldDo: opt(z.string()),
    grows: z.boolean(),
    maturity: opt(z.enum(tuple(MATURITIES))),
    reasons: z.array(z.string()),
    answers: z.record(z.string(), z.string()),
  }),
  result: z.object({
    verdict: z.enum(tuple(VERDICTS)),
    hours: opt(z.number()),
    to: opt(z.string()),
    level: opt(z.enum(tuple(DELEGATION_LEVELS))),
    lines: z.array(
      z.object({
        rule: z.string(),
        reason: opt(z.string()),
        text: z.string(),
        questions: opt(z.array(z.string())),
      }),
    ),
  }),
});

const SessionDoc = z.object({
  id: z.string().min(1),
  date: localDate,
  startedAt: opt(instant),
  minutes: z.number().int().positive(),
  title: z.string(),
  reasons: z.array(z.string()),
  energyBefore: opt(z.number().int().min(1).max(5)),
  energyAfter: opt(z.number().int().min(1).max(5)),
  gaps: z.array(z.string()),
  notes: opt(z.string()),
  checkId: opt(z.string()),
  createdAt: instant,
  updatedAt: instant,
});

const CommitmentDoc = z.object({
  id: z.string().min(1),
  kind: z.enum(tuple(COMMITMENT_KINDS)),
  title: z.string(),
  person: opt(z.string()),
  due: opt(localDate),
  status: z.enum(['open', 'done', 'cancelled']),
  createdAt: instant,
  closedAt: opt(instant),
  postponements: z.array(
    z.object({
      id: z.string().min(1),
      at: instant,
      fromDue: opt(localDate),
      toDue: localDate,
      why: opt(z.string()),
    }),
  ),
});

const ActionDoc = z.object({
  id: z.string().min(1),
  text: z.string(),
  sessionId: opt(z.string()),
  status: z.enum(['open', 'done']),
  createdAt: instant,
  doneAt: opt(instant),
});

const ReflectionDoc = z.object({
  id: z.string().min(1),
  date: localDate,
  at: instant,
  text: z.string(),
  answers: z.array(z.object({ prompt: z.string(), answer: z.string() })),
});

const SettingDoc = z.object({ key: z.enum(['working-hours', 'classification-rules']), value: z.unknown() });

const FlagReviewDoc = z.object({
  fingerprint: z.string().min(1),
  flagId: z.enum([
    'budget',
    'escape',
    'insecurity',
    'interference',
    'critical-path',
    'creep',
    'unwind-not-working',
    'ground-truth-unused',
  ]),
  status: z.enum(['acknowledged', 'dismissed']),
  note: opt(z.string()),
  at: instant,
});

export const ExportDocument = z.object({
  format: z.literal(EXPORT_FORMAT, {
    message: `expected "format": "${EXPORT_FORMAT}" (is this a Hands-on export?)`,
  }),
  version: z
    .number()
    .int()
    .min(1)
    .max(EXPORT_VERSION, {
      message: `expected version ${EXPORT_VERSION} or older; this file was written by a newer Hands-on`,
    }),
  exportedAt: instant,
  profile: ProfileDoc.nullable(),
  reasons: z.array(ReasonDoc),
  checks: z.array(CheckDoc),
  sessions: z.array(SessionDoc),
  commitments: z.array(CommitmentDoc),
  actions: z.array(ActionDoc),
  reflections: z.array(ReflectionDoc),
  // Added after version 1 first shipped; optional so that older exports still import.
  settings: z.array(SettingDoc).default([]),
  flagReviews: z.array(FlagReviewDoc).default([]),
});

export type ExportDocument = z.infer<typeof ExportDocument>;
