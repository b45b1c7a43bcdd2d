import { useEffect, useState } from 'preact/hooks';
import type { PutOff } from '../../../src/domain/commitments/put-off.js';
import { putOffText, recurrenceLabel } from '../../../src/domain/present/commitments.js';
import { call } from '../api/client.js';
import type { Commitment, CommitmentKind } from '../api/types.js';
import {
  closed,
  daysOpen,
  invitationHref,
  KIND_LABEL,
  KINDS,
  openView,
  REPEATS,
  wallClock,
} from '../lib/commitments.js';
import { dateInZone } from '../lib/dates.js';
import { age, duration, fullDate, plural, relativeDay, shortDate } from '../lib/format.js';
import { numberOrText, optional } from '../lib/forms.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Form, SelectField, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useApi, useDraft } from '../ui/hooks.js';

const ADD_FIELDS = {
  kind: 'Kind',
  title: 'What have you committed to?',
  person: 'With whom',
  due: 'Due',
  every: 'Repeats',
};
const POSTPONE_FIELDS = { to: 'New due date', why: 'Why it moves', id: 'Commitment' };
const EDIT_FIELDS = { title: 'What', kind: 'Kind', person: 'With whom', due: 'Due', id: 'Commitment' };
const SCHEDULE_FIELDS = { at: 'Date and time', minutes: 'Minutes', id: 'Commitment' };

function AddForm({ onAdded }: { onAdded(): void }) {
  const empty = { kind: 'one-on-one' as CommitmentKind, title: '', person: '', due: '', every: '' };
  const [draft, set, setDraft] = useDraft(empty);
  const add = useAction(() =>
    call('commitments', 'add', {
      kind: draft.kind,
      title: draft.title,
      person: optional(draft.person),
      due: optional(draft.due),
      every: optional(draft.every),
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
      <SelectField
        name="every"
        label={ADD_FIELDS.every}
        hint="Each time you mark one done or cancel it, the next one is added."
        size="medium"
        options={REPEATS.map((r) => ({ value: r.value, label: r.label }))}
        value={draft.every}
        onValue={set('every')}
      />
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

function EditForm({ c, onDone, onCancel }: { c: Commitment; onDone(): void; onCancel(): void }) {
  const [draft, set] = useDraft({ title: c.title, kind: c.kind, person: c.person ?? '', due: c.due ?? '' });
  const edit = useAction(() =>
    call('commitments', 'edit', {
      id: c.id,
      title: draft.title,
      kind: draft.kind,
      // Empty: with nobody in particular.
      person: draft.person.trim(),
      due: optional(draft.due),
      version: c.version,
    }),
  );
  useEffect(() => {
    document.getElementById(`edit-${c.id}-title`)?.focus();
  }, [c.id]);
  return (
    <Form
      id={`edit-${c.id}`}
      fields={EDIT_FIELDS}
      error={edit.error}
      busy={edit.busy}
      label={`Edit: ${c.title}`}
      onSubmit={async () => {
        const changed = await edit.run();
        if (!changed) return;
        announce(`Saved: ${changed.title}.`);
        onDone();
      }}
    >
      <TextField name="title" label={EDIT_FIELDS.title} value={draft.title} onValue={set('title')} />
      <div class="field-pair">
        <SelectField
          name="kind"
          label={EDIT_FIELDS.kind}
          options={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          value={draft.kind}
          onValue={(v) => set('kind')(v as CommitmentKind)}
        />
        <TextField
          name="person"
          label={EDIT_FIELDS.person}
          optional
          value={draft.person}
          onValue={set('person')}
        />
      </div>
      <TextField
        name="due"
        type="date"
        size="medium"
        label={EDIT_FIELDS.due}
        optional
        hint="Earlier, or a first date. To move it later, postpone it, so the move is kept."
        value={draft.due}
        onValue={set('due')}
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

function ScheduleForm({ c, onDone, onCancel }: { c: Commitment; onDone(): void; onCancel(): void }) {
  const { profile } = useAppState();
  const tz = profile.profile.tz;
  const [draft, set] = useDraft({
    at: c.scheduledAt ? wallClock(c.scheduledAt, tz) : c.due ? `${c.due}T10:00` : '',
    minutes: String(c.scheduledMinutes ?? 30),
  });
  const schedule = useAction(() =>
    call('commitments', 'schedule', {
      id: c.id,
      at: draft.at,
      // As typed when it is not a number: the server's schema says what it expected.
      minutes: numberOrText(draft.minutes) as number,
      version: c.version,
    }),
  );
  useEffect(() => {
    document.getElementById(`schedule-${c.id}-at`)?.focus();
  }, [c.id]);
  return (
    <Form
      id={`schedule-${c.id}`}
      fields={SCHEDULE_FIELDS}
      error={schedule.error}
      busy={schedule.busy}
      label={`Schedule: ${c.title}`}
      onSubmit={async () => {
        const booked = await schedule.run();
        if (!booked) return;
        announce(`Booked: ${bookedText(booked, tz)}. Its invitation is ready to download.`);
        onDone();
      }}
    >
      <div class="field-pair">
        <TextField
          name="at"
          type="datetime-local"
          label={SCHEDULE_FIELDS.at}
          hint={`Your time (${tz}).`}
          value={draft.at}
          onValue={set('at')}
        />
        <TextField
          name="minutes"
          size="narrow"
          inputMode="numeric"
          label={SCHEDULE_FIELDS.minutes}
          value={draft.minutes}
          onValue={set('minutes')}
        />
      </div>
      <div class="actions">
        <Submit busy={schedule.busy}>Book it</Submit>
        <button type="button" class="btn" onClick={onCancel}>
          Not now
        </button>
      </div>
    </Form>
  );
}

/** `Tue 1 Dec, 10:00 for 45 min`, on the leader's clock. */
function bookedText(c: Commitment, tz: string): string {
  if (!c.scheduledAt || c.scheduledMinutes === undefined) return '';
  const at = wallClock(c.scheduledAt, tz);
  return `${shortDate(at.slice(0, 10))}, ${at.slice(11)} for ${duration(c.scheduledMinutes)}`;
}

type Mode = 'postpone' | 'edit' | 'schedule' | undefined;

function OpenItem({ c, putOff, onChanged }: { c: Commitment; putOff?: PutOff; onChanged(): void }) {
  const { today, profile } = useAppState();
  const tz = profile.profile.tz;
  const [mode, setMode] = useState<Mode>(undefined);
  const [stop, setStop] = useState(false);
  const stopRepeating = c.recurrence !== undefined && stop ? true : undefined;
  // The version as listed: one changed since (in another tab, from the CLI) is refused, not written over.
  const done = useAction(() => call('commitments', 'done', { id: c.id, version: c.version, stopRepeating }));
  const cancel = useAction(() =>
    call('commitments', 'cancel', { id: c.id, version: c.version, stopRepeating }),
  );
  const open = daysOpen(c, today, tz);
  const due = c.due
    ? c.due < today
      ? `was due ${relativeDay(c.due, today)}`
      : `due ${relativeDay(c.due, today)}`
    : 'no due date';
  const headingId = `commitment-${c.id}`;
  const after = (text: string, next: Commitment | undefined) => {
    announce(next?.due ? `${text} The next one is due ${fullDate(next.due)}.` : text);
    document.getElementById('open-h')?.focus();
    onChanged();
  };
  const back = (changed: boolean) => () => {
    setMode(undefined);
    if (changed) onChanged();
  };
  const booked = bookedText(c, tz);
  return (
    <li class="item" aria-labelledby={headingId}>
      <div class="item-head">
        <h4 id={headingId} class="item-title">
          {c.title}
        </h4>
        <span class="tag">{KIND_LABEL[c.kind]}</span>
      </div>
      <p class="meta">
        {[
          c.person ? `with ${c.person}` : undefined,
          due,
          c.recurrence ? `repeats ${recurrenceLabel(c.recurrence)}` : undefined,
          `open ${age(open)}`,
        ]
          .filter(Boolean)
          .join(' · ')}
        {putOff ? (
          <>
            {' · '}
            <strong>{putOffText(putOff)}</strong>
          </>
        ) : (
          c.postponements.length > 0 && (
            <>
              {' · '}
              <strong>postponed {plural(c.postponements.length, 'time')}</strong>
            </>
          )
        )}
      </p>
      {booked && <p class="meta">Booked {booked}</p>}
      {(done.error ?? cancel.error) && (
        <LoadError title="Not changed." error={(done.error ?? cancel.error)!} />
      )}
      {mode === 'postpone' ? (
        <PostponeForm c={c} onDone={back(true)} onCancel={back(false)} />
      ) : mode === 'edit' ? (
        <EditForm c={c} onDone={back(true)} onCancel={back(false)} />
      ) : mode === 'schedule' ? (
        <ScheduleForm c={c} onDone={back(true)} onCancel={back(false)} />
      ) : (
        <>
          {c.postponements.length > 0 && (
            <details>
              <summary>Earlier postponements</summary>
              <Postponements c={c} />
            </details>
          )}
          {c.recurrence && (
            <div class="choice">
              <input
                id={`stop-${c.id}`}
                type="checkbox"
                checked={stop}
                onChange={(e) => setStop(e.currentTarget.checked)}
              />
              <label for={`stop-${c.id}`}>Stop repeating: this is the last one</label>
            </div>
          )}
          <div class="actions">
            <button
              type="button"
              class="btn btn-small"
              onClick={async () => {
                if (done.busy) return;
                const closed = await done.run();
                if (closed) after(`Done: ${c.title}.`, closed.next);
              }}
              aria-label={`Done: ${c.title}`}
            >
              Done
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setMode('postpone')}
              aria-label={`Postpone: ${c.title}`}
            >
              Postpone
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setMode('edit')}
              aria-label={`Edit: ${c.title}`}
            >
              Edit
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setMode('schedule')}
              aria-label={`${booked ? 'Change the time' : 'Schedule'}: ${c.title}`}
            >
              {booked ? 'Change the time' : 'Schedule'}
            </button>
            {booked && (
              <a class="btn btn-small" href={invitationHref(c.id)} download>
                Download invitation (.ics)
              </a>
            )}
            <ConfirmButton
              label="Cancel"
              hiddenLabel={c.title}
              question="Cancel it? It stays in your journal, marked cancelled."
              confirmLabel="Yes, cancel it"
              keepLabel="Keep it"
              busy={cancel.busy}
              onConfirm={async () => {
                const closed = await cancel.run();
                if (closed) after(`Cancelled: ${c.title}.`, closed.next);
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
              c.recurrence ? `repeats ${recurrenceLabel(c.recurrence)}` : undefined,
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
  const view = list.data ? openView(list.data, today) : undefined;
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
        {view && view.groups.length === 0 && view.putOff.length === 0 && (
          <p class="empty">
            Nothing open. Add the next 1:1 or the conversation you have been meaning to have.
          </p>
        )}
        {view && view.putOff.length > 0 && (
          <div class="card">
            <h3>
              Put off <span class="muted">({view.putOff.length})</span>
            </h3>
            <p class="muted small">
              Postponed twice or more. Do it, give it a date you will keep, or cancel it.
            </p>
            <ul class="list-plain">
              {view.putOff.map((p) => (
                <OpenItem
                  key={p.commitment.id}
                  c={p.commitment}
                  putOff={p}
                  onChanged={() => void list.reload()}
                />
              ))}
            </ul>
          </div>
        )}
        {view?.groups.map((g) => (
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
