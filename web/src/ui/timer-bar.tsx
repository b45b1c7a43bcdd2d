import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api/client.js';
import { sentence } from '../lib/errors.js';
import { duration } from '../lib/format.js';
import { onTimerChanged, timerChanged } from '../state.js';
import { announce } from './announce.js';
import { ConfirmButton } from './common.js';
import { Form, Submit, TextField } from './form.js';
import { useAction, useApi } from './hooks.js';

/** The server counts the minutes; asking once a minute keeps the header's count with it. */
const EVERY_MINUTE = 60_000;

const FIELDS = { until: 'When did you stop?' };

/**
 * The running timer in the header, on every page: its title, how long it has run, and Stop. When the
 * timer ran past midnight or the end of working hours the server will not count it unasked; its
 * refusal is shown with a time to stop at, the end of working hours first.
 */
export function TimerBar() {
  const status = useApi(() => call('timer', 'status', {}), []);
  const [asking, setAsking] = useState(false);
  const [until, setUntil] = useState('');
  const stopButton = useRef<HTMLButtonElement>(null);
  const stop = useAction((at?: string) => call('timer', 'stop', at === undefined ? {} : { until: at }));
  const discard = useAction(() => call('timer', 'discard', {}));
  const timer = status.data;

  useEffect(() => {
    const tick = setInterval(() => void status.reload(), EVERY_MINUTE);
    const off = onTimerChanged(() => void status.reload());
    return () => {
      clearInterval(tick);
      off();
    };
  }, []);

  // The server's refusal for a timer that ran on unattended: ask when the work ended.
  useEffect(() => {
    if (stop.error?.field === 'until') setAsking(true);
  }, [stop.error]);

  if (!timer) return null;

  const finish = async (at?: string) => {
    if (stop.busy) return;
    if (at === undefined) setUntil(timer.overrun?.workEnd ?? '');
    const outcome = await stop.run(at);
    if (!outcome) {
      // Stopped elsewhere meanwhile (the command line): the header catches up.
      if (at === undefined) void status.reload();
      return;
    }
    setAsking(false);
    announce(`Logged ${duration(outcome.session.minutes)} on “${outcome.session.title}”.`);
    // The Stop button goes with the timer: continue from the page.
    document.getElementById('main')?.focus();
    timerChanged();
  };

  return (
    <section class="timer-bar" aria-label="Running timer">
      <p class="timer-text">
        <span class="timer-dot" aria-hidden="true" />
        <span class="vh">Timer running: </span>
        <strong>{timer.title}</strong> <span class="muted">· {duration(timer.minutes)}</span>
      </p>
      {!asking && (
        <button
          ref={stopButton}
          type="button"
          class="btn btn-small"
          aria-disabled={stop.busy ? 'true' : undefined}
          onClick={() => void finish()}
          aria-label={`Stop the timer: ${timer.title}`}
        >
          Stop
        </button>
      )}
      {!asking && (
        <ConfirmButton
          label="Discard"
          hiddenLabel={timer.title}
          question="Forget this timer without logging anything?"
          confirmLabel="Discard it"
          keepLabel="Keep it"
          busy={discard.busy}
          onConfirm={() =>
            void discard.run().then((gone) => {
              // Gone already (stopped elsewhere) or just now: the header catches up either way
              // (timerChanged reloads it, as after a stop).
              if (gone) announce(`Discarded the timer on “${gone.title}”; nothing was logged.`);
              timerChanged();
            })
          }
        />
      )}
      {!asking && stop.error && (
        <div class="form-error" role="alert">
          <p>
            <strong>The timer was not stopped.</strong> {sentence(stop.error.message)}
          </p>
        </div>
      )}
      {asking && (
        <Form
          id="timer-stop"
          class="timer-until"
          fields={FIELDS}
          error={stop.error}
          busy={stop.busy}
          label="When the timer's work ended"
          onSubmit={() => void finish(until)}
        >
          <TextField
            name="until"
            type="time"
            size="narrow"
            label={FIELDS.until}
            hint="On the day the timer started."
            value={until}
            onValue={setUntil}
          />
          <div class="actions">
            <Submit busy={stop.busy}>Stop at this time</Submit>
            <button type="button" class="btn" onClick={() => void finish('now')}>
              Count all of it
            </button>
            <button
              type="button"
              class="btn"
              onClick={() => {
                stop.reset();
                setAsking(false);
                requestAnimationFrame(() => stopButton.current?.focus());
              }}
            >
              Not now
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
