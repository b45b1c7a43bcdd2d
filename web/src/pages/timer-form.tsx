import { call } from '../api/client.js';
import { timerChanged } from '../state.js';
import { announce } from '../ui/announce.js';
import { Form, SelectField, Submit, TextField } from '../ui/form.js';
import { useAction, useDraft } from '../ui/hooks.js';
import { ENERGY, ReasonPicker } from './session-form.js';

const FIELDS = {
  title: 'What are you starting on?',
  reasons: 'Why are you doing it yourself?',
  checkId: 'Check',
  energyBefore: 'Energy now',
};

const EMPTY = { title: '', reasons: [] as string[], energyBefore: '' };

/** Starts the timer the header shows; stopping it there logs the session. */
export function StartTimerForm({ id }: { id: string }) {
  const [draft, set, setDraft] = useDraft(EMPTY);
  const start = useAction(() =>
    call('timer', 'start', {
      title: draft.title,
      reasons: draft.reasons,
      ...(draft.energyBefore === '' ? {} : { energyBefore: Number(draft.energyBefore) }),
    }),
  );

  const submit = async () => {
    const timer = await start.run();
    if (!timer) return;
    setDraft(EMPTY);
    announce(`Timer started on “${timer.title}” at ${timer.startTime}. Stop it from the top of the page.`);
    timerChanged();
  };

  return (
    <Form
      id={id}
      fields={FIELDS}
      error={start.error}
      busy={start.busy}
      onSubmit={() => void submit()}
      label="Start a timer"
    >
      <TextField name="title" label={FIELDS.title} value={draft.title} onValue={set('title')} />
      <ReasonPicker
        legend={FIELDS.reasons}
        hint="Choose every reason that is true. Nobody else sees this."
        values={draft.reasons}
        onValues={set('reasons')}
      />
      <SelectField
        name="energyBefore"
        label={FIELDS.energyBefore}
        hint="How you feel as you start; the journal compares it with how the work leaves you."
        options={ENERGY}
        value={draft.energyBefore}
        onValue={set('energyBefore')}
      />
      <div class="actions">
        <Submit busy={start.busy} busyText="Starting…">
          Start the timer
        </Submit>
      </div>
    </Form>
  );
}
