import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, call } from '../api/client.js';
import type { Output } from '../api/types.js';
import { announce } from '../ui/announce.js';
import { FileField, Form, Submit } from '../ui/form.js';
import { useAction } from '../ui/hooks.js';

type Summary = Output<'backup', 'import'>;

/**
 * Brings in a file that "Download a backup" saved. Used in the settings and on the welcome page,
 * where someone moving to a new computer starts from their backup instead of a blank profile.
 */
export function RestoreForm({
  onRestored,
  children,
}: {
  onRestored(summary: Summary): void | Promise<void>;
  /** Shown at the top of the form, e.g. its heading. */
  children?: ComponentChildren;
}) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [summary, setSummary] = useState<Summary | undefined>(undefined);
  const [inputKey, setInputKey] = useState(0);
  const importer = useAction(async (f: File | undefined) => {
    if (!f) throw new ApiError('invalid', 'file: choose a backup file first', 400, 'file');
    let document: unknown;
    try {
      document = JSON.parse(await f.text());
    } catch {
      throw new ApiError(
        'invalid',
        `file: that file (${f.name}) is not a Hands-on backup, as it is not JSON; choose the file that “Download a backup” saved`,
        400,
        'file',
      );
    }
    return call('backup', 'import', { document });
  });

  return (
    <Form
      id="restore"
      fields={{ file: 'Backup file', document: 'Backup file' }}
      error={importer.error}
      busy={importer.busy}
      label="Bring in a backup"
      onSubmit={async () => {
        setSummary(undefined);
        const result = await importer.run(file);
        if (!result) return;
        setSummary(result);
        setFile(undefined);
        setInputKey((k) => k + 1);
        announce(`Backup brought in: ${result.added} added, ${result.updated} updated.`);
        await onRestored(result);
      }}
    >
      {children}
      <FileField
        key={inputKey}
        name="file"
        label="Backup file"
        hint="Records are matched by id: bringing in the same file twice changes nothing, and nothing is deleted."
        accept=".json,application/json"
        onFiles={(files) => setFile(files[0])}
      />
      <div class="actions">
        <Submit busy={importer.busy} busyText="Bringing it in…">
          Bring in backup
        </Submit>
      </div>
      {summary && (
        <div class="notice" role="status">
          <p>
            <strong>Done.</strong> {summary.added} added, {summary.updated} updated, {summary.unchanged}{' '}
            unchanged.
          </p>
        </div>
      )}
    </Form>
  );
}
