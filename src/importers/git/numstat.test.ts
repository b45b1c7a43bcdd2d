import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUMSTAT_FORMAT, type NumstatCommit, NumstatParser, splitRename } from './numstat.js';
import { TestRepo } from './test-support/repo.js';

const dana = { name: 'Dana Ortiz', email: 'dana@example.com' };
const sam = { name: 'Sam Lee', email: 'sam@example.com' };

let repo: TestRepo;
let output: Buffer;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit({
    message: 'Root: add the first files',
    author: dana,
    at: '2026-03-02T09:00:00+01:00',
    files: {
      'src/old/parse.ts': 'a\nb\nc\n',
      'README.md': 'hello\n',
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
      'we"ird\tname.txt': 'q\n',
    },
  });
  repo.commit({
    message: 'Move things around',
    author: dana,
    at: '2026-03-02T10:00:00+01:00',
    moves: [
      ['src/old/parse.ts', 'src/new/parse.ts'],
      ['README.md', 'docs/README.md'],
      ['we"ird\tname.txt', 'plain.txt'],
    ],
    files: { 'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]) },
  });
  repo.commit({ message: 'An empty commit', author: sam, at: '2026-03-02T11:00:00+01:00' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit({
    message: 'Subject\twith a tab, ünïcödé 🚀 and a \x1f unit separator',
    author: sam,
    at: '2026-03-02T12:00:00+01:00',
    files: { 'src/new/parse.ts': 'a\nB\nc\nd\n' },
  });
  repo.git('checkout', '-q', 'main');
  repo.commit({
    message: 'Über-fix on main',
    author: dana,
    at: '2026-03-02T12:30:00+01:00',
    files: { 'docs/README.md': null, 'ü/ñ.txt': 'x\ny\n' },
  });
  repo.merge('feature', dana, '2026-03-02T13:00:00+01:00');
  output = execFileSync(
    'git',
    [
      '-c',
      'core.quotePath=false',
      'log',
      '--numstat',
      '--find-renames',
      `--format=${NUMSTAT_FORMAT}`,
      'main',
    ],
    { cwd: repo.dir },
  );
});

afterAll(() => repo.remove());

function parse(chunks: (Buffer | string)[], paths = true): NumstatCommit[] {
  const out: NumstatCommit[] = [];
  const p = new NumstatParser((c) => out.push(c), { paths });
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('NumstatParser on real git output', () => {
  it('reads every kind of commit git writes', () => {
    const commits = parse([output]);
    expect(commits.map((c) => c.subject)).toEqual([
      "Merge branch 'feature'",
      'Über-fix on main',
      'Subject\twith a tab, ünïcödé 🚀 and a \x1f unit separator',
      'An empty commit',
      'Move things around',
      'Root: add the first files',
    ]);
    const [merge, fix, feature, empty, move, root] = commits as [
      NumstatCommit,
      NumstatCommit,
      NumstatCommit,
      NumstatCommit,
      NumstatCommit,
      NumstatCommit,
    ];

    expect(merge.parents).toHaveLength(2);
    expect(merge).toMatchObject({ files: 0, added: 0, removed: 0, paths: [] });

    expect(empty).toMatchObject({ files: 0, added: 0, removed: 0, authorEmail: sam.email });
    expect(empty.authorMs).toBe(Date.parse('2026-03-02T10:00:00Z'));

    expect(feature.paths).toEqual([{ path: 'src/new/parse.ts', added: 2, removed: 1 }]);
    expect(fix.paths).toEqual([
      { path: 'docs/README.md', added: 0, removed: 1 },
      { path: 'ü/ñ.txt', added: 2, removed: 0 },
    ]);

    // A moved file is one file with no changed lines; a binary file has no line counts.
    expect(move).toMatchObject({ files: 4, binaryFiles: 1, added: 0, removed: 0 });
    expect(move.paths).toEqual(
      expect.arrayContaining([
        { path: 'logo.png', added: null, removed: null },
        { path: 'src/new/parse.ts', oldPath: 'src/old/parse.ts', added: 0, removed: 0 },
        { path: 'docs/README.md', oldPath: 'README.md', added: 0, removed: 0 },
        { path: 'plain.txt', oldPath: 'we"ird\tname.txt', added: 0, removed: 0 },
      ]),
    );

    expect(root.parents).toEqual([]);
    expect(root).toMatchObject({ files: 4, binaryFiles: 1, added: 5, removed: 0 });
    expect(root.paths).toContainEqual({ path: 'we"ird\tname.txt', added: 1, removed: 0 });
    expect(root.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives the same result wherever the bytes are split', () => {
    const whole = parse([output]);
    expect(output.length).toBeGreaterThan(500);
    for (let i = 0; i <= output.length; i++) {
      expect(parse([output.subarray(0, i), output.subarray(i)]), `split at byte ${i}`).toEqual(whole);
    }
    const bytes = [...output].map((b) => Buffer.from([b]));
    expect(parse(bytes)).toEqual(whole);
  });

  it('keeps only counters unless paths are asked for', () => {
    const commits = parse([output], false);
    expect(commits.every((c) => c.paths === undefined)).toBe(true);
    expect(commits.map((c) => [c.files, c.added, c.removed])).toEqual(
      parse([output]).map((c) => [c.files, c.added, c.removed]),
    );
  });

  it('hands over each commit as soon as the next one starts', () => {
    const seen: string[] = [];
    const p = new NumstatParser((c) => seen.push(c.subject));
    p.push('\x1eaaa\x1f\x1fa@x\x1f1\x1fone\n\n1\t2\tf\n');
    expect(seen).toEqual([]);
    p.push('\x1ebbb\x1faaa\x1fa@x\x1f2\x1ftwo\n');
    expect(seen).toEqual(['one']);
    p.end();
    expect(seen).toEqual(['one', 'two']);
  });

  it('accepts output without a final newline and empty output', () => {
    expect(parse(['\x1eaaa\x1f\x1fa@x\x1f1\x1fone\n\n3\t4\tf'])).toMatchObject([{ added: 3, removed: 4 }]);
    expect(parse([])).toEqual([]);
  });

  it.each([
    ['text before any commit', 'gpg: Signature made today\n'],
    ['a line that is not numstat', '\x1eaaa\x1f\x1fa@x\x1f1\x1fone\n\nnot a numstat line\n'],
    ['a count that is not a number', '\x1eaaa\x1f\x1fa@x\x1f1\x1fone\n\nx\t1\tf\n'],
    ['a header with too few fields', '\x1eaaa\x1fa@x\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parse([text])).toThrow(/unexpected/);
  });
});

describe('splitRename', () => {
  it.each([
    ['src/a.ts', { path: 'src/a.ts' }],
    ['a.txt => b.txt', { path: 'b.txt', oldPath: 'a.txt' }],
    ['src/{old => new}/f.c', { path: 'src/new/f.c', oldPath: 'src/old/f.c' }],
    ['{a => b}/c', { path: 'b/c', oldPath: 'a/c' }],
    ['src/{a.ts => b.ts}', { path: 'src/b.ts', oldPath: 'src/a.ts' }],
    ['src/{ => lib}/x.ts', { path: 'src/lib/x.ts', oldPath: 'src/x.ts' }],
    ['d/{e => }/c.txt', { path: 'd/c.txt', oldPath: 'd/e/c.txt' }],
    ['c.txt => d/e/c.txt', { path: 'd/e/c.txt', oldPath: 'c.txt' }],
    ['"a\\tb.txt"', { path: 'a\tb.txt' }],
    ['"we\\"ird.txt" => plain.txt', { path: 'plain.txt', oldPath: 'we"ird.txt' }],
    ['b.txt => "x\\ty.txt"', { path: 'x\ty.txt', oldPath: 'b.txt' }],
    ['"\\303\\274.txt"', { path: 'ü.txt' }],
    ['ü/{ä => ö}/🚀.md', { path: 'ü/ö/🚀.md', oldPath: 'ü/ä/🚀.md' }],
  ])('%s', (field, expected) => {
    expect(splitRename(field)).toEqual(expected);
  });
});
