import { useState } from 'preact/hooks';
import { callAuth } from '../api/client.js';
import { sentence } from '../lib/errors.js';
import { PageHead } from '../ui/common.js';
import { asApiError } from '../ui/hooks.js';

/**
 * A form whose submit sends its fields somewhere and then opens the app; the server's refusal is
 * shown as its sentence. `send` may refuse before sending by returning a sentence.
 */
function useAuthForm(send: (form: FormData) => Promise<string | undefined>, onDone: () => Promise<void>) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const refused = await send(form);
      if (refused !== undefined) setError(refused);
      else await onDone();
    } catch (err) {
      setError(sentence(asApiError(err).message));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, onSubmit: (e: Event) => void submit(e) };
}

/** The organisation's server: sign in with the address and password of one's account. */
export function SignIn({ onDone }: { onDone(): Promise<void> }) {
  const { error, busy, onSubmit } = useAuthForm(async (form) => {
    await callAuth('sign-in', { email: form.get('email'), password: form.get('password') });
    return undefined;
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
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn" disabled={busy}>
          Sign in
        </button>
      </form>
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
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        <label>
          The same password again
          <input name="again" type="password" autoComplete="new-password" required minLength={12} />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn" disabled={busy}>
          Create my account
        </button>
      </form>
    </>
  );
}

/** The invitation token, when this page was opened from an invitation link. */
export function invitationToken(): string | undefined {
  if (location.pathname !== '/accept') return undefined;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  return token || undefined;
}
