import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { type GitCommit, type GitReadOptions, readGitLog } from './read.js';
import { TestRepo } from './test-support/repo.js';

const dana = { name: 'Dana Ortiz', email: 'Dana@Example.com' };
const danaPrivate = { name: 'Dana', email: 'dana@home.example' };
const sam = { name: 'Sam Lee', email: 'sam@example.com' };
const tz = 'Europe/Berlin';

const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newRepo(): TestRepo {
  const r = new TestRepo();
  repos.push(r);
  return r;
}

async function read(options: GitReadOptions) {
  const result = await readGitLog(options);
  const commits: GitCommit[] = [];
  for await (const c of result.commits) commits.push(c);
  return { ...result, commits };
}

/** A small team history: Dana (two addresses) and Sam, a branch, a merge, a binary file, a rename. */
function teamRepo(): TestRepo {
  const r = newRepo();
  r.commit({
    message: 'Start the service',
    author: sam,
    at: '2026-11-02T09:00:00+01:00',
    files: { 'src/app.ts': 'one\ntwo\n', 'logo.png': new Uint8Array([0x89, 0x50, 0, 1, 2]) },
  });
  r.commit({
    message: 'Fix the login redirect',
    author: dana,
    at: '2026-11-02T20:15:00+01:00',
    // Rebased the next morning: the committer date is later, the work was done the evening before.
    committedAt: '2026-11-03T08:00:00+01:00',
    files: { 'src/app.ts': 'one\n2\nthree\n', 'logo.png': new Uint8Array([0x89, 0x50, 0, 9, 9]) },
  });
  r.git('checkout', '-q', '-b', 'spike');
  r.commit({
    message: 'Spike: try the new parser — ünïcödé',
    author: danaPrivate,
    at: '2026-11-03T22:00:00+01:00',
    moves: [['src/app.ts', 'src/server/app.ts']],
  });
  r.git('checkout', '-q', 'main');
  r.commit({ message: 'Docs', author: sam, at: '2026-11-04T10:00:00+01:00', files: { 'README.md': 'hi\n' } });
  r.merge('spike', dana, '2026-11-04T11:00:00+01:00');
  return r;
}

describe('readGitLog', () => {
  it("reads only the leader's commits, matching addresses case-insensitively", async () => {
    const r = teamRepo();
    const result = await read({ path: r.dir, tz, authors: ['dana@example.COM'] });
    expect(result.mode).toBe('full');
    expect(result.notice).toBeUndefined();
    expect(result.path).toBe(r.git('rev-parse', '--show-toplevel').trim());
    expect(result.repo).toBe(basename(result.path));
    expect(result.commits.map((c) => c.subject)).toEqual(["Merge branch 'spike'", 'Fix the login redirect']);

    const fix = result.commits[1]!;
    expect(fix).toEqual({
      repo: result.repo,
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      authorEmail: 'Dana@Example.com',
      authoredAt: '2026-11-02T19:15:00.000Z',
      date: '2026-11-02',
      subject: 'Fix the login redirect',
      added: 2,
      removed: 1,
      files: 2,
      merge: false,
    });
    expect(result.commits[0]).toMatchObject({ merge: true, files: 0, added: 0, removed: 0 });
  });

  it('records commits under the given name, dated in the given time zone', async () => {
    const r = teamRepo();
    const result = await read({
      path: r.dir,
      tz: 'Asia/Tokyo',
      name: 'web',
      authors: [dana.email],
      refs: 'head',
    });
    expect(result.repo).toBe('web');
    // 20:15 in Berlin on 2 November is 04:15 on 3 November in Tokyo.
    expect(result.commits.find((c) => c.subject === 'Fix the login redirect')).toMatchObject({
      repo: 'web',
      date: '2026-11-03',
    });
  });

  it('takes several addresses, and counts a renamed file as one file with no lines', async () => {
    const r = teamRepo();
    const result = await read({ path: r.dir, tz, authors: ['dana@example.com', 'DANA@home.example'] });
    const spike = result.commits.find((c) => c.subject.startsWith('Spike'));
    expect(result.commits).toHaveLength(3);
    expect(spike).toMatchObject({
      subject: 'Spike: try the new parser — ünïcödé',
      authorEmail: 'dana@home.example',
      files: 1,
      added: 0,
      removed: 0,
    });
  });

  it('does not take an address that merely contains one of the leader’s', async () => {
    const r = newRepo();
    r.commit({ message: 'x', author: { name: 'Ana', email: 'ana@example.com' }, at: '2026-11-02T09:00:00Z' });
    r.commit({
      message: 'y',
      author: { name: 'Ana', email: 'hana@example.com' },
      at: '2026-11-02T10:00:00Z',
    });
    const result = await read({ path: r.dir, tz, authors: ['ana@example.com'] });
    expect(result.commits.map((c) => c.subject)).toEqual(['x']);
  });

  it('recognises old addresses mapped to the leader in .mailmap', async () => {
    const r = newRepo();
    r.commit({
      message: 'old job',
      author: { name: 'D', email: 'd.ortiz@oldcorp.example' },
      at: '2026-01-05T09:00:00Z',
    });
    r.commit({
      message: 'mailmap',
      author: dana,
      at: '2026-01-06T09:00:00Z',
      files: { '.mailmap': 'Dana Ortiz <dana@example.com> <d.ortiz@oldcorp.example>\n' },
    });
    const result = await read({ path: r.dir, tz, authors: ['dana@example.com'] });
    expect(result.commits.map((c) => [c.subject, c.authorEmail])).toEqual([
      ['mailmap', 'Dana@Example.com'],
      ['old job', 'dana@example.com'],
    ]);
  });

  it('reads unmerged branches by default, and only HEAD when asked', async () => {
    const r = newRepo();
    r.commit({ message: 'on main', author: dana, at: '2026-11-02T09:00:00Z' });
    r.git('checkout', '-q', '-b', 'wip');
    r.commit({ message: 'on a branch nobody merged', author: dana, at: '2026-11-02T10:00:00Z' });
    r.git('checkout', '-q', 'main');
    r.git('stash', 'list');
    const all = await read({ path: r.dir, tz, authors: [dana.email] });
    expect(all.commits.map((c) => c.subject)).toEqual(['on a branch nobody merged', 'on main']);
    expect(all.heads).toHaveLength(2);
    const head = await read({ path: r.dir, tz, authors: [dana.email], refs: 'head' });
    expect(head.commits.map((c) => c.subject)).toEqual(['on main']);
  });

  it('leaves out the stash, whose entries are commits by the leader', async () => {
    const r = newRepo();
    r.commit({ message: 'real work', author: dana, at: '2026-11-02T09:00:00Z', files: { 'a.txt': '1\n' } });
    writeFileSync(join(r.dir, 'a.txt'), '2\n');
    r.gitEnv({ GIT_AUTHOR_EMAIL: dana.email, GIT_COMMITTER_EMAIL: dana.email }, 'stash', '-q');
    const result = await read({ path: r.dir, tz, authors: [dana.email] });
    expect(result.commits.map((c) => c.subject)).toEqual(['real work']);
  });

  it('reads only commits authored since a moment', async () => {
    const r = teamRepo();
    const result = await read({
      path: r.dir,
      tz,
      authors: [dana.email, danaPrivate.email],
      since: '2026-11-03T00:00:00Z',
    });
    // The rebased fix was committed after the cut-off but written before it.
    expect(result.commits.map((c) => c.subject)).toEqual([
      "Merge branch 'spike'",
      'Spike: try the new parser — ünïcödé',
    ]);
  });

  it('reads only new commits after a previous read', async () => {
    const r = newRepo();
    r.commit({ message: 'one', author: dana, at: '2026-11-02T09:00:00Z' });
    const first = await read({ path: r.dir, tz, authors: [dana.email] });
    expect(first.commits).toHaveLength(1);

    const nothing = await read({ path: r.dir, tz, authors: [dana.email], lastSeen: first.heads });
    expect(nothing.mode).toBe('incremental');
    expect(nothing.commits).toEqual([]);

    r.commit({ message: 'two', author: dana, at: '2026-11-02T10:00:00Z' });
    r.commit({ message: 'three', author: sam, at: '2026-11-02T11:00:00Z' });
    r.git('checkout', '-q', '-b', 'side', 'HEAD~2');
    r.commit({ message: 'four, on a side branch', author: dana, at: '2026-11-02T12:00:00Z' });
    const next = await read({ path: r.dir, tz, authors: [dana.email], lastSeen: first.heads });
    expect(next.mode).toBe('incremental');
    expect(next.notice).toBeUndefined();
    expect(next.commits.map((c) => c.subject).sort()).toEqual(['four, on a side branch', 'two']);
    expect(next.heads).toHaveLength(2);
  });

  it('reads everything again, and says so, when the history was rewritten', async () => {
    const r = newRepo();
    r.commit({ message: 'one', author: dana, at: '2026-11-02T09:00:00Z' });
    r.commit({ message: 'two', author: dana, at: '2026-11-02T10:00:00Z' });
    const first = await read({ path: r.dir, tz, authors: [dana.email] });

    // An amend: the old head still exists as an object but is no longer on any branch.
    r.gitEnv(
      { GIT_COMMITTER_DATE: '2026-11-02T10:05:00Z' },
      'commit',
      '-q',
      '--amend',
      '--allow-empty',
      '-m',
      'two, reworded',
    );
    const amended = await read({ path: r.dir, tz, authors: [dana.email], lastSeen: first.heads });
    expect(amended.mode).toBe('full');
    expect(amended.notice).toMatch(
      /gone from its branches \(1 previously imported commit is no longer on any branch/,
    );
    expect(amended.notice).toContain(amended.path);
    expect(amended.commits.map((c) => c.subject)).toEqual(['two, reworded', 'one']);

    // A head that no longer exists at all (e.g. the import came from another clone).
    const gone = await read({ path: r.dir, tz, authors: [dana.email], lastSeen: ['0'.repeat(40)] });
    expect(gone.mode).toBe('full');
    expect(gone.notice).toMatch(/\(000000000000 no longer exists\)/);
    expect(gone.commits).toHaveLength(2);
  });

  it('stops, with the abort reason, when the caller aborts', async () => {
    const r = newRepo();
    for (let i = 0; i < 5; i++) r.commit({ message: `c${i}`, author: dana, at: `2026-11-02T09:0${i}:00Z` });
    const controller = new AbortController();
    const result = await readGitLog({ path: r.dir, tz, authors: [dana.email], signal: controller.signal });
    controller.abort(new Error('import cancelled'));
    const consume = async () => {
      for await (const _ of result.commits) {
        // nothing: the abort came first
      }
    };
    await expect(consume()).rejects.toThrow(/import cancelled|aborted/);
  });

  it('leaves out commits dated outside 1970-01-01 to 2100-12-31, naming each', async () => {
    const r = newRepo();
    r.commit({ message: 'real work', author: dana, at: '2026-11-02T09:00:00Z' });
    const late = r.commit({ message: 'clock in 2200', author: dana, at: '@7258118400 +0000' });
    const far = r.commit({ message: 'clock in 10000', author: dana, at: '@253402300800 +0000' });
    // 23:59:59 UTC on the last day is already 2101-01-01 in Berlin.
    const edge = r.commit({ message: 'last second', author: dana, at: '@4133980799 +0000' });
    const result = await read({ path: r.dir, tz, authors: [dana.email] });
    expect(result.commits.map((c) => c.subject)).toEqual(['real work']);
    const name = basename(r.dir);
    expect([...result.outOfRange].sort()).toEqual(
      [
        `${name} ${late.slice(0, 12)}: author date 2200-01-01T00:00:00.000Z`,
        `${name} ${far.slice(0, 12)}: author date +010000-01-01T00:00:00.000Z`,
        `${name} ${edge.slice(0, 12)}: date 2101-01-01`,
      ].sort(),
    );
  });

  it('reads an empty repository as no commits', async () => {
    const r = newRepo();
    const result = await read({ path: r.dir, tz, authors: [dana.email] });
    expect(result).toMatchObject({ heads: [], commits: [], mode: 'full' });
  });

  it('lets the reader stop early without leaving git behind', async () => {
    const r = newRepo();
    for (let i = 0; i < 30; i++)
      r.commit({ message: `c${i}`, author: dana, at: `2026-11-02T09:${String(i).padStart(2, '0')}:00Z` });
    const result = await readGitLog({ path: r.dir, tz, authors: [dana.email] });
    const got: string[] = [];
    for await (const c of result.commits) {
      got.push(c.subject);
      if (got.length === 3) break;
    }
    expect(got).toEqual(['c29', 'c28', 'c27']);
  });

  describe('refuses', () => {
    it.each([
      [
        'a directory that is not a repository',
        () => mkdtempSync(join(tmpdir(), 'handson-notgit-')),
        /is not a git repository/,
      ],
      ['a path that does not exist', () => join(tmpdir(), 'handson-no-such-dir-9f3a'), /does not exist/],
      [
        'a file',
        () => {
          const d = mkdtempSync(join(tmpdir(), 'handson-file-'));
          const f = join(d, 'notes.txt');
          writeFileSync(f, 'x');
          return f;
        },
        /is a file/,
      ],
    ])('%s, naming the path', async (_, makePath, message) => {
      const path = makePath();
      if (!path.includes('no-such')) dirs.push(path.endsWith('.txt') ? join(path, '..') : path);
      const error = await readGitLog({ path, tz, authors: [dana.email] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'import-invalid' });
      expect((error as AppError).message).toContain(path);
      expect((error as AppError).message).toMatch(message);
    });

    it.each([
      [[], /No author email/],
      [['  '], /No author email/],
      [['not-an-address'], /"not-an-address" is not an email address/],
    ])('authors %j', async (authors, message) => {
      const r = newRepo();
      await expect(readGitLog({ path: r.dir, tz, authors })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(message),
      });
    });

    it('a last-seen head that is not a commit id', async () => {
      const r = newRepo();
      r.commit({ message: 'one', author: dana, at: '2026-11-02T09:00:00Z' });
      await expect(
        readGitLog({ path: r.dir, tz, authors: [dana.email], lastSeen: ['HEAD~1'] }),
      ).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringContaining('"HEAD~1" is not a commit id'),
      });
    });

    it('a time zone that does not exist', async () => {
      const r = newRepo();
      await expect(
        readGitLog({ path: r.dir, tz: 'Europe/Atlantis', authors: [dana.email] }),
      ).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringContaining('"Europe/Atlantis" is not a time zone'),
      });
    });

    it('a since that is not a moment', async () => {
      const r = newRepo();
      await expect(
        readGitLog({ path: r.dir, tz, authors: [dana.email], since: 'last tuesday' }),
      ).rejects.toMatchObject({
        code: 'invalid',
      });
    });
  });
});
