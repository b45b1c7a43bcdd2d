import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../errors.js';
import { NOT_YOURS, type TrackerOptions } from './item.js';
import { parseLinearCsv } from './linear.js';

const text = readFileSync(join(import.meta.dirname, 'fixtures', 'linear.csv'), 'utf8');
const dana: TrackerOptions = {
  identity: { emails: ['Dana@Example.com'], names: ['Dana Ortiz'], logins: [] },
};

function error(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

const HEADER = 'ID,Title,Status,Priority,Creator,Assignee,Labels,Created,Started,Completed,Canceled';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('Linear export (fixture)', () => {
  it("keeps the leader's issues, found by email", () => {
    const result = parseLinearCsv(text, 'linear.csv', dana);
    expect(result.total).toBe(25);
    expect(result.skipped).toEqual([{ why: NOT_YOURS, count: 13 }]);
    expect(result.items.map((i) => i.key)).toEqual(
      [3, 4, 6, 8, 9, 12, 15, 16, 18, 20, 21, 24].map((n) => `ENG-${200 + n}`),
    );
  });

  it('reads a row in full', () => {
    const item = parseLinearCsv(text, 'x', {
      ...dana,
      links: { linear: 'https://linear.app/acme' },
    }).items.find((i) => i.key === 'ENG-204');
    expect(item).toEqual({
      source: 'linear',
      key: 'ENG-204',
      title: 'Empty state for the inbox',
      status: 'Done',
      createdAt: '2026-10-04T10:39:21.111Z',
      startedAt: '2026-10-05T09:30:00.000Z',
      resolvedAt: '2026-11-04T16:45:12.000Z',
      priority: 'Low',
      labels: ['Bug', 'Backend'],
      assignee: 'sam@example.com',
      creator: 'dana@example.com',
      url: 'https://linear.app/acme/issue/ENG-204',
      criticalPath: false,
    });
  });

  it('removes the quote Linear puts before a formula-like title, and reads critical labels', () => {
    const item = parseLinearCsv(text, 'x', dana).items.find((i) => i.key === 'ENG-206')!;
    expect(item).toMatchObject({
      title: '=SUM(A1) is not exported as text',
      labels: ['critical-path', 'Backend'],
      criticalPath: true,
      status: 'Backlog',
    });
  });

  it('reads rows that end early as if the missing cells were empty', () => {
    const item = parseLinearCsv(text, 'x', dana).items.find((i) => i.key === 'ENG-203')!;
    expect(item).toMatchObject({
      status: 'In Review',
      priority: 'Medium',
      startedAt: '2026-10-04T09:30:00.000Z',
    });
    expect(item.resolvedAt).toBeUndefined();
  });

  it('takes the cancel date as the resolution, and "No priority" as none', () => {
    const item = parseLinearCsv(text, 'x', { ...dana, onlyLeader: false }).items.find(
      (i) => i.key === 'ENG-205',
    )!;
    expect(item).toMatchObject({ status: 'Canceled', resolvedAt: '2026-11-05T10:00:00.000Z' });
    expect(item.priority).toBeUndefined();
  });

  it('puts Urgent on the critical path', () => {
    const item = parseLinearCsv(text, 'x', { ...dana, onlyLeader: false }).items.find(
      (i) => i.key === 'ENG-201',
    )!;
    expect(item).toMatchObject({ priority: 'Urgent', labels: ['Bug'], criticalPath: true });
  });
});

describe('Linear CSV', () => {
  it('finds the leader by name as well as by email', () => {
    const { items } = parseLinearCsv(
      csv(
        'ENG-1,A,Todo,High,Sam Lee,Dana Ortiz,,2026-11-25T10:00:00.000Z,,,',
        'ENG-2,B,Todo,High,Sam Lee,,,2026-11-25T10:00:00.000Z,,,',
      ),
      'x',
      dana,
    );
    expect(items.map((i) => i.key)).toEqual(['ENG-1']);
  });

  it.each([
    ['2026-11-25T13:06:24.000Z', '2026-11-25T13:06:24.000Z'],
    ['2026-11-25T13:06:24+01:00', '2026-11-25T12:06:24.000Z'],
    ['2026-11-25', '2026-11-25T00:00:00.000Z'],
    ['Wed Nov 25 2026 13:06:24 GMT+0100 (Central European Standard Time)', '2026-11-25T12:06:24.000Z'],
  ])('reads the date %s', (value, expected) => {
    const { items } = parseLinearCsv(csv(`ENG-1,A,Todo,,,Dana Ortiz,,"${value}",,,`), 'x', dana);
    expect(items[0]!.createdAt).toBe(expected);
  });

  it.each([
    [
      csv('ENG-1,A,Todo,,,Dana Ortiz,,25/11/2026,,,'),
      /x\.csv line 2 \(ENG-1\): Created "25\/11\/2026" is not a date/,
    ],
    [csv('ENG-1,A,Todo,,,Dana Ortiz,,2026-11-25T10:00:00,,,'), /Created "2026-11-25T10:00:00" is not a date/],
    [csv('ENG-1,A,Todo,,,Dana Ortiz,,,,,'), /line 2 \(ENG-1\): "Created" is empty/],
    [csv('ENG-1,,Todo,,,Dana Ortiz,,2026-11-25,,,'), /"Title" is empty/],
    [csv('ENG-1,A,Todo,,,Dana Ortiz,,2026-11-25,,bad,'), /Completed "bad"/],
    ['Title,Status,Created\nA,Todo,2026-11-25\n', /x\.csv: missing column "ID"; a Linear CSV export has it/],
  ])('refuses bad input with one clear sentence (%#)', (input, message) => {
    const e = error(() => parseLinearCsv(input, 'x.csv', dana));
    expect(e.code).toBe('import-invalid');
    expect(e.message).toMatch(message);
  });
});
