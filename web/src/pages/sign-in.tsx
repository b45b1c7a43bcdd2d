import { useEffect, useRef, useState } from 'preact/hooks';
import { callAuth } from '../api/client.js';
import { sentence } from '../lib/errors.js';
import { PageHead } from '../ui/common.js';
import { asApiError } from '../ui/hooks.js';
import { passkeysSupported, signInWithPasskey } from './passkeys.js';

/**
 * A form whose submit sends its fields somewhere and then opens the app; the server's refusal is
 * shown as its sentence. `send` may refuse before sending by returning a sentence, or return
 * `false` when the page moves on to another step instead of opening the app.
 */
function useAuthForm(
  send: (form: FormData) => Promise<string | false | undefined>,
  onDone: () => Promise<void>,
) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const refused = await send(form);
      if (typeof refused === 'string') setError(refused);
      else if (refused === undefined) await onDone();
    } catch (err) {
      setError(sentence(asApiError(err).message));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, onSubmit: (e: Event) => void submit(e) };
}

/** The server's refusal, if any, and the form's button. */
function Refusal({ error, busy, label }: { error: string | undefined; busy: boolean; label: string }) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn" disabled={busy}>
        {label}
      </button>
    </>
  );
}

/**
 * The organisation's server: sign in with the address and password of one's account, then, when
 * the account has a second factor, with a code from the authenticator app.
 */
export function SignIn({
  onDone,
  first = 'password',
}: {
  onDone(): Promise<void>;
  /** A recovery link that was just used may lead straight to the second factor's step. */
  first?: Step;
}) {
  const [step, setStep] = useState<Step>(first);
  const restart = () => setStep('password');
  if (step === 'totp') return <CodeStep onDone={onDone} onRestart={restart} />;
  if (step === 'passkey') return <PasskeyStep onDone={onDone} onRestart={restart} />;
  return <PasswordStep onDone={onDone} onSecond={setStep} />;
}

export type Step = 'password' | 'totp' | 'passkey';

/** The passkey button: usernameless, so it needs neither the address nor the password. */
function PasskeyButton({ onDone, label }: { onDone(): Promise<void>; label: string }) {
  const { error, busy, onSubmit } = useAuthForm(async () => {
    await signInWithPasskey();
    return undefined;
  }, onDone);
  if (!passkeysSupported()) return null;
  return (
    <form class="card form" onSubmit={onSubmit} aria-label="Passkey">
      <Refusal error={error} busy={busy} label={label} />
    </form>
  );
}

function PasswordStep({ onDone, onSecond }: { onDone(): Promise<void>; onSecond(step: Step): void }) {
  const { error, busy, onSubmit } = useAuthForm(async (form) => {
    const answer = await callAuth<{ secondFactor?: 'totp' | 'passkey' }>('sign-in', {
      email: form.get('email'),
      password: form.get('password'),
    });
    if (answer.secondFactor === undefined) return undefined;
    onSecond(answer.secondFactor);
    return false;
  }, onDone);
  return (
    <>
      <PageHead title="Sign in to Hands-on">
        <p>Your journal on this server is yours alone: no one else, admins included, can read it.</p>
      </PageHead>
      <form class="card form" onSubmit={onSubmit}>
        <label>
          Email address
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <Refusal error={error} busy={busy} label="Sign in" />
      </form>
      <PasskeyButton onDone={onDone} label="Sign in with a passkey" />
    </>
  );
}

/** The password was right; the account has a passkey and no authenticator app: the passkey is the second step. */
function PasskeyStep({ onDone, onRestart }: { onDone(): Promise<void>; onRestart(): void }) {
  return (
    <>
      <PageHead title="Sign in to Hands-on">
        <p>Your account asks for your passkey as well as your password.</p>
      </PageHead>
      <PasskeyButton onDone={onDone} label="Use your passkey" />
      <p class="small">
        <button type="button" class="link-button" onClick={onRestart}>
          Start again with your password
        </button>
      </p>
    </>
  );
}

/** The password was right; the account asks for a code too (or one of its recovery codes). */
function CodeStep({ onDone, onRestart }: { onDone(): Promise<void>; onRestart(): void }) {
  const [recovery, setRecovery] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), [recovery]);
  const { error, busy, onSubmit } = useAuthForm(async (form) => {
    await callAuth(
      'totp/verify',
      recovery ? { recoveryCode: form.get('recoveryCode') } : { code: form.get('code') },
    );
    return undefined;
  }, onDone);
  return (
    <>
      <PageHead title="Sign in to Hands-on">
        <p>Your account asks for a second factor as well as your password.</p>
      </PageHead>
      <form class="card form" onSubmit={onSubmit}>
        {recovery ? (
          <label key="recovery">
            Recovery code
            <input
              ref={field}
              name="recoveryCode"
              autoComplete="off"
              autoCapitalize="none"
              spellcheck={false}
              required
              maxLength={100}
            />
          </label>
        ) : (
          <label key="code">
            Code from your authenticator app
            <input
              ref={field}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              required
              maxLength={7}
            />
          </label>
        )}
        <Refusal error={error} busy={busy} label="Sign in" />
        <p class="small">
          <button type="button" class="link-button" onClick={() => setRecovery(!recovery)}>
            {recovery ? 'Use a code from your authenticator app' : 'Use a recovery code instead'}
          </button>{' '}
          ·{' '}
          <button type="button" class="link-button" onClick={onRestart}>
            Start again with your password
          </button>
        </p>
      </form>
    </>
  );
}

/** A password chosen twice, so a typing slip does not lock its owner out. */
function NewPassword({ label }: { label: string }) {
  return (
    <>
      <label>
        {label}
        <input name="password" type="password" autoComplete="new-password" required minLength={12} />
      </label>
      <label>
        The same password again
        <input name="again" type="password" autoComplete="new-password" required minLength={12} />
      </label>
    </>
  );
}

/** An invitation link (`/accept#token=…`): the invited person names themselves and picks a password. */
export function Accept({ token, onDone }: { token: string; onDone(): Promise<void> }) {
  const { error, busy, onSubmit } = useAuthForm(async (form) => {
    if (form.get('password') !== form.get('again')) return 'The two passwords are not the same.';
    await callAuth('accept', { token, name: form.get('name'), password: form.get('password') });
    // The token is spent: off the address bar and out of the history.
    history.replaceState(null, '', '/#/');
    return undefined;
  }, onDone);
  return (
    <>
      <PageHead title="Join Hands-on">
        <p>
          You were invited to your organisation's Hands-on. Choose a password of at least 12 characters. What
          you keep here stays yours: you decide what to share, and with whom.
        </p>
      </PageHead>
      <form class="card form" onSubmit={onSubmit}>
        <label>
          Your name
          <input name="name" autoComplete="name" required maxLength={200} />
        </label>
        <NewPassword label="Password" />
        <Refusal error={error} busy={busy} label="Create my account" />
      </form>
    </>
  );
}

/** The invitation token, when this page was opened from an invitation link. */
export const invitationToken = (): string | undefined => linkToken('/accept');

/**
 * A recovery link (`/recover#token=…`) from an admin: a new password. The link stands in for the
 * password only; an account with a second factor goes on to that step.
 */
export function Recover({ token, onDone }: { token: string; onDone(): Promise<void> }) {
  const [next, setNext] = useState<Step | undefined>();
  const { error, busy, onSubmit } = useAuthForm(async (form) => {
    if (form.get('password') !== form.get('again')) return 'The two passwords are not the same.';
    const answer = await callAuth<{ secondFactor?: 'totp' | 'passkey' }>('recover', {
      token,
      password: form.get('password'),
    });
    // The token is spent: off the address bar and out of the history.
    history.replaceState(null, '', '/#/');
    if (answer.secondFactor === undefined) return undefined;
    setNext(answer.secondFactor);
    return false;
  }, onDone);
  if (next !== undefined) return <SignIn onDone={onDone} first={next} />;
  return (
    <>
      <PageHead title="Choose a new password">
        <p>
          An admin of your organisation made this link for you. It works once, for 10 minutes. Every place you
          are signed in is signed out.
        </p>
      </PageHead>
      <form class="card form" onSubmit={onSubmit}>
        <NewPassword label="New password" />
        <Refusal error={error} busy={busy} label="Set my new password" />
      </form>
    </>
  );
}

/** The token of a link opened at `path` (`/accept`, `/recover`), carried in the fragment. */
export function linkToken(path: '/accept' | '/recover'): string | undefined {
  if (location.pathname !== path) return undefined;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  return token || undefined;
}
