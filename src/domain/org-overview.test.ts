import { describe, expect, it } from 'vitest';
import { MIN_PEOPLE, orgOverview, type PersonWeek } from './org-overview.js';

const week = (
  icDoneMinutes: number,
  budgetMinutes = 600,
  leadershipMinutes: number | null = 1200,
): PersonWeek => ({
  icDoneMinutes,
  budgetMinutes,
  leadershipMinutes,
});

describe('the organisation overview', () => {
  it('shows no figure made from fewer than five people, and says how many there are', () => {
    const four = orgOverview([week(60), week(120), week(180), week(240)]);
    expect(four.counted).toBe(4);
    for (const f of [four.icHoursDone, four.budgetUsedPercent, four.overBudget, four.leadershipHours]) {
      expect(f.value).toBeNull();
      expect(f.counted).toBe(4);
      expect('reason' in f && f.reason).toBe(
        `Shown once at least ${MIN_PEOPLE} people${f === four.icHoursDone ? '' : f === four.leadershipHours ? ' with a calendar' : ' with an IC budget'} are counted; 4 are so far.`,
      );
    }
    expect(orgOverview([]).icHoursDone).toEqual({
      value: null,
      counted: 0,
      reason: 'Shown once at least 5 people are counted; none are yet.',
    });
  });

  it('gives medians and counts from five people on', () => {
    const o = orgOverview([week(60), week(120), week(700), week(240), week(900)]);
    expect(o.icHoursDone).toEqual({ value: 4, counted: 5 });
    // 10%, 20%, 40%, 117%, 150% of a 600-minute budget.
    expect(o.budgetUsedPercent).toEqual({ value: 40, counted: 5 });
    expect(o.overBudget).toEqual({ value: 2, counted: 5 });
    expect(o.leadershipHours).toEqual({ value: 20, counted: 5 });
    // An even count takes the mean of the middle two.
    expect(
      orgOverview([week(60), week(120), week(180), week(240), week(300), week(360)]).icHoursDone.value,
    ).toBe(3.5);
  });

  it('counts each figure over the people it can be known for', () => {
    // Six people, two without a calendar: leadership time is about four, so it is not shown.
    const o = orgOverview([week(60), week(60), week(60), week(60), week(60, 600, null), week(60, 0, null)]);
    expect(o.counted).toBe(6);
    expect(o.icHoursDone).toEqual({ value: 1, counted: 6 });
    expect(o.budgetUsedPercent).toEqual({ value: 10, counted: 5 });
    expect(o.leadershipHours.value).toBeNull();
    expect(o.leadershipHours.counted).toBe(4);
  });
});
