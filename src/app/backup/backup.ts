import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Commitment, IcSession } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import { DIGEST_SETTING, DigestPreferencesSchema } from '../digest/digest.js';
import { handler, parseInput } from '../handler.js';
import { workingHoursSchema } from '../profile/working-hours.js';
import { parseRulesFile } from '../rules/rules-file.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument, parseDocument } from './document.js';
import { type Counts, type EvidenceKind, exportEvidence, importEvidence } from './evidence.js';

type Collection =
  | 'reasons'
  | 'checks'
  | 'sessions'
  | 'commitments'
  | 'actions'
  | 'reflections'
  | 'settings'
  | 'flagReviews'
  | 'people';

/** Settings that travel with an export (the leader's own rules and hours). */
const SETTING_KEYS = ['classification-rules', 'working-hours', DIGEST_SETTING] as const;

export interface ImportSummary extends Counts {
  byKind: Record<'profile' | Collection | EvidenceKind, Counts>;
}

const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((r) => [r.id, r]));

/**
 * A session as a backup holds it: its version belongs to this store, not to the journal, and it is
 * visible or says nothing (see the document's sessions).
 */
function journalSession({ version: _version, visible, ...session }: IcSession) {
  return { ...session, ...(visible ? { visible: true as const } : {}) };
}

/** A commitment as a backup holds it: without its version, which belongs to this store. */
function journalCommitment({ version: _version, ...commitment }: Commitment) {
  return commitment;
}

/** Drops undefined fields so that a record read back from the store compares equal to the document's. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const backupHandlers = {
  export: handler({
    access: 'owner',
    readOnly: true,
    summary:
      'Everything you have entered and imported (calendars, commits, issues), as one versioned JSON document.',
    input: z.object({}),
    async run(ctx): Promise<ExportDocument> {
      const s = ctx.store;
      const [
        evidence,
        profile,
        reasons,
        checks,
        sessions,
        commitments,
        actions,
        reflections,
        flagReviews,
        people,
        ...settings
      ] = await Promise.all([
        exportEvidence(s),
        s.getProfile(),
        s.listCustomReasons(),
        s.listChecks(),
        s.listSessions(),
        s.listCommitments(),
        s.listActions(),
        s.listReflections(),
        s.listFlagReviews(),
        s.listPeople(),
        ...SETTING_KEYS.map((key) => s.getSetting(key)),
      ]);
      const journal = plain({
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: ctx.now().toISOString(),
        profile: profile ?? null,
        // The store's own reasons are the leader's, never a built-in (which the backup refuses).
        reasons: reasons.map((r) => ({ ...r, builtin: false as const })),
        // Oldest first in the file, so a diff of two exports reads like a journal.
        checks: [...checks].reverse(),
        sessions: sessions.map(journalSession),
        commitments: commitments.map(journalCommitment),
        actions,
        reflections,
        settings: SETTING_KEYS.flatMap((key, i) =>
          settings[i] === undefined ? [] : [{ key, value: settings[i] }],
        ),
        flagReviews,
        people,
      });
      // The evidence comes from the store without undefined fields already; a five-year history
      // is too big to copy through JSON again for nothing.
      return { ...journal, ...evidence };
    },
  }),

  import: handler({
    access: 'owner',
    touches: ['profile', 'reasons', 'journal', 'evidence', 'settings'],
    // Reads and checks the whole document before its one transaction begins.
    transaction: 'own',
    summary:
      'Bring in an export: records are matched by id, so importing the same file twice changes nothing; nothing is removed.',
    input: z.object({ document: z.unknown() }),
    async run(ctx, input): Promise<ImportSummary> {
      const doc = parseDocument(input.document);
      const counts = () => ({ added: 0, updated: 0, unchanged: 0 });
      const summary: ImportSummary = {
        added: 0,
        updated: 0,
        unchanged: 0,
        byKind: {
          profile: counts(),
          reasons: counts(),
          checks: counts(),
          sessions: counts(),
          commitments: counts(),
          actions: counts(),
          reflections: counts(),
          settings: counts(),
          flagReviews: counts(),
          people: counts(),
          calendars: counts(),
          occurrences: counts(),
          calendarObjects: counts(),
          commits: counts(),
          gitRepos: counts(),
          trackerItems: counts(),
          importRuns: counts(),
        },
      };
      const tally = (kind: keyof ImportSummary['byKind'], before: unknown, after: unknown): boolean => {
        const outcome =
          before === undefined
            ? 'added'
            : isDeepStrictEqual(plain(before), plain(after))
              ? 'unchanged'
              : 'updated';
        summary.byKind[kind][outcome] += 1;
        summary[outcome] += 1;
        return outcome !== 'unchanged';
      };

      // All or nothing: one transaction, and the document was fully validated above.
      await ctx.store.transaction(async (tx: Store) => {
        if (doc.profile) {
          const existing = await tx.getProfile();
          // Keep whichever profile was edited last, so importing an old backup never rolls settings back.
          if (!existing || existing.updatedAt <= doc.profile.updatedAt) {
            if (tally('profile', existing, doc.profile)) await tx.saveProfile(doc.profile);
          } else {
            tally('profile', existing, existing);
          }
        }
        const customReasons = new Map((await tx.listCustomReasons()).map((r) => [r.id, r]));
        for (const r of doc.reasons)
          if (tally('reasons', customReasons.get(r.id), r)) await tx.upsertReason(r);
        // What is stored is read once per kind, not once per record: a five-year journal holds
        // thousands, and on PostgreSQL each read is a round trip. A record written is noted, in case
        // the document holds its id twice.
        const [checks, sessions, commitments, actions] = await Promise.all([
          tx.listChecks().then(byId),
          tx.listSessions().then((list) => byId(list.map(journalSession))),
          tx.listCommitments().then((list) => byId(list.map(journalCommitment))),
          tx.listActions().then(byId),
        ]);
        // Sessions before actions and checks before sessions: actions and sessions refer to them.
        for (const c of doc.checks) {
          if (tally('checks', checks.get(c.id), c)) {
            await tx.upsertCheck(c);
            checks.set(c.id, c);
          }
        }
        for (const s of doc.sessions) {
          if (tally('sessions', sessions.get(s.id), s)) {
            await tx.upsertSession(s);
            sessions.set(s.id, s);
          }
        }
        // Postponements are history, kept by id: one this store holds stays as it is (the store
        // never rewrites it), and the backup adds the ones it lacks, in the order the store lists them.
        const postponedIn = new Map<string, string>();
        for (const c of commitments.values()) for (const p of c.postponements) postponedIn.set(p.id, c.id);
        for (const [i, c] of doc.commitments.entries()) {
          const before = commitments.get(c.id);
          for (const [j, p] of c.postponements.entries()) {
            const owner = postponedIn.get(p.id);
            if (owner !== undefined && owner !== c.id) {
              const field = `commitments.${i}.postponements.${j}.id`;
              throw new AppError(
                'conflict',
                `${field}: this Hands-on already has postponement "${p.id}", of another commitment ("${owner}"). Nothing was brought in; bring the backup into a fresh Hands-on instead.`,
                { field },
              );
            }
          }
          const kept = new Set(before?.postponements.map((p) => p.id));
          const merged = {
            ...c,
            postponements: [
              ...(before?.postponements ?? []),
              ...c.postponements.filter((p) => !kept.has(p.id)),
            ].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1)),
          };
          if (tally('commitments', before, merged)) {
            await tx.upsertCommitment(merged);
            commitments.set(c.id, merged);
          }
        }
        for (const a of doc.actions) {
          if (tally('actions', actions.get(a.id), a)) {
            await tx.upsertAction(a);
            actions.set(a.id, a);
          }
        }
        for (const st of doc.settings) {
          // The same checks as when the leader saves them, so a hand-edited export cannot break classification.
          if (st.key === 'classification-rules')
            parseRulesFile(
              typeof st.value === 'object' && st.value !== null && 'text' in st.value
                ? String(st.value.text ?? '')
                : '',
              'settings.classification-rules',
            );
          if (st.key === 'working-hours') parseInput(workingHoursSchema, st.value);
          if (st.key === DIGEST_SETTING) parseInput(DigestPreferencesSchema, st.value);
          if (tally('settings', await tx.getSetting(st.key), st.value)) {
            await tx.putSetting(st.key, st.value, ctx.now().toISOString());
          }
        }
        const reviews = new Map((await tx.listFlagReviews()).map((r) => [r.fingerprint, r]));
        for (const r of doc.flagReviews) {
          if (tally('flagReviews', reviews.get(r.fingerprint), r)) await tx.saveFlagReview(r);
        }
        const people = byId(await tx.listPeople());
        for (const p of doc.people) if (tally('people', people.get(p.id), p)) await tx.upsertPerson(p);
        const reflections = new Map((await tx.listReflections()).map((r) => [r.id, r]));
        for (const r of doc.reflections)
          if (tally('reflections', reflections.get(r.id), r)) await tx.upsertReflection(r);
        await importEvidence(tx, doc, doc.version, (kind, counts) => {
          for (const outcome of ['added', 'updated', 'unchanged'] as const) {
            const n = counts[outcome] ?? 0;
            summary.byKind[kind][outcome] += n;
            summary[outcome] += n;
          }
        });
      });
      return summary;
    },
  }),
};
