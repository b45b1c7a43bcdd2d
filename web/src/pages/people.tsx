import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { cadenceText, lastText, nextText, relationText } from '../../../src/domain/present/people.js';
import { call } from '../api/client.js';
import type { Output } from '../api/types.js';
import { plural, shortDate } from '../lib/format.js';
import { numberOrText, optional } from '../lib/forms.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Form, SelectField, Submit, TextField } from '../ui/form.js';
import { type Loaded, useAction, useApi, useDraft } from '../ui/hooks.js';

type Status = Output<'people', 'list'>['people'][number];
type Person = Status['person'];
type Candidate = Output<'people', 'candidates'>[number];
type Relation = Person['relation'];

/** What was typed goes to the server as typed when it is not a number: its schema names the problem. */
const days = (text: string) => numberOrText(text) as number | undefined;

const RELATIONS: { value: Relation; label: string }[] = [
  { value: 'report', label: relationText('report') },
  { value: 'other', label: relationText('other') },
];

/**
 * Unknown is said as unknown, with why, and never as "no": without a calendar for every day of
 * the cadence, a missing 1:1 may simply be one Hands-on cannot see.
 */
function overdueAnswer(overdue: boolean | null): string {
  return overdue === null ? 'Unknown — no calendar for part of the cadence' : overdue ? 'Yes' : 'No';
}

/** The request's own field names (`people.0.name`), so the server's errors land on their fields. */
const ADD_FIELDS = {
  'people.0.name': 'Name',
  'people.0.email': 'Email address',
  'people.0.relation': 'How you work together',
  'people.0.oneOnOneEvery': 'Days between 1:1s',
};

const EDIT_FIELDS = {
  name: 'Name',
  email: 'Email address',
  relation: 'How you work together',
  oneOnOneEvery: 'Days between 1:1s',
  id: 'Person',
};

const EMAIL_HINT = 'How their calendar invitations are recognised. Without it, 1:1s are matched by name.';
const CADENCE_HINT = '7 for a weekly 1:1, 14 for every two weeks.';

interface Draft {
  name: string;
  email: string;
  relation: Relation;
  every: string;
}

/** The four fields a person has, shared by the add and edit forms (`names` are the request's). */
function PersonFields({
  draft,
  set,
  names,
  labels,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(key: K) => (value: Draft[K]) => void;
  names: Record<keyof Draft, string>;
  labels: Record<string, string>;
}) {
  return (
    <>
      <div class="field-pair">
        <TextField
          name={names.name}
          label={labels[names.name]!}
          autoComplete="off"
          value={draft.name}
          onValue={set('name')}
        />
        <TextField
          name={names.email}
          type="email"
          label={labels[names.email]!}
          optional
          hint={EMAIL_HINT}
          value={draft.email}
          onValue={set('email')}
        />
      </div>
      <div class="field-pair">
        <SelectField
          name={names.relation}
          label={labels[names.relation]!}
          options={RELATIONS}
          value={draft.relation}
          onValue={(v) => set('relation')(v as Relation)}
        />
        <TextField
          name={names.every}
          label={labels[names.every]!}
          inputMode="numeric"
          size="narrow"
          hint={CADENCE_HINT}
          value={draft.every}
          onValue={set('every')}
        />
      </div>
    </>
  );
}

const EMPTY: Draft = { name: '', email: '', relation: 'report', every: '7' };

function AddForm({ onAdded }: { onAdded(): void }) {
  const [draft, set, setDraft] = useDraft(EMPTY);
  const add = useAction(() =>
    call('people', 'add', {
      people: [
        {
          name: draft.name.trim(),
          email: optional(draft.email),
          relation: draft.relation,
          oneOnOneEvery: days(draft.every),
        },
      ],
    }),
  );
  return (
    <Form
      id="add-person"
      fields={ADD_FIELDS}
      error={add.error}
      busy={add.busy}
      label="Add someone yourself"
      onSubmit={async () => {
        const added = await add.run();
        if (!added) return;
        announce(`Added ${added.map((p) => p.name).join(', ')}.`);
        setDraft(EMPTY);
        onAdded();
      }}
    >
      <PersonFields
        draft={draft}
        set={set}
        names={{
          name: 'people.0.name',
          email: 'people.0.email',
          relation: 'people.0.relation',
          every: 'people.0.oneOnOneEvery',
        }}
        labels={ADD_FIELDS}
      />
      <div class="actions">
        <Submit busy={add.busy}>Add person</Submit>
      </div>
    </Form>
  );
}

function EditForm({ person, onDone, onCancel }: { person: Person; onDone(): void; onCancel(): void }) {
  const [draft, set] = useDraft<Draft>({
    name: person.name,
    email: person.email ?? '',
    relation: person.relation,
    every: String(person.oneOnOneEvery),
  });
  const edit = useAction(() =>
    call('people', 'edit', {
      id: person.id,
      name: draft.name.trim(),
      // Empty removes the address.
      email: draft.email.trim(),
      relation: draft.relation,
      oneOnOneEvery: days(draft.every),
    }),
  );
  return (
    <Form
      id={`edit-${person.id}`}
      fields={EDIT_FIELDS}
      error={edit.error}
      busy={edit.busy}
      label={`Change ${person.name}`}
      onSubmit={async () => {
        const changed = await edit.run();
        if (!changed) return;
        announce(`Saved ${changed.name}.`);
        onDone();
      }}
    >
      <PersonFields
        draft={draft}
        set={set}
        names={{ name: 'name', email: 'email', relation: 'relation', every: 'oneOnOneEvery' }}
        labels={EDIT_FIELDS}
      />
      <div class="actions">
        <Submit busy={edit.busy}>Save</Submit>
        <button type="button" class="btn" onClick={onCancel}>
          Keep as it was
        </button>
      </div>
    </Form>
  );
}

function Missed({ s }: { s: Status }) {
  if (s.missed.length === 0) return <>none</>;
  return (
    <>
      {s.missed.length}: {s.missed.map((m) => `${m.how} ${m.date ? shortDate(m.date) : m.title}`).join(', ')}
    </>
  );
}

function Open({ s }: { s: Status }) {
  if (s.open.length === 0) return <>none</>;
  return (
    <>
      {s.open.length}
      <ul class="person-open">
        {s.open.map((c) => (
          <li key={c.id}>{c.title}</li>
        ))}
      </ul>
    </>
  );
}

function PersonItem({ s, onChanged }: { s: Status; onChanged(): void }) {
  const p = s.person;
  const [editing, setEditing] = useState(false);
  const remove = useAction(() => call('people', 'remove', { id: p.id }));
  const headingId = `person-${p.id}`;
  const facts: [string, ComponentChildren][] = [
    ['Relation', relationText(p.relation)],
    ['1:1', cadenceText(p.oneOnOneEvery)],
    ['Last 1:1', lastText(s)],
    ['Next 1:1', nextText(s.next)],
    ['Missed or cancelled, last 4 weeks', <Missed key="m" s={s} />],
    ['Open commitments', <Open key="o" s={s} />],
    ['Overdue for a 1:1', overdueAnswer(s.overdue)],
  ];
  return (
    <li class="item person" aria-labelledby={headingId}>
      <div class="item-head">
        <h3 id={headingId} class="item-title">
          {p.name}
        </h3>
        {s.overdue === true && <span class="tag tag-alert">1:1 overdue</span>}
      </div>
      {p.email && <p class="meta">{p.email}</p>}
      <dl class="person-facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {remove.error && <LoadError title="Not removed." error={remove.error} />}
      {editing ? (
        <EditForm
          person={p}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div class="actions">
          <button
            type="button"
            class="btn btn-small"
            aria-label={`Edit: ${p.name}`}
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
          <ConfirmButton
            label="Remove"
            hiddenLabel={p.name}
            question={`Take ${p.name} off your list? Their 1:1s and commitments stay as they are.`}
            confirmLabel="Yes, remove"
            keepLabel="Keep"
            busy={remove.busy}
            onConfirm={async () => {
              if (!(await remove.run())) return;
              announce(`Removed ${p.name}.`);
              document.getElementById('people-h')?.focus();
              onChanged();
            }}
          />
        </div>
      )}
    </li>
  );
}

function CandidateItem({ c, onAdded }: { c: Candidate; onAdded(): void }) {
  const add = useAction(() => call('people', 'add', { people: [{ name: c.name, email: c.email }] }));
  return (
    <li class="item candidate">
      <div class="item-head">
        <p class="item-title">{c.name}</p>
        <button
          type="button"
          class="btn btn-small"
          aria-label={`Add ${c.name}`}
          aria-disabled={add.busy ? 'true' : undefined}
          onClick={async () => {
            if (add.busy || !(await add.run())) return;
            announce(`Added ${c.name}.`);
            document.getElementById('candidates-h')?.focus();
            onAdded();
          }}
        >
          Add
        </button>
      </div>
      <p class="meta">
        {c.email} · {plural(c.oneOnOnes, '1:1')}, the latest {shortDate(c.lastSeen)}
      </p>
      {add.error && <LoadError title="Not added." error={add.error} />}
    </li>
  );
}

function Candidates({
  list,
  calendar,
  onAdded,
}: {
  list: Loaded<Candidate[]>;
  calendar: boolean | undefined;
  onAdded(): void;
}) {
  if (list.error) return <LoadError error={list.error} retry={() => void list.reload()} />;
  if (!list.data) return <Skeleton heights={[64, 64]} text="Looking through your calendar…" />;
  if (list.data.length === 0) {
    return (
      <p class="empty">
        {calendar === false ? (
          <>
            No calendar yet, so no 1:1s to go by. <a href="#/import">Bring in your calendar</a>, or add
            someone yourself below.
          </>
        ) : (
          'No one new: everyone you hold 1:1s with in your calendar is on your list.'
        )}
      </p>
    );
  }
  return (
    <>
      <p class="small muted">
        The other person in your 1:1s, from your calendar. Each is added as a direct report with a weekly 1:1;
        edit them afterwards if that is not right.
      </p>
      <ul class="list-plain">
        {list.data.map((c) => (
          <CandidateItem key={c.email} c={c} onAdded={onAdded} />
        ))}
      </ul>
    </>
  );
}

export default function PeoplePage() {
  const people = useApi(() => call('people', 'list', {}), []);
  const candidates = useApi(() => call('people', 'candidates', {}), []);
  const reload = () => {
    void people.reload();
    void candidates.reload();
  };
  const view = people.data;

  return (
    <>
      <PageHead title="People">
        <p>
          The people you hold 1:1s with: when you last met, when you meet next, the 1:1s that fell through,
          and what you still owe them.
        </p>
      </PageHead>

      <section class="section" aria-labelledby="people-h">
        <h2 id="people-h" tabIndex={-1}>
          Your people
        </h2>
        {people.error && <LoadError error={people.error} retry={() => void people.reload()} />}
        {people.loading && <Skeleton heights={[220, 220]} text="Gathering your people…" />}
        {view && !view.calendar && (
          <p class="notice notice-warn">
            No calendar covers the last weeks, so the 1:1s and whether one is overdue are unknown.{' '}
            <a href="#/import">Import your calendar</a>.
          </p>
        )}
        {view && view.people.length === 0 && (
          <p class="empty">Nobody on your list yet. Add people from your calendar or by hand below.</p>
        )}
        {view && view.people.length > 0 && (
          <ul class="list-plain card">
            {view.people.map((s) => (
              <PersonItem key={s.person.id} s={s} onChanged={reload} />
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="candidates-h">
        <h2 id="candidates-h" tabIndex={-1}>
          Add from calendar
        </h2>
        <Candidates list={candidates} calendar={view?.calendar} onAdded={reload} />
      </section>

      <section class="card" aria-labelledby="add-person-h">
        <h2 id="add-person-h">Add someone yourself</h2>
        <AddForm onAdded={reload} />
      </section>
    </>
  );
}
