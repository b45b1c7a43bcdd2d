import { useEffect, useState } from 'preact/hooks';
import { flagTitle } from '../../../src/domain/present/flags.js';
import { quote } from '../../../src/domain/quote.js';
import { call } from '../api/client.js';
import type { Output, WeekModel } from '../api/types.js';
import { addDays, isAcceptedDate, weekOf } from '../lib/dates.js';
import { duration, fullDate, hours, plural, weekRange } from '../lib/format.js';
import { href } from '../lib/router.js';
import { reasonTitle, useAppState, useReasons, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { EditText } from '../ui/edit-text.js';
import { FollowThroughSection } from '../ui/follow-through.js';
import { Form, RadioGroup, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { ShareWithCoach } from '../ui/share.js';
import { DismissedNote, FlagCard, type FlagView } from './flags.js';

type Review = Output<'insight', 'weeklyReview'>;
type Reflection = Output<'reflections', 'list'>[number];
type Decision = { status: '' | 'acknowledged' | 'dismissed'; note: string };

function useWeekParam(): string | undefined {
  const week = useRoute().params.get('week') ?? undefined;
  return week && isAcceptedDate(week) ? week : undefined;
}

/** A calendar figure, or "no calendar" where none covers the week. */
const known = (v: number | null, show: (n: number) => string) => (v === null ? 'no calendar' : show(v));

function Numbers({ week }: { week: WeekModel }) {
  const l = week.leadership;
  const stats: [string, string][] = [
    ['IC done', hours(week.ic.done)],
    ['IC planned', known(week.ic.planned, hours)],
    ['IC budget used', `${week.budgetUsedPct}%`],
    ['Leadership time', known(week.leadershipMinutes, hours)],
    ['1:1s', known(l?.['one-on-one'] ?? null, hours)],
    ['Meetings', known(week.meetingMinutes, hours)],
    ['Focus time', known(week.focusMinutes, hours)],
    ['Fragmented time', known(week.fragmentedMinutes, hours)],
    ['Longest free stretch', known(week.longestBlockMinutes, duration)],
    ['Context switches', known(week.contextSwitches, String)],
  ];
  return (
    <dl class="stats">
      {stats.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const DECISIONS = [
  { value: 'acknowledged', label: 'Acknowledge', hint: 'It is fair; keep it in view.' },
  { value: 'dismissed', label: 'Dismiss', hint: 'It does not apply; stay quiet until the evidence changes.' },
  { value: '', label: 'Decide later' },
];

function ReviewForm({ review, current, onSaved }: { review: Review; current: boolean; onSaved(): void }) {
  const { reasons } = useReasons();
  const [answers, setAnswers] = useState<string[]>(() => review.prompts.map(() => ''));
  const [text, setText] = useState('');
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const decide = (f: FlagView, patch: Partial<Decision>) =>
    setDecisions((d) => ({ ...d, [f.fingerprint]: { status: '', note: '', ...d[f.fingerprint], ...patch } }));

  const fields: Record<string, string> = { text: 'Anything else', flags: 'Flags', week: 'Week' };
  review.prompts.forEach((p, i) => {
    fields[`answers.${i}`] = p.prompt;
  });

  const save = useAction(() =>
    call('insight', 'saveReview', {
      week: review.week.start,
      answers: review.prompts.map((p, i) => ({ prompt: p.prompt, answer: answers[i] ?? '' })),
      text,
      flags: Object.entries(decisions)
        .filter(([, d]) => d.status !== '')
        .map(([fingerprint, d]) => ({
          fingerprint,
          status: d.status as 'acknowledged' | 'dismissed',
          note: d.note.trim() === '' ? undefined : d.note.trim(),
        })),
    }),
  );

  return (
    <Form
      id="review"
      fields={fields}
      error={save.error}
      busy={save.busy}
      onSubmit={async () => {
        const saved = await save.run();
        if (!saved) return;
        announce(
          saved.reflection
            ? `Review saved${saved.flags > 0 ? `, with ${plural(saved.flags, 'flag')} answered` : ''}.`
            : saved.flags > 0
              ? `${plural(saved.flags, 'flag')} answered.`
              : 'Nothing to save yet: answer a question or a flag first.',
        );
        if (saved.reflection || saved.flags > 0) onSaved();
      }}
    >
      <section class="section" aria-labelledby="review-flags-h" id="review-flags">
        <h2 id="review-flags-h">Flags</h2>
        {!current && review.flags.length > 0 && (
          <p class="muted small">
            These are the flags as they stood at the end of that week. Flags can be answered only as they
            stand today, in this week’s review or on the dashboard.
          </p>
        )}
        {review.flags.length === 0 && (
          <p class="empty">No flags for this week. Nothing in the evidence asks for a second look.</p>
        )}
        {review.flags.length > 0 && (
          <p class="muted small">
            {plural(review.toLookAt, 'flag')} to look at
            {review.flags.length > review.toLookAt
              ? `, ${review.flags.length - review.toLookAt} you acknowledged earlier`
              : ''}
            .
          </p>
        )}
        {review.flags.map((f) => (
          <FlagCard key={f.fingerprint} flag={f}>
            {current && (
              <>
                <RadioGroup
                  name={`flag-${f.fingerprint}`}
                  legend={`What do you make of ${quote(flagTitle(f.id))}?`}
                  options={DECISIONS}
                  value={decisions[f.fingerprint]?.status ?? ''}
                  onValue={(v) => decide(f, { status: v as Decision['status'] })}
                />
                <TextField
                  name={`note-${f.fingerprint}`}
                  label="Your note"
                  optional
                  value={decisions[f.fingerprint]?.note ?? ''}
                  onValue={(note) => decide(f, { note })}
                />
              </>
            )}
          </FlagCard>
        ))}
        {review.dismissed > 0 && <DismissedNote dismissed={review.dismissed} />}
      </section>

      <section class="section" aria-labelledby="review-questions-h">
        <h2 id="review-questions-h">Questions for this week</h2>
        <p class="muted small">
          Answer the ones that speak to you and skip the rest. Your answers are saved as a reflection only you
          can read.
        </p>
        <div class="card">
          {review.prompts.map((p, i) => (
            <TextArea
              key={p.id}
              name={`answers.${i}`}
              label={p.prompt}
              hint={
                p.reason ? `It touches on the reason ${quote(reasonTitle(reasons, p.reason))}.` : undefined
              }
              optional
              value={answers[i] ?? ''}
              onValue={(v) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)))}
            />
          ))}
          <TextArea
            name="text"
            label="Anything else on your mind?"
            optional
            rows={4}
            value={text}
            onValue={setText}
          />
          <div class="actions">
            <Submit busy={save.busy}>Save my review</Submit>
          </div>
        </div>
      </section>
    </Form>
  );
}

const REFLECTIONS_HEADING = 'reflections-h';

/** One earlier reflection: its text can be changed here, its answers only from `handson reflect edit`. */
function ReflectionItem({ reflection: r, onChanged }: { reflection: Reflection; onChanged(): void }) {
  const remove = useAction(() => call('reflections', 'delete', { id: r.id }));
  const name = `reflection of ${fullDate(r.date)}`;
  return (
    <li class="item">
      <h3 class="item-title">{fullDate(r.date)}</h3>
      <EditText
        id={`reflection-${r.id}`}
        name="text"
        label="Your reflection"
        multiline
        value={r.text}
        hiddenLabel={name}
        save={(text) => call('reflections', 'edit', { id: r.id, text })}
        onSaved={() => {
          announce(`Your ${name} is saved.`);
          onChanged();
        }}
        view={r.text && <p>{r.text}</p>}
        actions={
          <ConfirmButton
            label="Delete"
            hiddenLabel={name}
            question="Delete this reflection?"
            confirmLabel="Yes, delete it"
            keepLabel="Keep it"
            busy={remove.busy}
            onConfirm={async () => {
              if (await remove.run()) {
                announce(`Your ${name} is deleted.`);
                // The button that had focus is gone with the reflection: continue from the list's heading.
                document.getElementById(REFLECTIONS_HEADING)?.focus();
                onChanged();
              }
            }}
          />
        }
      >
        {r.answers.length > 0 && (
          <dl class="small">
            {r.answers.map((a) => (
              <div key={a.prompt}>
                <dt class="muted">{a.prompt}</dt>
                <dd>{a.answer}</dd>
              </div>
            ))}
          </dl>
        )}
        {remove.error && <LoadError error={remove.error} title="The reflection could not be deleted." />}
      </EditText>
      <ShareWithCoach item={{ kind: 'reflection', id: r.id }} what={`Reflection of ${fullDate(r.date)}`} />
    </li>
  );
}

function Reflections({ version }: { version: number }) {
  const { today } = useAppState();
  const list = useApi(() => call('reflections', 'list', { from: addDays(today, -90) }), [version, today]);
  return (
    <section class="section" aria-labelledby={REFLECTIONS_HEADING}>
      <h2 id={REFLECTIONS_HEADING} tabIndex={-1}>
        Your earlier reflections
      </h2>
      {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
      {list.loading && <Skeleton heights={[60, 60]} text="Finding your reflections…" />}
      {list.data && list.data.length === 0 && (
        <p class="empty">None in the last three months. Your first review will appear here.</p>
      )}
      {list.data && list.data.length > 0 && (
        <ul class="list-plain card">
          {[...list.data].reverse().map((r) => (
            <ReflectionItem key={r.id} reflection={r} onChanged={() => void list.reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function ReviewPage() {
  const { today } = useAppState();
  const thisWeek = weekOf(today).start;
  const param = useWeekParam();
  const start = weekOf(param ?? today).start;
  const current = start === thisWeek;
  const [version, setVersion] = useState(0);
  const review = useApi(() => call('insight', 'weeklyReview', { week: start }), [start, version]);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [start]);

  const shown = review.data && review.data.week.start === start ? review.data : undefined;

  return (
    <>
      <PageHead title="Weekly review">
        <p>
          Ten quiet minutes with the week behind you: what the numbers say, which patterns showed up, and a
          few questions about what happened in it.
        </p>
      </PageHead>

      <nav class="row" aria-label="Choose a week">
        <a class="btn btn-small" href={href('/review', { week: addDays(start, -7) })}>
          ← Previous week
        </a>
        <strong aria-live="polite">Week of {weekRange(start, addDays(start, 6))}</strong>
        {!current && (
          <a class="btn btn-small" href={href('/review', { week: addDays(start, 7) })}>
            Next week →
          </a>
        )}
        {!current && <a href={href('/review')}>This week</a>}
      </nav>

      {saved && <Notice>Saved. Your answers are kept as a reflection; you will find it below.</Notice>}

      <ShareWithCoach
        item={{ kind: 'review', week: start }}
        what={`Weekly review, week of ${weekRange(start, addDays(start, 6))}`}
      />

      <section class="section" aria-labelledby="numbers-h">
        <h2 id="numbers-h">The week in numbers</h2>
        {review.error && <LoadError error={review.error} retry={() => void review.reload()} />}
        {shown ? (
          <Numbers week={shown.week} />
        ) : (
          !review.error && <Skeleton heights={[150]} text="Adding up the week…" />
        )}
      </section>

      {shown && <FollowThroughSection review={shown} onChanged={() => void review.reload()} />}

      {shown ? (
        <ReviewForm
          key={`${start}-${version}`}
          review={shown}
          current={current}
          onSaved={() => {
            setSaved(true);
            setVersion((v) => v + 1);
          }}
        />
      ) : (
        !review.error && <Skeleton heights={[120, 200]} text="Preparing your questions…" />
      )}

      <Reflections version={version} />
    </>
  );
}
