import { useContext, useState } from 'preact/hooks';
import { push } from '../api/push.js';
import { AppContext, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { Notice, PageHead } from '../ui/common.js';
import { Form, Submit, TextField } from '../ui/form.js';
import { useAction } from '../ui/hooks.js';

/**
 * Where `handson remote add` sends the person (`/device?code=…`, issue 11): they approve the code
 * their terminal shows, signed in as themselves, and that computer can then push items they share.
 * It reads no journal, so it opens before a journal is started on this server too.
 */
export default function DevicePage() {
  // No app state: this person has not started a journal on this server yet.
  const journal = useContext(AppContext) !== undefined;
  const route = useRoute();
  const [code, setCode] = useState(() => route.params.get('code') ?? '');
  const [approved, setApproved] = useState<string | undefined>(undefined);
  const approve = useAction(() => push.approve(code.trim()));
  return (
    <>
      <PageHead title="Approve a computer">
        <p>
          A computer running <code>handson remote add</code> asks to push the items you share to this server.
          Approve it only if the code here is the one its terminal shows. It can push your shares and nothing
          else: it cannot read your journal here, nor anything shared with you.
        </p>
      </PageHead>
      {approved !== undefined ? (
        <Notice>
          <p>
            <strong>“{approved}” can now push your shares.</strong> Its terminal finishes by itself; you can
            close this page.{' '}
            {journal ? (
              <>
                Revoke it any time in <a href="#/settings">Settings</a>.
              </>
            ) : (
              <>
                Revoke it any time in Settings, once you have <a href="#/">started your journal here</a>.
              </>
            )}
          </p>
        </Notice>
      ) : (
        <Form
          id="device"
          label="Approve a computer"
          fields={{ userCode: 'Code from your terminal' }}
          error={approve.error}
          busy={approve.busy}
          class="card form"
          onSubmit={async () => {
            const done = await approve.run();
            if (!done) return;
            setApproved(done.name);
            announce(`Approved “${done.name}”. Its terminal finishes by itself.`);
          }}
        >
          <TextField
            name="userCode"
            label="Code from your terminal"
            hint="Eight letters, such as BCDF-GHJK. It lasts 10 minutes."
            autoComplete="one-time-code"
            spellcheck={false}
            required
            value={code}
            onValue={setCode}
          />
          <div class="actions">
            <Submit busy={approve.busy} busyText="Approving…">
              Approve this computer
            </Submit>
          </div>
        </Form>
      )}
    </>
  );
}
