import { useState } from 'preact/hooks';
import {
  CANNOT_ERASE,
  endedText,
  shareKindLine,
  shareKindText,
  visibleText,
} from '../../../src/domain/present/sharing.js';
import { type CoachingView, type MyShare, sharing } from '../api/sharing.js';
import { dayMonth } from '../lib/format.js';
import { href } from '../lib/router.js';
import { useAppState } from '../state.js';
import { AccessLog } from '../ui/access-log.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { Form, Submit, TextField } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { useLive } from '../ui/live.js';

const STATUS: Record<CoachingView['status'], { label: string; tag: string }> = {
  invited: { label: 'Asked', tag: 'tag-info' },
  active: { label: 'Active', tag: 'tag-good' },
  ended: { label: 'Ended', tag: 'tag-watch' },
};

function Status({ c }: { c: CoachingView }) {
  const s = STATUS[c.status];
  return <span class={`tag ${s.tag}`}>{s.label}</span>;
}

function useDay() {
  const { profile } = useAppState();
  return (instant: string) => dayMonth(instant, profile.profile.tz);
}

function AskCoach({ onAsked }: { onAsked(): void }) {
  const [email, setEmail] = useState('');
  const ask = useAction(() => sharing.invite(email.trim()));
  return (
    <Form
      id="ask-coach"
      label="Ask someone to coach you"
      fields={{ email: 'Their email address' }}
      error={ask.error}
      busy={ask.busy}
      onSubmit={async () => {
        const asked = await ask.run();
        if (!asked) return;
        announce(`Asked ${asked.coach.name} to coach you. They see your request under Coaching.`);
        setEmail('');
        onAsked();
      }}
    >
      <TextField
        name="email"
        label="Their email address"
        type="email"
        autoComplete="email"
        hint="Someone in your organisation. They see nothing of your journal until you share an item with them."
        value={email}
        onValue={setEmail}
      />
      <div class="actions">
        <Submit busy={ask.busy} busyText="Asking…">
          Ask to coach me
        </Submit>
      </div>
    </Form>
  );
}

function EndCoaching({ c, other, onDone }: { c: CoachingView; other: string; onDone(): void }) {
  const end = useAction(() => sharing.end(c.id));
  return (
    <>
      <ConfirmButton
        label="End coaching"
        hiddenLabel={other}
        question={`End coaching with ${other}? Ending stops all sharing between you; it cannot erase what was already read.`}
        confirmLabel="End coaching"
        keepLabel="Keep it"
        busy={end.busy}
        onConfirm={async () => {
          const done = await end.run();
          if (!done) return;
          announce(
            done.revoked > 0
              ? `Coaching with ${other} ended; ${done.revoked} shared items are no longer shared.`
              : `Coaching with ${other} ended.`,
          );
          onDone();
        }}
      />
      {end.error && <LoadError error={end.error} title="The coaching could not be ended." />}
    </>
  );
}

function Accept({ c, onDone }: { c: CoachingView; onDone(): void }) {
  const accept = useAction(() => sharing.accept(c.id));
  return (
    <>
      <button
        type="button"
        class="btn btn-small btn-primary"
        aria-label={`Accept: coach ${c.leader.name}`}
        aria-disabled={accept.busy ? 'true' : undefined}
        onClick={async () => {
          if (accept.busy) return;
          if (await accept.run()) {
            announce(`You now coach ${c.leader.name}. What they share appears under Shared with me.`);
            onDone();
          }
        }}
      >
        Accept
      </button>
      {accept.error && <LoadError error={accept.error} title="The request could not be accepted." />}
    </>
  );
}

function Coachings({
  list,
  as: role,
  onChanged,
}: {
  list: CoachingView[];
  /** Whose side the list is seen from: mine as a leader (my coaches) or as a coach. */
  as: 'leader' | 'coach';
  onChanged(): void;
}) {
  const day = useDay();
  return (
    <ul class="list-plain card">
      {list.map((c) => {
        const other = role === 'leader' ? c.coach.name : c.leader.name;
        return (
          <li key={c.id} class="item">
            <div class="item-head">
              <p class="item-title">{other}</p>
              <Status c={c} />
            </div>
            <p class="meta">
              {c.status === 'invited' &&
                (role === 'leader'
                  ? `Asked on ${day(c.invitedAt)}; waiting for ${other} to accept.`
                  : `${other} asked you on ${day(c.invitedAt)} to be their coach.`)}
              {c.status === 'active' && c.acceptedAt && `Since ${day(c.acceptedAt)}.`}
              {c.status === 'ended' && c.endedAt && `Ended on ${day(c.endedAt)}.`}
            </p>
            {c.status !== 'ended' && (
              <div class="actions">
                {role === 'coach' && c.status === 'invited' && <Accept c={c} onDone={onChanged} />}
                <EndCoaching c={c} other={other} onDone={onChanged} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ShareItemRow({ s, onChanged }: { s: MyShare; onChanged(): void }) {
  const day = useDay();
  const update = useAction(() => sharing.update(s.id));
  const revoke = useAction(() => sharing.revoke(s.id));
  const label = `${shareKindText(s.kind)}: ${s.title}`;
  return (
    <li class="item">
      <div class="item-head">
        <p class="item-title">{s.title}</p>
        <span class="meta">{shareKindLine(s)}</span>
      </div>
      <p class="meta">
        {s.live ? visibleText(s, day) : endedText(s, day)}
        {s.live && s.expiresAt ? `, until ${day(s.expiresAt)}` : ''}.
      </p>
      <p class="small">
        <a href={href('/shared', { id: s.id })} aria-label={`Open with its comments: ${label}`}>
          Open with its comments
        </a>
      </p>
      {s.current === 'changed' && (
        <div class="notice notice-info">
          <p>Changed since you shared it: {s.coach.name} still sees the version you shared.</p>
          <button
            type="button"
            class="btn btn-small"
            aria-label={`Share the update: ${label}`}
            aria-disabled={update.busy ? 'true' : undefined}
            onClick={async () => {
              if (update.busy) return;
              if (await update.run()) {
                announce(`${s.coach.name} now sees the item as it is today.`);
                onChanged();
              }
            }}
          >
            Share the update
          </button>
        </div>
      )}
      {s.current === 'gone' && (
        <p class="small muted">
          This item is no longer in your journal; {s.coach.name} still sees the copy you shared.
        </p>
      )}
      {s.live && (
        <div class="actions">
          <ConfirmButton
            label="Stop sharing"
            hiddenLabel={label}
            question={`Stop sharing this with ${s.coach.name}? ${CANNOT_ERASE}`}
            confirmLabel="Stop sharing"
            keepLabel="Keep sharing"
            busy={revoke.busy}
            onConfirm={async () => {
              if (await revoke.run()) {
                announce(`${s.coach.name} no longer sees ${s.title}.`);
                onChanged();
              }
            }}
          />
        </div>
      )}
      {update.error && <LoadError error={update.error} title="The update could not be shared." />}
      {revoke.error && <LoadError error={revoke.error} title="It could not be stopped." />}
    </li>
  );
}

function MyShares({ version, onChanged }: { version: number; onChanged(): void }) {
  const mine = useApi(() => sharing.mine(), [version]);
  return (
    <section class="section" aria-labelledby="my-shares-h">
      <h2 id="my-shares-h">What you share</h2>
      {mine.error && <LoadError error={mine.error} retry={() => void mine.reload()} />}
      {mine.loading && <Skeleton heights={[60, 60]} text="Finding what you share…" />}
      {mine.data && mine.data.length === 0 && (
        <p class="empty">
          Nothing yet. Share a weekly review, a reflection, a check or a flag with “Share with your coach”
          where you see it.
        </p>
      )}
      {mine.data && mine.data.length > 0 && (
        <ul class="list-plain card" aria-label="Your shared items">
          {mine.data.map((s) => (
            <ShareItemRow key={s.id} s={s} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function CoachingPage() {
  const { team } = useAppState();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const coaching = useApi(() => sharing.coaching(), [version]);
  // A coach who reads, accepts or ends, on any instance: the lists and the log follow.
  useLive(team, changed);
  const withMe = coaching.data?.asCoach.filter((c) => c.status === 'active').length ?? 0;

  return (
    <>
      <PageHead title="Coaching">
        <p>
          Someone you trust can coach you: you choose, item by item, what they see of your journal, for how
          long, and you can read each time they opened it.
        </p>
      </PageHead>

      <section class="section" aria-labelledby="coaches-h">
        <h2 id="coaches-h">Your coaches</h2>
        <AskCoach onAsked={changed} />
        {coaching.error && <LoadError error={coaching.error} retry={() => void coaching.reload()} />}
        {coaching.loading && <Skeleton heights={[60]} text="Finding your coaches…" />}
        {coaching.data && coaching.data.asLeader.length === 0 && <p class="empty">No one coaches you yet.</p>}
        {coaching.data && coaching.data.asLeader.length > 0 && (
          <Coachings list={coaching.data.asLeader} as="leader" onChanged={changed} />
        )}
      </section>

      {coaching.data && coaching.data.asCoach.length > 0 && (
        <section class="section" aria-labelledby="coachees-h">
          <h2 id="coachees-h">People who asked you to coach them</h2>
          {withMe > 0 && (
            <Notice tone="info">
              What they share with you is under <a href={href('/shared')}>Shared with me</a>.
            </Notice>
          )}
          <Coachings list={coaching.data.asCoach} as="coach" onChanged={changed} />
        </section>
      )}

      <MyShares version={version} onChanged={changed} />
      <AccessLog version={version} />
    </>
  );
}
