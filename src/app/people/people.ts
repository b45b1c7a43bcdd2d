import { z } from 'zod';
import {
  type PeopleInput,
  type PersonCandidate,
  type PersonStatus,
  peopleStatus,
  personCandidates,
} from '../../domain/people/people.js';
import { PersonSchema } from '../../domain/records.js';
import { addDays } from '../../domain/time.js';
import type { Person, Profile } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { dayModels, modelEvents } from '../insight/model.js';
import { requireProfile, today } from '../profile/profile.js';
import { atMost, id } from '../schemas.js';

/** How far back the people page looks for 1:1s, and how far ahead for the next one. */
export const PEOPLE_LOOKBACK_DAYS = 7 * 8;
const LOOKAHEAD_DAYS = 7 * 5;

/** A person as the leader enters one: what they may set (`report` and weekly unless said). */
const PersonFields = PersonSchema.pick({
  name: true,
  email: true,
  relation: true,
  oneOnOneEvery: true,
}).extend({
  relation: PersonSchema.shape.relation.default('report'),
});

export interface PeopleView {
  today: string;
  /** Each person with where they stand, by name. */
  people: PersonStatus[];
  /** A calendar covers some day of the weeks looked at: without one, every 1:1 figure is unknown. */
  calendar: boolean;
}

/** Everything the people's figures are computed from, as of today (the people page and the flag agree). */
async function peopleInput(ctx: AppContext, profile: Profile): Promise<PeopleInput & { calendar: boolean }> {
  const on = today(ctx, profile);
  const from = addDays(on, -PEOPLE_LOOKBACK_DAYS);
  const [people, commitments, events, days] = await Promise.all([
    ctx.store.listPeople(),
    ctx.store.listCommitments(),
    modelEvents(ctx, profile, from, addDays(on, LOOKAHEAD_DAYS)),
    dayModels(ctx, profile, from, on),
  ]);
  const covered = new Set(days.filter((d) => d.calendar).map((d) => d.date));
  return {
    today: on,
    now: ctx.now().toISOString(),
    tz: profile.tz,
    ownEmails: profile.emails,
    people,
    events,
    commitments,
    covered: (d) => covered.has(d),
    calendar: covered.size > 0,
  };
}

/** A person is named once by address: two with one address would split their 1:1s between them. */
function refuseTakenEmail(people: readonly Person[], person: Person, field: string): void {
  if (person.email === undefined) return;
  const other = people.find((p) => p.id !== person.id && p.email === person.email);
  if (other) {
    throw new AppError(
      'conflict',
      `${person.email} is already ${other.name}'s address; edit ${other.name} instead.`,
      {
        field,
      },
    );
  }
}

async function getPerson(ctx: AppContext, personId: string): Promise<Person> {
  const found = (await ctx.store.listPeople()).find((p) => p.id === personId);
  if (!found) {
    throw new AppError('not-found', `There is no person "${personId}"; see \`handson people\`.`, {
      field: 'id',
    });
  }
  return found;
}

export const peopleHandlers = {
  list: handler({
    access: 'owner',
    readOnly: true,
    summary:
      'The people you hold 1:1s with: the last and next 1:1, those missed, open commitments, overdue ones.',
    input: z.object({}),
    async run(ctx): Promise<PeopleView> {
      const profile = await requireProfile(ctx);
      const input = await peopleInput(ctx, profile);
      return { today: input.today, people: peopleStatus(input), calendar: input.calendar };
    },
  }),

  candidates: handler({
    access: 'owner',
    readOnly: true,
    summary: 'People seen as the other attendee of your 1:1s who are not on your list yet, to confirm.',
    input: z.object({}),
    async run(ctx): Promise<PersonCandidate[]> {
      const profile = await requireProfile(ctx);
      return personCandidates(await peopleInput(ctx, profile));
    },
  }),

  add: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Add one or more people (direct reports unless said), e.g. the candidates you confirmed.',
    input: z.object({ people: atMost(200, 'people', PersonFields).min(1, 'expected at least one person') }),
    async run(ctx, input): Promise<Person[]> {
      await requireProfile(ctx);
      const at = ctx.now().toISOString();
      // One transaction (invoke's): every person is added, or none.
      const all = await ctx.store.listPeople();
      const added: Person[] = [];
      for (const [i, fields] of input.people.entries()) {
        const person: Person = {
          id: ctx.newId(),
          name: fields.name,
          ...(fields.email === undefined ? {} : { email: fields.email }),
          relation: fields.relation,
          oneOnOneEvery: fields.oneOnOneEvery,
          createdAt: at,
          updatedAt: at,
        };
        refuseTakenEmail(all, person, `people.${i}.email`);
        all.push(person);
        added.push(person);
        await ctx.store.upsertPerson(person);
      }
      return added;
    },
  }),

  edit: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Change a person: name, address (empty removes it), report or other, 1:1 cadence in days.',
    input: z.object({
      id,
      name: PersonSchema.shape.name.optional(),
      email: z.union([z.literal(''), PersonSchema.shape.email]).optional(),
      relation: PersonSchema.shape.relation.optional(),
      oneOnOneEvery: PersonSchema.shape.oneOnOneEvery.removeDefault().optional(),
    }),
    async run(ctx, input): Promise<Person> {
      await requireProfile(ctx);
      const found = await getPerson(ctx, input.id);
      const { email: _email, ...rest } = found;
      const email = input.email === undefined ? found.email : input.email === '' ? undefined : input.email;
      const person: Person = {
        ...rest,
        ...(email === undefined ? {} : { email }),
        name: input.name ?? found.name,
        relation: input.relation ?? found.relation,
        oneOnOneEvery: input.oneOnOneEvery ?? found.oneOnOneEvery,
        updatedAt: ctx.now().toISOString(),
      };
      refuseTakenEmail(await ctx.store.listPeople(), person, 'email');
      await ctx.store.upsertPerson(person);
      return person;
    },
  }),

  remove: handler({
    access: 'owner',
    touches: ['journal'],
    summary: 'Remove a person from your list (their 1:1s and commitments stay as they are).',
    input: z.object({ id }),
    async run(ctx, input): Promise<{ removed: Person }> {
      const found = await getPerson(ctx, input.id);
      await ctx.store.deletePerson(found.id);
      return { removed: found };
    },
  }),
};
