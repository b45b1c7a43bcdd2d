import { useState } from 'preact/hooks';
import { call } from '../api/client.js';
import type { Reason } from '../api/types.js';
import { slugify } from '../lib/forms.js';
import { type ReasonDraft, reasonInput } from '../lib/payloads.js';
import { href } from '../lib/router.js';
import { reasonsChanged, useAppState, useReasons } from '../state.js';
import { announce } from '../ui/announce.js';
import { PageHead, Skeleton } from '../ui/common.js';
import { Form, RadioGroup, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useDraft } from '../ui/hooks.js';

const FIELDS = {
  title: 'Name the reason',
  id: 'Short id',
  kind: 'Is it a good reason, or one to watch out for?',
  summary: 'In one sentence',
  questions: 'Questions to ask yourself',
  signals: 'How you can tell',
};

const EMPTY: ReasonDraft = { id: '', kind: 'good', title: '', summary: '', questions: '', signals: '' };

function ReasonCard({ reason }: { reason: Reason }) {
  const { team } = useAppState();
  return (
    <article class="card" aria-labelledby={`reason-${reason.id}`}>
      <div class="item-head">
        <h3 id={`reason-${reason.id}`}>{reason.title}</h3>
        <span class={`tag ${reason.kind === 'watch-out' ? 'tag-watch' : 'tag-good'}`}>
          {reason.kind === 'watch-out' ? 'watch out' : 'good reason'}
        </span>
      </div>
      <p>{reason.summary}</p>
      {reason.signals.length > 0 && (
        <>
          <h4 class="small">{reason.kind === 'good' ? 'It is genuine when' : 'Signs it may be at play'}</h4>
          <ul class="small">
            {reason.signals.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
      {reason.questions.length > 0 && (
        <details>
          <summary>Questions to ask yourself</summary>
          <ul class="small">
            {reason.questions.map((q) => (
              <li key={q.id}>{q.text}</li>
            ))}
          </ul>
        </details>
      )}
      <p class="meta">
        id <code>{reason.id}</code>
        {reason.proposalId && (
          <>
            {' '}
            · adopted by your organisation ·{' '}
            <a href={href('/proposals', { id: reason.proposalId })}>read its discussion</a>
          </>
        )}
        {/* Only on an organisation's server, which can serve a page to people outside. */}
        {team && (
          <>
            {' · '}
            <a
              href={href('/public-links', { reason: reason.id })}
              aria-label={`Publish a public link: ${reason.title}`}
            >
              Publish a public link
            </a>
          </>
        )}
      </p>
    </article>
  );
}

function AddReason() {
  const [draft, set, setDraft] = useDraft<ReasonDraft>(EMPTY);
  // The id follows the name until the leader edits it.
  const [idTouched, setIdTouched] = useState(false);
  const add = useAction(() => call('reasons', 'add', reasonInput(draft)));
  return (
    <Form
      id="add-reason"
      fields={FIELDS}
      error={add.error}
      busy={add.busy}
      onSubmit={async () => {
        const r = await add.run();
        if (!r) return;
        announce(`Added your reason “${r.title}”. You can choose it in checks and sessions now.`);
        setDraft(EMPTY);
        setIdTouched(false);
        reasonsChanged();
      }}
    >
      <TextField
        name="title"
        label={FIELDS.title}
        hint="For example: Teach by doing."
        value={draft.title}
        onValue={(title) => {
          set('title')(title);
          if (!idTouched) set('id')(slugify(title));
        }}
      />
      <TextField
        name="id"
        label={FIELDS.id}
        size="medium"
        hint="Lowercase letters, digits and dashes. It never changes once saved."
        spellcheck={false}
        value={draft.id}
        onValue={(id) => {
          setIdTouched(true);
          set('id')(id);
        }}
      />
      <RadioGroup
        name="kind"
        legend={FIELDS.kind}
        options={[
          { value: 'good', label: 'A good reason', hint: 'It helps you lead better when it is genuine.' },
          { value: 'watch-out', label: 'One to watch out for', hint: 'It tends to cost your leadership.' },
        ]}
        value={draft.kind}
        onValue={(v) => set('kind')(v as ReasonDraft['kind'])}
      />
      <TextField
        name="summary"
        label={FIELDS.summary}
        optional
        value={draft.summary}
        onValue={set('summary')}
      />
      <TextArea
        name="questions"
        label={FIELDS.questions}
        optional
        hint="One per line, up to six. They come back when you choose this reason."
        value={draft.questions}
        onValue={set('questions')}
      />
      <TextArea
        name="signals"
        label={FIELDS.signals}
        optional
        hint={
          draft.kind === 'good'
            ? 'What shows it is genuine, one per line.'
            : 'What shows it is at play, one per line.'
        }
        value={draft.signals}
        onValue={set('signals')}
      />
      <div class="actions">
        <Submit busy={add.busy}>Add reason</Submit>
      </div>
    </Form>
  );
}

export default function ReasonsPage() {
  const { reasons, failed } = useReasons();
  const builtin = reasons?.filter((r) => r.builtin) ?? [];
  const groups = [
    { id: 'good', title: 'Good reasons', items: builtin.filter((r) => r.kind === 'good') },
    {
      id: 'watch-out',
      title: 'Reasons to watch out for',
      items: builtin.filter((r) => r.kind === 'watch-out'),
    },
    { id: 'own', title: 'Your own reasons', items: reasons?.filter((r) => !r.builtin) ?? [] },
  ];
  return (
    <>
      <PageHead title="Reasons">
        <p>
          Why a leader takes on IC work. Some reasons make you a better leader; others are worth noticing
          because they are rarely said out loud. The list is open: add the reasons that are true for you.
        </p>
      </PageHead>

      {!reasons && !failed && <Skeleton heights={[200, 200, 200, 200, 200]} text="Opening the catalogue…" />}
      {failed && (
        <div class="form-error" role="alert">
          <p>The reasons could not be loaded. Reload the page to try again.</p>
        </div>
      )}
      {reasons &&
        groups.map((g) => (
          <section key={g.id} class="section" aria-labelledby={`group-${g.id}`}>
            <h2 id={`group-${g.id}`}>{g.title}</h2>
            {g.items.length === 0 ? (
              <p class="empty">None yet. Add one below when a reason of your own keeps coming up.</p>
            ) : (
              g.items.map((r) => <ReasonCard key={r.id} reason={r} />)
            )}
          </section>
        ))}

      <section class="section card" aria-labelledby="add-reason-h">
        <h2 id="add-reason-h">Add your own reason</h2>
        <AddReason />
      </section>
    </>
  );
}
