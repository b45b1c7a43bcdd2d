import { useEffect, useState } from 'preact/hooks';
import { call } from '../api/client.js';
import type { Output } from '../api/types.js';
import { listProblems, sentence } from '../lib/errors.js';
import { plural } from '../lib/format.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Form, Submit, TextField } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { EmailSettings } from './email-settings.js';
import { PasskeySettings } from './passkeys.js';
import { ProfileForm } from './profile-form.js';
import { PushTokens } from './push-tokens.js';
import { RestoreForm } from './restore.js';
import { SecondFactorSettings } from './second-factor.js';

const CATEGORY: Record<string, string> = {
  'one-on-one': '1:1',
  'team-meeting': 'team meeting',
  interview: 'interview',
  external: 'external meeting',
  focus: 'focus time',
  personal: 'personal',
  other: 'other',
};

const TIME_CLASS: Record<string, string> = {
  leadership: 'leadership time',
  ic: 'IC time',
  other: 'other time',
};

function RulesEditor() {
  const rules = useApi(() => call('rules', 'show', {}), []);
  const [text, setText] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<Output<'rules', 'save'> | undefined>(undefined);
  const save = useAction(() => call('rules', 'save', { text: text ?? '' }));
  useEffect(() => {
    if (rules.data && text === undefined) setText(rules.data.text);
  }, [rules.data, text]);

  const problems = save.error ? listProblems(save.error.message) : [];
  const view = saved ?? rules.data;

  return (
    <>
      {rules.error && <LoadError error={rules.error} retry={() => void rules.reload()} />}
      {text === undefined && !rules.error && <Skeleton heights={[288]} text="Opening your rules…" />}
      {text !== undefined && (
        <form
          noValidate
          aria-label="Classification rules"
          onSubmit={async (e) => {
            e.preventDefault();
            if (save.busy) return;
            const result = await save.run();
            if (!result) {
              document.getElementById('rules-text')?.focus();
              return;
            }
            setSaved(result);
            announce('Rules saved. Your weeks are being recounted with them.');
          }}
        >
          <div role="alert" id="rules-problems">
            {save.error && (
              <div class="form-error">
                <p>
                  <strong>
                    The rules were not saved.{' '}
                    {problems.length > 1
                      ? `Fix these ${problems.length} problems and save again:`
                      : 'Fix this and save again:'}
                  </strong>
                </p>
                <ul>
                  {problems.map((p) => (
                    <li key={p}>{sentence(p)}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <div class="field">
            <label for="rules-text">Your rules file</label>
            <p class="hint" id="rules-text-hint">
              JSON. Your rules are tried first, in order, then the built-in ones. Nothing is saved unless
              every part is right.
            </p>
            <textarea
              id="rules-text"
              class="code"
              rows={18}
              spellcheck={false}
              value={text}
              aria-invalid={save.error ? 'true' : undefined}
              aria-describedby={save.error ? 'rules-text-hint rules-problems' : 'rules-text-hint'}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          <div class="actions">
            <Submit busy={save.busy}>Save rules</Submit>
            {rules.data && text !== rules.data.text && !saved && (
              <button type="button" class="btn" onClick={() => setText(rules.data!.text)}>
                Undo my changes
              </button>
            )}
          </div>
        </form>
      )}
      {view && (
        <details>
          <summary>How Hands-on reads your calendar now ({plural(view.lines.length, 'rule')})</summary>
          <ol class="small">
            {view.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ol>
        </details>
      )}
      <RuleTest />
    </>
  );
}

function RuleTest() {
  const [title, setTitle] = useState('');
  const test = useAction(() => call('rules', 'test', { title }));
  const [result, setResult] = useState<Output<'rules', 'test'> | undefined>(undefined);
  return (
    <Form
      id="rule-test"
      fields={{ title: 'Event title' }}
      error={test.error}
      busy={test.busy}
      label="Try a calendar event"
      onSubmit={async () => {
        const r = await test.run();
        if (r) setResult(r);
      }}
    >
      <h3>Try an event title</h3>
      <TextField
        name="title"
        label="Event title"
        hint="See which rule a meeting with this title would match, e.g. “1:1 Priya”."
        value={title}
        onValue={setTitle}
      />
      <div class="actions">
        <Submit busy={test.busy} busyText="Trying…">
          Try it
        </Submit>
      </div>
      <p role="status">
        {result &&
          `“${result.title}” counts as ${CATEGORY[result.category] ?? result.category}, ${TIME_CLASS[result.timeClass] ?? result.timeClass}${result.counted ? '' : ' (but takes none of your time)'}, by the rule “${result.rule}”.`}
      </p>
    </Form>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Backup() {
  const { today, refresh } = useAppState();
  const exporter = useAction(() => call('backup', 'export', {}));

  return (
    <>
      <h3>Download a backup</h3>
      <p>
        One file with everything you have entered and imported: profile, journal, checks, commitments,
        reflections, rules, and the calendars, commits and issues you brought in. CalDAV passwords are never
        in it.
      </p>
      {exporter.error && <LoadError error={exporter.error} />}
      <div class="actions">
        <button
          type="button"
          class="btn"
          aria-disabled={exporter.busy ? 'true' : undefined}
          onClick={async () => {
            if (exporter.busy) return;
            const doc = await exporter.run();
            if (!doc) return;
            download(`handson-backup-${today}.json`, `${JSON.stringify(doc, null, 2)}\n`);
            announce('Backup downloaded.');
          }}
        >
          {exporter.busy ? 'Preparing…' : 'Download a backup'}
        </button>
      </div>

      <RestoreForm onRestored={refresh}>
        <h3>Bring in a backup</h3>
      </RestoreForm>
    </>
  );
}

export default function SettingsPage() {
  const { profile, refresh, team } = useAppState();
  return (
    <>
      <PageHead title="Settings">
        <p>Your profile, how your calendar is read, and your data.</p>
      </PageHead>

      <section class="card" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <ProfileForm id="profile" view={profile} submitLabel="Save profile" onSaved={refresh} />
      </section>

      {team && (
        <section class="card" aria-labelledby="sign-in-h">
          <h2 id="sign-in-h">Signing in</h2>
          <SecondFactorSettings />
          <PasskeySettings />
        </section>
      )}

      {team && (
        <section class="card" aria-labelledby="email-h">
          <h2 id="email-h">Email</h2>
          <EmailSettings />
        </section>
      )}

      {team && (
        <section class="card" aria-labelledby="push-h">
          <h2 id="push-h">Computers that can push</h2>
          <p class="muted">
            Computers you approved with <code>handson remote add</code>: each can push the items you share
            from its own journal, and nothing else.
          </p>
          <PushTokens />
        </section>
      )}

      <section class="card" aria-labelledby="rules-h">
        <h2 id="rules-h">Calendar rules</h2>
        <p class="muted">
          How events become leadership time, IC time or other time. The built-in rules know 1:1s, team
          meetings, interviews and focus blocks; add your own for what they get wrong.
        </p>
        <RulesEditor />
      </section>

      <section class="card" aria-labelledby="backup-h">
        <h2 id="backup-h">Your data</h2>
        <p class="muted">
          Your data lives on this computer only. A backup is yours to keep, move to another computer, or
          delete.
        </p>
        <Backup />
      </section>
    </>
  );
}
