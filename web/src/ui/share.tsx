import { useEffect, useRef, useState } from 'preact/hooks';
import { COPY_SENTENCE } from '../../../src/domain/present/sharing.js';
import { type ShareItem, sharing } from '../api/sharing.js';
import { href } from '../lib/router.js';
import { useAppState } from '../state.js';
import { announce } from './announce.js';
import { LoadError, Notice, Skeleton } from './common.js';
import { Form, SelectField, Submit, TextField } from './form.js';
import { useAction, useApi } from './hooks.js';

/** `2026-12-31` → the end of that day where the leader is, as the instant the server takes. */
function endOfDay(date: string): string | undefined {
  if (date === '') return undefined;
  const t = new Date(`${date}T23:59:59`);
  return Number.isNaN(t.getTime()) ? date : t.toISOString();
}

function ShareForm({ item, what, onDone }: { item: ShareItem; what: string; onDone(coach?: string): void }) {
  const coaching = useApi(() => sharing.coaching(), []);
  const coaches = (coaching.data?.asLeader ?? []).filter((c) => c.status === 'active');
  const [coachingId, setCoachingId] = useState('');
  const [until, setUntil] = useState('');
  const chosen = coaches.find((c) => c.id === coachingId) ?? coaches[0];
  const share = useAction(() => sharing.share(chosen?.id ?? '', item, endOfDay(until)));
  const box = useRef<HTMLDivElement>(null);
  const loaded = coaching.data !== undefined;
  // The coaches arrive after the form opened: focus goes to its first control then.
  useEffect(() => {
    if (loaded) box.current?.querySelector<HTMLElement>('select, input, a, button')?.focus();
  }, [loaded]);

  return <div ref={box}>{body()}</div>;

  function body() {
    if (coaching.error) return <LoadError error={coaching.error} retry={() => void coaching.reload()} />;
    if (!coaching.data) return <Skeleton heights={[80]} text="Finding your coaches…" />;
    if (coaches.length === 0) {
      return (
        <div class="card share-form">
          <p>
            You have no coach to share with yet. Ask someone to coach you on the{' '}
            <a href={href('/coaching')}>Coaching page</a>; once they accept, you can share this.
          </p>
          <button type="button" class="btn btn-small" onClick={() => onDone()}>
            Close
          </button>
        </div>
      );
    }
    return (
      <Form
        id={`share-${what.replace(/\W+/g, '-')}`}
        class="card share-form"
        label={`Share with your coach: ${what}`}
        fields={{ coachingId: 'Coach', expiresAt: 'Until', item: 'Item' }}
        error={share.error}
        busy={share.busy}
        onSubmit={async () => {
          const done = await share.run();
          if (!done) return;
          announce(`Shared with ${done.coach.name}.`);
          onDone(done.coach.name);
        }}
      >
        <p>{COPY_SENTENCE}</p>
        {coaches.length === 1 ? (
          <p>
            Your coach: <strong>{coaches[0]!.coach.name}</strong>
          </p>
        ) : (
          <SelectField
            name="coachingId"
            label="Coach"
            value={chosen?.id ?? ''}
            onValue={setCoachingId}
            options={coaches.map((c) => ({ value: c.id, label: c.coach.name }))}
          />
        )}
        <TextField
          name="expiresAt"
          label="Until"
          type="date"
          optional
          size="medium"
          hint="After this day your coach no longer sees it."
          value={until}
          onValue={setUntil}
        />
        <div class="actions">
          <Submit busy={share.busy} busyText="Sharing…">
            Share
          </Submit>
          <button type="button" class="btn" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </Form>
    );
  }
}

/**
 * "Share with your coach" on one item of the journal (a review, a reflection, a check, a flag):
 * a small form to choose the coach and how long. Nothing at all on `handson serve`, where there
 * is no one to share with.
 */
export function ShareWithCoach({ item, what }: { item: ShareItem; what: string }) {
  const { team } = useAppState();
  const [open, setOpen] = useState(false);
  const [sharedWith, setSharedWith] = useState<string | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);
  // Focus goes back to the button when the form closes (the form takes it when it opens).
  useEffect(() => {
    if (!open && wasOpen.current) box.current?.querySelector<HTMLElement>('button')?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!team) return null;
  return (
    <div class="share" ref={box}>
      {sharedWith && !open && (
        <Notice>
          Shared with {sharedWith}. You can follow it, or stop sharing it, on the{' '}
          <a href={href('/coaching')}>Coaching page</a>.
        </Notice>
      )}
      {open ? (
        <ShareForm
          item={item}
          what={what}
          onDone={(coach) => {
            setOpen(false);
            if (coach) setSharedWith(coach);
          }}
        />
      ) : (
        <button
          type="button"
          class="btn btn-small"
          aria-label={`Share with your coach: ${what}`}
          onClick={() => {
            setSharedWith(undefined);
            setOpen(true);
          }}
        >
          Share with your coach
        </button>
      )}
    </div>
  );
}
