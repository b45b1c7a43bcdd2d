import { describe, expect, it } from 'vitest';
import { putOffText } from '../present/commitments.js';
import type { Commitment } from '../types.js';
import { inHistoryOrder, splitPutOff } from './put-off.js';

function c(id: string, dues: (string | undefined)[], status: Commitment['status'] = 'open'): Commitment {
  // dues: the first due, then each postponement's new due.
  const [first, ...moves] = dues;
  return {
    id,
    kind: 'tough-conversation',
    title: id,
    ...(dues.at(-1) !== undefined ? { due: dues.at(-1) } : {}),
    status,
    createdAt: '2026-11-01T09:00:00.000Z',
    postponements: moves.map((toDue, i) => ({
      id: `${id}-p${i}`,
      at: `2026-11-1${i}T09:00:00.000Z`,
      ...(i === 0 ? (first !== undefined ? { fromDue: first } : {}) : { fromDue: moves[i - 1]! }),
      toDue: toDue!,
    })),
  };
}

describe('splitPutOff', () => {
  it('puts open commitments postponed twice or more apart, with the count and first due date', () => {
    const list = [
      c('once', ['2026-11-20', '2026-11-27']),
      c('twice', ['2026-11-10', '2026-11-17', '2026-11-24']),
      c('never', ['2026-11-30']),
      c('thrice-undated', [undefined, '2026-11-20', '2026-11-27', '2026-12-04']),
      c('three', ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']),
      c('done-after-two', ['2026-11-01', '2026-11-08', '2026-11-15'], 'done'),
    ];
    const { putOff, others } = splitPutOff(list);
    expect(putOff.map((p) => [p.commitment.id, p.times, p.firstDue])).toEqual([
      ['three', 3, '2026-11-02'],
      ['twice', 2, '2026-11-10'],
      ['thrice-undated', 3, undefined],
    ]);
    // A done one is no longer put off; the rest keep the order they came in.
    expect(others.map((o) => o.id)).toEqual(['once', 'never', 'done-after-two']);
  });

  it('says how often and since when', () => {
    const [three, undated] = splitPutOff([
      c('three', ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']),
      c('undated', [undefined, '2026-11-20', '2026-11-27']),
    ]).putOff;
    expect(putOffText(three!)).toBe('postponed 3 times, first due Mon 2 Nov');
    expect(putOffText(undated!)).toBe('postponed 2 times, no due date at first');
  });
});

describe('inHistoryOrder', () => {
  const p = (id: string, at: string, fromDue: string | undefined, toDue: string) => ({
    id,
    at,
    ...(fromDue ? { fromDue } : {}),
    toDue,
  });

  it('orders by time, and among equal times by how the due date moved, whatever the ids', () => {
    const same = '2026-11-25T09:00:00.000Z';
    const first = p('zz', same, '2026-11-26', '2026-11-30');
    const second = p('aa', same, '2026-11-30', '2026-12-07');
    const third = p('mm', same, '2026-12-07', '2026-12-14');
    for (const list of [
      [third, second, first],
      [second, first, third],
      [first, third, second],
    ]) {
      expect(inHistoryOrder(list).map((x) => x.id)).toEqual(['zz', 'aa', 'mm']);
    }
    const earlier = p('b', '2026-11-20T09:00:00.000Z', '2026-11-21', '2026-11-26');
    expect(inHistoryOrder([second, first, earlier]).map((x) => x.id)).toEqual(['b', 'zz', 'aa']);
  });

  it('keeps every postponement even when the chain is broken', () => {
    const same = '2026-11-25T09:00:00.000Z';
    const list = [p('c', same, '2026-01-01', '2026-01-02'), p('a', same, undefined, '2026-03-01')];
    expect(
      inHistoryOrder(list)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['a', 'c']);
  });
});
