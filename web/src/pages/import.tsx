import { useState } from 'preact/hooks';
import { call, type UploadProgress, upload } from '../api/client.js';
import type { ImportRun, Output } from '../api/types.js';
import { bytes, dateTime, plural } from '../lib/format.js';
import { emails, lines, optional } from '../lib/forms.js';
import { trackerNames } from '../lib/payloads.js';
import { useAppState } from '../state.js';
import { announce } from '../ui/announce.js';
import { LoadError, PageHead, Skeleton } from '../ui/common.js';
import { FileField, Form, RadioGroup, SelectField, Submit, TextArea, TextField } from '../ui/form.js';
import { useAction, useApi, useDraft } from '../ui/hooks.js';

type Report = Output<'imports', 'ics'>[number];

const SOURCE_LABEL: Record<ImportRun['source'], string> = {
  ics: 'Calendar file',
  caldav: 'CalDAV calendar',
  git: 'Git repository',
  jira: 'Jira export',
  github: 'GitHub export',
  linear: 'Linear export',
  backup: 'Backup',
};

function Counts({ r }: { r: Pick<Report, 'added' | 'updated' | 'unchanged' | 'removed' | 'skipped'> }) {
  const skipped = r.skipped.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <ul class="report-counts">
        <li>
          <strong>{r.added}</strong> added
        </li>
        <li>
          <strong>{r.updated}</strong> updated
        </li>
        <li>
          <strong>{r.unchanged}</strong> unchanged
        </li>
        <li>
          <strong>{r.removed}</strong> removed
        </li>
        <li>
          <strong>{skipped}</strong> skipped
        </li>
      </ul>
      {r.skipped.length > 0 && (
        <ul class="small muted">
          {r.skipped.map((s) => (
            <li key={s.why}>
              {plural(s.count, 'item')} left out: {s.why}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What each import did, one entry per calendar, file or repository; failures say why. */
function Reports({ reports, label }: { reports: readonly Report[]; label: string }) {
  const failed = reports.filter((r) => r.error).length;
  return (
    <div class={failed > 0 ? 'notice notice-warn' : 'notice'} role="status" aria-label={label}>
      <p>
        <strong>
          {failed === 0
            ? 'Imported.'
            : failed === reports.length
              ? 'Nothing could be imported.'
              : `${plural(failed, 'import')} of ${reports.length} did not work; the others did.`}
        </strong>
      </p>
      <ul class="list-plain">
        {reports.map((r) => (
          <li key={`${r.source}-${r.target}`} class="item">
            <p class="item-title">{r.target}</p>
            {r.error ? (
              <p>{r.error}</p>
            ) : (
              <>
                <Counts r={r} />
                {r.notice && <p class="small">{r.notice}</p>}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Progress({ p }: { p: UploadProgress }) {
  return (
    <div class="field">
      <progress
        class="progress"
        aria-label="Upload"
        max={p.processing || p.total === 0 ? undefined : p.total}
        value={p.processing || p.total === 0 ? undefined : p.loaded}
      />
      <p class="small" role="status">
        {p.processing ? (
          <>
            <span class="spinner" aria-hidden="true" /> Reading your files. A big calendar can take a little
            while.
          </>
        ) : (
          'Sending your files…'
        )}
      </p>
      {!p.processing && p.total > 0 && (
        <p class="small muted">
          {bytes(p.loaded)} of {bytes(p.total)}
        </p>
      )}
    </div>
  );
}

function useUpload(handler: 'ics' | 'tracker') {
  const [progress, setProgress] = useState<UploadProgress | undefined>(undefined);
  const action = useAction(async (form: FormData): Promise<Report[]> => {
    setProgress({ loaded: 0, total: 0, processing: false });
    try {
      return await upload('imports', handler, form, setProgress);
    } finally {
      setProgress(undefined);
    }
  });
  return { ...action, progress };
}

/**
 * What an upload form keeps besides its own fields: the chosen files, the file input's key (bumped
 * to clear the input after a success), the last reports, and the upload. `send` adds the files to
 * the form, uploads it, then clears the choice and says `finished`.
 */
function useUploadForm(handler: 'ics' | 'tracker', finished: string, onDone: () => void) {
  const [files, setFiles] = useState<File[]>([]);
  const [reports, setReports] = useState<Report[] | undefined>(undefined);
  const [inputKey, setInputKey] = useState(0);
  const upload = useUpload(handler);
  const send = async (form: FormData) => {
    for (const f of files) form.append('files', f, f.name);
    setReports(undefined);
    const result = await upload.run(form);
    if (!result) return;
    setReports(result);
    setFiles([]);
    setInputKey((k) => k + 1);
    announce(finished);
    onDone();
  };
  return { upload, setFiles, inputKey, reports, send };
}

/** The end of an upload form: progress while it runs, the button, then what the import did. */
function UploadEnd({
  form,
  submit,
  label,
}: {
  form: ReturnType<typeof useUploadForm>;
  submit: string;
  label: string;
}) {
  return (
    <>
      {form.upload.progress && <Progress p={form.upload.progress} />}
      <div class="actions">
        <Submit busy={form.upload.busy} busyText="Importing…">
          {submit}
        </Submit>
      </div>
      {form.reports && <Reports reports={form.reports} label={label} />}
    </>
  );
}

const ICS_FIELDS = { files: 'Choose .ics files', calendar: 'Calendar name', from: 'From', to: 'To' };

function IcsImport({ onDone }: { onDone(): void }) {
  const [draft, set] = useDraft({ calendar: '', from: '', to: '' });
  const uploads = useUploadForm('ics', 'Calendar import finished.', onDone);
  return (
    <Form
      id="ics"
      fields={ICS_FIELDS}
      error={uploads.upload.error}
      busy={uploads.upload.busy}
      onSubmit={async () => {
        const form = new FormData();
        for (const [k, v] of Object.entries(draft)) if (v.trim() !== '') form.append(k, v.trim());
        await uploads.send(form);
      }}
    >
      <FileField
        key={uploads.inputKey}
        name="files"
        label={ICS_FIELDS.files}
        hint="Export your calendar as an .ics file (Google Calendar, Outlook and Apple Calendar can all do this). You can choose several."
        accept=".ics,.ical,.ifb,.icalendar,text/calendar"
        multiple
        onFiles={uploads.setFiles}
      />
      <TextField
        name="calendar"
        label={ICS_FIELDS.calendar}
        optional
        size="medium"
        hint="All files go into this calendar. Leave it empty to name each after its file."
        value={draft.calendar}
        onValue={set('calendar')}
      />
      <details>
        <summary>Only part of the calendar</summary>
        <p class="small muted">By default the last 400 days and the next 90 are read.</p>
        <div class="field-pair">
          <TextField
            name="from"
            type="date"
            label={ICS_FIELDS.from}
            optional
            value={draft.from}
            onValue={set('from')}
          />
          <TextField
            name="to"
            type="date"
            label={ICS_FIELDS.to}
            optional
            value={draft.to}
            onValue={set('to')}
          />
        </div>
      </details>
      <UploadEnd form={uploads} submit="Import calendar" label="Calendar import" />
    </Form>
  );
}

const TRACKER_FIELDS = {
  source: 'Where is the export from?',
  files: 'Choose export files',
  me: 'Other names you go by',
};

function TrackerImport({ onDone }: { onDone(): void }) {
  const [draft, set] = useDraft({ source: 'jira', me: '' });
  const uploads = useUploadForm('tracker', 'Issue import finished.', onDone);
  return (
    <Form
      id="tracker"
      fields={TRACKER_FIELDS}
      error={uploads.upload.error}
      busy={uploads.upload.busy}
      onSubmit={async () => {
        const form = new FormData();
        form.append('source', draft.source);
        for (const name of trackerNames(draft.me)) form.append('me', name);
        await uploads.send(form);
      }}
    >
      <RadioGroup
        name="source"
        legend={TRACKER_FIELDS.source}
        options={[
          { value: 'jira', label: 'Jira', hint: 'A CSV export of your issues.' },
          {
            value: 'github',
            label: 'GitHub',
            hint: 'A JSON list of issues, as the GitHub API or CLI gives it.',
          },
          { value: 'linear', label: 'Linear', hint: 'A CSV export of your issues.' },
        ]}
        value={draft.source}
        onValue={set('source')}
      />
      <FileField
        key={uploads.inputKey}
        name="files"
        label={TRACKER_FIELDS.files}
        accept={draft.source === 'github' ? '.json,application/json' : '.csv,text/csv'}
        multiple
        onFiles={uploads.setFiles}
      />
      <TextField
        name="me"
        label={TRACKER_FIELDS.me}
        optional
        hint="Display names or logins the tracker knows you by, separated by commas. Your profile name is used already."
        value={draft.me}
        onValue={set('me')}
      />
      <UploadEnd form={uploads} submit="Import issues" label="Issue import" />
    </Form>
  );
}

const GIT_FIELDS = {
  paths: 'Repository folders',
  authors: 'Other email addresses in your commits',
  since: 'Since',
  name: 'Name',
};

function GitImport({ onDone }: { onDone(): void }) {
  const [draft, set] = useDraft({ paths: '', authors: '', since: '', name: '' });
  const [reports, setReports] = useState<Report[] | undefined>(undefined);
  const send = useAction(() =>
    call('git', 'import', {
      paths: lines(draft.paths),
      authors: emails(draft.authors),
      since: optional(draft.since),
      name: optional(draft.name),
    }),
  );
  return (
    <Form
      id="git"
      fields={GIT_FIELDS}
      error={send.error}
      busy={send.busy}
      onSubmit={async () => {
        setReports(undefined);
        const result = await send.run();
        if (!result) return;
        setReports(result);
        announce('Git import finished.');
        onDone();
      }}
    >
      <TextArea
        name="paths"
        label={GIT_FIELDS.paths}
        rows={2}
        hint="The folder of each repository on this computer, one per line, e.g. /home/you/code/app. Only your own commits are read."
        value={draft.paths}
        onValue={set('paths')}
      />
      <TextField
        name="authors"
        label={GIT_FIELDS.authors}
        optional
        hint="If you commit under addresses that are not in your profile."
        value={draft.authors}
        onValue={set('authors')}
      />
      <div class="field-pair">
        <TextField
          name="since"
          type="date"
          label={GIT_FIELDS.since}
          optional
          value={draft.since}
          onValue={set('since')}
        />
        <TextField
          name="name"
          label={GIT_FIELDS.name}
          optional
          hint="For one repository only."
          value={draft.name}
          onValue={set('name')}
        />
      </div>
      <div class="actions">
        <Submit busy={send.busy} busyText="Reading commits…">
          Import commits
        </Submit>
      </div>
      {reports && <Reports reports={reports} label="Git import" />}
    </Form>
  );
}

const CALDAV_FIELDS = {
  url: 'Server address',
  user: 'User name',
  password: 'Password',
  name: 'Calendar name',
};
const SYNC_FIELDS = { password: 'Password', calendar: 'Calendar' };

/**
 * `version` counts the imports made on this page: an uploaded calendar file adds a calendar, so
 * the list is fetched again after each one, as the list of runs is.
 */
function CalDav({ onDone, version }: { onDone(): void; version: number }) {
  const { profile } = useAppState();
  const calendars = useApi(() => call('calendars', 'list', {}), [version]);
  const [draft, set] = useDraft({ url: '', user: '', password: '', name: '' });
  const [sync, , setSync] = useDraft({ password: '', calendar: '' });
  const [added, setAdded] = useState<string[] | undefined>(undefined);
  const [reports, setReports] = useState<Report[] | undefined>(undefined);
  const add = useAction(() =>
    call('calendars', 'add', {
      url: draft.url,
      user: draft.user,
      password: draft.password,
      name: optional(draft.name),
    }),
  );
  const run = useAction(() =>
    call('calendars', 'sync', { password: sync.password, calendar: optional(sync.calendar) }),
  );
  const remote = calendars.data?.filter((c) => c.kind === 'caldav') ?? [];

  return (
    <>
      <Form
        id="caldav"
        fields={CALDAV_FIELDS}
        error={add.error}
        busy={add.busy}
        label="Add a CalDAV account"
        onSubmit={async () => {
          const result = await add.run();
          if (!result) return;
          setAdded(result.map((c) => c.name));
          set('password')('');
          announce(`Added ${plural(result.length, 'calendar')}. Sync them to bring in their events.`);
          void calendars.reload();
        }}
      >
        <h3>Add an account</h3>
        <TextField
          name="url"
          label={CALDAV_FIELDS.url}
          inputMode="url"
          hint="The CalDAV address your calendar provider gives, starting with https://."
          value={draft.url}
          onValue={set('url')}
        />
        <div class="field-pair">
          <TextField
            name="user"
            label={CALDAV_FIELDS.user}
            autoComplete="username"
            value={draft.user}
            onValue={set('user')}
          />
          <TextField
            name="password"
            type="password"
            label={CALDAV_FIELDS.password}
            autoComplete="current-password"
            value={draft.password}
            onValue={set('password')}
          />
        </div>
        <TextField
          name="name"
          label={CALDAV_FIELDS.name}
          optional
          hint="Only when the address is one calendar."
          size="medium"
          value={draft.name}
          onValue={set('name')}
        />
        <p class="small muted">The password is used for this request only and is never stored.</p>
        <div class="actions">
          <Submit busy={add.busy} busyText="Connecting…">
            Add account
          </Submit>
        </div>
        {added && (
          <div class="notice" role="status">
            Added: {added.join(', ')}. Sync below to bring in their events.
          </div>
        )}
      </Form>

      <h3 id="calendars-h">Your calendars</h3>
      {calendars.error && <LoadError error={calendars.error} retry={() => void calendars.reload()} />}
      {calendars.loading && <Skeleton heights={[40, 40]} text="Listing your calendars…" />}
      {calendars.data && calendars.data.length === 0 && (
        <p class="empty">No calendars yet. Import a file above or add an account.</p>
      )}
      {calendars.data && calendars.data.length > 0 && (
        <ul class="list-plain" aria-labelledby="calendars-h">
          {calendars.data.map((c) => (
            <li key={c.name} class="item">
              <p class="item-title">{c.name}</p>
              <p class="meta">
                {c.kind === 'caldav' ? `CalDAV, ${c.user ?? ''}` : 'Imported from a file'}
                {c.lastSyncAt ? ` · last synced ${dateTime(c.lastSyncAt, profile.profile.tz)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}

      {remote.length > 0 && (
        <Form
          id="sync"
          fields={SYNC_FIELDS}
          error={run.error}
          busy={run.busy}
          label="Sync CalDAV calendars"
          onSubmit={async () => {
            setReports(undefined);
            const result = await run.run();
            if (!result) return;
            setReports(result);
            setSync((s) => ({ ...s, password: '' }));
            announce('Sync finished.');
            onDone();
          }}
        >
          <h3>Sync</h3>
          <div class="field-pair">
            <TextField
              name="password"
              type="password"
              label={SYNC_FIELDS.password}
              autoComplete="current-password"
              value={sync.password}
              onValue={(v) => setSync((s) => ({ ...s, password: v }))}
            />
            <SelectField
              name="calendar"
              label={SYNC_FIELDS.calendar}
              options={[
                { value: '', label: 'All CalDAV calendars' },
                ...remote.map((c) => ({ value: c.name, label: c.name })),
              ]}
              value={sync.calendar}
              onValue={(v) => setSync((s) => ({ ...s, calendar: v }))}
            />
          </div>
          <div class="actions">
            <Submit busy={run.busy} busyText="Syncing…">
              Sync now
            </Submit>
          </div>
          {reports && <Reports reports={reports} label="Sync" />}
        </Form>
      )}
    </>
  );
}

function Runs({ version }: { version: number }) {
  const { profile } = useAppState();
  const runs = useApi(() => call('imports', 'runs', { limit: 20 }), [version]);
  return (
    <section class="section" aria-labelledby="runs-h">
      <h2 id="runs-h">Your last imports</h2>
      {runs.error && <LoadError error={runs.error} retry={() => void runs.reload()} />}
      {runs.loading && <Skeleton heights={[160]} text="Looking up your imports…" />}
      {runs.data && runs.data.length === 0 && <p class="empty">Nothing imported yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <div class="card table-wrap">
          <table>
            <caption class="vh">The last imports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" class="num">
                  Added
                </th>
                <th scope="col" class="num">
                  Updated
                </th>
                <th scope="col" class="num">
                  Unchanged
                </th>
                <th scope="col" class="num">
                  Removed
                </th>
                <th scope="col" class="num">
                  Skipped
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.at, profile.profile.tz)}</td>
                  <td>
                    {r.target}
                    <br />
                    <span class="muted small">{SOURCE_LABEL[r.source] ?? r.source}</span>
                  </td>
                  <td class="num">{r.added}</td>
                  <td class="num">{r.updated}</td>
                  <td class="num">{r.unchanged}</td>
                  <td class="num">{r.removed}</td>
                  <td class="num">{r.skipped.reduce((n, s) => n + s.count, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function ImportPage() {
  const [version, setVersion] = useState(0);
  const done = () => setVersion((v) => v + 1);
  return (
    <>
      <PageHead title="Import">
        <p>
          Bring in the evidence of where your time goes: calendars, commits and issues. Everything is read
          here, on this computer; nothing is sent anywhere.
        </p>
      </PageHead>

      <section class="card" aria-labelledby="ics-h">
        <h2 id="ics-h">Calendar files</h2>
        <IcsImport onDone={done} />
      </section>

      <section class="card" aria-labelledby="caldav-h">
        <h2 id="caldav-h">Calendar accounts (CalDAV)</h2>
        <CalDav onDone={done} version={version} />
      </section>

      <section class="card" aria-labelledby="git-h">
        <h2 id="git-h">Git repositories</h2>
        <GitImport onDone={done} />
      </section>

      <section class="card" aria-labelledby="tracker-h">
        <h2 id="tracker-h">Issue tracker exports</h2>
        <TrackerImport onDone={done} />
      </section>

      <Runs version={version} />
    </>
  );
}
