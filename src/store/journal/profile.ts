import type { Profile, Role } from '../../domain/types.js';
import { finiteNumber, json, nullable, num, opt, parse, wholeNumber } from '../rows.js';
import type { Part, Scope } from '../scope.js';
import type { ProfileStore } from '../store.js';
import type { ProfileRow } from '../tables.js';

export const profileRecords = {
  async getProfile(scope: Scope): Promise<Profile | undefined> {
    const row = await scope.db
      .selectFrom('profile')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .executeTakeFirst();
    return row === undefined ? undefined : toProfile(row);
  },

  async saveProfile(scope: Scope, profile: Profile): Promise<void> {
    const row = fromProfile(profile);
    await scope.write((db) =>
      db
        .insertInto('profile')
        .values(scope.own(row))
        .onConflict((oc) => oc.column('owner_id').doUpdateSet(row))
        .execute(),
    );
  },
} satisfies Part<ProfileStore>;

function fromProfile(p: Profile): ProfileRow {
  return {
    name: p.name,
    role: p.role,
    reports: wholeNumber(p.reports, 'reports', 0),
    tz: p.tz,
    emails: json(p.emails),
    budget_pct: p.budgetPct === undefined ? null : finiteNumber(p.budgetPct, 'budgetPct'),
    weekly_hours: finiteNumber(p.weeklyHours, 'weeklyHours'),
    new_to_function_since: nullable(p.newToFunctionSince),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toProfile(r: ProfileRow): Profile {
  return {
    name: r.name,
    role: r.role as Role,
    reports: Number(r.reports),
    tz: r.tz,
    emails: parse<string[]>(r.emails),
    ...opt('budgetPct', num(r.budget_pct)),
    weeklyHours: Number(r.weekly_hours),
    ...opt('newToFunctionSince', r.new_to_function_since),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
