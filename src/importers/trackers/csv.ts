import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../errors.js';
import { oneLine } from './item.js';

export interface CsvRow {
  /** The line the record starts on (1 = the header), for error messages. */
  line: number;
  cells: string[];
}

/**
 * A CSV export with its header. Columns are looked up by header name, case-insensitively,
 * and a name may repeat: Jira writes one `Labels` (or `Sprint`, `Watchers`) column per value.
 */
export class CsvTable {
  readonly file: string;
  readonly header: string[];
  readonly rows: CsvRow[];
  private readonly byName = new Map<string, number[]>();

  constructor(file: string, header: string[], rows: CsvRow[]) {
    this.file = file;
    this.header = header;
    this.rows = rows;
    header.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      const list = this.byName.get(key);
      if (list === undefined) this.byName.set(key, [i]);
      else list.push(i);
    });
  }

  /** Throws one error naming every required column that is missing. */
  require(names: readonly string[], what: string): void {
    const missing = names.filter((n) => !this.byName.has(n.toLowerCase()));
    if (missing.length === 0) return;
    const list = missing.map((n) => `"${n}"`).join(', ');
    // A file without its header starts with a data row, whose cells may span lines (a quoted description).
    const found =
      this.header
        .slice(0, 8)
        .map((cell) => oneLine(cell, 40))
        .join(', ') + (this.header.length > 8 ? ', …' : '');
    throw new AppError(
      'import-invalid',
      `${this.file}: missing column${missing.length > 1 ? 's' : ''} ${list}; a ${what} CSV export has ${
        missing.length > 1 ? 'them' : 'it'
      } in its first line, this file starts with: ${found}.`,
    );
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** The trimmed value of the first column with that name; '' when absent or empty. */
  get(row: CsvRow, name: string): string {
    const i = this.byName.get(name.toLowerCase())?.[0];
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  }

  /** The non-empty trimmed values of every column with that name. */
  all(row: CsvRow, name: string): string[] {
    const out: string[] = [];
    for (const i of this.byName.get(name.toLowerCase()) ?? []) {
      const v = (row.cells[i] ?? '').trim();
      if (v !== '') out.push(v);
    }
    return out;
  }
}

/** Parses CSV text with csv-parse; malformed CSV becomes an `import-invalid` error with its line. */
export function readCsv(text: string, file: string): CsvTable {
  const nl = text.indexOf('\n');
  const firstLine = nl === -1 ? text : text.slice(0, nl);
  // Excel in many European locales saves "CSV" with semicolons; a header tells which it is.
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t')
        ? '\t'
        : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns { record, info } pairs; its typings do not say so.
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError)
      throw new AppError('import-invalid', `${file}: ${csvProblem(e)}`, { cause: e });
    throw e;
  }
  const [head, ...body] = records;
  if (head === undefined) throw new AppError('import-invalid', `${file} has no header line.`);
  const header = head.record.map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    // info.lines is where the record ends; quoted values can span lines.
    let breaks = 0;
    for (const cell of record)
      for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
    const line = info.lines - breaks;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length) {
      throw new AppError(
        'import-invalid',
        `${file} line ${line}: ${record.length} values, but the header names ${header.length} columns; a value containing a comma has probably lost its quotes.`,
      );
    }
    rows.push({ line, cells: record });
  }
  return new CsvTable(file, header, rows);
}

function csvProblem(e: CsvError): string {
  const at = (e as CsvError & { lines?: number }).lines;
  const where = at === undefined ? '' : `line ${at}: `;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${where}a quoted value is opened but never closed, so the file is cut short or not CSV.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${where}a quote inside a value is not doubled ("") as CSV requires.`;
    default:
      return `${where}this is not valid CSV (${e.message}).`;
  }
}
