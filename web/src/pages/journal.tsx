import { useEffect, useState } from 'preact/hooks';
import { quote } from '../../../src/domain/quote.js';
import { call } from '../api/client.js';
import type { IcSession, ImprovementAction } from '../api/types.js';
import { addDays } from '../lib/dates.js';
import { duration, plural, shortDate } from '../lib/format.js';
import { logFromCheck } from '../lib/log-work.js';
import { EMPTY_SESSION, sessionDraft } from '../lib/payloads.js';
import { href } from '../lib/router.js';
import { onTimerChanged, reasonTitle, useAppState, useReasons, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { useAction, useApi } from '../ui/hooks.js';
import { SessionForm } from './session-form.js';
import { StartTimerForm } from './timer-form.js';

/** Sessions are shown six weeks at a time, newest first. */
const PAGE_DAYS = 42;

function energy(s: IcSession): string | undefined {
  if (s.energyBefore === undefined && s.energyAfter === undefined) return undefined;
  return `energy ${s.energyBefore ?? '?'} → ${s.energyAfter ?? '?'}`;
}

function SessionItem({ session, onChanged }: { session: IcSession; onChanged(): void }) {
  const { profile } = useAppState();
  const { reasons } = useReasons();
  const [editing, setEditing] = useState(false);
  const remove = useAction(() => call('journal', 'delete', { id: session.id }));

  if (editing) {
    return (
      <li class="item">
        <h3>Edit “{session.title}”</h3>
        <SessionForm
          id={`edit-${session.id}`}
          initial={sessionDraft(session, profile.profile.tz)}
          edit={{ sessionId: session.id, gaps: session.gaps, version: session.version }}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }

  const meta = [shortDate(session.date), duration(session.minutes), energy(session)]
    .filter(Boolean)
    .join(' · ');
  return (
    <li class="item">
      <div class="item-head">
        <h3 class="item-title">{session.title}</h3>
        <span class="meta">{meta}</span>
      </div>
      <div class="tags">
        {session.reasons.map((r) => (
          <span key={r} class="tag">
            {reasonTitle(reasons, r)}
          </span>
        ))}
        {session.visible && (
          <span class="tag tag-info" title="Others beyond your team will see this work">
            visible
          </span>
        )}
        {session.checkId && <span class="tag tag-info">from a check</span>}
      </div>
      {session.gaps.length > 0 && (
        <>
          <p class="small muted">Gaps found:</p>
          <ul class="small">
            {session.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </>
      )}
      {session.notes && <p class="small">{session.notes}</p>}
      {remove.error && <LoadError error={remove.error} />}
      <div class="actions">
        <button
          type="button"
          class="btn btn-small"
          onClick={() => setEditing(true)}
          aria-label={`Edit: ${session.title}`}
        >
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          hiddenLabel={session.title}
          question="Delete this session? Improvement actions made from it stay."
          confirmLabel="Yes, delete it"
          keepLabel="Keep it"
          busy={remove.busy}
          onConfirm={async () => {
            if (await remove.run()) {
              announce(`Session “${session.title}” deleted.`);
              // The button that had focus is gone with the session: continue from the list's heading.
              document.getElementById('sessions-h')?.focus();
              onChanged();
            }
          }}
        />
      </div>
    </li>
  );
}

function ActionItem({
  action,
  source,
  onDone,
}: {
  action: ImprovementAction;
  source?: string;
  onDone(): void;
}) {
  const done = useAction(() => call('actions', 'done', { id: action.id }));
  return (
    <li class="item">
      <div class="item-head">
        <p class="item-title">{action.text}</p>
        <button
          type="button"
          class="btn btn-small"
          aria-disabled={done.busy ? 'true' : undefined}
          onClick={async () => {
            if (done.busy) return;
            if (await done.run()) {
              announce(`Marked done: ${action.text}`);
              document.getElementById('actions-h')?.focus();
              onDone();
            }
          }}
          aria-label={`Done: ${action.text}`}
        >
          Done
        </button>
      </div>
      {source && <p class="meta">Found while working on “{source}”</p>}
      {done.error && <LoadError error={done.error} />}
    </li>
  );
}

export default function JournalPage() {
  const { today } = useAppState();
  const [days, setDays] = useState(PAGE_DAYS);
  const [formKey, setFormKey] = useState(0);
  const from = addDays(today, -(days - 1));
  const sessions = useApi(() => call('journal', 'list', { from }), [from]);
  const actions = useApi(() => call('actions', 'list', { status: 'open' }), []);
  // "Log work on this" on a check opens this page with the check in the address (lib/log-work.ts).
  const fromCheck = logFromCheck(useRoute().params);
  const [linked, setLinked] = useState<{ title: string; week: string | undefined } | undefined>(undefined);

  const changed = () => {
    void sessions.reload();
    void actions.reload();
  };
  // Stopping the timer in the header logs a session, and its gaps become actions.
  useEffect(() => onTimerChanged(changed), []);
  // Come from a check, the leader came to log: take them to the filled-in form.
  useEffect(() => {
    if (!fromCheck) return;
    setLinked(undefined);
    const heading = document.getElementById('log-h');
    heading?.focus();
    heading?.scrollIntoView({ block: 'start' });
  }, [fromCheck?.checkId]);

  const newestFirst = sessions.data ? [...sessions.data].reverse() : undefined;
  const titles = new Map((sessions.data ?? []).map((s) => [s.id, s.title]));

  return (
    <>
      <PageHead title="Journal">
        <p>
          A private record of the IC work you do: how long, why, and how it left you feeling. Gaps you find
          along the way become improvements to follow up.
        </p>
      </PageHead>

      <section class="card" aria-labelledby="timer-h">
        <h2 id="timer-h">Start a timer</h2>
        <p class="muted small">
          Working on it now? Start a timer; stop it from the top of any page and the session is logged.
        </p>
        <StartTimerForm id="timer" />
      </section>

      {linked && (
        <Notice>
          Logged, and linked to your check {quote(linked.title)}.{' '}
          <a href={href('/review', { week: linked.week })}>See what came of it in that week’s review</a>.
        </Notice>
      )}

      <section class="card" aria-labelledby="log-h">
        <h2 id="log-h" tabIndex={-1}>
          {fromCheck ? `Log work on ${quote(fromCheck.title)}` : 'Log a session'}
        </h2>
        {fromCheck && (
          <p class="muted small">
            Filled in from your check; add how long it took. The session will count in what happened after the
            check.
          </p>
        )}
        <SessionForm
          key={`${formKey}-${fromCheck?.checkId ?? ''}`}
          id="log"
          initial={fromCheck?.draft ?? EMPTY_SESSION}
          onSaved={() => {
            setFormKey((k) => k + 1);
            changed();
            if (fromCheck) {
              setLinked({ title: fromCheck.title, week: fromCheck.date });
              location.hash = href('/journal');
            } else setLinked(undefined);
          }}
          onCancel={
            fromCheck
              ? () => {
                  location.hash = href('/journal');
                }
              : undefined
          }
        />
      </section>

      <section class="section" aria-labelledby="actions-h">
        <h2 id="actions-h" tabIndex={-1}>
          Improvements to follow up
        </h2>
        {actions.error && <LoadError error={actions.error} retry={() => void actions.reload()} />}
        {actions.loading && <Skeleton heights={[44, 44]} text="Gathering your open improvements…" />}
        {actions.data && actions.data.length === 0 && (
          <p class="empty">
            Nothing open. When you note a gap while doing IC work, it waits here until you mark it done.
          </p>
        )}
        {actions.data && actions.data.length > 0 && (
          <ul class="list-plain card">
            {actions.data.map((a) => (
              <ActionItem
                key={a.id}
                action={a}
                source={a.sessionId ? titles.get(a.sessionId) : undefined}
                onDone={() => void actions.reload()}
              />
            ))}
          </ul>
        )}
      </section>

      <section class="section" aria-labelledby="sessions-h">
        <div class="section-head">
          <h2 id="sessions-h" tabIndex={-1}>
            Recent sessions
          </h2>
          {sessions.data && (
            <span class="muted small">
              {plural(sessions.data.length, 'session')} since {shortDate(from)}
            </span>
          )}
        </div>
        {sessions.error && <LoadError error={sessions.error} retry={() => void sessions.reload()} />}
        {sessions.loading && <Skeleton heights={[72, 72, 72]} text="Opening your journal…" />}
        {newestFirst && newestFirst.length === 0 && (
          <p class="empty">
            No sessions in these weeks. When you do some IC work, log it above — even a short one.
          </p>
        )}
        {newestFirst && newestFirst.length > 0 && (
          <ul class="list-plain card">
            {newestFirst.map((s) => (
              <SessionItem key={s.id} session={s} onChanged={changed} />
            ))}
          </ul>
        )}
        {sessions.data && (
          <button type="button" class="btn" onClick={() => setDays((d) => d + PAGE_DAYS)}>
            Show six more weeks
          </button>
        )}
      </section>
    </>
  );
}
