import { describe, expect, it } from 'vitest';
import { addDays } from '../time.js';
import type { Commitment, IcSession, ImprovementAction } from '../types.js';
import { type ReviewWeek, reviewQuestions } from './review-questions.js';

const MONDAY = '2026-11-23';
const NEXT_WEEK = 'Which leadership commitment will you protect first next week, and how?';

function session(id: string, date: string, title: string, over: Partial<IcSession> = {}): IcSession {
  return {
    id,
    date,
    minutes: 60,
    title,
    reasons: ['empathy'],
    gaps: [],
    createdAt: `${date}T17:00:00.000Z`,
    updatedAt: `${date}T17:00:00.000Z`,
    ...over,
  };
}

function commitment(
  id: string,
  title: string,
  putOffAt: string[],
  over: Partial<Commitment> = {},
): Commitment {
  return {
    id,
    kind: 'tough-conversation',
    title,
    person: 'Sam',
    status: 'open',
    createdAt: '2026-11-02T10:00:00.000Z',
    postponements: putOffAt.map((at, i) => ({ id: `${id}-p${i}`, at, toDue: '2026-12-04' })),
    ...over,
  };
}

function action(id: string, sessionId: string, text: string, status: 'open' | 'done'): ImprovementAction {
  return { id, text, sessionId, status, createdAt: '2026-11-25T18:00:00.000Z' };
}

/** A quiet week: 1 h of IC a day on weekdays, 9 h working days, nothing put off. */
function week(over: Partial<ReviewWeek> = {}, ic: Record<string, number> = {}): ReviewWeek {
  return {
    start: MONDAY,
    end: addDays(MONDAY, 6),
    tz: 'Europe/Berlin',
    days: Array.from({ length: 7 }, (_, i) => {
      const date = addDays(MONDAY, i);
      return { date, icDone: ic[date] ?? (i < 5 ? 60 : 0), workingMinutes: i < 5 ? 540 : 0 };
    }),
    budgetMinutes: 480,
    sessions: [],
    commitments: [],
    actions: [],
    ...over,
  };
}

describe('the weekly review asks the week’s own questions', () => {
  it.each([
    { name: 'a quiet week asks only the closing question', week: week(), asked: [] },
    {
      name: 'a commitment put off this week is named',
      week: week({
        commitments: [
          commitment('c1', 'Missed deadlines', ['2026-11-25T09:00:00.000Z']),
          commitment('c2', 'Old news', ['2026-11-10T09:00:00.000Z']),
        ],
      }),
      asked: [
        {
          id: 'put-off',
          reason: 'escape',
          prompt:
            'You put off the tough conversation with Sam “Missed deadlines” on Wed 25 Nov this week. ' +
            'What made moving it easier than doing it, and what would make the new date hold?',
        },
      ],
    },
    {
      name: 'the one put off most often is named, with how many others',
      week: week({
        commitments: [
          commitment('c1', 'Missed deadlines', ['2026-11-23T09:00:00.000Z']),
          commitment('c2', 'Pick the vendor', ['2026-11-24T09:00:00.000Z', '2026-11-26T09:00:00.000Z'], {
            kind: 'decision',
            person: undefined,
          }),
        ],
      }),
      asked: [
        {
          id: 'put-off',
          reason: 'escape',
          prompt:
            'You put off the decision “Pick the vendor” twice this week (and one other). ' +
            'What made moving it easier than doing it, and what would make the new date hold?',
        },
      ],
    },
    {
      name: 'a postponement recorded after midnight in Berlin belongs to the next week',
      week: week({ commitments: [commitment('c1', 'Missed deadlines', ['2026-11-29T23:30:00.000Z'])] }),
      asked: [],
    },
    {
      name: 'the day that went mostly to IC is named with its hours',
      week: week({ budgetMinutes: 900 }, { '2026-11-24': 300, '2026-11-26': 280 }),
      asked: [
        {
          id: 'ic-day',
          prompt:
            'Tue 24 Nov went mostly to IC work: 5 h of a 9 h working day. ' +
            'What did your team need from you that day, and did they get it?',
        },
      ],
    },
    {
      name: 'four hours of a nine-hour day is not mostly IC',
      week: week({}, { '2026-11-24': 240 }),
      asked: [],
    },
    {
      name: 'a budget overrun is named with the hours',
      week: week({}, { '2026-11-23': 150, '2026-11-24': 150, '2026-11-25': 150 }),
      asked: [
        {
          id: 'over-budget',
          prompt:
            'You did 9.5 h of IC work this week against a budget of 8 h. ' +
            'Which part of it could someone on your team have done, and would it have helped them grow?',
        },
      ],
    },
    {
      name: 'the session with the biggest fall in energy is named',
      week: week({
        sessions: [
          session('s1', '2026-11-24', 'Tidy the dashboards', { energyBefore: 3, energyAfter: 2 }),
          session('s2', '2026-11-26', 'Spike search', {
            energyBefore: 4,
            energyAfter: 2,
            reasons: ['unwind'],
          }),
          session('s3', '2026-11-16', 'Last week', { energyBefore: 5, energyAfter: 1 }),
        ],
      }),
      asked: [
        {
          id: 'energy-drop',
          reason: 'unwind',
          prompt:
            'Your energy went from 4 to 2 over “Spike search” on Thu 26 Nov. ' +
            'What about it wore you down, and would you take it on again?',
        },
      ],
    },
    {
      name: 'energy that held or rose asks nothing',
      week: week({ sessions: [session('s1', '2026-11-24', 'Tidy', { energyBefore: 3, energyAfter: 3 })] }),
      asked: [],
    },
    {
      name: 'a gap nothing has come of is named: its action is still open, or it has none',
      week: week({
        sessions: [
          session('s1', '2026-11-24', 'Run the release', {
            gaps: ['Releases need three approvals', 'No rollback'],
          }),
          session('s2', '2026-11-25', 'Onboard Kim', { gaps: ['Laptop setup takes two days'] }),
        ],
        actions: [
          action('a1', 's1', 'Releases need three approvals', 'open'),
          action('a2', 's2', 'Script the laptop setup', 'done'),
        ],
      }),
      asked: [
        {
          id: 'gap',
          reason: 'ground-truth',
          prompt:
            'Working on “Run the release” on Tue 24 Nov you found “Releases need three approvals” (and one more gap), ' +
            'and nothing has come of it yet. Who needs to hear about it, and what is the first step to fix it?',
        },
      ],
    },
    {
      name: 'a gap whose action is done asks nothing',
      week: week({
        sessions: [session('s2', '2026-11-25', 'Onboard Kim', { gaps: ['Laptop setup takes two days'] })],
        actions: [action('a1', 's2', 'Laptop setup takes two days', 'done')],
      }),
      asked: [],
    },
  ])('$name', ({ week, asked }) => {
    expect(reviewQuestions(week)).toEqual([...asked, { id: 'next-week', prompt: NEXT_WEEK }]);
  });

  it('asks in a fixed order, the closing question last', () => {
    const busy = week(
      {
        commitments: [commitment('c1', 'Missed deadlines', ['2026-11-25T09:00:00.000Z'])],
        sessions: [
          session('s1', '2026-11-24', 'Spike search', {
            energyBefore: 4,
            energyAfter: 2,
            gaps: ['No staging data'],
          }),
        ],
      },
      { '2026-11-24': 600 },
    );
    expect(reviewQuestions(busy).map((q) => q.id)).toEqual([
      'put-off',
      'ic-day',
      'over-budget',
      'energy-drop',
      'gap',
      'next-week',
    ]);
  });

  it('never quotes a title twice', () => {
    const quoted = week({
      sessions: [session('s1', '2026-11-24', '“Just helping” Priya', { energyBefore: 4, energyAfter: 1 })],
    });
    expect(reviewQuestions(quoted)[0]?.prompt).toContain('over “‘Just helping’ Priya” on Tue 24 Nov');
  });
});
