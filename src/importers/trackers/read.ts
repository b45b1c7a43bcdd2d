import { AppError } from '../../errors.js';
import { readExportText } from './file.js';
import { parseGitHubJson } from './github.js';
import type { TrackerImport, TrackerOptions, TrackerSource } from './item.js';
import { parseJiraCsv } from './jira.js';
import { parseLinearCsv } from './linear.js';

const PARSERS: Record<TrackerSource, (text: string, file: string, options: TrackerOptions) => TrackerImport> =
  {
    jira: parseJiraCsv,
    github: parseGitHubJson,
    linear: parseLinearCsv,
  };

/**
 * Reads one tracker export. Without `source`, the file's first characters decide: JSON is GitHub,
 * a CSV header with `Issue key` is Jira, one with `ID` and `Title` is Linear.
 */
export async function readTrackerExport(
  path: string,
  options: TrackerOptions & { source?: TrackerSource },
): Promise<TrackerImport> {
  const text = await readExportText(path, options.maxBytes);
  const source = options.source ?? detectSource(text, path);
  return PARSERS[source](text, path, options);
}

/** The tracker whose CSV export starts with this header row: `Issue key` is Jira, `ID` and `Title` Linear. */
export function csvSourceOf(text: string): 'jira' | 'linear' | undefined {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const nl = start.indexOf('\n');
  const header = (nl === -1 ? start : start.slice(0, nl))
    .split(/[,;\t]/)
    .map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  if (header.includes('issue key')) return 'jira';
  if (header.includes('id') && header.includes('title')) return 'linear';
  return undefined;
}

export function detectSource(text: string, file: string): TrackerSource {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'github';
  const csv = csvSourceOf(start);
  if (csv) return csv;
  throw new AppError(
    'import-invalid',
    `${file} is not an export Hands-on can tell apart: expected a Jira CSV (with an "Issue key" column), a Linear CSV (with "ID" and "Title") or GitHub issues JSON. Name the source to read it as one of them.`,
  );
}
