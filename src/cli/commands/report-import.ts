import type { ImportReport } from '../../app/evidence/imports.js';
import { AppError } from '../../errors.js';
import type { CommandContext } from '../command.js';

/** One summary line per import; failures on stderr. Exit 1 (via an AppError) if any failed. */
export function printImportReports(cx: CommandContext, reports: ImportReport[]): void {
  if (cx.json) cx.outJson(reports);
  else {
    for (const r of reports) {
      if (r.error) continue;
      const skipped = r.skipped.reduce((n, s) => n + s.count, 0);
      const why = skipped ? ` (${r.skipped.map((s) => `${s.count} ${s.why}`).join('; ')})` : '';
      cx.out(
        `${r.target}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed, ${skipped} skipped${why}.`,
      );
      if (r.notice) cx.out(`  note: ${r.notice}`);
    }
  }
  const failed = reports.filter((r) => r.error);
  if (failed.length === 1 && reports.length === 1) throw new AppError('import-invalid', failed[0]!.error!);
  if (failed.length > 0) {
    for (const f of failed) cx.err(`handson: ${f.error}`);
    throw new AppError(
      'import-invalid',
      `${failed.length} of ${reports.length} imports failed; nothing was written for them.`,
    );
  }
}
