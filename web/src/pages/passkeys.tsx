import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';
import { ApiError, callAuth } from '../api/client.js';
import { sentence } from '../lib/errors.js';
import { announce } from '../ui/announce.js';
import { LoadError, Skeleton } from '../ui/common.js';
import { Submit } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';

/** One of the account's passkeys, as `GET /api/auth/passkeys` lists it. */
interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  synced: boolean;
}

/**
 * The browser's own refusals (the person closed the prompt, or the passkey exists already) as a
 * sentence, in the same ApiError the server's refusals arrive in, so forms show either alike.
 */
function inBrowser<T>(step: () => Promise<T>): Promise<T> {
  return step().catch((e: unknown) => {
    if (e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
      throw new ApiError('conflict', 'This passkey is registered already.', 409);
    }
    if (e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError')) {
      throw new ApiError(
        'invalid',
        'No passkey was used: the browser’s prompt was closed or timed out.',
        400,
      );
    }
    throw e;
  });
}

/** "Sign in with a passkey": no address asked; the authenticator offers the passkeys it holds for this site. */
export async function signInWithPasskey(): Promise<void> {
  const optionsJSON = await callAuth<PublicKeyCredentialRequestOptionsJSON>('passkeys/sign-in/options');
  const response = await inBrowser(() => startAuthentication({ optionsJSON }));
  await callAuth('passkeys/sign-in', { response });
}

export const passkeysSupported = () => browserSupportsWebAuthn();

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * The Settings part for passkeys: the account's list, adding one by name, removing one. The page
 * shown while an organisation's requirement holds an account back uses it too, with `onAdded`.
 */
export function PasskeySettings({ onAdded }: { onAdded?: () => Promise<void> } = {}) {
  const list = useApi(() => callAuth<Passkey[]>('passkeys'), []);
  // Asked again before the ways of signing in change: a browser left signed in is not enough.
  const [password, setPassword] = useState('');
  const add = useAction(async (name: string) => {
    const optionsJSON = await callAuth<PublicKeyCredentialCreationOptionsJSON>('passkeys/options', {
      password,
    });
    const response = await inBrowser(() => startRegistration({ optionsJSON }));
    return callAuth<Passkey>('passkeys/add', { name, response });
  });
  const remove = useAction((id: string) => callAuth('passkeys/remove', { id, password }));
  if (list.error) return <LoadError error={list.error} retry={() => void list.reload()} />;
  if (!list.data) return <Skeleton heights={[60]} text="Opening your passkeys…" />;
  return (
    <>
      <h3>Passkeys</h3>
      <p>
        A passkey signs you in with your fingerprint, face or device PIN instead of your password and a code.
        It counts as a second factor.
      </p>
      <div class="field">
        <label for="passkey-password">Your password</label>
        <input
          id="passkey-password"
          type="password"
          autoComplete="current-password"
          aria-describedby="passkey-password-why"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <p id="passkey-password-why" class="muted small">
          Asked again before you add or remove a passkey, so that a browser left signed in cannot.
        </p>
      </div>
      {list.data.length > 0 && (
        <ul aria-label="Your passkeys">
          {list.data.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>{' '}
              <span class="muted small">
                added {day.format(new Date(p.createdAt))}
                {p.lastUsedAt ? `, last used ${day.format(new Date(p.lastUsedAt))}` : ', not used yet'}
                {p.synced ? ', synced between your devices' : ''}
              </span>{' '}
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Remove passkey ${p.name}`}
                disabled={remove.busy}
                onClick={async () => {
                  if ((await remove.run(p.id)) === undefined) return;
                  setPassword('');
                  announce(`Passkey ${p.name} removed.`);
                  await list.reload();
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.error && (
        <p class="form-error" role="alert">
          {sentence(remove.error.message)}
        </p>
      )}
      {passkeysSupported() ? (
        <form
          aria-label="Add a passkey"
          onSubmit={async (e) => {
            e.preventDefault();
            if (add.busy) return;
            const form = e.currentTarget;
            const name = String(new FormData(form).get('name') ?? '');
            const added = await add.run(name);
            if (added === undefined) return;
            form.reset();
            setPassword('');
            announce(`Passkey ${added.name} added.`);
            await list.reload();
            await onAdded?.();
          }}
        >
          <div class="field">
            <label for="passkey-name">Name of the new passkey</label>
            <input id="passkey-name" name="name" required maxLength={100} placeholder="Work laptop" />
          </div>
          <div role="alert">{add.error && <p class="form-error">{sentence(add.error.message)}</p>}</div>
          <div class="actions">
            <Submit busy={add.busy} busyText="Waiting for your passkey…">
              Add a passkey
            </Submit>
          </div>
        </form>
      ) : (
        <p class="muted">This browser cannot make passkeys.</p>
      )}
    </>
  );
}
