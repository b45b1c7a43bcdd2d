import { useState } from 'preact/hooks';
import { type Figure, type LinkView, type MemberView, org, type PendingMailView } from '../api/org.js';
import { dateTime, weekRange } from '../lib/format.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { Checkbox, Form, SelectField, Submit, TextField } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';

/** A figure as the server gave it: its value, or the sentence saying why there is none. */
function FigureRow({ label, figure, unit }: { label: string; figure: Figure; unit: (v: number) => string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {figure.value === null ? (
          <span class="why muted">{figure.reason}</span>
        ) : (
          <>
            <strong>{unit(figure.value)}</strong>{' '}
            <span class="count">({figure.counted === 1 ? '1 person' : `${figure.counted} people`})</span>
          </>
        )}
      </dd>
    </div>
  );
}

function Overview() {
  const [version, setVersion] = useState(0);
  const overview = useApi(() => org.overview(), [version]);
  const mine = useApi(() => org.countsMe(), [version]);
  const set = useAction((on: boolean) => org.setCountMe(on));
  // The box follows the click at once; the server's answer confirms it (or puts it back).
  const [chosen, setChosen] = useState<boolean | undefined>();
  return (
    <section class="section" aria-labelledby="overview-h">
      <h2 id="overview-h">The organisation’s week</h2>
      <p class="small">
        Medians and counts over the people who chose to be counted, each shown only once at least five people
        are in it — so no one’s own week can be read from them.
      </p>
      {overview.error && <LoadError error={overview.error} retry={() => void overview.reload()} />}
      {overview.loading && <Skeleton heights={[120]} text="Counting…" />}
      {overview.data && (
        <div class="card">
          {overview.data.week && (
            <p class="meta">Week of {weekRange(overview.data.week.start, overview.data.week.end)}</p>
          )}
          <dl class="stats" aria-label="The organisation’s week">
            <div>
              <dt>People counted</dt>
              <dd>
                <strong>{overview.data.counted}</strong>
              </dd>
            </div>
            <FigureRow label="IC done (median)" figure={overview.data.icHoursDone} unit={(v) => `${v} h`} />
            <FigureRow
              label="Own IC budget used (median)"
              figure={overview.data.budgetUsedPercent}
              unit={(v) => `${v}%`}
            />
            <FigureRow
              label="Over their own budget"
              figure={overview.data.overBudget}
              unit={(v) => (v === 1 ? '1 person' : `${v} people`)}
            />
            <FigureRow
              label="Leadership time (median)"
              figure={overview.data.leadershipHours}
              unit={(v) => `${v} h`}
            />
          </dl>
        </div>
      )}
      {mine.data && (
        <Checkbox
          name="countMe"
          label="Count my weeks in this overview"
          hint="Your week adds to the medians and counts above; nothing of it is shown on its own."
          checked={chosen ?? mine.data.countMe}
          onValue={async (on) => {
            if (set.busy) return;
            setChosen(on);
            const saved = await set.run(on);
            setChosen(saved ? saved.countMe : undefined);
            if (saved) {
              announce(on ? 'Your weeks are counted in the overview.' : 'Your weeks are no longer counted.');
              setVersion((v) => v + 1);
            }
          }}
        />
      )}
      {set.error && <LoadError error={set.error} title="Your choice could not be saved." />}
    </section>
  );
}

/** A link to hand over by hand: shown once, with how long it lasts. */
function HandOver({ made, what, tz }: { made: LinkView; what: string; tz: string }) {
  return (
    <Notice tone="info">
      <p>
        {what} — single use, until {dateTime(made.expiresAt, tz)}. Send it to them yourself; it is not shown
        again.
      </p>
      <p>
        <input
          class="input"
          readOnly
          aria-label={what}
          value={made.link}
          onFocus={(e) => e.currentTarget.select()}
        />
      </p>
    </Notice>
  );
}

function Invite({ onInvited }: { onInvited(): void }) {
  const { profile } = useAppState();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberView['role']>('member');
  const [made, setMade] = useState<LinkView | undefined>();
  const invite = useAction(() => org.invite(email.trim(), role));
  return (
    <>
      <Form
        id="invite"
        label="Invite someone"
        fields={{ email: 'Email address', role: 'Role' }}
        error={invite.error}
        busy={invite.busy}
        onSubmit={async () => {
          const link = await invite.run();
          if (!link) return;
          setMade(link);
          announce(`Invitation made for ${email.trim()}.`);
          setEmail('');
          onInvited();
        }}
      >
        <TextField name="email" label="Email address" type="email" value={email} onValue={setEmail} />
        <SelectField
          name="role"
          label="Role"
          size="narrow"
          value={role}
          onValue={(v) => setRole(v as MemberView['role'])}
          options={[
            { value: 'member', label: 'Member' },
            { value: 'guest', label: 'Guest (a coach from outside)' },
            { value: 'admin', label: 'Admin' },
          ]}
        />
        <div class="actions">
          <Submit busy={invite.busy} busyText="Inviting…">
            Make an invitation link
          </Submit>
        </div>
      </Form>
      {made && <HandOver made={made} what="Invitation link" tz={profile.profile.tz} />}
    </>
  );
}

function MemberRow({ m, me, onChanged }: { m: MemberView; me: string; onChanged(): void }) {
  const { profile } = useAppState();
  const [made, setMade] = useState<LinkView | undefined>();
  const recover = useAction(() => org.recover(m.email));
  const disable = useAction(() => org.disable(m.id));
  return (
    <li class="item">
      <div class="item-head">
        <p class="item-title">{m.name}</p>
        <span class={`tag ${m.disabled ? 'tag-watch' : m.role === 'admin' ? 'tag-info' : 'tag-good'}`}>
          {m.disabled ? 'Disabled' : m.role === 'admin' ? 'Admin' : m.role === 'guest' ? 'Guest' : 'Member'}
        </span>
      </div>
      <p class="meta">{m.email}</p>
      {!m.disabled && m.id !== me && (
        <div class="actions">
          <button
            type="button"
            class="btn btn-small"
            aria-label={`Recovery link for ${m.name}`}
            aria-disabled={recover.busy ? 'true' : undefined}
            onClick={async () => {
              if (recover.busy) return;
              const link = await recover.run();
              if (link) setMade(link);
            }}
          >
            Recovery link
          </button>
          <ConfirmButton
            label="Disable"
            hiddenLabel={m.name}
            question={`Disable ${m.name}? Their sessions end now; their journal stays, unread.`}
            confirmLabel="Disable"
            keepLabel="Keep"
            busy={disable.busy}
            onConfirm={async () => {
              if (await disable.run()) {
                announce(`${m.name} is disabled.`);
                onChanged();
              }
            }}
          />
        </div>
      )}
      {made && <HandOver made={made} what={`Recovery link for ${m.name}`} tz={profile.profile.tz} />}
      {recover.error && <LoadError error={recover.error} title="No recovery link was made." />}
      {disable.error && <LoadError error={disable.error} title="The account could not be disabled." />}
    </li>
  );
}

function Members({ me }: { me: string }) {
  const [version, setVersion] = useState(0);
  const members = useApi(() => org.members(), [version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <section class="section" aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      <p class="small">
        As an admin you manage who is in the organisation. No one — admins included — can read anyone’s
        journal.
      </p>
      <Invite onInvited={changed} />
      {members.error && <LoadError error={members.error} retry={() => void members.reload()} />}
      {members.loading && <Skeleton heights={[60, 60]} text="Finding the members…" />}
      {members.data && (
        <ul class="list-plain card" aria-label="Members">
          {members.data.map((m) => (
            <MemberRow key={m.id} m={m} me={me} onChanged={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}

const MAIL_KIND: Record<PendingMailView['kind'], string> = {
  weekly: 'Weekly digest',
  coach: 'Coach digest',
  discussion: 'Discussion email',
};
const MAIL_STATE: Record<PendingMailView['state'], string> = {
  queued: 'waiting to be sent',
  sending: 'being sent',
  retrying: 'failed; will be tried again',
  failed: 'failed; no more tries',
};

/** What an admin can act on: emails that did not go out, and the mail server's own sentence why. */
function MailQueue() {
  const { profile } = useAppState();
  const mail = useApi(() => org.mail(), []);
  return (
    <section class="section" aria-labelledby="mail-h">
      <h2 id="mail-h">Email not yet sent</h2>
      {mail.error && <LoadError error={mail.error} retry={() => void mail.reload()} />}
      {mail.loading && <Skeleton heights={[40]} text="Looking at the outgoing email…" />}
      {mail.data && mail.data.length === 0 && (
        <p class="empty">Nothing is waiting: every email that was due has gone out.</p>
      )}
      {mail.data && mail.data.length > 0 && (
        <ul class="list-plain card" aria-label="Email not yet sent">
          {mail.data.map((m) => (
            <li key={`${m.account.id}-${m.kind}-${m.week}`} class="item">
              <div class="item-head">
                <p class="item-title">
                  {MAIL_KIND[m.kind]} for {m.account.name}
                  {m.kind === 'discussion' ? '' : `, ${m.week}`}
                </p>
                <span class={`tag ${m.state === 'failed' ? 'tag-watch' : 'tag-info'}`}>
                  {MAIL_STATE[m.state]}
                </span>
              </div>
              <p class="meta">
                Queued {dateTime(m.queuedAt, profile.profile.tz)};{' '}
                {m.attempts === 1 ? '1 try' : `${m.attempts} tries`}
                {m.lastError ? `. ${m.lastError}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function OrganisationPage() {
  const me = useApi(() => org.me(), []);
  return (
    <>
      <PageHead title="Organisation">
        <p>
          Numbers about the organisation’s weeks that no one’s own week can be read from, and its members.
        </p>
      </PageHead>
      <Overview />
      {me.data?.role === 'admin' && <Members me={me.data.id} />}
      {me.data?.role === 'admin' && <MailQueue />}
    </>
  );
}
