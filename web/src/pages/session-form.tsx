import { call } from '../api/client.js';
import type { Output, Reason } from '../api/types.js';
import { plural } from '../lib/format.js';
import { type SessionDraft, sessionEditInput, sessionInput } from '../lib/payloads.js';
import { href } from '../lib/router.js';
import { useReasons } from '../state.js';
import { announce } from '../ui/announce.js';
import {
  Checkbox,
  CheckboxGroup,
  Form,
  type Option,
  RadioGroup,
  SelectField,
  Submit,
  TextArea,
  TextField,
} from '../ui/form.js';
import { useAction, useDraft } from '../ui/hooks.js';

export type LogOutcome = Output<'journal', 'log'>;

/** The catalogue as choices: good reasons first, then the ones to watch out for, marked as such. */
export function reasonOptions(reasons: readonly Reason[]): Option[] {
  const order = (r: Reason) => (r.kind === 'good' ? 0 : 1);
  return [...reasons]
    .sort((a, b) => order(a) - order(b))
    .map((r) => ({
      value: r.id,
      label: r.title,
      hint: r.summary,
      tag: r.kind === 'watch-out' ? <span class="tag tag-watch">watch out</span> : undefined,
      // A reason the organisation adopted links back to the discussion it came from.
      after: r.proposalId ? (
        <p class="hint">
          Adopted by your organisation ·{' '}
          <a href={href('/proposals', { id: r.proposalId })}>read its discussion</a>
        </p>
      ) : undefined,
    }));
}

/** The reasons for a piece of IC work, as checkboxes (field `reasons`), once the catalogue is read. */
export function ReasonPicker(p: {
  legend: string;
  hint: string;
  values: readonly string[];
  onValues(values: string[]): void;
}) {
  const { reasons, failed } = useReasons();
  if (!reasons) {
    return (
      <p class="muted">
        {failed ? 'The reasons could not be loaded; reload the page to try again.' : 'Loading your reasons…'}
      </p>
    );
  }
  return (
    <CheckboxGroup
      name="reasons"
      legend={p.legend}
      hint={p.hint}
      options={reasonOptions(reasons)}
      values={p.values}
      onValues={p.onValues}
    />
  );
}

/** 1–5, or not noted: the same choices wherever energy is asked. */
export const ENERGY: readonly Option[] = [
  { value: '', label: 'Not noted' },
  { value: '1', label: '1 – drained' },
  { value: '2', label: '2 – tired' },
  { value: '3', label: '3 – steady' },
  { value: '4', label: '4 – good' },
  { value: '5', label: '5 – energised' },
];

const FIELDS = {
  title: 'What did you work on?',
  date: 'Day',
  minutes: 'Minutes',
  start: 'Started',
  end: 'Finished',
  reasons: 'Why did you do it yourself?',
  energyBefore: 'Energy before',
  energyAfter: 'Energy after',
  gaps: 'Gaps you found',
  notes: 'Notes',
  visible: 'Others beyond your team will see this work',
  checkId: 'Check',
  id: 'Session',
};

export function SessionForm({
  id,
  initial,
  edit,
  onSaved,
  onCancel,
}: {
  /** Unique on the page: prefixes the fields' ids. */
  id: string;
  initial: SessionDraft;
  /** Editing a logged session: its id, the form as it was, and the gaps already recorded. */
  edit?: { sessionId: string; gaps: readonly string[]; version?: number | undefined };
  onSaved(outcome: LogOutcome): void;
  onCancel?: () => void;
}) {
  const [draft, set] = useDraft<SessionDraft>(initial);
  const save = useAction(() =>
    edit
      ? call('journal', 'edit', sessionEditInput(edit.sessionId, draft, initial, edit.version))
      : call('journal', 'log', sessionInput(draft)),
  );

  const submit = async () => {
    const outcome = await save.run();
    if (!outcome) return;
    const actions = outcome.actions.length;
    announce(
      `${edit ? 'Session saved.' : 'Session logged.'}${actions > 0 ? ` ${plural(actions, 'improvement action')} added from the gaps you found.` : ''}`,
    );
    onSaved(outcome);
  };

  return (
    <Form
      id={id}
      fields={FIELDS}
      error={save.error}
      busy={save.busy}
      onSubmit={() => void submit()}
      label={edit ? `Edit session: ${initial.title}` : 'Log a session'}
    >
      <TextField name="title" label={FIELDS.title} value={draft.title} onValue={set('title')} />
      <TextField
        name="date"
        type="date"
        size="medium"
        label={FIELDS.date}
        hint={edit ? undefined : 'Leave empty for today.'}
        optional={!edit}
        value={draft.date}
        onValue={set('date')}
      />
      <RadioGroup
        name="timing"
        legend="How long?"
        inline
        options={[
          { value: 'minutes', label: 'In minutes' },
          { value: 'clock', label: 'From … to …' },
        ]}
        value={draft.timing}
        onValue={(v) => set('timing')(v as SessionDraft['timing'])}
      />
      {draft.timing === 'minutes' ? (
        <TextField
          name="minutes"
          label={FIELDS.minutes}
          inputMode="numeric"
          size="narrow"
          hint="For example 90 for an hour and a half."
          value={draft.minutes}
          onValue={set('minutes')}
        />
      ) : (
        <div class="field-pair">
          <TextField
            name="start"
            type="time"
            label={FIELDS.start}
            value={draft.start}
            onValue={set('start')}
          />
          <TextField name="end" type="time" label={FIELDS.end} value={draft.end} onValue={set('end')} />
        </div>
      )}
      <ReasonPicker
        legend={FIELDS.reasons}
        hint="Choose every reason that was true. Nobody else sees this."
        values={draft.reasons}
        onValues={set('reasons')}
      />
      <div class="field-pair">
        <SelectField
          name="energyBefore"
          label={FIELDS.energyBefore}
          options={ENERGY}
          value={draft.energyBefore}
          onValue={set('energyBefore')}
        />
        <SelectField
          name="energyAfter"
          label={FIELDS.energyAfter}
          options={ENERGY}
          value={draft.energyAfter}
          onValue={set('energyAfter')}
        />
      </div>
      {edit && edit.gaps.length > 0 && (
        <div class="field">
          <p class="legend">Gaps already recorded</p>
          <ul>
            {edit.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </div>
      )}
      <TextArea
        name="gaps"
        label={edit ? 'New gaps you found' : FIELDS.gaps}
        optional
        hint="Anything broken in a system or process, one per line. Each becomes an improvement action."
        value={draft.gaps}
        onValue={set('gaps')}
      />
      <TextArea
        name="notes"
        label={FIELDS.notes}
        optional
        hint="What you learned, what was hard."
        value={draft.notes}
        onValue={set('notes')}
      />
      <Checkbox
        name="visible"
        label={FIELDS.visible}
        hint="A demo, a launch, something your manager will review. Visible work is often part of the job; noting it shows whether you pick tasks for who will see them."
        checked={draft.visible}
        onValue={set('visible')}
      />
      <div class="actions">
        <Submit busy={save.busy}>{edit ? 'Save changes' : 'Log session'}</Submit>
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </Form>
  );
}
