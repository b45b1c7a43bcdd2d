import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api/client.js';
import type { Output } from '../api/types.js';
import { CATEGORIES } from '../lib/calendar.js';
import { listProblems, sentence } from '../lib/errors.js';
import { plural } from '../lib/format.js';
import {
  documentOf,
  documentText,
  draftOf,
  EMPTY_DRAFT,
  movedRule,
  type RuleDocument,
  type RuleDraft,
  ruleOf,
  type TitleMode,
  takenIds,
  withoutRule,
  withRule,
} from '../lib/rule-form.js';
import { announce } from './announce.js';
import { ConfirmButton, LoadError, Skeleton } from './common.js';
import { Form, SelectField, Submit, TextArea, TextField } from './form.js';
import { useAction, useApi, useDraft } from './hooks.js';

type RulesView = Output<'rules', 'show'>;

/**
 * The leader's classification rules as a list to edit with form fields — add, change, move,
 * delete — and, for what the form does not cover, the rules file as JSON. Every change is the whole
 * file saved through `rules.save`, which checks it first: nothing is kept if any part is wrong, and
 * its problems are shown beside the form that caused them.
 */

/** Where the last save came from: its problems are shown there. */
type Place = 'list' | 'form' | 'json';

const TITLE_MODES: { value: TitleMode; label: string }[] = [
  { value: 'any', label: 'Any title' },
  { value: 'contains', label: 'The title contains a word or phrase' },
  { value: 'equals', label: 'The title is exactly' },
  { value: 'pattern', label: 'The title matches a regular expression' },
];

const TITLE_LABEL: Record<TitleMode, string> = {
  any: '',
  contains: 'Words or phrases, separated by commas',
  equals: 'The whole title',
  pattern: 'Regular expression (case is ignored)',
};

function Problems({ id, error }: { id: string; error: { message: string } | undefined }) {
  const problems = error ? listProblems(error.message) : [];
  return (
    <div role="alert" id={id}>
      {error && (
        <div class="form-error">
          <p>
            <strong>
              The rules were not saved.{' '}
              {problems.length > 1
                ? `Fix these ${problems.length} problems and try again:`
                : 'Fix this and try again:'}
            </strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{sentence(p)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function RuleForm({
  initial,
  adding,
  busy,
  error,
  onSave,
  onCancel,
}: {
  initial: RuleDraft;
  adding: boolean;
  busy: boolean;
  error: { message: string } | undefined;
  onSave(draft: RuleDraft): void;
  onCancel(): void;
}) {
  const [draft, set] = useDraft<RuleDraft>(initial);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <Form
      id="rule-form"
      class="rule-form"
      fields={{}}
      error={undefined}
      busy={busy}
      label={adding ? 'New rule' : `Change rule ${initial.id}`}
      onSubmit={() => onSave(draft)}
    >
      <h3 ref={heading} tabIndex={-1}>
        {adding ? 'A new rule' : `Change “${initial.id}”`}
      </h3>
      <Problems id="rule-form-problems" error={error} />
      <SelectField
        name="titleMode"
        label="Title"
        value={draft.titleMode}
        onValue={(v) => set('titleMode')(v as TitleMode)}
        options={TITLE_MODES}
      />
      {draft.titleMode !== 'any' && (
        <TextField
          name="title"
          label={TITLE_LABEL[draft.titleMode]}
          hint={
            draft.titleMode === 'contains'
              ? 'Whole words, case ignored: “review” finds “Design review” but not “Reviewer”.'
              : undefined
          }
          value={draft.title}
          onValue={set('title')}
        />
      )}
      <div class="row">
        <TextField
          name="attendeesMin"
          label="At least this many people"
          optional
          size="narrow"
          inputMode="numeric"
          hint="You included."
          value={draft.attendeesMin}
          onValue={set('attendeesMin')}
        />
        <TextField
          name="attendeesMax"
          label="At most this many people"
          optional
          size="narrow"
          inputMode="numeric"
          hint="You included."
          value={draft.attendeesMax}
          onValue={set('attendeesMax')}
        />
      </div>
      <details open={draft.occurrenceUid !== '' || draft.occurrenceStart !== ''}>
        <summary>One event only</summary>
        <TextField
          name="occurrenceUid"
          label="The event’s calendar uid"
          optional
          value={draft.occurrenceUid}
          onValue={set('occurrenceUid')}
        />
        <TextField
          name="occurrenceStart"
          label="Its start, as an instant"
          optional
          hint="For example 2026-11-24T13:00:00Z. Easier: open the event in the week above and choose “This event only”."
          value={draft.occurrenceStart}
          onValue={set('occurrenceStart')}
        />
      </details>
      <SelectField
        name="category"
        label="Count it as"
        value={draft.category}
        onValue={set('category')}
        options={CATEGORIES.map((c) => ({ value: c.id, label: c.label }))}
      />
      <TextField
        name="id"
        label="Name of the rule"
        optional
        hint="Lowercase letters, digits and dashes. Left empty, one is made from the title."
        value={draft.id}
        onValue={set('id')}
      />
      <div class="actions">
        <Submit busy={busy}>{adding ? 'Add the rule' : 'Save the rule'}</Submit>
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

function JsonEditor({
  view,
  busy,
  error,
  onSave,
  onClose,
}: {
  view: RulesView;
  busy: boolean;
  error: { message: string } | undefined;
  onSave(text: string): void;
  onClose(): void;
}) {
  const [text, setText] = useState(view.custom ? view.text : documentText(documentOf(view)));
  // A save from the list or a reclassified event changes the file: show it as it now is.
  useEffect(() => setText(view.custom ? view.text : documentText(documentOf(view))), [view]);
  return (
    <Form
      id="rules-json"
      fields={{}}
      error={undefined}
      busy={busy}
      label="Rules as JSON"
      onSubmit={() => onSave(text)}
    >
      <Problems id="rules-json-problems" error={error} />
      <TextArea
        name="rules-json"
        label="Your rules file (JSON)"
        hint="Everything the form can say and more: see the help in Settings for every condition."
        rows={16}
        code
        value={text}
        onValue={setText}
      />
      <div class="actions">
        <Submit busy={busy}>Save the JSON</Submit>
        <button type="button" class="btn" onClick={onClose}>
          Close the JSON
        </button>
      </div>
    </Form>
  );
}

export function RulesEditor({ version = 0, onSaved }: { version?: number; onSaved?(): void }) {
  const rules = useApi(() => call('rules', 'show', {}), [version]);
  const save = useAction((text: string) => call('rules', 'save', { text }));
  const [place, setPlace] = useState<Place>('list');
  const [editing, setEditing] = useState<{ index: number | undefined; draft: RuleDraft } | undefined>(
    undefined,
  );
  const [json, setJson] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);

  const view = rules.data;
  if (rules.error && !view) return <LoadError error={rules.error} retry={() => void rules.reload()} />;
  if (!view) return <Skeleton heights={[160]} text="Opening your rules…" />;

  const doc = documentOf(view);
  const mine = view.rules.filter((r) => r.origin === 'yours');
  const builtIn = view.rules.filter((r) => r.origin === 'default');
  const defaults = builtIn.map((r) => r.id);

  const store = async (next: RuleDocument | string, where: Place, said: string): Promise<boolean> => {
    setPlace(where);
    const saved = await save.run(typeof next === 'string' ? next : documentText(next));
    if (!saved) return false;
    await rules.reload();
    onSaved?.();
    announce(said);
    return true;
  };

  return (
    <div class="rules-editor">
      {place === 'list' && <Problems id="rules-list-problems" error={save.error} />}
      {mine.length === 0 ? (
        <p class="empty">No rules of your own yet: the built-in rules decide every event.</p>
      ) : (
        <ol class="rule-list" aria-label="Your rules">
          {mine.map((r, i) => (
            <li key={r.id}>
              <p>
                <strong>{r.id}</strong>: {r.sentence}
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="btn btn-small"
                  aria-label={`Edit: ${r.id}`}
                  onClick={() => {
                    save.reset();
                    setEditing({ index: i, draft: draftOf(doc.rules[i]) });
                  }}
                >
                  Edit
                </button>
                {i > 0 && (
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={`Move up: ${r.id}`}
                    onClick={() => void store(movedRule(doc, i, -1), 'list', `Rule ${r.id} moved up.`)}
                  >
                    Move up
                  </button>
                )}
                {i < mine.length - 1 && (
                  <button
                    type="button"
                    class="btn btn-small"
                    aria-label={`Move down: ${r.id}`}
                    onClick={() => void store(movedRule(doc, i, 1), 'list', `Rule ${r.id} moved down.`)}
                  >
                    Move down
                  </button>
                )}
                <ConfirmButton
                  label="Delete"
                  hiddenLabel={r.id}
                  question={`Delete the rule “${r.id}”? Events it decided go back to the next rule that fits.`}
                  confirmLabel="Delete it"
                  keepLabel="Keep it"
                  busy={save.busy}
                  onConfirm={() => {
                    if (editing?.index !== undefined) setEditing(undefined);
                    void store(withoutRule(doc, i), 'list', `Rule ${r.id} deleted.`).then(() =>
                      addButton.current?.focus(),
                    );
                  }}
                />
              </div>
            </li>
          ))}
        </ol>
      )}

      {editing ? (
        <RuleForm
          key={editing.index ?? 'new'}
          initial={editing.draft}
          adding={editing.index === undefined}
          busy={save.busy}
          error={place === 'form' ? save.error : undefined}
          onCancel={() => {
            setEditing(undefined);
            save.reset();
          }}
          onSave={async (draft) => {
            const original = editing.index === undefined ? undefined : doc.rules[editing.index];
            const others = editing.index === undefined ? doc : withoutRule(doc, editing.index);
            const rule = ruleOf(draft, original, takenIds(others, defaults));
            const ok = await store(
              withRule(doc, editing.index, rule),
              'form',
              editing.index === undefined
                ? `Rule ${String(rule['id'])} added.`
                : `Rule ${String(rule['id'])} saved.`,
            );
            if (ok) {
              setEditing(undefined);
              addButton.current?.focus();
            }
          }}
        />
      ) : (
        <div class="actions">
          <button
            ref={addButton}
            type="button"
            class="btn"
            onClick={() => {
              save.reset();
              setEditing({ index: undefined, draft: EMPTY_DRAFT });
            }}
          >
            Add a rule
          </button>
          <button
            type="button"
            class="btn"
            aria-expanded={json ? 'true' : 'false'}
            onClick={() => setJson(!json)}
          >
            Edit as JSON
          </button>
        </div>
      )}

      {json && (
        <JsonEditor
          view={view}
          busy={save.busy}
          error={place === 'json' ? save.error : undefined}
          onClose={() => setJson(false)}
          onSave={(text) =>
            void store(text, 'json', 'Rules saved. Your weeks are being recounted with them.')
          }
        />
      )}

      <details>
        <summary>The built-in rules, tried after yours ({plural(builtIn.length, 'rule')})</summary>
        <ol class="small" start={mine.length + 1}>
          {builtIn.map((r) => (
            <li key={r.id}>
              <strong>{r.id}</strong>: {r.sentence}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
