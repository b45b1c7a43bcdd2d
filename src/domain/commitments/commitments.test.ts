import { describe, expect, it } from 'vitest';
import type { Commitment, CommitmentKind } from '../types.js';
import { commitmentHealth } from './commitments.js';

const TODAY = '2026-11-25';

function c(
  title: string,
  kind: CommitmentKind,
  {
    due,
    postponed = 0,
    status = 'open',
  }: { due?: string; postponed?: number; status?: Commitment['status'] } = {},
): Commitment {
  return {
    id: title,
    kind,
    title,
    due,
    status,
    createdAt: '2026-11-01T09:00:00.000Z',
    postponements: Array.from({ length: postponed }, (_, i) => ({
      id: `p${i}`,
      at: '2026-11-10T09:00:00.000Z',
      toDue: due ?? '2026-12-01',
    })),
  };
}

const titles = (list: Commitment[]) => list.map((x) => x.title);

describe('commitmentHealth', () => {
  it.each([
    { name: 'nothing at all', list: [], overdue: [], tough: [], postponed: [], healthy: true },
    {
      name: 'due today is not overdue',
      list: [c('1:1 with Jo', 'one-on-one', { due: TODAY })],
      overdue: [],
      tough: [],
      postponed: [],
      healthy: true,
    },
    {
      name: 'an overdue 1:1',
      list: [c('1:1 with Jo', 'one-on-one', { due: '2026-11-24' })],
      overdue: ['1:1 with Jo'],
      tough: [],
      postponed: [],
      healthy: false,
    },
    {
      name: 'a postponed review is postponed but healthy',
      list: [c('Design review', 'review', { due: '2026-12-01', postponed: 2 })],
      overdue: [],
      tough: [],
      postponed: ['Design review'],
      healthy: true,
    },
    {
      name: 'a postponed tough conversation',
      list: [c('Talk to Sam', 'tough-conversation', { due: '2026-12-01', postponed: 1 })],
      overdue: [],
      tough: ['Talk to Sam'],
      postponed: ['Talk to Sam'],
      healthy: false,
    },
    {
      name: 'an overdue decision never postponed',
      list: [c('On-call model', 'decision', { due: '2026-11-01' })],
      overdue: ['On-call model'],
      tough: ['On-call model'],
      postponed: [],
      healthy: false,
    },
    {
      name: 'a tough conversation with no due date and no postponement',
      list: [c('Talk to Sam', 'tough-conversation')],
      overdue: [],
      tough: [],
      postponed: [],
      healthy: true,
    },
    {
      name: 'closed commitments do not count',
      list: [
        c('Talk to Sam', 'tough-conversation', { due: '2026-11-01', postponed: 3, status: 'done' }),
        c('Hire a designer', 'hiring', { due: '2026-11-01', status: 'cancelled' }),
      ],
      overdue: [],
      tough: [],
      postponed: [],
      healthy: true,
    },
  ])('$name', ({ list, overdue, tough, postponed, healthy }) => {
    const health = commitmentHealth(list, TODAY);
    expect(titles(health.overdue)).toEqual(overdue);
    expect(titles(health.toughPostponedOrOverdue)).toEqual(tough);
    expect(titles(health.postponed)).toEqual(postponed);
    expect(health.healthy).toBe(healthy);
  });

  it('takes the tough kinds from the config', () => {
    const list = [
      c('Design review', 'review', { postponed: 1 }),
      c('Talk to Sam', 'tough-conversation', { postponed: 1 }),
    ];
    const health = commitmentHealth(list, TODAY, { toughKinds: ['review'] });
    expect(titles(health.toughPostponedOrOverdue)).toEqual(['Design review']);
  });

  it('orders by due date (none last), then title, whatever the input order', () => {
    const list = [
      c('b no due', 'one-on-one', { postponed: 1 }),
      c('z late', 'one-on-one', { due: '2026-12-09', postponed: 1 }),
      c('a no due', 'one-on-one', { postponed: 1 }),
      c('y early', 'one-on-one', { due: '2026-12-01', postponed: 1 }),
    ];
    const expected = ['y early', 'z late', 'a no due', 'b no due'];
    expect(titles(commitmentHealth(list, TODAY).postponed)).toEqual(expected);
    expect(titles(commitmentHealth([...list].reverse(), TODAY).postponed)).toEqual(expected);
  });
});
