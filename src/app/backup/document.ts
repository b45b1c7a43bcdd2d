import { z } from 'zod';
import {
  CalendarAttendeeSchema,
  CalendarObjectSchema,
  CalendarOccurrenceSchema,
  CalendarSourceSchema,
  CommitRecordSchema,
  GitRepoStateSchema,
  ImportRunSchema,
  TrackerItemSchema,
} from '../../domain/evidence/evidence.js';
import { FLAG_IDS } from '../../domain/insight/insight-types.js';
import {
  CheckRecordSchema,
  CommitmentSchema,
  IcSessionSchema,
  ImprovementActionSchema,
  PersonSchema,
  ProfileSchema,
  ReflectionSchema,
} from '../../domain/records.js';
import { AppError } from '../../errors.js';
import { insightHandlers } from '../insight/insight.js';
import { ReasonRecord } from '../reasons/reasons.js';
import { instant, strictly } from '../schemas.js';

/**
 * The export document: everything a leader has entered, and the evidence they imported (calendars,
 * commits, issue-tracker items, the import log), in one versioned JSON file. Never a secret: the
 * CalDAV password is not stored, and one written into a calendar's address is left out.
 * Import validates it with this schema before writing anything, so a damaged or foreign file
 * is refused whole. Bump EXPORT_VERSION when a field changes meaning; older versions stay readable.
 */
export const EXPORT_FORMAT = 'handson-export' as const;
// 2: the evidence (calendars with their events, commits, git import state, issue-tracker items,
// the import log). A version 1 document has none, and imports as such.
// 3: each calendar's coverage (the days it speaks for). A version 2 calendar speaks for the days
// from its first event to its last, all that is known of it.
// 4: the people the leader holds 1:1s with. A version 3 document has none, and imports as such;
// a Hands-on that knows version 3 refuses a version 4 document as newer, instead of naming the field.
// 5: a commitment's recurrence, series and booked time (recurrence, seriesId, scheduledAt,
// scheduledMinutes). A version 4 commitment has none of them, and imports as one that does not repeat.
export const EXPORT_VERSION = 5;

/**
 * The leader's own records are their domain schemas made strict (decision 0015): a field added to a
 * record travels in the backup with nothing to write here, and one the record does not have is
 * refused by name. They are the very fields the handlers take, so a backup can hold nothing the CLI
 * would refuse: ids, built-in reasons, lengths, ranges, every field.
 */
const ProfileDoc = strictly(ProfileSchema);
const CheckDoc = strictly(CheckRecordSchema);
const SessionDoc = strictly(
  IcSessionSchema.omit({ version: true }).extend({
    // Written only when true; documents from before it existed have none and read as not visible.
    // The store keeps no "false" either, so one here would read back as changed on every import.
    visible: IcSessionSchema.shape.visible.transform((v) => (v ? true : undefined)).optional(),
  }),
);
// Its version is this store's, as a session's is.
const CommitmentDoc = strictly(CommitmentSchema.omit({ version: true }));
const ActionDoc = strictly(ImprovementActionSchema);
const ReflectionDoc = strictly(ReflectionSchema);
const PersonDoc = strictly(PersonSchema);
const flagReview = insightHandlers.reviewFlag.input.shape;

const SettingDoc = z.strictObject({
  key: z.enum(['working-hours', 'classification-rules', 'digest']),
  value: z.unknown(),
});

const FlagReviewDoc = z.strictObject({
  fingerprint: flagReview.fingerprint,
  flagId: z.enum(FLAG_IDS),
  status: flagReview.status,
  note: flagReview.note,
  at: instant,
});

// ------------------------------------------------------------------ evidence (version 2)

// A calendar carries its events and CalDAV objects. The calendar and its events stay lenient, as
// they always were (a field they do not know is dropped); their attendees and objects are strict.
const CalendarDoc = CalendarSourceSchema.safeExtend({
  occurrences: z
    .array(CalendarOccurrenceSchema.safeExtend({ attendees: z.array(strictly(CalendarAttendeeSchema)) }))
    .default([]),
  /** CalDAV only: the raw objects the next sync compares against (see the sync token). */
  objects: z.array(strictly(CalendarObjectSchema.omit({ calendar: true }))).default([]),
});

const CommitDoc = strictly(CommitRecordSchema);
const GitRepoDoc = strictly(GitRepoStateSchema);
const TrackerItemDoc = strictly(TrackerItemSchema);
const ImportRunDoc = strictly(ImportRunSchema);

type Path = (string | number)[];

/**
 * Each record once, by what identifies it in the store. Which of two copies to keep would be a
 * guess, and importing the same file again would flip between them; two calendars of one name
 * would be merged without saying so.
 */
function refuseDuplicates(doc: z.output<typeof DocumentFields>, ctx: z.RefinementCtx): void {
  const once = (what: string, entries: [path: Path, key: string][]) => {
    const first = new Map<string, Path>();
    for (const [path, key] of entries) {
      const at = first.get(key);
      if (at === undefined) first.set(key, path.slice(0, -1));
      else {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `expected each ${what} once; ${JSON.stringify(key)} is also ${at.join('.')}`,
        });
      }
    }
  };
  // Keyed by `field` unless the store keys them by more.
  const each = <T extends object>(
    list: Path,
    records: T[],
    field: keyof T & string,
    key = (r: T) => String(r[field]),
  ): [Path, string][] => records.map((r, i) => [[...list, i, field], key(r)]);
  once('reason', each(['reasons'], doc.reasons, 'id'));
  once('check', each(['checks'], doc.checks, 'id'));
  once('session', each(['sessions'], doc.sessions, 'id'));
  once('commitment', each(['commitments'], doc.commitments, 'id'));
  // A postponement's id is its own, whichever commitment it belongs to.
  once(
    'postponement',
    doc.commitments.flatMap((c, i) => each(['commitments', i, 'postponements'], c.postponements, 'id')),
  );
  once('action', each(['actions'], doc.actions, 'id'));
  once('reflection', each(['reflections'], doc.reflections, 'id'));
  once('person', each(['people'], doc.people, 'id'));
  once('setting', each(['settings'], doc.settings, 'key'));
  once('flag review', each(['flagReviews'], doc.flagReviews, 'fingerprint'));
  once('calendar', each(['calendars'], doc.calendars, 'name'));
  for (const [i, c] of doc.calendars.entries()) {
    const at = ['calendars', i];
    once(
      'event',
      each([...at, 'occurrences'], c.occurrences, 'uid', (o) =>
        o.recurrenceId === undefined ? o.uid : `${o.uid} at ${o.recurrenceId}`,
      ),
    );
    once('CalDAV object', each([...at, 'objects'], c.objects, 'href'));
  }
  once(
    'commit',
    each(['commits'], doc.commits, 'sha', (c) => `${c.repo} ${c.sha}`),
  );
  once('repository', each(['gitRepos'], doc.gitRepos, 'repo'));
  once(
    'item',
    each(['trackerItems'], doc.trackerItems, 'key', (t) => `${t.source} ${t.key}`),
  );
  once('import', each(['importRuns'], doc.importRuns, 'id'));
}

const DocumentFields = z.strictObject({
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
  reasons: z.array(ReasonRecord),
  checks: z.array(CheckDoc),
  sessions: z.array(SessionDoc),
  commitments: z.array(CommitmentDoc),
  actions: z.array(ActionDoc),
  reflections: z.array(ReflectionDoc),
  // Added after version 1 first shipped; optional so that older exports still import.
  settings: z.array(SettingDoc).default([]),
  flagReviews: z.array(FlagReviewDoc).default([]),
  // Version 2: the evidence. Absent from a version 1 document, which then brings in none.
  calendars: z.array(CalendarDoc).default([]),
  commits: z.array(CommitDoc).default([]),
  gitRepos: z.array(GitRepoDoc).default([]),
  trackerItems: z.array(TrackerItemDoc).default([]),
  importRuns: z.array(ImportRunDoc).default([]),
  // Version 4: the people. Absent from older documents, which then bring in none.
  people: z.array(PersonDoc).default([]),
});

export const ExportDocument = DocumentFields.superRefine(refuseDuplicates);

export type ExportDocument = z.infer<typeof ExportDocument>;

/** Fields that name a record, most telling first. */
const IDENTITY = ['id', 'fingerprint', 'key', 'sha', 'uid', 'href', 'name', 'repo'] as const;

/**
 * Validates a document. A failure is refused whole, in one sentence naming the field, the value
 * found there and the record that holds it: `sessions.3.date: expected a date …, not "0000-01-01"
 * (id "h08cf77q").`
 */
export function parseDocument(raw: unknown): ExportDocument {
  const result = ExportDocument.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  let value: unknown = raw;
  let record = '';
  for (const [i, key] of issue.path.entries()) {
    if (value === null || typeof value !== 'object') break;
    value = (value as Record<PropertyKey, unknown>)[key];
    const isLast = i === issue.path.length - 1;
    if (isLast || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const name = IDENTITY.find((k) => typeof (value as Record<string, unknown>)[k] === 'string');
    if (name !== undefined && name !== issue.path[i + 1]) {
      record = ` (${name} ${JSON.stringify((value as Record<string, unknown>)[name])})`;
    }
  }
  const found =
    typeof value === 'string' || typeof value === 'number'
      ? `, not ${JSON.stringify(value).slice(0, 80)}`
      : '';
  throw new AppError('invalid', `${field || 'document'}: ${issue.message}${found}${record}.`, {
    ...(field ? { field } : {}),
  });
}
