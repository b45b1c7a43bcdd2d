import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeExport, readExportText } from './file.js';
import { NOT_YOURS, type TrackerOptions } from './item.js';
import { detectSource, readTrackerExport } from './read.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'handson-trackers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dana: TrackerOptions = {
  identity: { emails: ['dana@example.com'], names: ['Dana Ortiz'], logins: ['dortiz'] },
  tz: 'Europe/Berlin',
};

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readTrackerExport', () => {
  it.each([
    ['jira-cloud.csv', 'jira', 17],
    ['jira-datacenter.csv', 'jira', 11],
    ['linear.csv', 'linear', 12],
    ['github-issues.json', 'github', 13],
    ['github-search.json', 'github', 2],
  ])('recognises %s as a %s export', async (name, source, mine) => {
    const result = await readTrackerExport(join(fixtures, name), dana);
    expect(result.source).toBe(source);
    expect(result.file).toBe(join(fixtures, name));
    expect(result.items).toHaveLength(mine);
  });

  const issue = (number: number, login: string, created_at: string) => ({
    number,
    title: `Issue ${number}`,
    state: 'open',
    created_at,
    user: { login },
    repository_url: 'https://api.github.com/repos/acme/shop',
  });
  it.each([
    [
      'jira.csv',
      [
        'Issue key,Summary,Status,Created,Resolved,Assignee',
        'PAY-1,Fine,Done,2026-11-02 10:00,,Dana Ortiz',
        'PAY-2,Typo,Done,2026-11-02 10:00,2999-01-01 10:00,Dana Ortiz',
        'PAY-3,Not mine,Done,0001-01-01 10:00,,Sam Lee',
      ].join('\n'),
      'PAY-1',
      'line 3 (PAY-2): Resolved 2999-01-01T09:00:00.000Z',
    ],
    [
      'linear.csv',
      [
        'ID,Title,Status,Created,Completed,Assignee',
        'ENG-1,Fine,Done,2026-11-02T10:00:00Z,,dana@example.com',
        'ENG-2,Typo,Done,0000-01-01,,dana@example.com',
        'ENG-3,Not mine,Done,0000-01-01,,sam@example.com',
      ].join('\n'),
      'ENG-1',
      'line 3 (ENG-2): Created 0000-01-01T00:00:00.000Z',
    ],
    [
      'github.json',
      JSON.stringify([
        issue(1, 'dortiz', '2026-11-02T10:00:00Z'),
        issue(2, 'dortiz', '1960-05-01T00:00:00Z'),
        issue(3, 'sam', '1960-05-01T00:00:00Z'),
      ]),
      'acme/shop#1',
      'item 2 (#2): created_at 1960-05-01T00:00:00.000Z',
    ],
  ])(
    '%s: leaves out an item of the leader dated outside 1970–2100 and says where it is',
    async (name, text, kept, place) => {
      const path = file(name, text);
      const result = await readTrackerExport(path, dana);
      expect(result.items.map((i) => i.key)).toEqual([kept]);
      expect(result.total).toBe(3);
      expect(result.skipped).toEqual([
        { why: NOT_YOURS, count: 1 },
        {
          why: `dated before 1970-01-01 or after 2100-12-31: ${path}${name.endsWith('.json') ? ':' : ''} ${place}`,
          count: 1,
        },
      ]);
    },
  );

  it('reads a file as the source it is told', async () => {
    const path = join(dir, 'export.txt');
    copyFileSync(join(fixtures, 'linear.csv'), path);
    expect((await readTrackerExport(path, { ...dana, source: 'linear' })).items).toHaveLength(12);
    await expect(readTrackerExport(path, { ...dana, source: 'jira' })).rejects.toMatchObject({
      code: 'import-invalid',
      message: expect.stringContaining('missing columns "Issue key", "Summary"'),
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = file('big.csv', `Issue key,Summary\n${'x'.repeat(2048)}\n`);
    await expect(readTrackerExport(path, { ...dana, maxBytes: 1024 })).rejects.toMatchObject({
      code: 'import-invalid',
      message: `${path} is 2 KB, over the 1 KB limit for a CSV or JSON export; export a shorter period.`,
    });
  });

  it('says how large the file is and what the limit is', async () => {
    const path = file('big2.csv', Buffer.alloc(3 * 1024 * 1024, 0x41));
    await expect(readExportText(path, 2 * 1024 * 1024)).rejects.toThrow(
      `${path} is 3 MB, over the 2 MB limit for a CSV or JSON export`,
    );
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.csv'), /nope\.csv: no such file/, 'not-found'],
    [
      'a directory',
      () => {
        const d = join(dir, 'folder');
        mkdirSync(d, { recursive: true });
        return d;
      },
      /folder is a folder; expected a CSV or JSON export/,
      'import-invalid',
    ],
    [
      'a file of another kind',
      () => file('notes.txt', 'just some notes\n'),
      /is not an export Hands-on can tell apart/,
      'import-invalid',
    ],
  ])('refuses %s, naming it', async (_, makePath, message, code) => {
    await expect(readTrackerExport(makePath(), dana)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });
});

describe('export bytes', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('drops a UTF-8 byte order mark and keeps the rest', () => {
    expect(decodeExport(bytes([0xef, 0xbb, 0xbf], 'Issue key,Zoë\n'), 'f')).toBe('Issue key,Zoë\n');
  });

  it.each([
    ['empty', bytes(''), /^f\.csv is empty\.$/],
    ['UTF-16', bytes([0xff, 0xfe], 'I\0s\0'), /UTF-16 text; save it as UTF-8/],
    ['binary', bytes('PK', [3, 4, 0, 0], 'zip'), /f\.csv is a binary file \(a zero byte on line 1\)/],
    [
      'Latin-1',
      bytes('Issue key,Summary\nPAY-1,Caf', [0xe9], '\n'),
      /f\.csv is not UTF-8 text \(line 2 has a byte that is not\)/,
    ],
    ['a cut-off character', bytes('a\nb\nc', [0xe2, 0x82]), /line 3 has a byte that is not/],
    ['an overlong form', bytes('a', [0xc0, 0xaf]), /line 1 has a byte that is not/],
    ['a UTF-16 surrogate', bytes('a\n', [0xed, 0xa0, 0x80]), /line 2 has a byte that is not/],
  ])('refuses %s text', (_, input, message) => {
    expect(() => decodeExport(input, 'f.csv')).toThrow(message);
  });

  it('refuses a non-positive size limit', async () => {
    await expect(readExportText(join(fixtures, 'linear.csv'), 0)).rejects.toMatchObject({ code: 'invalid' });
  });
});

describe('detectSource', () => {
  it.each([
    ['[{"number":1}]', 'github'],
    ['  \n{"total_count":0,"items":[]}', 'github'],
    ['"Summary","Issue key","Issue id"\n', 'jira'],
    ['Issue key;Summary\n', 'jira'],
    ['ID,Team,Title,Description\n', 'linear'],
  ])('%s is %s', (text, source) => {
    expect(detectSource(text, 'f')).toBe(source);
  });
});
