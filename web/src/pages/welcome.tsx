import { PageHead } from '../ui/common.js';
import { ProfileForm } from './profile-form.js';
import { RestoreForm } from './restore.js';

/** The first page anyone sees: a few facts about their role, then the app. */
export default function Welcome({ onDone }: { onDone(): Promise<void> }) {
  return (
    <>
      <PageHead title="Welcome to Hands-on">
        <p>
          Hands-on helps you decide which IC work to take on, and notice when it starts to cost your
          leadership. First, a few facts about your role, so the numbers fit you.
        </p>
        <p>
          Everything you enter stays on this computer. Nobody else sees it unless you export it and share it
          yourself.
        </p>
      </PageHead>
      <div class="card">
        <ProfileForm id="welcome" view={undefined} submitLabel="Start using Hands-on" onSaved={onDone} />
      </div>
      {/* Someone moving to a new computer brings their profile along with everything else. */}
      <section class="card" aria-labelledby="welcome-restore-h">
        <h2 id="welcome-restore-h">Used Hands-on on another computer?</h2>
        <p class="muted">
          Bring in the backup you downloaded there instead: your profile, journal, commitments, reflections
          and imported calendars and commits come with it.
        </p>
        <RestoreForm onRestored={onDone} />
      </section>
    </>
  );
}
