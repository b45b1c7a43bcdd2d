import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../errors.js';
import { NOT_YOURS, type TrackerOptions } from './item.js';
import { parseJiraCsv } from './jira.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

const dana: TrackerOptions = {
  identity: { emails: ['dana@example.com'], names: ['Dana Ortiz'], logins: ['dortiz'] },
  tz: 'Europe/Berlin',
};

function error(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

const HEADER = 'Issue key,Summary,Status,Created,Priority,Assignee,Reporter,Labels,Labels';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('Jira Cloud export (fixture)', () => {
  const text = fixture('jira-cloud.csv');

  it("keeps the leader's issues: assigned to them, reported or created by them", () => {
    const result = parseJiraCsv(text, 'jira-cloud.csv', dana);
    expect(result.total).toBe(30);
    expect(result.skipped).toEqual([{ why: NOT_YOURS, count: 13 }]);
    expect(result.items.map((i) => i.key)).toEqual(
      [1, 2, 3, 5, 8, 9, 11, 14, 15, 17, 20, 21, 22, 24, 26, 27, 29].map((n) => `PAY-${100 + n}`),
    );
  });

  it('reads a row in full, with dates in the exporting zone', () => {
    const { items } = parseJiraCsv(text, 'jira-cloud.csv', {
      ...dana,
      links: { jira: 'https://acme.atlassian.net/' },
    });
    expect(items[0]).toEqual({
      source: 'jira',
      key: 'PAY-101',
      title: 'Checkout fails when the cart holds a gift card',
      status: 'To Do',
      type: 'Bug',
      createdAt: '2026-10-01T07:00:00.000Z', // 9:00 AM in Berlin summer time
      priority: 'Highest',
      labels: [],
      assignee: 'Dana Ortiz',
      creator: 'Jonas Berg',
      url: 'https://acme.atlassian.net/browse/PAY-101',
      criticalPath: true,
    });
  });

  it('takes labels from every Labels column and the start from the status category', () => {
    const pay102 = parseJiraCsv(text, 'x', dana).items.find((i) => i.key === 'PAY-102')!;
    expect(pay102.labels[0]).toBe('critical-path');
    expect(pay102.labels.length).toBe(2);
    expect(pay102).toMatchObject({ priority: 'High', criticalPath: true, status: 'In Progress' });
    expect(pay102.startedAt).toBe('2026-11-03T09:00:00.000Z');
  });

  it.each([
    ['PAY-113', 'Critical', true],
    ['PAY-101', 'Highest', true],
    ['PAY-105', 'Low', false],
    ['PAY-103', 'Medium', false],
  ])('%s with priority %s is on the critical path: %s', (key, priority, critical) => {
    const item = parseJiraCsv(text, 'x', { ...dana, onlyLeader: false }).items.find((i) => i.key === key)!;
    expect(item.priority).toBe(priority);
    expect(item.labels).not.toContain('critical-path');
    expect(item.criticalPath).toBe(critical);
  });

  it('counts an issue the leader created on behalf of someone else', () => {
    const item = parseJiraCsv(text, 'x', dana).items.find((i) => i.key === 'PAY-124');
    expect(item).toMatchObject({ creator: 'Dana Ortiz' });
  });

  it('reads times around DST changes and past midnight', () => {
    const all = parseJiraCsv(text, 'x', { ...dana, onlyLeader: false }).items;
    const by = (k: string) => all.find((i) => i.key === k)!;
    expect(by('PAY-110').createdAt).toBe('2026-03-29T01:15:00.000Z'); // 3:15 AM, just after clocks went forward
    // 2:30 AM on 25 October happens twice in Berlin; luxon reads it as the later one (CET).
    expect(by('PAY-104').createdAt).toBe('2026-10-25T01:30:00.000Z');
    expect(by('PAY-106').resolvedAt).toBe('2026-11-24T23:05:00.000Z'); // 12:05 AM on the 25th
    expect(by('PAY-106').assignee).toBeUndefined();
  });

  it('finds the leader by account id too', () => {
    const byId = parseJiraCsv(text, 'x', {
      ...dana,
      identity: { emails: [], names: [], logins: ['5f1a2b3c4d5e6f7a8b9c0d1e'] },
    });
    expect(byId.items).toHaveLength(17);
  });

  it('keeps everything when asked to', () => {
    const all = parseJiraCsv(text, 'x', { ...dana, onlyLeader: false });
    expect(all.items).toHaveLength(30);
    expect(all.skipped).toEqual([]);
  });
});

describe('Jira Data Center export (fixture)', () => {
  it('reads user names and yyyy-MM-dd HH:mm dates', () => {
    const result = parseJiraCsv(fixture('jira-datacenter.csv'), 'dc.csv', {
      identity: { emails: [], names: [], logins: ['DOrtiz'] },
      tz: 'America/New_York',
    });
    expect(result.total).toBe(24);
    expect(result.items.map((i) => i.key)).toEqual(
      [3, 5, 6, 9, 10, 12, 15, 18, 20, 21, 24].map((n) => `OPS-${n}`),
    );
    const ops5 = result.items.find((i) => i.key === 'OPS-5')!;
    expect(ops5).toMatchObject({
      status: 'To Do',
      priority: 'Highest',
      criticalPath: true,
      creator: 'dortiz',
    });
    expect(ops5.createdAt).toBe('2026-10-05T16:44:00.000Z'); // 12:44 in New York (EDT)
    expect(ops5.assignee).toBe('samlee');
  });
});

describe('Jira dates', () => {
  it.each([
    ['25/Nov/26 1:06 PM', '2026-11-25T12:06:00.000Z'],
    ['25/Nov/26 12:05 AM', '2026-11-24T23:05:00.000Z'],
    ['25/Nov/26 12:30 PM', '2026-11-25T11:30:00.000Z'],
    ['5/nov/26 9:07 am', '2026-11-05T08:07:00.000Z'],
    ['25/Nov/2026 13:06', '2026-11-25T12:06:00.000Z'],
    ['25/Nov/26 13:06:45', '2026-11-25T12:06:45.000Z'],
    ['2026-11-25 13:06', '2026-11-25T12:06:00.000Z'],
    ['2026-11-25 13:06:07', '2026-11-25T12:06:07.000Z'],
    ['25.11.2026 13:06', '2026-11-25T12:06:00.000Z'],
    ['25.11.26 13:06', '2026-11-25T12:06:00.000Z'],
    ['2026-11-25T13:06:24.000+0100', '2026-11-25T12:06:24.000Z'],
    ['2026-11-25T13:06:24Z', '2026-11-25T13:06:24.000Z'],
  ])('%s', (value, expected) => {
    const { items } = parseJiraCsv(csv(`PAY-1,S,Open,${value},,Dana Ortiz,,,`), 'x', dana);
    expect(items[0]!.createdAt).toBe(expected);
  });

  it.each([
    '31/Feb/26 1:06 PM',
    '25/Foo/26 1:06 PM',
    '25/Nov/26 13:06 PM',
    '11/05/26 13:06',
    'yesterday',
    '2026-13-01 10:00',
  ])('refuses %s, naming the line, the issue and the formats it reads', (value) => {
    const e = error(() => parseJiraCsv(csv(`PAY-1,S,Open,${value},,Dana Ortiz,,,`), 'export.csv', dana));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toContain(`export.csv line 2 (PAY-1): Created "${value}" is not a date`);
    expect(e.message).toContain('25/Nov/26 1:06 PM');
  });
});

describe('Jira CSV shape', () => {
  it('accepts a BOM, CRLF, quoted multi-line values and unknown columns', () => {
    const text =
      '\ufeffIssue key,Custom field (Rank),Summary,Status,Created,Assignee,Description\r\n' +
      'PAY-7,0|i0001:,"Fix ""quotes"", commas",Open,25/Nov/26 1:06 PM,Dana Ortiz,"line one\r\nline two"\r\n' +
      'PAY-8,0|i0002:,Next,Open,25/Nov/26 1:07 PM,Dana Ortiz,\r\n';
    const { items } = parseJiraCsv(text, 'x', dana);
    expect(items.map((i) => [i.key, i.title])).toEqual([
      ['PAY-7', 'Fix "quotes", commas'],
      ['PAY-8', 'Next'],
    ]);
  });

  it('splits space-separated labels and drops repeats', () => {
    const { items } = parseJiraCsv(
      csv('PAY-1,S,Open,25/Nov/26 1:06 PM,,Dana Ortiz,,backend critical-path,backend'),
      'x',
      dana,
    );
    expect(items[0]).toMatchObject({ labels: ['backend', 'critical-path'], criticalPath: true });
  });

  it('uses a configured label list for the critical path', () => {
    const { items } = parseJiraCsv(csv('PAY-1,S,Open,25/Nov/26 1:06 PM,Medium,Dana Ortiz,,launch,'), 'x', {
      ...dana,
      criticalLabels: ['Launch'],
    });
    expect(items[0]!.criticalPath).toBe(true);
  });

  it('reads a semicolon-separated file, as Excel saves CSV in many locales', () => {
    const text =
      'Issue key;Summary;Status;Created;Assignee\nPAY-1;Fix it, now;Open;25/Nov/26 1:06 PM;Dana Ortiz\n';
    expect(parseJiraCsv(text, 'x', dana).items[0]!.title).toBe('Fix it, now');
  });

  it.each([
    [
      'Summary,Status,Created\nS,Open,25/Nov/26 1:06 PM\n',
      /x\.csv: missing column "Issue key"; a Jira CSV export has it/,
    ],
    ['Issue key,Summary\nPAY-1,S\n', /missing columns "Status", "Created"/],
    [csv(',S,Open,25/Nov/26 1:06 PM,,,,,'), /line 2: "Issue key" is empty/],
    [csv('PAY-1,,Open,25/Nov/26 1:06 PM,,,,,'), /line 2 \(PAY-1\): "Summary" is empty/],
    [csv('PAY-1,S,Open,,,,,,'), /line 2 \(PAY-1\): "Created" is empty/],
    [
      csv('PAY-1,S,Open,25/Nov/26 1:06 PM,,,,,', 'PAY-1,S,Open,25/Nov/26 1:06 PM,,,,,'),
      /line 3 \(PAY-1\): PAY-1 appears a second time \(first on line 2\)/,
    ],
    [
      csv('PAY-1,"S,Open,25/Nov/26 1:06 PM,,,,,'),
      /x\.csv: line \d+: a quoted value is opened but never closed/,
    ],
    [csv('PAY-1,S,Open,25/Nov/26 1:06 PM,,,,,,extra'), /line 2: 10 values, but the header names 9 columns/],
  ])('refuses bad input with one clear sentence (%#)', (text, message) => {
    const e = error(() => parseJiraCsv(text, 'x.csv', dana));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toMatch(message);
  });

  it('names the line a record starts on when earlier values span lines', () => {
    const text = csv('PAY-1,"two\nlines",Open,25/Nov/26 1:06 PM,,,,,', 'PAY-2,S,Open,someday,,,,,');
    expect(error(() => parseJiraCsv(text, 'x.csv', dana)).message).toMatch(/^x\.csv line 4 \(PAY-2\)/);
  });

  it('needs the time zone the dates were written in', () => {
    const e = error(() => parseJiraCsv(csv(), 'x', { identity: dana.identity }));
    expect(e).toMatchObject({ code: 'invalid', field: 'tz' });
    expect(error(() => parseJiraCsv(csv(), 'x', { ...dana, tz: 'Berlin' })).message).toMatch(
      /"Berlin" is not a time zone/,
    );
  });

  it('needs an identity unless every item is wanted', () => {
    const none = { identity: { emails: [], names: [], logins: [] }, tz: 'UTC' };
    expect(error(() => parseJiraCsv(csv(), 'x', none))).toMatchObject({ code: 'invalid', field: 'identity' });
    expect(
      parseJiraCsv(csv('PAY-1,S,Open,25/Nov/26 1:06 PM,,,,,'), 'x', { ...none, onlyLeader: false }).items,
    ).toHaveLength(1);
  });

  it('refuses a link base that is not a web address', () => {
    expect(error(() => parseJiraCsv(csv(), 'x', { ...dana, links: { jira: 'acme' } })).message).toMatch(
      /"acme" is not a URL/,
    );
  });
});
