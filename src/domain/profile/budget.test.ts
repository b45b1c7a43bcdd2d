import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import type { Role } from '../types.js';
import {
  BUDGET_HELP,
  budgetHours,
  budgetPct,
  defaultBudgetPct,
  weeklyHoursNote,
  workingWeekHours,
} from './budget.js';

describe('defaultBudgetPct', () => {
  it.each([
    ['director', 0, 5],
    ['director', 12, 5],
    ['tech-lead', 0, 40],
    ['tech-lead', 3, 40],
    ['tech-lead', 4, 20],
    ['engineering-manager', 0, 30],
    ['engineering-manager', 3, 30],
    ['engineering-manager', 4, 20],
    ['engineering-manager', 5, 20],
    ['engineering-manager', 6, 15],
    ['engineering-manager', 8, 15],
    ['engineering-manager', 9, 10],
    ['engineering-manager', 40, 10],
    ['product-manager', 0, 30],
    ['founder', 7, 15],
    ['other', 2, 30],
  ] as [Role, number, number][])('%s with %i reports → %i%%', (role, reports, pct) => {
    expect(defaultBudgetPct(role, reports)).toBe(pct);
  });

  it.each([-1, 2.5, Number.NaN])('refuses %s reports', (reports) => {
    expect(() => defaultBudgetPct('engineering-manager', reports)).toThrow(AppError);
  });
});

describe('budgetPct and budgetHours', () => {
  const manager = { role: 'engineering-manager' as const, reports: 7, weeklyHours: 40 };

  it('uses the default when there is no override', () => {
    expect(budgetPct(manager)).toBe(15);
    expect(budgetHours(manager)).toBe(6);
  });

  it('lets the override win, even an override of 0', () => {
    expect(budgetPct({ ...manager, budgetPct: 25 })).toBe(25);
    expect(budgetPct({ ...manager, budgetPct: 0 })).toBe(0);
    expect(budgetHours({ ...manager, budgetPct: 0 })).toBe(0);
  });

  it('scales with working hours and rounds to hundredths', () => {
    expect(budgetHours({ ...manager, budgetPct: 25, weeklyHours: 37.5 })).toBe(9.38);
    expect(budgetHours({ ...manager, budgetPct: 10, weeklyHours: 32 })).toBe(3.2);
  });
});

describe('workingWeekHours', () => {
  it.each([
    [[1, 2, 3, 4, 5], '09:00', '18:00', 45],
    [[1, 2, 3, 4], '08:00', '17:00', 36],
    [[1, 2, 3, 4, 5], '09:00', '17:30', 42.5],
    [[1, 3, 5], '09:15', '13:35', 13],
    [[1, 2, 3, 4, 5, 6, 7], '00:00', '23:59', 167.88],
  ])('%j from %s to %s make %s h', (days, start, end, hours) => {
    expect(workingWeekHours({ days, start, end })).toBe(hours);
  });
});

describe('weeklyHoursNote', () => {
  it('says nothing when the weekly hours are those of the working hours, and why they differ otherwise', () => {
    expect(weeklyHoursNote(45, 45)).toBeUndefined();
    expect(weeklyHoursNote(40, 45)).toBe(
      '40 h is the working week you set, not the 45 h of your working hours',
    );
  });
});

describe('BUDGET_HELP', () => {
  it('cites the reports heuristic and the defaults', () => {
    expect(BUDGET_HELP).toMatch(/fewer than about 4 reports/);
    expect(BUDGET_HELP).toMatch(/6 to 8 reports/);
    expect(BUDGET_HELP).toMatch(/director/);
    expect(BUDGET_HELP).toMatch(/override/);
  });
});
