import type { Person } from '../../domain/types.js';
import type { Part, Scope } from '../scope.js';
import type { PersonStore } from '../store.js';
import type { PersonRow } from '../tables.js';

export const personRecords = {
  async listPeople(scope: Scope): Promise<Person[]> {
    const rows = await scope.db
      .selectFrom('people')
      .selectAll()
      .where('owner_id', '=', scope.ownerId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toPerson);
  },

  async upsertPerson(scope: Scope, person: Person): Promise<void> {
    const row = fromPerson(person);
    const { id: _id, ...rest } = row;
    await scope.write((db) =>
      db
        .insertInto('people')
        .values(scope.own(row))
        .onConflict((oc) => oc.columns(['owner_id', 'id']).doUpdateSet(rest))
        .execute(),
    );
  },

  async deletePerson(scope: Scope, id: string): Promise<boolean> {
    const result = await scope.write((db) =>
      db.deleteFrom('people').where('owner_id', '=', scope.ownerId).where('id', '=', id).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  },
} satisfies Part<PersonStore>;

function fromPerson(p: Person): PersonRow {
  return {
    id: p.id,
    name: p.name,
    email: p.email ?? null,
    relation: p.relation,
    one_on_one_every: p.oneOnOneEvery,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    name: r.name,
    ...(r.email === null ? {} : { email: r.email }),
    relation: r.relation as Person['relation'],
    oneOnOneEvery: Number(r.one_on_one_every),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
