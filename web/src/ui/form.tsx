import type { ComponentChildren, JSX } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useRef } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import { type Placed, placeErrors } from '../lib/errors.js';

/**
 * Forms whose errors land where they belong: the server names the field at fault, the form shows
 * the message under that field (linked with aria-describedby, marked aria-invalid), repeats it in
 * an alert at the top so it is announced, and moves focus to the field.
 */

interface FormState {
  prefix: string;
  errors: Record<string, string>;
}

const FormContext = createContext<FormState>({ prefix: 'form', errors: {} });

export function fieldId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^\w-]/g, '-')}`;
}

export interface FormProps {
  /** Prefix of every field's id: unique on the page. */
  id: string;
  /** The request's field names shown on this form, with their labels. */
  fields: Record<string, string>;
  error: ApiError | undefined;
  onSubmit(): void;
  /** While true, submitting again does nothing (the button stays focusable, so focus is not lost). */
  busy?: boolean;
  children: ComponentChildren;
  /** Accessible name of the form. */
  label?: string;
  class?: string;
}

export function Form({ id, fields, error, onSubmit, busy, children, label, class: className }: FormProps) {
  const names = useRef(Object.keys(fields));
  names.current = Object.keys(fields);
  // Placed once per error: a new placement moves focus, so it must not change on every render.
  // Every bad field gets its message; focus goes to the first.
  const all = useMemo<Placed[]>(() => (error ? placeErrors(error, names.current) : []), [error]);
  const placed = all[0];
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!placed) return;
    const target = placed.field ? document.getElementById(fieldId(id, placed.field)) : null;
    const focusable =
      target &&
      (target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea'));
    if (focusable instanceof HTMLElement) focusable.focus();
    else summary.current?.focus();
  }, [placed, id]);

  const state = useMemo<FormState>(
    () => ({
      prefix: id,
      errors: Object.fromEntries(all.flatMap((p) => (p.field ? [[p.field, p.text]] : []))),
    }),
    [id, all],
  );

  return (
    <FormContext.Provider value={state}>
      <form
        id={id}
        class={className}
        noValidate
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onSubmit();
        }}
      >
        <div ref={summary} tabIndex={-1} role="alert" class={placed ? 'form-error' : undefined}>
          {all.map((p) =>
            p.field ? (
              <p key={p.field}>
                <strong>Please check “{fields[p.field]}”:</strong> {p.text}
              </p>
            ) : (
              <p key={p.text}>
                <strong>That did not work.</strong> {p.text}
              </p>
            ),
          )}
        </div>
        {children}
      </form>
    </FormContext.Provider>
  );
}

function useField(name: string, hint?: string) {
  const { prefix, errors } = useContext(FormContext);
  const id = fieldId(prefix, name);
  const error = errors[name];
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean | undefined }) {
  return (
    <label for={id}>
      {label}
      {optional && <span class="optional"> (optional)</span>}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: ComponentChildren }) {
  return hint ? (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

interface BaseProps {
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

export interface TextProps extends BaseProps {
  value: string;
  onValue(value: string): void;
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'datetime-local' | 'search';
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  placeholder?: string;
  size?: 'narrow' | 'medium';
  list?: string;
  required?: boolean;
  spellcheck?: boolean;
}

export function TextField(p: TextProps) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <div class="field">
      <Label id={id} label={p.label} optional={p.optional} />
      <Hint id={id} hint={p.hint} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        class={p.size}
        value={p.value}
        inputMode={p.inputMode}
        autoComplete={p.autoComplete ?? 'off'}
        placeholder={p.placeholder}
        list={p.list}
        spellcheck={p.spellcheck}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => p.onValue(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

export interface TextAreaProps extends BaseProps {
  value: string;
  onValue(value: string): void;
  rows?: number;
  code?: boolean;
}

export function TextArea(p: TextAreaProps) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <div class="field">
      <Label id={id} label={p.label} optional={p.optional} />
      <Hint id={id} hint={p.hint} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        class={p.code ? 'code' : undefined}
        spellcheck={p.code ? false : undefined}
        value={p.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => p.onValue(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
  tag?: ComponentChildren;
  /** Shown under the hint, outside the label: a link would not belong inside one. */
  after?: ComponentChildren;
}

export interface SelectProps extends BaseProps {
  value: string;
  onValue(value: string): void;
  options: readonly Option[];
  size?: 'narrow' | 'medium';
}

export function SelectField(p: SelectProps) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <div class="field">
      <Label id={id} label={p.label} optional={p.optional} />
      <Hint id={id} hint={p.hint} />
      <select
        id={id}
        name={p.name}
        class={p.size}
        value={p.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onChange={(e) => p.onValue(e.currentTarget.value)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

export interface CheckboxProps {
  name: string;
  label: ComponentChildren;
  hint?: string;
  checked: boolean;
  onValue(checked: boolean): void;
}

export function Checkbox(p: CheckboxProps) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <div class="field">
      <div class="choice">
        <input
          id={id}
          type="checkbox"
          name={p.name}
          checked={p.checked}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          onChange={(e) => p.onValue(e.currentTarget.checked)}
        />
        <div>
          <label for={id}>{p.label}</label>
          <Hint id={id} hint={p.hint} />
        </div>
      </div>
      <FieldError id={id} error={error} />
    </div>
  );
}

interface GroupProps {
  name: string;
  legend: string;
  hint?: string;
  options: readonly Option[];
  inline?: boolean;
  optional?: boolean;
}

function Group({
  p,
  type,
  isChecked,
  onToggle,
}: {
  p: GroupProps;
  type: 'checkbox' | 'radio';
  isChecked(value: string): boolean;
  onToggle(value: string, checked: boolean): void;
}) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <fieldset id={id} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
      <legend>
        {p.legend}
        {p.optional && <span class="optional"> (optional)</span>}
      </legend>
      <Hint id={id} hint={p.hint} />
      <div class={p.inline ? 'choices-inline' : undefined}>
        {p.options.map((o) => {
          const oid = `${id}-${o.value.replace(/[^\w-]/g, '-') || 'none'}`;
          return (
            <div class="choice" key={o.value}>
              <input
                id={oid}
                type={type}
                name={`${id}-choice`}
                value={o.value}
                checked={isChecked(o.value)}
                aria-describedby={o.hint ? `${oid}-hint` : undefined}
                onChange={(e) => onToggle(o.value, e.currentTarget.checked)}
              />
              <div>
                <label for={oid}>
                  {o.label}
                  {o.tag && <> {o.tag}</>}
                </label>
                {o.hint && (
                  <p class="hint" id={`${oid}-hint`}>
                    {o.hint}
                  </p>
                )}
                {o.after}
              </div>
            </div>
          );
        })}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

export function CheckboxGroup(
  p: GroupProps & { values: readonly string[]; onValues(values: string[]): void },
) {
  return (
    <Group
      p={p}
      type="checkbox"
      isChecked={(v) => p.values.includes(v)}
      onToggle={(v, checked) => p.onValues(checked ? [...p.values, v] : p.values.filter((x) => x !== v))}
    />
  );
}

export function RadioGroup(p: GroupProps & { value: string; onValue(value: string): void }) {
  return <Group p={p} type="radio" isChecked={(v) => p.value === v} onToggle={(v) => p.onValue(v)} />;
}

export function Submit({
  busy,
  children,
  busyText,
}: {
  busy: boolean;
  children: ComponentChildren;
  busyText?: string;
}) {
  return (
    <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {busy ? (busyText ?? 'Saving…') : children}
    </button>
  );
}

export function FileField(
  p: BaseProps & { accept?: string; multiple?: boolean; onFiles(files: File[]): void },
) {
  const { id, error, describedBy } = useField(p.name, p.hint);
  return (
    <div class="field">
      <Label id={id} label={p.label} optional={p.optional} />
      <Hint id={id} hint={p.hint} />
      <input
        id={id}
        name={p.name}
        type="file"
        accept={p.accept}
        multiple={p.multiple}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onChange={(e) => p.onFiles([...(e.currentTarget.files ?? [])])}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}
