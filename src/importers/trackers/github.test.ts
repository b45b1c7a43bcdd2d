import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../errors.js';
import { parseGitHubJson, priorityFromLabels } from './github.js';
import { NOT_YOURS, type TrackerOptions } from './item.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const dana: TrackerOptions = { identity: { emails: ['dana@example.com'], names: [], logins: ['DOrtiz'] } };

function error(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

const issue = (n: number, extra: Record<string, unknown> = {}) => ({
  number: n,
  title: `Issue ${n}`,
  state: 'open',
  created_at: '2026-11-25T10:00:00Z',
  repository_url: 'https://api.github.com/repos/acme/web',
  user: { login: 'dortiz' },
  labels: [],
  ...extra,
});

describe('gh api --paginate output (fixture)', () => {
  const text = fixture('github-issues.json');

  it('reads pages written back to back, keeping an issue seen on two pages once, in its latest state', () => {
    const result = parseGitHubJson(text, 'issues.json', { ...dana, onlyLeader: false });
    expect(result.total).toBe(30);
    expect(new Set(result.items.map((i) => i.key)).size).toBe(30);
    expect(result.items.find((i) => i.key === 'acme/checkout#82')?.title).toBe(
      'Fix: double submit on slow networks (retitled)',
    );
  });

  it('keeps issues and pull requests the leader opened or is assigned to', () => {
    const { items, skipped } = parseGitHubJson(text, 'issues.json', dana);
    expect(skipped).toEqual([
      { why: NOT_YOURS, count: 17 },
      { why: 'listed twice: the later state was kept', count: 1 },
    ]);
    expect(items.map((i) => i.key.replace('acme/checkout#', '')).sort((a, b) => +a - +b)).toEqual(
      [0, 1, 4, 6, 8, 11, 12, 16, 20, 21, 24, 26, 28].map((i) => String(40 + i * 3)),
    );
  });

  it('reads an issue in full', () => {
    const item = parseGitHubJson(text, 'x', dana).items.find((i) => i.key === 'acme/checkout#100');
    expect(item).toEqual({
      source: 'github',
      key: 'acme/checkout#100',
      title: 'Blocker: orders stuck in pending',
      status: 'closed',
      type: 'issue',
      createdAt: '2026-11-21T04:40:40.000Z',
      resolvedAt: '2026-11-21T05:30:00.000Z',
      labels: ['bug', 'blocker'],
      assignee: 'dortiz',
      creator: 'samlee',
      url: 'https://github.com/acme/checkout/issues/100',
      criticalPath: true,
    });
  });

  it.each([
    [
      'acme/checkout#58',
      { type: 'pull request', status: 'open', priority: 'critical-urgent', criticalPath: true },
    ],
    ['acme/checkout#76', { type: 'issue', status: 'open', priority: 'P0', criticalPath: true }],
    ['acme/checkout#43', { type: 'issue', status: 'closed', priority: 'high', criticalPath: false }],
    ['acme/checkout#55', { type: 'issue', status: 'not planned', criticalPath: false }],
    ['acme/checkout#52', { type: 'pull request', status: 'merged', criticalPath: false }],
    [
      'acme/checkout#70',
      { type: 'pull request', status: 'closed', labels: ['bug', 'critical-path'], criticalPath: true },
    ],
  ])('%s', (key, expected) => {
    const item = parseGitHubJson(text, 'x', { ...dana, onlyLeader: false }).items.find((i) => i.key === key);
    expect(item).toMatchObject(expected);
  });

  it('names the leader when they are one of several assignees', () => {
    const item = parseGitHubJson(text, 'x', dana).items.find((i) => i.key === 'acme/checkout#73');
    expect(item).toMatchObject({ assignee: 'dortiz', creator: 'dortiz' });
  });

  it('reads search results, one object per page', () => {
    const result = parseGitHubJson(fixture('github-search.json'), 'search.json', {
      ...dana,
      onlyLeader: false,
    });
    expect(result.items.map((i) => i.key)).toEqual(
      [127, 124, 121, 118, 115].map((n) => `acme/checkout#${n}`),
    );
  });
});

describe('GitHub JSON layouts', () => {
  const layouts: [string, string][] = [
    ['a single array', JSON.stringify([issue(1), issue(2)])],
    ['pages glued together', JSON.stringify([issue(1)]) + JSON.stringify([issue(2)])],
    [
      'pages on separate lines',
      `${JSON.stringify([issue(1)], null, 2)}\n${JSON.stringify([issue(2)], null, 2)}\n`,
    ],
    ['--slurp pages', JSON.stringify([[issue(1)], [issue(2)]])],
    ['one issue per line', `${JSON.stringify(issue(1))}\n${JSON.stringify(issue(2))}\n`],
    ['a leading byte order mark', `\ufeff${JSON.stringify([issue(1), issue(2)])}`],
    [
      'search results',
      JSON.stringify({ total_count: 2, incomplete_results: false, items: [issue(1), issue(2)] }),
    ],
  ];
  it.each(layouts)('%s', (_, text) => {
    expect(parseGitHubJson(text, 'x', dana).items.map((i) => i.key)).toEqual(['acme/web#1', 'acme/web#2']);
  });

  it('takes labels as names or as objects, and the repository from html_url when needed', () => {
    const { items } = parseGitHubJson(
      JSON.stringify([
        issue(3, {
          labels: ['Blocker', { name: 'ui', color: 'fff' }],
          repository_url: undefined,
          html_url: 'https://github.example.com/team/app/issues/3',
        }),
      ]),
      'x',
      dana,
    );
    expect(items[0]).toMatchObject({ key: 'team/app#3', labels: ['Blocker', 'ui'], criticalPath: true });
  });

  it('matches logins case-insensitively and ignores issues of others', () => {
    const text = JSON.stringify([
      issue(1, { user: { login: 'sam' }, assignee: { login: 'DORTIZ' }, assignees: [{ login: 'DORTIZ' }] }),
      issue(2, { user: { login: 'sam' }, assignee: null, assignees: [] }),
      issue(3, { user: null }),
    ]);
    const result = parseGitHubJson(text, 'x', dana);
    expect(result).toMatchObject({ total: 3 });
    expect(result.items.map((i) => i.key)).toEqual(['acme/web#1']);
  });

  it.each([
    ['[{"number": 1,}]', /x\.json line 1 column \d+: this is not valid JSON/],
    ['[\n  {"number": 1}\n', /x\.json line 1: the JSON that starts here is cut off/],
    ['\n\n<html>', /x\.json line 3: expected JSON from the GitHub API/],
    ['{"message": "Bad credentials", "status": "401"}', /found an error from the API \("Bad credentials"\)/],
    ['"just a string"', /expected JSON from the GitHub API/],
    [
      JSON.stringify([issue(1), { ...issue(2), title: undefined }]),
      /x\.json: item 2 \(#2\): "title" is missing/,
    ],
    [JSON.stringify([issue(1, { number: '1' })]), /item 1: "number" should be a number, not string/],
    [
      JSON.stringify([issue(1, { created_at: 'last week' })]),
      /item 1 \(#1\): created_at "last week" is not an ISO 8601 timestamp/,
    ],
    [
      JSON.stringify([issue(1, { repository_url: null })]),
      /item 1 \(#1\): has neither "repository_url" nor "html_url"/,
    ],
    ['   ', /x\.json is empty/],
  ])('refuses %s', (text, message) => {
    const e = error(() => parseGitHubJson(text, 'x.json', dana));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toMatch(message);
  });
});

describe('priority from labels', () => {
  it.each([
    [['priority: high'], 'high'],
    [['bug', 'Priority/Critical-Urgent'], 'Critical-Urgent'],
    [['prio-1'], '1'],
    [['p0'], 'P0'],
    [['P5'], undefined],
    [['bug', 'enhancement'], undefined],
    [['priority'], undefined],
  ])('%j gives %s', (labels, priority) => {
    expect(priorityFromLabels(labels)).toBe(priority);
  });
});

describe('a large GitHub export', () => {
  it('reads a search result of 200,000 issues without overflowing the stack', () => {
    const text = JSON.stringify({ items: Array.from({ length: 200_000 }, (_, n) => issue(n + 1)) });
    const read = parseGitHubJson(text, 'search.json', dana);
    expect(read.items.length + read.skipped.reduce((n, s) => n + s.count, 0)).toBe(200_000);
  });
});
