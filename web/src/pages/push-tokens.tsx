import { type PushTokenView, push } from '../api/push.js';
import { dayMonth } from '../lib/format.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Skeleton } from '../ui/common.js';
import { useAction, useApi } from '../ui/hooks.js';

function Revoke({ token, onDone }: { token: PushTokenView; onDone(): void }) {
  const revoke = useAction(() => push.revoke(token.id));
  return (
    <>
      <ConfirmButton
        label="Revoke"
        hiddenLabel={token.name}
        question={`Revoke “${token.name}”? Its next push is refused; what it shared stays shared until you stop sharing it.`}
        confirmLabel="Revoke"
        keepLabel="Keep it"
        busy={revoke.busy}
        onConfirm={async () => {
          if (!(await revoke.run())) return;
          announce(`“${token.name}” can no longer push your shares.`);
          onDone();
        }}
      />
      {revoke.error && <LoadError error={revoke.error} title="The computer could not be revoked." />}
    </>
  );
}

/**
 * Settings → Computers that can push (issue 11): each laptop approved with `handson remote add`,
 * when it last pushed, and a way to end it. Revoked ones stay listed so the person can see it took.
 */
export function PushTokens() {
  const { profile } = useAppState();
  const tokens = useApi(() => push.tokens(), []);
  const day = (instant: string) => dayMonth(instant, profile.profile.tz);
  if (tokens.error) return <LoadError error={tokens.error} retry={() => void tokens.reload()} />;
  if (!tokens.data) return <Skeleton heights={[64]} text="Reading your computers…" />;
  if (tokens.data.length === 0) {
    return (
      <p class="muted">
        None yet. On a computer where you keep your journal, run{' '}
        <code>handson remote add {location.origin}</code> and approve the code it shows.
      </p>
    );
  }
  return (
    <ul class="list-plain">
      {tokens.data.map((t) => (
        <li key={t.id} class="item">
          <div class="item-head">
            <p class="item-title">{t.name}</p>
            {t.revokedAt !== null && <span class="tag tag-watch">Revoked</span>}
          </div>
          <p class="meta">
            Approved {day(t.createdAt)};{' '}
            {t.lastUsedAt === null ? 'has not pushed yet' : `last pushed ${day(t.lastUsedAt)}`}
            {t.revokedAt !== null && `; revoked ${day(t.revokedAt)}`}.
          </p>
          {t.revokedAt === null && (
            <div class="actions">
              <Revoke token={t} onDone={() => void tokens.reload()} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
