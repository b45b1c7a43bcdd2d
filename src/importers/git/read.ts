import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CommitRecord } from '../../domain/evidence/evidence.js';
import { isTimeInRange } from '../../domain/time.js';
import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { momentText, outsideRange } from '../out-of-range.js';
import { LocalDays } from './local-days.js';
import { NUMSTAT_FORMAT, type NumstatCommit, NumstatParser } from './numstat.js';

/**
 * One commit by the leader. `authorEmail` is as git shows it after `.mailmap`; `authoredAt` is the
 * author date, when the change was written, which survives rebases and cherry-picks; `added` and
 * `removed` count lines in text files, `files` counts binary files too; a merge has no diff.
 */
export type GitCommit = CommitRecord;

export interface GitReadOptions {
  /** A path inside the working tree (or a bare repository). */
  path: string;
  /** The repository's name as the leader sees it; the top-level folder's name by default. */
  name?: string;
  /** The profile's IANA time zone, for each commit's local `date`. */
  tz: string;
  /** The leader's addresses: the profile's emails plus any given with `--author`. At least one. */
  authors: readonly string[];
  /** Only commits authored at or after this moment. */
  since?: Date | Instant;
  /**
   * `branches` (default): every local and remote-tracking branch plus HEAD, so work on unmerged
   * branches counts. `head`: only what HEAD reaches. Tags and the stash are never read: stash
   * entries are commits authored by the leader that are not work anyone shipped.
   */
  refs?: 'branches' | 'head';
  /** The heads returned by the previous read of this repository; only newer commits are read. */
  lastSeen?: readonly string[];
  /** The git executable; `git` from PATH by default. */
  git?: string;
  signal?: AbortSignal;
}

export type GitReadMode = 'full' | 'incremental';

export interface GitRead {
  /** The name commits are recorded under. */
  repo: string;
  /** The repository's top-level directory (its git directory when bare). */
  path: string;
  /** The tips this read covers; keep them and pass them as `lastSeen` next time. */
  heads: string[];
  /**
   * `incremental`: only commits after `lastSeen`. `full`: the whole history — on a first read,
   * or because commits seen before have left the branches (a rebase, an amend, a force-push, a
   * branch deleted after a squash merge); then `notice` says so in a sentence for the user.
   * After such a full read, adding to what was stored would count rebased work twice (under old
   * and new ids, with the same author, author time and subject); replacing it would drop work
   * from deleted branches. That choice belongs to whoever stores the commits.
   */
  mode: GitReadMode;
  notice?: string;
  commits: AsyncIterable<GitCommit>;
  /**
   * The leader's commits left out as dated outside DATE_RANGE, each as `repo sha: what`; complete
   * once `commits` has been read to the end.
   */
  outOfRange: readonly string[];
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

// Settings a user's config could use to change what `git log` prints; pinned so the parser sees
// exactly the format it expects: no signature blocks, the root commit's files counted, paths and
// subjects as UTF-8, paths relative to the top of the repository.
const PINNED_CONFIG = [
  'core.quotePath=false',
  'log.showSignature=false',
  'log.showRoot=true',
  'i18n.logOutputEncoding=UTF-8',
  'diff.noprefix=false',
  'diff.relative=false',
].flatMap((setting) => ['-c', setting]);

/** The exact `git log` argument list for a read; the benchmark uses it as its baseline too. */
export function gitLogArgs(repo: string, authors: readonly string[], since?: Instant): string[] {
  // Rename detection is on explicitly: a moved file then counts as one file with no changed lines,
  // not as all its lines deleted and added again. Text conversion drivers (which may run
  // external programs, e.g. to read PDFs) are off: lines are counted in what was committed.
  const args = ['-C', repo, ...PINNED_CONFIG, 'log', '--numstat', '--find-renames', '--no-textconv'];
  args.push('--no-ext-diff', '--no-color');
  args.push(`--format=${NUMSTAT_FORMAT}`);
  // Filtering in git means git skips the diff for everyone else's commits, which is most of the
  // work in a team repository. `-F -i` make the addresses plain, case-insensitive text; git
  // matches them against the `.mailmap`-ed "Name <email>" line; the reader then checks the address
  // exactly, as git's match is a substring match.
  args.push('--fixed-strings', '--regexp-ignore-case');
  for (const a of authors) args.push(`--author=<${a}>`);
  if (since !== undefined) args.push(`--since=${since}`);
  args.push('--stdin');
  return args;
}

export async function readGitLog(options: GitReadOptions): Promise<GitRead> {
  const authors = normaliseAuthors(options.authors);
  const since = normaliseSince(options.since);
  const days = new LocalDays(options.tz);
  const git = options.git ?? 'git';
  const path = await repositoryRoot(git, options.path);
  const repo = options.name?.trim() || basename(path).replace(/\.git$/, '') || path;
  const heads = await currentHeads(git, path, options.refs ?? 'branches');

  let mode: GitReadMode = 'full';
  let notice: string | undefined;
  let exclude: string[] = [];
  const lastSeen = [...new Set(options.lastSeen ?? [])];
  for (const sha of lastSeen) {
    if (!SHA.test(sha)) {
      throw new AppError('invalid', `"${sha}" is not a commit id; expected 40 or 64 lowercase hex digits.`);
    }
  }
  if (lastSeen.length > 0) {
    const rewritten = await historyRewritten(git, path, lastSeen, heads);
    if (rewritten) {
      notice = `Commits imported from ${path} before are gone from its branches (${rewritten}): rebased, amended or on a deleted branch. Reading its whole history again.`;
    } else {
      mode = 'incremental';
      exclude = lastSeen;
    }
  }

  const outOfRange: string[] = [];
  const convert = (c: NumstatCommit): GitCommit | undefined => {
    // A clock far off can write any year; the date is only worked out for a moment in range.
    const commit = isTimeInRange(c.authorMs) ? toCommit(repo, days, c) : undefined;
    const outside =
      commit === undefined ? `author date ${momentText(c.authorMs)}` : outsideRange({ date: commit.date });
    if (outside === undefined) return commit;
    outOfRange.push(`${repo} ${short(c.sha)}: ${outside}`);
    return undefined;
  };
  const commits =
    heads.length === 0
      ? empty()
      : streamCommits({ git, path, heads, exclude, authors, since, signal: options.signal }, convert);
  const read: GitRead = { repo, path, heads, mode, commits, outOfRange };
  if (notice !== undefined) read.notice = notice;
  return read;
}

async function* empty(): AsyncGenerator<GitCommit> {}

function normaliseAuthors(authors: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const raw of authors) {
    const a = raw.trim().toLowerCase();
    if (a === '') continue;
    if (/[\s<>]/.test(a) || !a.includes('@')) {
      throw new AppError('invalid', `"${raw}" is not an email address; expected e.g. dana@example.com.`, {
        field: 'author',
      });
    }
    set.add(a);
  }
  if (set.size === 0) {
    throw new AppError(
      'invalid',
      'No author email to look for: add your addresses to the profile or pass --author EMAIL.',
      { field: 'author' },
    );
  }
  return set;
}

function normaliseSince(since: Date | Instant | undefined): Instant | undefined {
  if (since === undefined) return undefined;
  const d = typeof since === 'string' ? new Date(since) : since;
  if (Number.isNaN(d.getTime())) {
    throw new AppError(
      'invalid',
      `"${String(since)}" is not a moment in time; expected e.g. 2026-11-01T00:00:00Z.`,
      {
        field: 'since',
      },
    );
  }
  return d.toISOString();
}

/** The repository that `path` belongs to, or an `import-invalid` error naming the path. */
export async function repositoryRoot(git: string, path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new AppError('import-invalid', `${path} does not exist.`);
  if (!info.isDirectory()) {
    throw new AppError('import-invalid', `${path} is not a git repository: it is a file, not a directory.`);
  }
  const out = await runGit(git, ['-C', path, 'rev-parse', '--is-bare-repository', '--absolute-git-dir']);
  if (out.code !== 0) {
    const reason = firstLine(out.stderr);
    throw new AppError(
      'import-invalid',
      /not a git repository/i.test(reason)
        ? `${path} is not a git repository (no .git in it or above it).`
        : `${path} cannot be read as a git repository: ${reason}`,
    );
  }
  const [bare, gitDir] = out.stdout.split('\n');
  if (bare === 'true') return gitDir ?? path;
  const top = await runGit(git, ['-C', path, 'rev-parse', '--show-toplevel']);
  if (top.code !== 0) {
    throw new AppError(
      'import-invalid',
      `${path} cannot be read as a git repository: ${firstLine(top.stderr)}`,
    );
  }
  return top.stdout.trim();
}

async function currentHeads(git: string, repo: string, refs: 'branches' | 'head'): Promise<string[]> {
  const heads = new Set<string>();
  // An unborn HEAD (a repository without commits yet) has nothing to read, which is not an error.
  const head = await runGit(git, ['-C', repo, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code === 0 && head.stdout.trim() !== '') heads.add(head.stdout.trim());
  if (refs === 'branches') {
    const out = await runGit(git, [
      '-C',
      repo,
      'for-each-ref',
      '--format=%(objectname) %(objecttype)',
      'refs/heads',
      'refs/remotes',
    ]);
    if (out.code !== 0) {
      throw new AppError('import-invalid', `${repo}: git cannot list its branches: ${firstLine(out.stderr)}`);
    }
    for (const line of out.stdout.split('\n')) {
      const [sha, type] = line.split(' ');
      if (sha !== undefined && type === 'commit') heads.add(sha);
    }
  }
  return [...heads].sort();
}

/**
 * Why an incremental read is unsafe, or undefined when it is safe. A previously seen head that is
 * gone, or that the current branches no longer reach, means commits that were imported have left
 * the history (a rebase, an amend, a force-push, a deleted branch): reading only "what is new"
 * would then keep the old copies and add the rewritten ones too.
 */
async function historyRewritten(
  git: string,
  repo: string,
  lastSeen: string[],
  heads: string[],
): Promise<string | undefined> {
  const check = await runGit(git, ['-C', repo, 'cat-file', '--batch-check'], lastSeen.join('\n') + '\n');
  if (check.code !== 0) throw new AppError('import-invalid', `${repo}: ${firstLine(check.stderr)}`);
  const missing = check.stdout
    .split('\n')
    .filter((l) => l !== '' && !/ commit \d+$/.test(l))
    .map((l) => l.split(' ')[0]!);
  if (missing.length > 0) return `${short(missing[0]!)} no longer exists`;
  const stdin = lastSeen.join('\n') + '\n' + heads.map((h) => `^${h}`).join('\n') + '\n';
  const gone = await runGit(git, ['-C', repo, 'rev-list', '--count', '--stdin'], stdin);
  if (gone.code !== 0) throw new AppError('import-invalid', `${repo}: ${firstLine(gone.stderr)}`);
  const n = Number(gone.stdout.trim());
  return n > 0
    ? `${n} previously imported commit${n === 1 ? ' is' : 's are'} no longer on any branch read`
    : undefined;
}

interface LogRun {
  git: string;
  path: string;
  heads: string[];
  exclude: string[];
  authors: Set<string>;
  since: Instant | undefined;
  signal: AbortSignal | undefined;
}

async function* streamCommits(
  run: LogRun,
  convert: (c: NumstatCommit) => GitCommit | undefined,
): AsyncGenerator<GitCommit> {
  const { git, path, authors, signal } = run;
  const sinceMs = run.since === undefined ? undefined : Date.parse(run.since);
  const child = spawn(git, gitLogArgs(path, [...authors], run.since), {
    env: gitLogEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(signal === undefined ? {} : { signal }),
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < 4096) stderr += s;
  });
  child.stdin.on('error', () => {}); // git may exit before reading all of stdin; its exit code tells why
  child.stdin.end(run.heads.join('\n') + '\n' + run.exclude.map((s) => `^${s}`).join('\n') + '\n');

  let batch: GitCommit[] = [];
  const parser = new NumstatParser((c) => {
    if (!authors.has(c.authorEmail.toLowerCase())) return;
    if (sinceMs !== undefined && c.authorMs < sinceMs) return;
    const commit = convert(c);
    if (commit !== undefined) batch.push(commit);
  });
  let finished = false;
  try {
    for await (const chunk of child.stdout) {
      parser.push(chunk as Buffer);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield* out;
      }
    }
    parser.end();
    yield* batch;
    const code = await Promise.race([exit, spawnError]);
    if (signal?.aborted) throw signal.reason;
    if (code instanceof Error) throw gitMissing(git, code);
    if (code !== 0) {
      throw new AppError(
        'import-invalid',
        `git log failed in ${path}: ${firstLine(stderr) || `exit code ${code}`}`,
      );
    }
    finished = true;
  } finally {
    // The consumer stopped early (or something threw): do not leave git running.
    if (!finished && child.exitCode === null) child.kill();
  }
}

function toCommit(repo: string, days: LocalDays, c: NumstatCommit): GitCommit {
  return {
    repo,
    sha: c.sha,
    authorEmail: c.authorEmail,
    authoredAt: new Date(c.authorMs).toISOString(),
    date: days.dateOf(c.authorMs),
    subject: c.subject,
    added: c.added,
    removed: c.removed,
    files: c.files,
    merge: c.parents.length > 1,
  };
}

// Variables that would point git at another repository than the one named with -C (they are set,
// for instance, when Hands-on runs inside a git hook).
const REPO_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' };
  for (const k of REPO_ENV) delete env[k];
  return env;
}

/**
 * The environment for `git log`. Writing to a pipe, git flushes after every commit, which would
 * wake this process up once per commit (some 200 bytes each); GIT_FLUSH=0 lets it fill whole
 * buffers instead. Exported so the benchmark's baseline runs git exactly the same way.
 */
export function gitLogEnv(): NodeJS.ProcessEnv {
  return { ...gitEnv(), GIT_FLUSH: '0' };
}

interface GitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short git command to completion. */
export function runGit(git: string, args: string[], stdin?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(git, args, { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.once('error', (e) => reject(gitMissing(git, e)));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

function gitMissing(git: string, e: Error): Error {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
    return new AppError(
      'invalid',
      `git was not found (looked for "${git}"); install git or put it on PATH.`,
      {
        cause: e,
      },
    );
  }
  return e;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.replace(/^(fatal|error): /, '').trim())
      .find((l) => l !== '') ?? ''
  );
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
