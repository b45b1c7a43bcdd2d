import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Form, Submit, TextArea, TextField } from './form.js';
import { useAction } from './hooks.js';

/**
 * One piece of text changed where it is shown (a reflection's text, a check's title): the text
 * gives way to a field with Save and Cancel. What may be saved is the server's to say — an empty
 * title, a reflection left saying nothing — so its sentence is shown at the field, as on every
 * other form. Escape cancels; when the field closes, focus goes back to the button that opened
 * it, so a keyboard user keeps their place in the list.
 */
export function EditText({
  id,
  name,
  label,
  value,
  multiline,
  buttonLabel = 'Edit',
  hiddenLabel,
  save,
  onSaved,
  view,
  children,
  actions,
}: {
  /** Prefix of the field's id: unique on the page. */
  id: string;
  /** The request's name for the text (`text`, `title`): the server's refusal names it. */
  name: string;
  label: string;
  value: string;
  multiline?: boolean;
  buttonLabel?: string;
  /** What it changes, added to the button's and the form's accessible name ("Rename: “Fix CI”"). */
  hiddenLabel: string;
  /** Sends the new text; a refusal it throws is shown at the field. */
  save(text: string): Promise<unknown>;
  onSaved(text: string): void;
  /** Shown in the field's place while it is closed. */
  view: ComponentChildren;
  /** Shown below, open or closed. */
  children?: ComponentChildren;
  /** Beside the button (Delete), while the field is closed. */
  actions?: ComponentChildren;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  // Resolves to true once saved, whatever `save` itself returns.
  const action = useAction(async (text: string) => {
    await save(text);
    return true as const;
  });
  const box = useRef<HTMLDivElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const accessibleName = `${buttonLabel}: ${hiddenLabel}`;

  useEffect(() => {
    if (editing) {
      const field = box.current?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
      field?.focus();
      // Most edits add to the end: start there rather than before the first word.
      field?.setSelectionRange(field.value.length, field.value.length);
    } else if (wasEditing.current) {
      openRef.current?.focus();
    }
    wasEditing.current = editing;
  }, [editing]);

  // Escape from the field or either button cancels. Listened for on the box that holds them: the
  // linter rightly keeps onKeyDown in JSX for elements with an interactive role.
  useEffect(() => {
    const el = box.current;
    if (!editing || !el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || action.busy) return;
      e.preventDefault();
      setEditing(false);
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [editing, action.busy]);

  const open = () => {
    setDraft(value);
    action.reset();
    setEditing(true);
  };
  const cancel = () => {
    if (!action.busy) setEditing(false);
  };

  if (!editing) {
    return (
      <>
        {view}
        {children}
        <div class="actions">
          <button
            type="button"
            ref={openRef}
            class="btn btn-small"
            aria-label={accessibleName}
            onClick={open}
          >
            {buttonLabel}
          </button>
          {actions}
        </div>
      </>
    );
  }

  return (
    <>
      <div ref={box} class="edit-text" aria-busy={action.busy ? 'true' : undefined}>
        <Form
          id={id}
          label={accessibleName}
          fields={{ [name]: label }}
          error={action.error}
          busy={action.busy}
          onSubmit={async () => {
            // Whatever the server made of it (a title is trimmed) comes back with the list's reload.
            if (!(await action.run(draft))) return;
            setEditing(false);
            onSaved(draft);
          }}
        >
          {multiline ? (
            <TextArea name={name} label={label} rows={5} value={draft} onValue={setDraft} />
          ) : (
            <TextField name={name} label={label} value={draft} onValue={setDraft} />
          )}
          <div class="actions">
            <Submit busy={action.busy}>Save</Submit>
            <button
              type="button"
              class="btn"
              aria-disabled={action.busy ? 'true' : undefined}
              onClick={cancel}
            >
              Cancel
            </button>
          </div>
        </Form>
      </div>
      {children}
    </>
  );
}
