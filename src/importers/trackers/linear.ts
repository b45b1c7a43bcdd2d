import type { Instant } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { outsideRange, skippedOutsideRange } from '../out-of-range.js';
import { readCsv } from './csv.js';
import { isoDateAsUtc, isoInstant, jsDateText } from './dates.js';
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
 * Linear's CSV export (Settings > Import / Export > Export CSV, or a view's export). Its columns,
 * which Linear has added to over time:
 *
 *   ID, Team, Title, Description, Status, Estimate, Priority, Project ID, Project, Creator,
 *   Assignee, Labels, Cycle Number, Cycle Name, Cycle Start, Cycle End, Created, Updated,
 *   Started, Triaged, Completed, Canceled, Archived, Due Date, Parent issue, Initiatives,
 *   Project Milestone ID, Project Milestone, SLA Status, Roadmaps, UUID, …
 *
 * Required: `ID`, `Title`, `Status`, `Created`. Read when present: `Priority` (`No priority` means
 * none), `Assignee` and `Creator` (names or emails), `Labels` (one cell, comma-separated),
 * `Started`, and `Completed` or else `Canceled` as the resolution. Dates are ISO 8601 with a zone;
 * a bare `2026-11-25` is that day at midnight UTC. Some exports end rows early when the last
 * values are empty; the missing cells read as empty. Linear puts a `'` before a value a
 * spreadsheet would take for a formula (`'=sum…`); it is removed.
 */
const REQUIRED = ['ID', 'Title', 'Status', 'Created'];

export function parseLinearCsv(text: string, file: string, options: TrackerOptions): TrackerImport {
  const { matcher, critical } = checkOptions(options);
  const base = linkBase(
    options.links?.linear,
    'the address of the Linear workspace, e.g. https://linear.app/acme',
  );
  const table = readCsv(text, file);
  table.require(REQUIRED, 'Linear');

  const seen = new Map<string, number>();
  const items: TrackerItem[] = [];
  const outOfRange: string[] = [];
  for (const row of table.rows) {
    const key = table.get(row, 'ID');
    const where = `${file} line ${row.line}${key === '' ? '' : ` (${oneLine(key)})`}`;
    if (key === '') throw new AppError('import-invalid', `${where}: "ID" is empty.`);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new AppError(
        'import-invalid',
        `${where}: ${oneLine(key)} appears a second time (first on line ${first}).`,
      );
    }
    seen.set(key, row.line);
    const title = unformula(table.get(row, 'Title'));
    if (title === '') throw new AppError('import-invalid', `${where}: "Title" is empty.`);
    const status = table.get(row, 'Status');
    if (status === '') throw new AppError('import-invalid', `${where}: "Status" is empty.`);

    const date = (column: string): Instant | undefined => {
      const value = table.get(row, column);
      if (value === '') return undefined;
      const at = isoInstant(value) ?? isoDateAsUtc(value) ?? jsDateText(value);
      if (at === undefined) {
        throw new AppError(
          'import-invalid',
          `${where}: ${column} "${oneLine(value)}" is not a date as Linear exports them; expected e.g. 2026-11-25T13:06:24.000Z.`,
        );
      }
      return at;
    };
    const createdAt = date('Created');
    if (createdAt === undefined) throw new AppError('import-invalid', `${where}: "Created" is empty.`);
    const startedAt = date('Started');
    const resolvedAt = date('Completed') ?? date('Canceled');

    const rawPriority = table.get(row, 'Priority');
    const priority = rawPriority === '' || /^no priority$/i.test(rawPriority) ? undefined : rawPriority;
    const labels = [
      ...new Set(
        table
          .get(row, 'Labels')
          .split(',')
          .map((l) => unformula(l.trim()))
          .filter((l) => l !== ''),
      ),
    ];
    const assignee = table.get(row, 'Assignee') || undefined;
    const creator = table.get(row, 'Creator') || undefined;
    if ((options.onlyLeader ?? true) && !matcher.any([assignee, creator])) continue;
    const outside = outsideRange({
      Created: createdAt,
      Started: startedAt,
      [table.get(row, 'Completed') === '' ? 'Canceled' : 'Completed']: resolvedAt,
    });
    if (outside !== undefined) {
      outOfRange.push(`${where}: ${outside}`);
      continue;
    }

    items.push(
      compact({
        source: 'linear',
        key,
        title,
        status,
        createdAt,
        startedAt,
        resolvedAt,
        priority,
        labels,
        assignee,
        creator,
        url: base === undefined ? undefined : `${base}/issue/${encodeURIComponent(key)}`,
        criticalPath: critical.test(priority, labels),
      }),
    );
  }
  return {
    source: 'linear',
    file,
    total: table.rows.length,
    items,
    skipped: [
      ...skippedNotYours(table.rows.length - outOfRange.length, items.length),
      ...skippedOutsideRange(outOfRange),
    ],
  };
}

function unformula(s: string): string {
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}
