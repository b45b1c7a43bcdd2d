import { basename } from 'node:path';
import { z } from 'zod';
import type { CommitDay, CommitRecord } from '../../domain/evidence/evidence.js';
import { addDays } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import {
  aggregateCommits,
  DEFAULT_GAP_MINUTES,
  DEFAULT_LEAD_MINUTES,
  type GitSessionEstimate,
} from '../../importers/git/aggregate.js';
import { readGitLog, repositoryRoot } from '../../importers/git/read.js';
import { skippedOutsideRange } from '../../importers/out-of-range.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile } from '../profile/profile.js';
import { atMost, localDate } from '../schemas.js';
import { failure, type ImportReport } from './imports.js';
import { startOfDay } from './window.js';

/** Commits are written in batches while git streams them, so memory stays flat on any history. */
// 1,000 keeps peak memory near 125 MB on a 100,000-commit history at the same speed as 5,000 (npm run bench).
const BATCH = 1000;

const REWRITTEN = 'already imported under another id (history was rewritten)';

/** Identifies a commit across a rebase: the same author, author time and subject. */
const sameWork = (c: Pick<CommitRecord, 'authorEmail' | 'authoredAt' | 'subject'>) =>
  `${c.authorEmail}\u0000${c.authoredAt}\u0000${c.subject}`;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

async function importRepository(
  ctx: AppContext,
  path: string,
  options: { authors: string[]; tz: string; since?: string | undefined; name?: string | undefined },
): Promise<ImportReport> {
  const root = await repositoryRoot('git', path);
  const repo = options.name ?? (basename(root).replace(/\.git$/, '') || root);
  const state = await ctx.store.getGitState(repo);
  let moved: string | undefined;
  if (state && state.path !== root) {
    // A recorded folder that no longer holds a repository means this one moved there: a backup
    // brought to another computer, or the folder renamed. Another name would store every commit
    // a second time, so the name stays and follows the repository.
    if (await holdsRepository(state.path)) {
      throw new AppError(
        'conflict',
        `A different repository (${state.path}) is already imported as "${repo}"; give this one another name with --name.`,
        { field: 'name' },
      );
    }
    moved = state.path;
  }
  const read = await readGitLog({
    path: root,
    name: repo,
    tz: options.tz,
    authors: options.authors,
    since: options.since,
    // Reading only new commits is right only if we look for the same people as last time.
    lastSeen: state && sameSet(state.authors, options.authors) ? state.heads : undefined,
  });

  // After a rewrite git hands back the whole history; work already stored under its old ids is
  // recognised by author, time and subject and not counted twice.
  const known =
    read.mode === 'full' && state && read.notice
      ? new Set((await ctx.store.listCommits({ repo })).map(sameWork))
      : new Set<string>();

  ctx.progress?.start(`Reading ${repo}`);
  try {
    return await ctx.store.transaction(async (tx) => {
      let added = 0;
      let unchanged = 0;
      let rewritten = 0;
      let seen = 0;
      let batch: CommitRecord[] = [];
      const flush = async () => {
        const r = await tx.insertCommits(batch);
        added += r.added;
        unchanged += r.unchanged;
        batch = [];
      };
      for await (const c of read.commits) {
        seen += 1;
        if (known.size > 0 && known.has(sameWork(c))) {
          rewritten += 1;
          continue;
        }
        batch.push(c);
        if (batch.length >= BATCH) {
          await flush();
          ctx.progress?.update(seen);
        }
      }
      await flush();
      ctx.progress?.update(seen);
      await tx.saveGitState({
        repo,
        path: root,
        heads: read.heads,
        authors: options.authors,
        lastImportAt: ctx.now().toISOString(),
      });
      const report: ImportReport = {
        source: 'git',
        target: repo,
        total: seen + read.outOfRange.length,
        added,
        updated: 0,
        unchanged: unchanged,
        removed: 0,
        skipped: [
          ...(rewritten ? [{ why: REWRITTEN, count: rewritten }] : []),
          ...skippedOutsideRange(read.outOfRange),
        ],
      };
      const notes = [
        ...(moved ? [`"${repo}" was imported from ${moved} before; it is now read from ${root}.`] : []),
        ...(read.notice ? [read.notice] : []),
      ];
      if (notes.length > 0) report.notice = notes.join(' ');
      const { error: _e, total: _t, notice: _n, ...counts } = report;
      await tx.addImportRun({ id: ctx.newId(), at: ctx.now().toISOString(), ...counts });
      return report;
    });
  } finally {
    ctx.progress?.end();
  }
}

async function holdsRepository(path: string): Promise<boolean> {
  try {
    await repositoryRoot('git', path);
    return true;
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}

export const gitHandlers = {
  import: handler({
    access: 'owner',
    touches: ['evidence'],
    // Each repository in a transaction of its own, read with progress; one failing leaves the others.
    transaction: 'own',
    summary: 'Import your commits from git repositories (yours: the profile’s emails plus --author).',
    input: z
      .object({
        paths: atMost(100, 'repository paths', z.string().min(1).max(4096)).min(
          1,
          'expected at least one repository path',
        ),
        since: localDate.optional(),
        authors: atMost(
          50,
          'authors',
          z.email({ message: 'expected an email address such as you@example.com' }),
        ).default([]),
        /** The name to record the repository under; only with one path. */
        name: z.string().trim().min(1).max(100).optional(),
      })
      .refine((i) => i.name === undefined || i.paths.length === 1, {
        message: 'a name can be given to one repository at a time',
        path: ['name'],
      }),
    async run(ctx, input): Promise<ImportReport[]> {
      const profile = await requireProfile(ctx);
      const authors = [...new Set([...profile.emails, ...input.authors].map((e) => e.toLowerCase()))];
      const since = input.since === undefined ? undefined : startOfDay(input.since, profile.tz);
      const reports: ImportReport[] = [];
      for (const path of input.paths) {
        try {
          reports.push(
            await importRepository(ctx, path, { authors, tz: profile.tz, since, name: input.name }),
          );
        } catch (e) {
          reports.push(failure('git', path, e));
        }
      }
      return reports;
    },
  }),

  sessions: handler({
    access: 'owner',
    readOnly: true,
    summary: 'IC sessions estimated from your commits: a pause of more than `gap` minutes starts a new one.',
    input: z.object({
      from: localDate.optional(),
      to: localDate.optional(),
      gapMinutes: z
        .number()
        .int()
        .min(10, 'expected at least 10 minutes')
        .max(24 * 60)
        .default(DEFAULT_GAP_MINUTES),
      leadMinutes: z
        .number()
        .int()
        .min(0)
        .max(8 * 60, 'expected at most 480 minutes')
        .default(DEFAULT_LEAD_MINUTES),
    }),
    async run(ctx, input): Promise<GitSessionEstimate[]> {
      const profile = await requireProfile(ctx);
      // A session that began the evening before `from` still counts there: read one day more.
      const commits = await ctx.store.listCommits({
        ...(input.from ? { from: addDays(input.from, -1) } : {}),
        ...(input.to ? { to: input.to } : {}),
      });
      const { sessions } = aggregateCommits(commits, {
        tz: profile.tz,
        gapMinutes: input.gapMinutes,
        leadMinutes: input.leadMinutes,
      });
      return sessions.filter(
        (s) =>
          (input.from === undefined || s.date >= input.from) &&
          (input.to === undefined || s.date <= input.to),
      );
    },
  }),

  days: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Your commits per day and repository.',
    input: z.object({ from: localDate.optional(), to: localDate.optional(), repo: z.string().optional() }),
    async run(ctx, filter): Promise<CommitDay[]> {
      return ctx.store.listCommitDays(filter);
    },
  }),
};
