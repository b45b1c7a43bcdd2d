import { useEffect, useState } from 'preact/hooks';
import { email, type MailPreferences } from '../api/email.js';
import { announce } from '../ui/announce.js';
import { LoadError, Skeleton } from '../ui/common.js';
import { useAction, useApi } from '../ui/hooks.js';

type Choice = 'weekly' | 'includeText' | 'coach';

const CHOICES: { key: Choice; label: string; hint: string }[] = [
  {
    key: 'weekly',
    label: 'Weekly digest',
    hint: 'Monday 08:00 in your time zone: last week’s IC time against your budget, commitments and flags, as numbers.',
  },
  {
    key: 'includeText',
    label: 'Include titles in the weekly digest',
    hint: 'Titles and the flags’ own sentences. An email passes through servers your journal never does.',
  },
  {
    key: 'coach',
    label: 'Coach digest',
    hint: 'For a coach: who shared what kind of item with you that week, and how many new comments. Never titles or contents.',
  },
];

const SAID: Record<Choice, [string, string]> = {
  weekly: ['The weekly digest is on.', 'The weekly digest is off.'],
  includeText: ['Your weekly digest will include titles.', 'Your weekly digest will give numbers only.'],
  coach: ['The coach digest is on.', 'The coach digest is off.'],
};

/** Settings → Email (organisation's server): three switches, each saved as it is changed. */
export function EmailSettings() {
  const loaded = useApi(() => email.preferences(), []);
  const [prefs, setPrefs] = useState<MailPreferences | undefined>(undefined);
  useEffect(() => setPrefs(loaded.data), [loaded.data]);
  const save = useAction((key: Choice, on: boolean) => email.set({ [key]: on }));
  if (loaded.error) return <LoadError error={loaded.error} retry={() => void loaded.reload()} />;
  if (!prefs) return <Skeleton heights={[96]} text="Reading your email settings…" />;
  return (
    <>
      {!prefs.sending && (
        <p class="muted">This server is not set up to send email yet: your choices are kept until it is.</p>
      )}
      {CHOICES.map((c) => (
        <div class="choice" key={c.key}>
          <input
            id={`email-${c.key}`}
            type="checkbox"
            checked={prefs[c.key]}
            disabled={save.busy || (c.key === 'includeText' && !prefs.weekly)}
            aria-describedby={`email-${c.key}-hint`}
            onChange={async (e) => {
              const on = e.currentTarget.checked;
              const saved = await save.run(c.key, on);
              if (saved === undefined) return;
              setPrefs(saved);
              announce(SAID[c.key][on ? 0 : 1]);
            }}
          />
          <label for={`email-${c.key}`}>{c.label}</label>
          <p id={`email-${c.key}-hint`} class="meta">
            {c.hint}
          </p>
        </div>
      ))}
      {save.error && <LoadError error={save.error} title="The change was not saved." />}
      <p class="meta">Every email also has an Unsubscribe link that works without signing in.</p>
    </>
  );
}
