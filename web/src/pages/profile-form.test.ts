import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../state.js';
import { draftOf } from './profile-form.js';

const view = (weeklyHours: number, weeklyHoursNote?: string): ProfileView => ({
  profile: {
    name: 'Sam',
    role: 'engineering-manager',
    reports: 6,
    tz: 'UTC',
    emails: ['sam@example.com'],
    weeklyHours,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  },
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
  budgetPct: 15,
  defaultBudgetPct: 15,
  budgetHours: (weeklyHours * 15) / 100,
  workingWeekHours: 45,
  ...(weeklyHoursNote ? { weeklyHoursNote } : {}),
});

describe('the profile form', () => {
  it('leaves weekly hours empty, to follow the working hours, unless the leader set their own', () => {
    expect(draftOf(undefined).weeklyHours).toBe('');
    expect(draftOf(view(45)).weeklyHours).toBe('');
    expect(
      draftOf(view(40, '40 h is the working week you set, not the 45 h of your working hours')).weeklyHours,
    ).toBe('40');
  });
});
