import { useEffect, useState } from 'preact/hooks';
import { call } from '../api/client.js';
import type { Commitment, CommitmentKind } from '../api/types.js';
import { closed, daysOpen, groupOpen, KIND_LABEL, KINDS } from '../lib/commitments.js';
import { dateInZone } from '../lib/dates.js';
import { age, fullDate, plural, relativeDay, shortDate } from '../lib/format.js';
import { optional } from '../lib/forms.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Form, SelectField, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useApi, useDraft } from '../ui/hooks.js';

const ADD_FIELDS = { kind: 'Kind', title: 'What have you committed to?', person: 'With whom', due: 'Due' };
const POSTPONE_FIELDS = { to: 'New due date', why: 'Why it moves', id: 'Commitment' };

function AddForm({ onAdded }: { onAdded(): void }) {
  const empty = { kind: 'one-on-one' as CommitmentKind, title: '', person: '', due: '' };
  const [draft, set, setDraft] = useDraft(empty);
  const add = useAction(() =>
    call('commitments', 'add', {
      kind: draft.kind,
      title: draft.title,
      person: optional(draft.person),
      due: optional(draft.due),
    }),
  );
  return (
    <Form
      id="add-commitment"
      fields={ADD_FIELDS}
      error={add.error}
      busy={add.busy}
      onSubmit={async () => {
        const c = await add.run();
        if (!c) return;
        announce(`Added: ${c.title}.`);
        setDraft(empty);
        onAdded();
      }}
    >
      <SelectField
        name="kind"
        label={ADD_FIELDS.kind}
        size="medium"
        options={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        value={draft.kind}
        onValue={(v) => set('kind')(v as CommitmentKind)}
      />
      <TextField
        name="title"
        label={ADD_FIELDS.title}
        hint="For example: Give Alex feedback on the launch plan."
        value={draft.title}
        onValue={set('title')}
      />
      <div class="field-pair">
        <TextField
          name="person"
          label={ADD_FIELDS.person}
          optional
          value={draft.person}
          onValue={set('person')}
        />
        <TextField
          name="due"
          type="date"
          label={ADD_FIELDS.due}
          optional
          value={draft.due}
          onValue={set('due')}
        />
      </div>
      <div class="actions">
        <Submit busy={add.busy}>Add commitment</Submit>
      </div>
    </Form>
  );
}

function Postponements({ c }: { c: Commitment }) {
  if (c.postponements.length === 0) return null;
  return (
    <div class="small">
      <p class="muted">Moved before:</p>
      <ul>
        {c.postponements.map((p) => (
          <li key={p.id}>
            {p.fromDue ? `${shortDate(p.fromDue)} → ` : 'to '}
            {shortDate(p.toDue)}
            {p.why ? ` — ${p.why}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PostponeForm({ c, onDone, onCancel }: { c: Commitment; onDone(): void; onCancel(): void }) {
  const [draft, set] = useDraft({ to: '', why: '' });
  const postpone = useAction(() =>
    call('commitments', 'postpone', { id: c.id, to: draft.to, why: optional(draft.why), version: c.version }),
  );
  useEffect(() => {
    document.getElementById(`postpone-${c.id}-to`)?.focus();
  }, [c.id]);
  return (
    <Form
      id={`postpone-${c.id}`}
      fields={POSTPONE_FIELDS}
      error={postpone.error}
      busy={postpone.busy}
      label={`Postpone: ${c.title}`}
      onSubmit={async () => {
        const moved = await postpone.run();
        if (!moved) return;
        announce(`Moved to ${fullDate(draft.to)}.`);
        onDone();
      }}
    >
      <Postponements c={c} />
      <TextField
        name="to"
        type="date"
        size="medium"
        label={POSTPONE_FIELDS.to}
        hint={c.due ? `It is due ${fullDate(c.due)} now.` : undefined}
        value={draft.to}
        onValue={set('to')}
      />
      <TextArea
        name="why"
        label={POSTPONE_FIELDS.why}
        optional
        rows={2}
        hint="Honest and short. Only you will read it."
        value={draft.why}
        onValue={set('why')}
      />
      <div class="actions">
        <Submit busy={postpone.busy}>Postpone</Submit>
        <button type="button" class="btn" onClick={onCancel}>
          Keep the date
        </button>
      </div>
    </Form>
  );
}

function OpenItem({ c, onChanged }: { c: Commitment; onChanged(): void }) {
  const { today, profile } = useAppState();
  const [postponing, setPostponing] = useState(false);
  // The version as listed: one changed since (in another tab, from the CLI) is refused, not written over.
  const done = useAction(() => call('commitments', 'done', { id: c.id, version: c.version }));
  const cancel = useAction(() => call('commitments', 'cancel', { id: c.id, version: c.version }));
  const open = daysOpen(c, today, profile.profile.tz);
  const due = c.due
    ? c.due < today
      ? `was due ${relativeDay(c.due, today)}`
      : `due ${relativeDay(c.due, today)}`
    : 'no due date';
  const headingId = `commitment-${c.id}`;
  const after = (text: string) => {
    announce(text);
    document.getElementById('open-h')?.focus();
    onChanged();
  };
  return (
    <li class="item" aria-labelledby={headingId}>
      <div class="item-head">
        <h4 id={headingId} class="item-title">
          {c.title}
        </h4>
        <span class="tag">{KIND_LABEL[c.kind]}</span>
      </div>
      <p class="meta">
        {[c.person ? `with ${c.person}` : undefined, due, `open ${age(open)}`].filter(Boolean).join(' · ')}
        {c.postponements.length > 0 && (
          <>
            {' · '}
            <strong>postponed {plural(c.postponements.length, 'time')}</strong>
          </>
        )}
      </p>
      {(done.error ?? cancel.error) && (
        <LoadError title="Not changed." error={(done.error ?? cancel.error)!} />
      )}
      {postponing ? (
        <PostponeForm
          c={c}
          onDone={() => {
            setPostponing(false);
            onChanged();
          }}
          onCancel={() => setPostponing(false)}
        />
      ) : (
        <>
          {c.postponements.length > 0 && (
            <details>
              <summary>Earlier postponements</summary>
              <Postponements c={c} />
            </details>
          )}
          <div class="actions">
            <button
              type="button"
              class="btn btn-small"
              onClick={async () => {
                if (!done.busy && (await done.run())) after(`Done: ${c.title}.`);
              }}
              aria-label={`Done: ${c.title}`}
            >
              Done
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setPostponing(true)}
              aria-label={`Postpone: ${c.title}`}
            >
              Postpone
            </button>
            <ConfirmButton
              label="Cancel"
              hiddenLabel={c.title}
              question="Cancel it? It stays in your journal, marked cancelled."
              confirmLabel="Yes, cancel it"
              keepLabel="Keep it"
              busy={cancel.busy}
              onConfirm={async () => {
                if (await cancel.run()) after(`Cancelled: ${c.title}.`);
              }}
            />
          </div>
        </>
      )}
    </li>
  );
}

function ClosedList({ items, tz }: { items: Commitment[]; tz: string }) {
  return (
    <ul class="list-plain">
      {items.map((c) => (
        <li key={c.id} class="item">
          <p class="item-title">{c.title}</p>
          <p class="meta">
            {[
              KIND_LABEL[c.kind],
              c.person ? `with ${c.person}` : undefined,
              c.closedAt ? closedOn(c.closedAt, tz) : undefined,
            ]
              .filter(Boolean)
              .join(' · ')}
            {c.postponements.length > 0 && ` · postponed ${plural(c.postponements.length, 'time')}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

function closedOn(instant: string, tz: string): string {
  return `closed ${fullDate(dateInZone(instant, tz))}`;
}

export default function CommitmentsPage() {
  const { today, profile } = useAppState();
  const list = useApi(() => call('commitments', 'list', {}), []);
  const groups = list.data ? groupOpen(list.data, today) : undefined;
  const done = list.data ? closed(list.data, 'done') : [];
  const cancelled = list.data ? closed(list.data, 'cancelled') : [];

  return (
    <>
      <PageHead title="Commitments">
        <p>
          The leadership work you have promised: 1:1s, hard conversations, decisions, reviews. Keeping them in
          view is how you notice when IC work starts pushing them aside.
        </p>
      </PageHead>

      <section class="card" aria-labelledby="add-h">
        <h2 id="add-h">Add a commitment</h2>
        <AddForm onAdded={() => void list.reload()} />
      </section>

      <section class="section" aria-labelledby="open-h">
        <h2 id="open-h" tabIndex={-1}>
          Open
        </h2>
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        {list.loading && <Skeleton heights={[72, 72, 72]} text="Gathering your commitments…" />}
        {groups && groups.length === 0 && (
          <p class="empty">
            Nothing open. Add the next 1:1 or the conversation you have been meaning to have.
          </p>
        )}
        {groups?.map((g) => (
          <div key={g.id} class="card">
            <h3>
              {g.title} <span class="muted">({g.items.length})</span>
            </h3>
            <ul class="list-plain">
              {g.items.map((c) => (
                <OpenItem key={c.id} c={c} onChanged={() => void list.reload()} />
              ))}
            </ul>
          </div>
        ))}
      </section>

      {list.data && (done.length > 0 || cancelled.length > 0) && (
        <section class="section" aria-labelledby="closed-h">
          <h2 id="closed-h">Closed</h2>
          {done.length > 0 && (
            <details class="card">
              <summary>Done ({done.length})</summary>
              <ClosedList items={done} tz={profile.profile.tz} />
            </details>
          )}
          {cancelled.length > 0 && (
            <details class="card">
              <summary>Cancelled ({cancelled.length})</summary>
              <ClosedList items={cancelled} tz={profile.profile.tz} />
            </details>
          )}
        </section>
      )}
    </>
  );
}
