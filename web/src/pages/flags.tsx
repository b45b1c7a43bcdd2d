import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { flagTitle, SEVERITY_LABEL } from '../../../src/domain/present/flags.js';
import { call } from '../api/client.js';
import type { Flag, Output } from '../api/types.js';
import { dateTime } from '../lib/format.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { Form, TextField } from '../ui/form.js';
import { useAction } from '../ui/hooks.js';

export type FlagView = Output<'insight', 'flags'>['flags'][number];

const SEVERITY: Record<Flag['severity'], { label: string; tag: string }> = {
  info: { label: SEVERITY_LABEL.info, tag: 'tag-info' },
  warning: { label: SEVERITY_LABEL.warning, tag: 'tag-watch' },
  alert: { label: SEVERITY_LABEL.alert, tag: 'tag-alert' },
};

const MAX_EVIDENCE = 6;

/** A flag with its evidence; `children` are the actions the page offers on it. */
export function FlagCard({ flag, children }: { flag: FlagView; children?: ComponentChildren }) {
  const { profile } = useAppState();
  const severity = SEVERITY[flag.severity];
  const headingId = `flag-${flag.fingerprint}`;
  const shown = flag.evidence.slice(0, MAX_EVIDENCE);
  const more = flag.evidence.slice(MAX_EVIDENCE);
  return (
    <article class={`card flag ${flag.severity}`} aria-labelledby={headingId}>
      <div class="item-head">
        <h3 id={headingId}>{flagTitle(flag.id)}</h3>
        <span class={`tag ${severity.tag}`}>{severity.label}</span>
      </div>
      <p>{flag.text}</p>
      {flag.evidence.length > 0 && (
        <div class="evidence">
          <p class="small muted">What this is based on:</p>
          <ul>
            {shown.map((e) => (
              <li key={`${e.kind}-${e.id}`}>{e.label}</li>
            ))}
          </ul>
          {more.length > 0 && (
            <details>
              <summary>{more.length} more</summary>
              <ul>
                {more.map((e) => (
                  <li key={`${e.kind}-${e.id}`}>{e.label}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {flag.acknowledged && (
        <p class="small">
          <span class="tag tag-good">Acknowledged</span> on{' '}
          {dateTime(flag.acknowledged.at, profile.profile.tz)}
          {flag.acknowledged.note && <> — “{flag.acknowledged.note}”</>}
        </p>
      )}
      {children}
    </article>
  );
}

/** Acknowledge or dismiss a flag right away, with an optional note (the dashboard). */
export function FlagActions({ flag, onDone }: { flag: FlagView; onDone(): void }) {
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<'acknowledged' | 'dismissed'>('acknowledged');
  const review = useAction(async (s: 'acknowledged' | 'dismissed') => {
    await call('insight', 'reviewFlag', {
      fingerprint: flag.fingerprint,
      status: s,
      note: note.trim() === '' ? undefined : note.trim(),
    });
    return s;
  });
  const submit = async (s: 'acknowledged' | 'dismissed') => {
    setStatus(s);
    const done = await review.run(s);
    if (done === 'acknowledged') announce('Flag acknowledged. It stays on the list with your note.');
    if (done === 'dismissed') announce('Flag dismissed. It stays quiet until its evidence changes.');
    if (done) onDone();
  };
  const title = flagTitle(flag.id);
  return (
    <Form
      id={`review-${flag.fingerprint}`}
      fields={{ note: 'Your note', fingerprint: 'Flag' }}
      error={review.error}
      busy={review.busy}
      onSubmit={() => void submit(status)}
      label={`Respond to: ${title}`}
    >
      <TextField
        name="note"
        label="Your note"
        optional
        hint={flag.acknowledged ? 'Saving again replaces the note.' : 'A few words for your future self.'}
        value={note}
        onValue={setNote}
      />
      <div class="actions">
        <button
          type="button"
          class="btn btn-small"
          aria-disabled={review.busy ? 'true' : undefined}
          onClick={() => !review.busy && void submit('acknowledged')}
          aria-label={`Acknowledge: ${title}`}
        >
          Acknowledge
        </button>
        <button
          type="button"
          class="btn btn-small"
          aria-disabled={review.busy ? 'true' : undefined}
          onClick={() => !review.busy && void submit('dismissed')}
          aria-label={`Dismiss: ${title}`}
        >
          Dismiss
        </button>
      </div>
    </Form>
  );
}

export function FlagsEmpty({ dismissed }: { dismissed: number }) {
  return (
    <div class="card">
      <p class="empty">
        No flags right now: nothing in your journal, calendar or commits suggests your IC work is getting in
        the way of leading.
      </p>
      {dismissed > 0 && <DismissedNote dismissed={dismissed} />}
    </div>
  );
}

export function DismissedNote({ dismissed }: { dismissed: number }) {
  return (
    <p class="small muted">
      {dismissed === 1 ? 'One flag you dismissed is' : `${dismissed} flags you dismissed are`} hidden until
      their evidence changes.
    </p>
  );
}
