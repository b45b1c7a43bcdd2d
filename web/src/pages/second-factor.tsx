import { useState } from 'preact/hooks';
import { callAuth } from '../api/client.js';
import { sentence } from '../lib/errors.js';
import { announce } from '../ui/announce.js';
import { LoadError, PageHead, Skeleton } from '../ui/common.js';
import { Submit } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { PasskeySettings, passkeysSupported } from './passkeys.js';

/** What `GET /api/auth/me` says of the account's second factor. */
interface Me {
  email: string;
  secondFactor: { active: boolean; required: boolean; available: boolean };
}

interface Secret {
  secret: string;
  uri: string;
}

/** The key in groups of four, as it is easiest to read and type into an app by hand. */
export function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** A form's error, next to its field; the server's sentence as it is. */
function Refused({ id, message }: { id: string; message: string | undefined }) {
  return (
    <div role="alert" id={id}>
      {message && <p class="form-error">{sentence(message)}</p>}
    </div>
  );
}

function CodeField({ id, label, invalid }: { id: string; label: string; invalid: boolean }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name="code"
        class="narrow"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={7}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={`${id}-error`}
      />
    </div>
  );
}

/** Shown once, right after the second factor is turned on: the server keeps only their digests. */
function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone(): void }) {
  return (
    <div>
      <h3 tabIndex={-1} ref={(h) => h?.focus()}>
        Your recovery codes
      </h3>
      <p>
        Each one signs you in once without your authenticator app, if you lose your phone. Keep them somewhere
        safe, such as your password manager. <strong>They are shown only now.</strong>
      </p>
      <ul class="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick={onDone}>
          I have kept them
        </button>
      </div>
    </div>
  );
}

/**
 * Setting up: a new key to add to the authenticator app (by hand, or by opening the `otpauth:`
 * link on the phone), a code from the app to show it works, then the recovery codes, once.
 */
export function SetUp({ onDone }: { onDone(): void }) {
  const [secret, setSecret] = useState<Secret | undefined>();
  const [codes, setCodes] = useState<string[] | undefined>();
  const start = useAction(() => callAuth<Secret>('totp/setup'));
  const confirm = useAction((code: string) =>
    callAuth<{ recoveryCodes: string[] }>('totp/confirm', { code }),
  );

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (!secret) {
    return (
      <>
        {start.error && <LoadError error={start.error} title="The second factor could not be set up." />}
        <div class="actions">
          <button
            type="button"
            class="btn btn-primary"
            aria-disabled={start.busy ? 'true' : undefined}
            onClick={async () => {
              if (start.busy) return;
              const made = await start.run();
              if (made) setSecret(made);
            }}
          >
            Set up an authenticator app
          </button>
        </div>
      </>
    );
  }
  return (
    <form
      noValidate
      aria-label="Set up an authenticator app"
      onSubmit={async (e) => {
        e.preventDefault();
        if (confirm.busy) return;
        const code = String(new FormData(e.currentTarget).get('code') ?? '');
        const done = await confirm.run(code);
        if (!done) return;
        setCodes(done.recoveryCodes);
        announce('Second factor turned on. Keep your recovery codes.');
      }}
    >
      <ol>
        <li>
          In your authenticator app (1Password, Aegis, Google or Microsoft Authenticator, …), add an account
          with this key, time-based — or open the setup link on the device where the app is:
          <dl class="totp-key">
            <dt>Key</dt>
            <dd>
              <code>{grouped(secret.secret)}</code>
            </dd>
            <dt>Setup link</dt>
            <dd>
              <a href={secret.uri}>
                <code>{secret.uri}</code>
              </a>
            </dd>
          </dl>
        </li>
        <li>Type the code the app shows now.</li>
      </ol>
      <CodeField id="totp-confirm" label="Code from your authenticator app" invalid={!!confirm.error} />
      <Refused id="totp-confirm-error" message={confirm.error?.message} />
      <div class="actions">
        <Submit busy={confirm.busy} busyText="Checking…">
          Turn on
        </Submit>
      </div>
    </form>
  );
}

/** Turning it off takes a current code (or a recovery code): a borrowed session alone cannot. */
function TurnOff({ onDone }: { onDone(): void }) {
  const [recovery, setRecovery] = useState(false);
  const off = useAction((proof: { code: string } | { recoveryCode: string }) =>
    callAuth('totp/disable', proof),
  );
  return (
    <form
      noValidate
      aria-label="Turn off the second factor"
      onSubmit={async (e) => {
        e.preventDefault();
        if (off.busy) return;
        const value = String(new FormData(e.currentTarget).get('code') ?? '');
        const done = await off.run(recovery ? { recoveryCode: value } : { code: value });
        if (done === undefined) return;
        announce('Second factor turned off.');
        onDone();
      }}
    >
      {recovery ? (
        <div class="field">
          <label for="totp-off">Recovery code</label>
          <input id="totp-off" name="code" autoComplete="off" spellcheck={false} required maxLength={100} />
        </div>
      ) : (
        <CodeField id="totp-off" label="Code from your authenticator app" invalid={!!off.error} />
      )}
      <Refused id="totp-off-error" message={off.error?.message} />
      <div class="actions">
        <Submit busy={off.busy} busyText="Checking…">
          Turn off
        </Submit>
        <button type="button" class="link-button" onClick={() => setRecovery(!recovery)}>
          {recovery ? 'Use a code from your authenticator app' : 'Use a recovery code instead'}
        </button>
      </div>
    </form>
  );
}

/** The Settings section of an organisation's server: the account's second factor. */
export function SecondFactorSettings() {
  const me = useApi(() => callAuth<Me>('me'), []);
  if (me.error) return <LoadError error={me.error} retry={() => void me.reload()} />;
  if (!me.data) return <Skeleton heights={[80]} text="Opening your sign-in settings…" />;
  const { active, required, available } = me.data.secondFactor;
  const reload = () => void me.reload();
  if (active) {
    return (
      <>
        <p>
          <strong>On.</strong> Signing in as {me.data.email} asks for a code from your authenticator app after
          your password.
          {required &&
            ' Your organisation requires it: turned off, it must be set up again before anything else.'}
        </p>
        <details>
          <summary>Turn it off</summary>
          <TurnOff onDone={reload} />
        </details>
      </>
    );
  }
  if (!available) {
    return (
      <p class="muted">
        This server cannot keep second factors yet: whoever runs it must give it a secret key
        (HANDSON_SECRET_KEY).
      </p>
    );
  }
  return (
    <>
      <p>
        <strong>Off.</strong> Your password alone signs you in. With a second factor, signing in also asks for
        a code from an authenticator app on your phone, so a stolen password is not enough.
      </p>
      <SetUp onDone={reload} />
    </>
  );
}

/**
 * The page an account sees when its organisation requires a second factor it has not set up:
 * nothing else opens until it has one.
 */
export default function SecondFactorRequired({ onDone }: { onDone(): Promise<void> }) {
  return (
    <>
      <PageHead title="Set up a second factor">
        <p>
          Your organisation asks everyone to sign in with a second factor as well as their password: a code
          from an authenticator app, or a passkey. Set one up to open your journal.
        </p>
      </PageHead>
      <section class="card" aria-labelledby="enrol-app">
        <h2 id="enrol-app">With an authenticator app</h2>
        <SetUp onDone={() => void onDone()} />
      </section>
      {passkeysSupported() && (
        <section class="card" aria-labelledby="enrol-passkey">
          <h2 id="enrol-passkey">Or with a passkey</h2>
          <PasskeySettings onAdded={onDone} />
        </section>
      )}
      <p class="small">
        Not your account?{' '}
        <button
          type="button"
          class="link-button"
          onClick={async () => {
            await callAuth('sign-out').catch(() => undefined);
            await onDone();
          }}
        >
          Sign out
        </button>
      </p>
    </>
  );
}
