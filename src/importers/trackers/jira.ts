import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { outsideRange, skippedOutsideRange } from '../out-of-range.js';
import { type CsvRow, type CsvTable, readCsv } from './csv.js';
import { checkZone, JIRA_DATE_EXAMPLES, jiraDate } from './dates.js';
import {
  checkOptions,
  compact,
  linkBase,
  oneLine,
  skippedNotYours,
  type TrackerImport,
  type TrackerItem,
  type TrackerOptions,
} from './item.js';

/**
 * Jira's CSV export ("Export > CSV (all fields)" or "CSV (current fields)", Cloud and Data
 * Center), read by its real header names. What it looks like:
 *
 * - A column per value for multi-value fields: `Labels,Labels,Labels`, `Sprint,Sprint`,
 *   `Watchers,Watchers`. Every `Labels` column is read (Jira labels contain no spaces, so a cell
 *   holding several space-separated labels is split too).
 * - `Custom field (Story Points)` and the like, attachments, links, comments: ignored, as is any
 *   column not listed below.
 * - Quoted values spanning lines (Description, comments), CRLF line ends, a UTF-8 BOM.
 * - People as display names (Cloud; plus `Assignee Id`-style account ids) or user names (Data
 *   Center, often email addresses). All of them are compared with the leader's identity.
 * - Dates as local time without a zone; see `jiraDate` for the accepted formats.
 *
 * Required: `Issue key`, `Summary`, `Status`, `Created`. Read when present: `Issue Type`,
 * `Priority`, `Resolved`, `Assignee`, `Reporter`, `Creator`, their `… Id` columns, `Labels`,
 * and `Status Category` with `Status Category Changed`: Jira has no start date, so the moment an
 * item entered its current "In Progress" category is taken as its start.
 */
const REQUIRED = ['Issue key', 'Summary', 'Status', 'Created'];

export function parseJiraCsv(text: string, file: string, options: TrackerOptions): TrackerImport {
  const { matcher, critical } = checkOptions(options);
  const tz = checkZone(options.tz, 'Jira writes dates without a time zone.');
  const base = linkBase(options.links?.jira, 'the address of the Jira site, e.g. https://acme.atlassian.net');
  const table = readCsv(text, file);
  table.require(REQUIRED, 'Jira');

  const seen = new Map<string, number>();
  const items: TrackerItem[] = [];
  const outOfRange: string[] = [];
  for (const row of table.rows) {
    const key = table.get(row, 'Issue key');
    const where = `${file} line ${row.line}${key === '' ? '' : ` (${oneLine(key)})`}`;
    if (key === '') throw new AppError('import-invalid', `${where}: "Issue key" is empty.`);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new AppError(
        'import-invalid',
        `${where}: ${oneLine(key)} appears a second time (first on line ${first}).`,
      );
    }
    seen.set(key, row.line);
    const title = table.get(row, 'Summary');
    if (title === '') throw new AppError('import-invalid', `${where}: "Summary" is empty.`);
    const status = table.get(row, 'Status');
    if (status === '') throw new AppError('import-invalid', `${where}: "Status" is empty.`);

    const date = (column: string, required: boolean): Instant | undefined =>
      readDate(table, row, column, tz, where, required);
    const createdAt = date('Created', true)!;
    const resolvedAt = date('Resolved', false);
    const startedAt = /^in progress$/i.test(table.get(row, 'Status Category'))
      ? date('Status Category Changed', false)
      : undefined;

    const labels = [...new Set(table.all(row, 'Labels').flatMap((cell) => cell.split(/\s+/)))];
    const priority = table.get(row, 'Priority') || undefined;
    const assignee = table.get(row, 'Assignee') || undefined;
    const reporter = table.get(row, 'Reporter') || undefined;
    const creator = table.get(row, 'Creator') || reporter;
    const people = [
      assignee,
      reporter,
      creator,
      ...['Assignee Id', 'Reporter Id', 'Creator Id'].map((c) => table.get(row, c)),
    ];
    if ((options.onlyLeader ?? true) && !matcher.any(people)) continue;
    const outside = outsideRange({
      Created: createdAt,
      'Status Category Changed': startedAt,
      Resolved: resolvedAt,
    });
    if (outside !== undefined) {
      outOfRange.push(`${where}: ${outside}`);
      continue;
    }

    items.push(
      compact({
        source: 'jira',
        key,
        title,
        status,
        type: table.get(row, 'Issue Type') || undefined,
        createdAt,
        startedAt,
        resolvedAt,
        priority,
        labels,
        assignee,
        creator,
        url: base === undefined ? undefined : `${base}/browse/${encodeURIComponent(key)}`,
        criticalPath: critical.test(priority, labels),
      }),
    );
  }
  return {
    source: 'jira',
    file,
    total: table.rows.length,
    items,
    skipped: [
      ...skippedNotYours(table.rows.length - outOfRange.length, items.length),
      ...skippedOutsideRange(outOfRange),
    ],
  };
}

function readDate(
  table: CsvTable,
  row: CsvRow,
  column: string,
  tz: string,
  where: string,
  required: boolean,
): Instant | undefined {
  const value = table.get(row, column);
  if (value === '') {
    if (required) throw new AppError('import-invalid', `${where}: "${column}" is empty.`);
    return undefined;
  }
  const at = jiraDate(value, tz);
  if (at === undefined) {
    throw new AppError(
      'import-invalid',
      `${where}: ${column} "${oneLine(value)}" is not a date in a format Jira exports; expected e.g. ${JIRA_DATE_EXAMPLES}.`,
    );
  }
  return at;
}
