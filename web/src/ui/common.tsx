import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import { sentence } from '../lib/errors.js';

/** Set by the router when the user moves to another page: that page's heading takes focus. */
let focusHeadingNext = false;
export function requestHeadingFocus(): void {
  focusHeadingNext = true;
}

export function PageHead({ title, children }: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Hands-on`;
    if (focusHeadingNext) {
      focusHeadingNext = false;
      ref.current?.focus();
    }
  }, [title]);
  return (
    <div class="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** Grey blocks of fixed height where content will be, and a plain sentence for screen readers. */
export function Skeleton({ heights, text }: { heights: readonly number[]; text: string }) {
  return (
    <div aria-busy="true">
      <p class="loading-text">{text}</p>
      {heights.map((h, i) => (
        <span key={i} class="skel" aria-hidden="true" style={{ height: `${h}px` }} />
      ))}
    </div>
  );
}

/** A failed load (or, with `title`, a refused change), said plainly, with a way to try again. */
export function LoadError({
  error,
  retry,
  title = 'This could not be loaded.',
}: {
  error: ApiError;
  retry?: () => void;
  title?: string;
}) {
  return (
    <div class="form-error" role="alert">
      <p>
        <strong>{title}</strong> {sentence(error.message)}
      </p>
      {retry && (
        <button type="button" class="btn btn-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * A button that asks once more before something that cannot be undone, in the page rather than a
 * dialog: the question replaces the button, and focus moves to the confirming button.
 */
export function ConfirmButton({
  label,
  hiddenLabel,
  question,
  confirmLabel,
  keepLabel,
  onConfirm,
  busy,
}: {
  label: string;
  /** What it acts on, added to the button's accessible name ("Delete: Fix CI"): lists hold many of them. */
  hiddenLabel?: string;
  question: string;
  confirmLabel: string;
  keepLabel: string;
  onConfirm(): void;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        ref={openRef}
        class="btn btn-small"
        aria-label={hiddenLabel ? `${label}: ${hiddenLabel}` : undefined}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <fieldset class="confirm">
      <legend>{question}</legend>
      <button
        type="button"
        ref={confirmRef}
        class="btn btn-small btn-danger"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() => {
          if (!busy) onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="btn btn-small" onClick={() => setAsking(false)}>
        {keepLabel}
      </button>
    </fieldset>
  );
}

export function Notice({ children, tone }: { children: ComponentChildren; tone?: 'info' | 'warn' }) {
  return (
    <div class={`notice${tone ? ` notice-${tone}` : ''}`} role="status">
      {children}
    </div>
  );
}
