import { useState } from 'preact/hooks';
import {
  type NewProposal,
  type ProposalComment,
  type ProposalSummary,
  type ProposalView,
  proposals,
} from '../api/proposals.js';
import { dateTime, plural } from '../lib/format.js';
import { lines } from '../lib/forms.js';
import { href } from '../lib/router.js';
import { reasonsChanged, useAppState, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Checkbox, Form, RadioGroup, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useApi, useDraft } from '../ui/hooks.js';

/**
 * Reasons in discussion (issue 12): members of the organisation propose reasons for doing IC work,
 * talk them over, and say which fit them; an admin adopts one into everyone's catalogue or
 * declines it with a reason. Every text here is someone's own words and is rendered as text.
 */

const KIND_TAG = {
  good: <span class="tag tag-good">good reason</span>,
  'watch-out': <span class="tag tag-watch">watch out</span>,
};

function StatusTag({ p }: { p: ProposalSummary }) {
  if (p.status === 'adopted') return <span class="tag tag-good">adopted</span>;
  if (p.status === 'declined') return <span class="tag">declined</span>;
  return <span class="tag">in discussion</span>;
}

// ---------------------------------------------------------------- the list and the form

interface Draft {
  kind: 'good' | 'watch-out';
  title: string;
  summary: string;
  signals: string;
  questions: string;
}
const EMPTY: Draft = { kind: 'good', title: '', summary: '', signals: '', questions: '' };
const FIELDS = {
  kind: 'Is it a good reason, or one to watch out for?',
  title: 'Name the reason',
  summary: 'What it is, in one sentence',
  signals: 'How you can tell',
  questions: 'Questions a leader should ask themselves',
};

function Propose({ onAdded }: { onAdded(p: ProposalView): void }) {
  const [draft, set, setDraft] = useDraft<Draft>(EMPTY);
  const input = (): NewProposal => ({
    kind: draft.kind,
    title: draft.title,
    summary: draft.summary,
    signals: lines(draft.signals),
    questions: lines(draft.questions),
  });
  const add = useAction(() => proposals.add(input()));
  return (
    <section class="section" aria-labelledby="propose-h">
      <h2 id="propose-h">Propose a reason</h2>
      <p class="muted">
        Everyone in your organisation reads what you propose, with your name. If an admin adopts it, it
        becomes a reason everyone can choose when they check a task or log their work.
      </p>
      <Form
        id="propose"
        fields={FIELDS}
        error={add.error}
        busy={add.busy}
        onSubmit={async () => {
          const made = await add.run();
          if (!made) return;
          announce(`Proposed “${made.title}”.`);
          setDraft(EMPTY);
          onAdded(made);
        }}
      >
        <RadioGroup
          name="kind"
          legend={FIELDS.kind}
          options={[
            { value: 'good', label: 'A good reason', hint: 'It helps a leader lead when it is genuine.' },
            { value: 'watch-out', label: 'One to watch out for', hint: 'It tends to cost the leading.' },
          ]}
          value={draft.kind}
          onValue={(v) => set('kind')(v as Draft['kind'])}
        />
        <TextField name="title" label={FIELDS.title} value={draft.title} onValue={set('title')} />
        <TextField name="summary" label={FIELDS.summary} value={draft.summary} onValue={set('summary')} />
        <TextArea
          name="signals"
          label={FIELDS.signals}
          optional
          hint={
            draft.kind === 'good'
              ? 'When is it genuine? One per line, up to six.'
              : 'What shows it is at play? One per line, up to six.'
          }
          value={draft.signals}
          onValue={set('signals')}
        />
        <TextArea
          name="questions"
          label={FIELDS.questions}
          optional
          hint="One per line, up to six."
          value={draft.questions}
          onValue={set('questions')}
        />
        <div class="actions">
          <Submit busy={add.busy} busyText="Proposing…">
            Propose
          </Submit>
        </div>
      </Form>
    </section>
  );
}

/** Both off until the person turns them on; one button turns everything off. */
function EmailChoices() {
  const choices = useApi(() => proposals.notifications(), []);
  const change = useAction((on: boolean) => proposals.newProposals(on));
  const stop = useAction(() => proposals.stopAll());
  if (choices.error) return <LoadError error={choices.error} retry={() => void choices.reload()} />;
  if (!choices.data) return null;
  const { newProposals, following } = choices.data;
  return (
    <section class="section" aria-labelledby="email-h">
      <h2 id="email-h">Emails about proposals</h2>
      <Checkbox
        name="newProposals"
        label="Email me when someone proposes a reason"
        checked={newProposals}
        onValue={async (on) => {
          if (await change.run(on)) await choices.reload();
        }}
      />
      {(newProposals || following.length > 0) && (
        <p>
          <button
            type="button"
            class="btn btn-small"
            onClick={async () => {
              if (!(await stop.run())) return;
              announce('You will get no more emails about proposals.');
              await choices.reload();
            }}
          >
            Stop all emails about proposals
          </button>
        </p>
      )}
      {(change.error ?? stop.error) && <p role="alert">{(change.error ?? stop.error)!.message}</p>}
    </section>
  );
}

function List() {
  const list = useApi(() => proposals.list(), []);
  return (
    <>
      <PageHead title="Reasons in discussion" />
      <p>
        Reasons your colleagues think belong in the catalogue. Read them, say whether one fits you, and
        discuss it.
      </p>
      {list.error ? (
        <LoadError error={list.error} retry={() => void list.reload()} />
      ) : !list.data ? (
        <Skeleton heights={[80, 80]} text="Reading the proposals…" />
      ) : list.data.length === 0 ? (
        <p class="empty">Nobody has proposed a reason yet.</p>
      ) : (
        <ul class="list-plain" aria-label="Proposals">
          {list.data.map((p) => (
            <li key={p.id} class="card">
              <div class="item-head">
                <h3>
                  <a href={href('/proposals', { id: p.id })}>{p.title}</a>
                </h3>
                {KIND_TAG[p.kind]} <StatusTag p={p} />
              </div>
              <p>{p.summary}</p>
              <p class="meta">
                Proposed by {p.author.name} · {plural(p.commentCount, 'comment')} · fits{' '}
                {plural(p.fits, 'person', 'people')}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Propose onAdded={() => void list.reload()} />
      <EmailChoices />
    </>
  );
}

// ---------------------------------------------------------------- one proposal and its thread

function CommentForm({
  id,
  name,
  label,
  initial = '',
  submit,
  onDone,
  onCancel,
}: {
  id: string;
  /** The form's own name, apart from its field's: both are announced. */
  name: string;
  label: string;
  initial?: string;
  submit(body: string): Promise<unknown>;
  onDone(): void;
  onCancel?: () => void;
}) {
  const [body, setBody] = useState(initial);
  const send = useAction(() => submit(body));
  return (
    <Form
      id={id}
      label={name}
      fields={{ body: label }}
      error={send.error}
      busy={send.busy}
      onSubmit={async () => {
        if ((await send.run()) === undefined) return;
        setBody('');
        onDone();
      }}
    >
      <TextArea name="body" label={label} value={body} onValue={setBody} />
      <div class="actions">
        <Submit busy={send.busy} busyText="Sending…">
          {initial ? 'Save' : 'Send'}
        </Submit>
        {onCancel && (
          <button type="button" class="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </Form>
  );
}

function Comment({
  c,
  proposal,
  onChanged,
}: {
  c: ProposalComment;
  proposal: ProposalView;
  onChanged(): void;
}) {
  const { profile } = useAppState();
  const [mode, setMode] = useState<'read' | 'edit' | 'reply'>('read');
  const remove = useAction(() => proposals.remove(c.id));
  const hide = useAction((hidden: boolean) => proposals.hide(c.id, hidden));
  const error = remove.error ?? hide.error;
  return (
    <article class="item" aria-label={`Comment by ${c.author.name}`}>
      <div class="item-head">
        <p class="item-title">{c.author.name}</p>
        <span class="meta">
          {dateTime(c.at, profile.profile.tz)}
          {c.editedAt && ' · edited'}
        </span>
      </div>
      {c.state === 'deleted' ? (
        <p class="muted">This comment was deleted by its author.</p>
      ) : c.state === 'hidden' ? (
        <>
          <p class="muted">Hidden by an admin.</p>
          {c.body !== null && <p class="prose muted">{c.body}</p>}
        </>
      ) : mode === 'edit' ? (
        <CommentForm
          id={`edit-${c.id}`}
          name="Edit a comment"
          label="Edit your comment"
          initial={c.body ?? ''}
          submit={(body) => proposals.edit(c.id, body)}
          onDone={() => {
            setMode('read');
            announce('Comment saved.');
            onChanged();
          }}
          onCancel={() => setMode('read')}
        />
      ) : (
        <p class="prose">{c.body}</p>
      )}
      {mode === 'read' && (
        <div class="actions">
          {c.parentId === null && c.state !== 'deleted' && (
            <button type="button" class="btn btn-small" onClick={() => setMode('reply')}>
              Reply
            </button>
          )}
          {c.editableUntil && (
            <>
              <button type="button" class="btn btn-small" onClick={() => setMode('edit')}>
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                hiddenLabel="your comment"
                question="Delete your comment? Its text is gone for everyone."
                confirmLabel="Delete it"
                keepLabel="Keep it"
                busy={remove.busy}
                onConfirm={async () => {
                  if (await remove.run()) onChanged();
                }}
              />
            </>
          )}
          {proposal.canModerate && c.state !== 'deleted' && (
            <button
              type="button"
              class="btn btn-small"
              onClick={async () => {
                if (await hide.run(c.state !== 'hidden')) onChanged();
              }}
            >
              {c.state === 'hidden' ? 'Show again' : 'Hide'}
            </button>
          )}
        </div>
      )}
      {c.editableUntil && mode === 'read' && (
        <p class="meta">You can edit or delete it until {dateTime(c.editableUntil, profile.profile.tz)}.</p>
      )}
      {error && <p role="alert">{error.message}</p>}
      {mode === 'reply' && (
        <CommentForm
          id={`reply-${c.id}`}
          name={`Reply to ${c.author.name}`}
          label={`Your reply to ${c.author.name}`}
          submit={(body) => proposals.comment(proposal.id, body, c.id)}
          onDone={() => {
            setMode('read');
            announce('Reply sent.');
            onChanged();
          }}
          onCancel={() => setMode('read')}
        />
      )}
    </article>
  );
}

function Decide({ p, onDecided }: { p: ProposalView; onDecided(): void }) {
  const [reasonId, setReasonId] = useState('');
  const [why, setWhy] = useState('');
  const adopt = useAction(() => proposals.adopt(p.id, reasonId.trim() || undefined));
  const decline = useAction(() => proposals.decline(p.id, why));
  return (
    <section class="section" aria-labelledby="decide-h">
      <h2 id="decide-h">Decide, as an admin</h2>
      <Form
        id="adopt"
        label="Adopt"
        fields={{ reasonId: 'Its id in the catalogue' }}
        error={adopt.error}
        busy={adopt.busy}
        onSubmit={async () => {
          if (!(await adopt.run())) return;
          announce(`Adopted “${p.title}”: everyone can choose it now.`);
          reasonsChanged();
          onDecided();
        }}
      >
        <TextField
          name="reasonId"
          label="Its id in the catalogue"
          optional
          size="medium"
          hint="Made from its name when left empty. It never changes once adopted."
          spellcheck={false}
          value={reasonId}
          onValue={setReasonId}
        />
        <div class="actions">
          <Submit busy={adopt.busy}>Adopt into the catalogue</Submit>
        </div>
      </Form>
      <Form
        id="decline"
        label="Decline"
        fields={{ reason: 'Why it is declined' }}
        error={decline.error}
        busy={decline.busy}
        onSubmit={async () => {
          if (!(await decline.run())) return;
          announce('Declined.');
          onDecided();
        }}
      >
        <TextArea
          name="reason"
          label="Why it is declined"
          hint="Shown on the proposal."
          value={why}
          onValue={setWhy}
        />
        <div class="actions">
          <Submit busy={decline.busy}>Decline</Submit>
        </div>
      </Form>
    </section>
  );
}

function Proposal({ id }: { id: string }) {
  const { profile } = useAppState();
  const item = useApi(() => proposals.item(id), [id]);
  const fits = useAction((on: boolean) => proposals.fits(id, on));
  const follow = useAction((on: boolean) => proposals.follow(id, on));
  const back = (
    <p>
      <a href={href('/proposals')}>All reasons in discussion</a>
    </p>
  );
  if (item.error) {
    return (
      <>
        <PageHead title="Reasons in discussion" />
        {back}
        <LoadError error={item.error} retry={() => void item.reload()} />
      </>
    );
  }
  const p = item.data;
  if (!p) return <Skeleton heights={[40, 200]} text="Opening the proposal…" />;
  const reload = () => void item.reload();
  const top = p.comments.filter((c) => c.parentId === null);
  const repliesTo = (parent: string) => p.comments.filter((c) => c.parentId === parent);
  return (
    <>
      <PageHead title={p.title} />
      {back}
      <p>
        {KIND_TAG[p.kind]} <StatusTag p={p} />
      </p>
      <p class="meta">
        Proposed by {p.author.name} on {dateTime(p.createdAt, profile.profile.tz)}
      </p>
      <p>{p.summary}</p>
      {p.signals.length > 0 && (
        <>
          <h2>{p.kind === 'good' ? 'It is genuine when' : 'Signs it may be at play'}</h2>
          <ul>
            {p.signals.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
      {p.questions.length > 0 && (
        <>
          <h2>Questions to ask yourself</h2>
          <ul>
            {p.questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        </>
      )}
      {p.status === 'adopted' && (
        <div class="card" role="status">
          <p>
            Adopted by {p.decidedBy?.name}: everyone in your organisation can choose it as{' '}
            <code>{p.reasonId}</code> when they check a task or log their work.
          </p>
        </div>
      )}
      {p.status === 'declined' && (
        <div class="card" role="status">
          <p>Declined by {p.decidedBy?.name}:</p>
          <p class="prose">{p.declineReason}</p>
        </div>
      )}
      <div class="actions">
        <button
          type="button"
          class="btn"
          aria-pressed={p.fitsMe ? 'true' : 'false'}
          onClick={async () => {
            if (await fits.run(!p.fitsMe)) reload();
          }}
        >
          This fits me
        </button>
        <span class="meta">Fits {plural(p.fits, 'person', 'people')}</span>
      </div>
      {fits.error && <p role="alert">{fits.error.message}</p>}
      <section class="section" aria-labelledby="thread-h">
        <h2 id="thread-h">Discussion</h2>
        <Checkbox
          name="follow"
          label="Email me about follow-up comments"
          checked={p.following}
          onValue={async (on) => {
            if (await follow.run(on)) reload();
          }}
        />
        {follow.error && <p role="alert">{follow.error.message}</p>}
        {top.length === 0 ? (
          <p class="empty">No comments yet.</p>
        ) : (
          <ul class="list-plain card" aria-label="Comments">
            {top.map((c) => (
              <li key={c.id}>
                <Comment c={c} proposal={p} onChanged={reload} />
                {repliesTo(c.id).length > 0 && (
                  <ul class="list-plain replies" aria-label={`Replies to ${c.author.name}`}>
                    {repliesTo(c.id).map((r) => (
                      <li key={r.id}>
                        <Comment c={r} proposal={p} onChanged={reload} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
        <CommentForm
          id="comment"
          name="New comment"
          label="Your comment"
          submit={(body) => proposals.comment(p.id, body)}
          onDone={() => {
            announce('Comment sent.');
            reload();
          }}
        />
      </section>
      {p.canModerate && p.status === 'open' && <Decide p={p} onDecided={reload} />}
    </>
  );
}

export default function Proposals() {
  const id = useRoute().params.get('id');
  return id ? <Proposal id={id} /> : <List />;
}
