import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Author {
  name: string;
  email: string;
}

export interface CommitSpec {
  message: string;
  author: Author;
  /** ISO date with offset; used for both author and committer unless `committedAt` is given. */
  at: string;
  committedAt?: string;
  /** path → new content (string or bytes), or null to delete. */
  files?: Record<string, string | Uint8Array | null>;
  /** [from, to] pairs moved with `git mv` before the other changes. */
  moves?: [string, string][];
}

/** A throwaway repository driven by the real git binary. */
export class TestRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'handson-git-'));
    mkdirSync(this.dir, { recursive: true });
    this.git('init', '-q', '-b', 'main');
    // Commits are made with explicit identities; these only keep git from guessing.
    this.git('config', 'user.name', 'Test');
    this.git('config', 'user.email', 'test@example.invalid');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return this.gitEnv({}, ...args);
  }

  gitEnv(env: Record<string, string>, ...args: string[]): string {
    const clean = { ...process.env };
    for (const k of Object.keys(clean)) if (k.startsWith('GIT_')) delete clean[k];
    return execFileSync('git', args, {
      cwd: this.dir,
      env: { ...clean, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...env },
      encoding: 'utf8',
    });
  }

  /** Makes a commit and returns its sha. */
  commit(spec: CommitSpec): string {
    for (const [from, to] of spec.moves ?? []) {
      mkdirSync(dirname(join(this.dir, to)), { recursive: true });
      this.git('mv', from, to);
    }
    for (const [path, content] of Object.entries(spec.files ?? {})) {
      const full = join(this.dir, path);
      if (content === null) {
        this.git('rm', '-q', '--', path);
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      this.git('add', '--', path);
    }
    this.gitEnv(
      {
        GIT_AUTHOR_NAME: spec.author.name,
        GIT_AUTHOR_EMAIL: spec.author.email,
        GIT_AUTHOR_DATE: spec.at,
        GIT_COMMITTER_NAME: spec.author.name,
        GIT_COMMITTER_EMAIL: spec.author.email,
        GIT_COMMITTER_DATE: spec.committedAt ?? spec.at,
      },
      'commit',
      '-q',
      '--allow-empty',
      '--no-verify',
      '-m',
      spec.message,
    );
    return this.head();
  }

  /** Merges `branch` into the current branch with a merge commit. */
  merge(branch: string, author: Author, at: string): string {
    this.gitEnv(
      {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: at,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: at,
      },
      'merge',
      '-q',
      '--no-ff',
      '--no-edit',
      branch,
    );
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
