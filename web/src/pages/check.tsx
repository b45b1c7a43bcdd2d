import { useEffect, useRef, useState } from 'preact/hooks';
import { quote } from '../../../src/domain/quote.js';
import { call } from '../api/client.js';
import type { Output } from '../api/types.js';
import { shortDate } from '../lib/format.js';
import {
  CHECK_FIELDS,
  CHECK_QUESTIONS,
  type CheckDraft,
  type CheckField,
  checkInput,
  EMPTY_CHECK,
  PLAIN_CHECK_KEYS,
  type PlainCheckKey,
  type SessionDraft,
  sessionFromCheck,
} from '../lib/payloads.js';
import { levelLine, verdictHeadline, verdictTone } from '../lib/verdict.js';
import { useReasons } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { EditText } from '../ui/edit-text.js';
import { Checkbox, CheckboxGroup, Form, RadioGroup, Submit, TextField } from '../ui/form.js';
import { useAction, useApi, useDraft } from '../ui/hooks.js';
import { LogWorkLink } from '../ui/log-work.js';
import { ShareWithCoach } from '../ui/share.js';
import { reasonOptions, SessionForm } from './session-form.js';

type Outcome = Output<'check', 'run'>;

/** A plain input of the check, drawn from its entry in CHECK_FIELDS alone. */
function PlainField({
  name,
  draft,
  set,
}: {
  name: PlainCheckKey;
  draft: CheckDraft;
  set: <K extends keyof CheckDraft>(key: K) => (value: CheckDraft[K]) => void;
}) {
  const f = CHECK_FIELDS[name] as CheckField;
  const value = draft[name] as unknown;
  if (f.kind === 'own') return null;
  if (f.kind === 'yes-no') {
    return (
      <Checkbox
        name={name}
        label={f.question}
        hint={f.hint}
        checked={value === true}
        onValue={(v) => (set(name) as (v: unknown) => void)(v)}
      />
    );
  }
  return (
    <TextField
      name={name}
      label={f.question}
      hint={f.hint}
      optional={f.optional}
      inputMode={f.kind === 'number' ? 'decimal' : undefined}
      value={String(value ?? '')}
      onValue={(v) => (set(name) as (v: unknown) => void)(v)}
    />
  );
}

function Verdict({ outcome, onLog, onAgain }: { outcome: Outcome; onLog(): void; onAgain(): void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [outcome.id]);
  const level = levelLine(outcome);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      class={`verdict ${verdictTone(outcome.verdict)}`}
      aria-labelledby="verdict-h"
    >
      <p class="small muted">The check says</p>
      <h2 id="verdict-h">{verdictHeadline(outcome)}</h2>
      {level && <p>{level}</p>}
      <h3>Why</h3>
      <ol class="explanation">
        {outcome.lines.map((line, i) => (
          <li key={i}>
            <p>{line.text}</p>
            {line.questions && line.questions.length > 0 && (
              <ul>
                {line.questions.map((q) => (
                  <li key={q}>{q}</li>
                ))}
              </ul>
            )}
            <p class="rule">
              Rule: {line.rule}
              {line.reason && <> · reason: {line.reason}</>}
            </p>
          </li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={onLog}>
          Log this as a session
        </button>
        <button type="button" class="btn" onClick={onAgain}>
          Check another task
        </button>
      </div>
    </section>
  );
}

type SavedCheck = Output<'check', 'list'>[number];

const RECENT_HEADING = 'recent-checks-h';

/** A saved check: its title can change, its answers cannot (a new check is the honest way). */
function CheckItem({
  check: c,
  onRenamed,
  onDeleted,
}: {
  check: SavedCheck;
  onRenamed(): void;
  onDeleted(): void;
}) {
  const remove = useAction(() => call('check', 'delete', { id: c.id }));
  const title = quote(c.input.title);
  return (
    <li class="item">
      <EditText
        id={`check-${c.id}`}
        name="title"
        label="New title"
        value={c.input.title}
        buttonLabel="Rename"
        hiddenLabel={title}
        save={(t) => call('check', 'edit', { id: c.id, title: t })}
        onSaved={(t) => {
          announce(`Renamed to ${quote(t)}.`);
          onRenamed();
        }}
        view={
          <div class="item-head">
            <p class="item-title">{c.input.title}</p>
            <span class="meta">{shortDate(c.date)}</span>
          </div>
        }
        actions={
          <>
            <LogWorkLink check={c} />
            <ConfirmButton
              label="Delete"
              hiddenLabel={`the check ${title}`}
              question="Delete this check? Sessions you logged from it stay in your journal, no longer linked."
              confirmLabel="Yes, delete it"
              keepLabel="Keep it"
              busy={remove.busy}
              onConfirm={async () => {
                if (await remove.run()) onDeleted();
              }}
            />
          </>
        }
      >
        <p class="meta">{verdictHeadline(c.result)}</p>
        {remove.error && <LoadError error={remove.error} title="The check could not be deleted." />}
      </EditText>
      <ShareWithCoach item={{ kind: 'check', id: c.id }} what={`Check: ${c.input.title}`} />
    </li>
  );
}

function RecentChecks({ version, onDeleted }: { version: number; onDeleted(id: string): void }) {
  const recent = useApi(() => call('check', 'list', { limit: 8 }), [version]);
  const [deleted, setDeleted] = useState<string | undefined>(undefined);
  // The note is about the last deletion: a new check moves on from it.
  useEffect(() => setDeleted(undefined), [version]);
  return (
    <section class="section" aria-labelledby={RECENT_HEADING}>
      <h2 id={RECENT_HEADING} tabIndex={-1}>
        Your recent checks
      </h2>
      {deleted && (
        <Notice>
          The check {quote(deleted)} is deleted. Sessions you logged from it stay in your journal, no longer
          linked.
        </Notice>
      )}
      {recent.error && <LoadError error={recent.error} retry={() => void recent.reload()} />}
      {recent.loading && <Skeleton heights={[48, 48, 48]} text="Finding your recent checks…" />}
      {recent.data && recent.data.length === 0 && (
        <p class="empty">No checks yet. The first one takes a minute, and it is only for you.</p>
      )}
      {recent.data && recent.data.length > 0 && (
        <ul class="list-plain card">
          {recent.data.map((c) => (
            <CheckItem
              key={c.id}
              check={c}
              onRenamed={() => {
                setDeleted(undefined);
                void recent.reload();
              }}
              onDeleted={() => {
                setDeleted(c.input.title);
                announce(
                  `The check ${quote(c.input.title)} is deleted. Sessions you logged from it stay in your journal.`,
                );
                // The button that had focus is gone with the check: continue from the list's heading.
                document.getElementById(RECENT_HEADING)?.focus();
                onDeleted(c.id);
                void recent.reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function CheckPage() {
  const [draft, set, setDraft] = useDraft<CheckDraft>(EMPTY_CHECK);
  const { reasons, failed } = useReasons();
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [logDraft, setLogDraft] = useState<SessionDraft | undefined>(undefined);
  const [logged, setLogged] = useState(false);
  const [version, setVersion] = useState(0);
  const titleRef = useRef<HTMLDivElement>(null);

  const run = useAction(() => call('check', 'run', checkInput(draft)));
  const submit = async () => {
    const result = await run.run();
    if (!result) return;
    setOutcome(result);
    setLogDraft(undefined);
    setLogged(false);
    setVersion((v) => v + 1);
    announce(`The check says: ${verdictHeadline(result)}`);
  };

  const again = () => {
    setDraft(EMPTY_CHECK);
    setOutcome(undefined);
    setLogDraft(undefined);
    setLogged(false);
    titleRef.current?.querySelector('input')?.focus();
  };

  const name = draft.couldDo.trim();

  // The log form opens below the verdict: take the leader to it.
  useEffect(() => {
    if (logDraft) document.getElementById('check-log-title')?.focus();
  }, [logDraft]);

  return (
    <>
      <PageHead title="Check a task">
        <p>
          Before you take on a piece of IC work, take a minute to ask why you want it and what it would cost.
          The check weighs your answers with your week so far, and tells you what it makes of them — and why.
        </p>
      </PageHead>

      <div class="card">
        <Form
          id="check"
          fields={CHECK_QUESTIONS}
          error={run.error}
          busy={run.busy}
          onSubmit={() => void submit()}
        >
          <div ref={titleRef}>
            <TextField
              name="title"
              label={CHECK_QUESTIONS.title}
              value={draft.title}
              onValue={set('title')}
            />
          </div>
          <div class="field-pair">
            <TextField
              name="hours"
              label={CHECK_QUESTIONS.hours}
              inputMode="decimal"
              hint="Your best guess, e.g. 6 or 1.5."
              value={draft.hours}
              onValue={set('hours')}
            />
            <TextField
              name="due"
              type="date"
              label={CHECK_QUESTIONS.due}
              optional
              value={draft.due}
              onValue={set('due')}
            />
          </div>
          {reasons ? (
            <CheckboxGroup
              name="reasons"
              legend={CHECK_QUESTIONS.reasons}
              hint="Choose every reason that is true, including the uncomfortable ones. Nobody else sees this."
              options={reasonOptions(reasons)}
              values={draft.reasons}
              onValues={set('reasons')}
            />
          ) : (
            <p class="muted">
              {failed
                ? 'The reasons could not be loaded; reload the page to try again.'
                : 'Loading your reasons…'}
            </p>
          )}
          {PLAIN_CHECK_KEYS.map((k) => (
            <PlainField key={k} name={k} draft={draft} set={set} />
          ))}
          <TextField
            name="couldDo"
            label={CHECK_QUESTIONS.couldDo}
            optional
            hint="A name. Leave it empty if nobody else could."
            autoComplete="off"
            value={draft.couldDo}
            onValue={set('couldDo')}
          />
          {name !== '' && (
            <>
              <Checkbox
                name="grows"
                label={`It would help ${name} grow`}
                checked={draft.grows}
                onValue={set('grows')}
              />
              <RadioGroup
                name="maturity"
                legend={`How experienced is ${name} with this kind of task?`}
                optional
                options={[
                  { value: 'new', label: 'New to it', hint: 'Would need someone alongside at first.' },
                  { value: 'some', label: 'Has done some', hint: 'Would need a little guidance.' },
                  { value: 'experienced', label: 'Experienced', hint: 'Needs only the goal.' },
                ]}
                value={draft.maturity}
                onValue={(v) => set('maturity')(v as CheckDraft['maturity'])}
              />
            </>
          )}
          <RadioGroup
            name="answers"
            legend={CHECK_QUESTIONS.answers}
            hint="If nobody would ever find out that you did it."
            optional
            inline
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            value={draft.nobodyKnew}
            onValue={(v) => set('nobodyKnew')(v as CheckDraft['nobodyKnew'])}
          />
          <div class="actions">
            <Submit busy={run.busy} busyText="Checking…">
              Check it
            </Submit>
          </div>
        </Form>
      </div>

      {outcome && (
        <Verdict
          outcome={outcome}
          onLog={() => setLogDraft(sessionFromCheck(draft, outcome))}
          onAgain={again}
        />
      )}

      {outcome && logDraft && !logged && (
        <section class="card" aria-labelledby="log-from-check-h">
          <h2 id="log-from-check-h">Log this as a session</h2>
          <p class="muted small">Filled in from the check; change anything that turned out differently.</p>
          <SessionForm
            id="check-log"
            initial={logDraft}
            onSaved={() => setLogged(true)}
            onCancel={() => setLogDraft(undefined)}
          />
        </section>
      )}
      {logged && (
        <Notice>
          Logged, and linked to this check. <a href="#/journal">See it in your journal</a>.
        </Notice>
      )}

      <RecentChecks
        version={version}
        onDeleted={(id) => {
          // The verdict above was this check's: logging from it would link to a check that is gone.
          if (outcome?.id !== id) return;
          setOutcome(undefined);
          setLogDraft(undefined);
          setLogged(false);
        }}
      />
    </>
  );
}
