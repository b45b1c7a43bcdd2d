import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyJsonEdits,
  applyLineEdits,
  hugeNumber,
  jsonEdit,
  lineEdit,
  nastyText,
  outcome,
  withinMs,
} from '../../test-support/fuzz.js';
import { type ImportContext, TRACKER_IMPORTERS } from '../importer.js';

/**
 * Issue 14: the Jira, Linear and GitHub readers, fed bytes as `handson import` feeds them,
 * return what they could read or refuse with a one-line AppError, whatever the file holds.
 * The real exports in fixtures/ are the seeds that the edits start from.
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const enc = (s: string) => new TextEncoder().encode(s);

const context: ImportContext = {
  emails: ['dana@example.com'],
  names: ['Dana Ortiz'],
  logins: ['dortiz'],
  tz: 'Europe/Berlin',
  window: { from: '2020-01-01T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z' },
};

const CSV_SEEDS = {
  jira: [fixture('jira-cloud.csv'), fixture('jira-datacenter.csv')],
  linear: [fixture('linear.csv')],
} as const;
const JSON_SEEDS = [fixture('github-issues.json'), fixture('github-search.json')];

/** JSON values written back to back, as `gh api --paginate` writes pages: `[..][..]`, `{..}{..}`. */
function jsonPages(text: string): unknown[] {
  const pages: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) {
      pages.push(JSON.parse(text.slice(start, i + 1)));
      start = i + 1;
    }
  }
  return pages;
}

function readTracker(source: keyof typeof TRACKER_IMPORTERS, bytes: Uint8Array, name = 'export'): void {
  withinMs(5_000, () =>
    outcome(() => TRACKER_IMPORTERS[source].read({ name, bytes }, context), ['import-invalid', 'invalid']),
  );
}

/** Text a CSV cell can hold that a CSV reader trips on: quotes, separators, line ends, dates at the edges. */
const csvText = fc.oneof(
  nastyText,
  hugeNumber,
  fc.constantFrom(
    '"',
    '"a""b"',
    '"unterminated',
    ',,,,,,,,',
    '0000-01-01 00:00',
    '31/Dec/99 11:59 PM',
    '01/Jan/00 12:00 AM',
    '9999-12-31T23:59:59.999Z',
    '275760-09-13',
    '2026-02-30 10:00',
    '=cmd|calc',
  ),
);

describe('the tracker readers on anything (issue 14)', () => {
  it.each(['jira', 'linear', 'github'] as const)(
    '%s: returns or refuses on one line for arbitrary bytes',
    (source) => {
      fc.assert(
        fc.property(
          fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200 }).map(enc)),
          (bytes) => readTracker(source, bytes),
        ),
        { numRuns: 100 },
      );
    },
  );

  it.each(['jira', 'linear'] as const)(
    '%s: returns or refuses on one line for an export with lines edited',
    (source) => {
      fc.assert(
        fc.property(
          fc.nat(CSV_SEEDS[source].length - 1),
          fc.array(lineEdit(csvText), { minLength: 1, maxLength: 6 }),
          (seed, edits) => readTracker(source, enc(applyLineEdits(CSV_SEEDS[source][seed]!, edits))),
        ),
        { numRuns: 60 },
      );
    },
  );

  it.each(['jira', 'linear'] as const)(
    '%s: returns or refuses on one line when only the header is kept',
    (source) => {
      // A header with a column dropped, doubled or renamed, and rows after it that no longer line up.
      fc.assert(
        fc.property(
          fc.nat(CSV_SEEDS[source].length - 1),
          fc.array(
            fc.record({
              column: fc.nat(80),
              op: fc.constantFrom('drop', 'double', 'rename'),
              name: csvText,
            }),
            { minLength: 1, maxLength: 4 },
          ),
          fc.array(fc.array(csvText, { maxLength: 40 }), { maxLength: 3 }),
          (seed, edits, rows) => {
            const [head = '', ...rest] = CSV_SEEDS[source][seed]!.split('\n');
            const cells = head.split(',');
            for (const e of edits) {
              const i = e.column % Math.max(cells.length, 1);
              if (e.op === 'drop') cells.splice(i, 1);
              else if (e.op === 'double') cells.splice(i, 0, cells[i] ?? '');
              else cells[i] = e.name;
            }
            const body = rows.length > 0 ? rows.map((r) => r.join(',')) : rest;
            readTracker(source, enc([cells.join(','), ...body].join('\n')));
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('github: returns or refuses on one line for an export with values dropped, doubled, retyped or added', () => {
    // Each file as its pages (`gh api --paginate` writes them back to back), edited, written back.
    const files = JSON_SEEDS.map(jsonPages);
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.array(jsonEdit(), { minLength: 1, maxLength: 6 }),
        (f, edits) => {
          const pages = applyJsonEdits(files[f], edits);
          const text = Array.isArray(pages)
            ? pages.map((p) => JSON.stringify(p)).join('\n')
            : JSON.stringify(pages);
          readTracker('github', enc(text ?? ''));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('github: returns or refuses on one line for an export with its text edited or cut', () => {
    fc.assert(
      fc.property(
        fc.nat(JSON_SEEDS.length - 1),
        fc.array(lineEdit(nastyText), { minLength: 1, maxLength: 4 }),
        (seed, edits) => readTracker('github', enc(applyLineEdits(JSON_SEEDS[seed]!, edits))),
      ),
      { numRuns: 60 },
    );
  });
});

describe('what fuzzing found in the tracker readers, kept as plain tests', () => {
  const refusal = (source: keyof typeof TRACKER_IMPORTERS, text: string): string => {
    const r = outcome(
      () => TRACKER_IMPORTERS[source].read({ name: 'export', bytes: enc(text) }, context),
      ['import-invalid'],
    );
    return r.ok ? 'imported' : r.error.message;
  };

  it('names the first cells of a Linear export without its header on one line', () => {
    // Found by the property above: the first data row became the header, and its quoted
    // description's line breaks went into the message.
    const [, ...rows] = CSV_SEEDS.linear[0].split('\n');
    expect(refusal('linear', rows.join('\n'))).toMatch(
      /^export: missing columns "ID", "Title", "Status", "Created"; .* this file starts with: ENG-201, Engineering, Search results ignore accents, ## Steps 1\. Open the page 2\. Type "café…, Todo, 1, Urgent, , …\.$/,
    );
  });

  it('names an item whose key holds a line break on one line', () => {
    const text = 'ID,Title,Status,Created\n"#\n275760-09-13",x,Todo,2026-11-01\n';
    expect(refusal('linear', `${text}"#\n275760-09-13",y,Todo,2026-11-02\n`)).toBe(
      'export line 4 (# 275760-09-13): # 275760-09-13 appears a second time (first on line 2).',
    );
    expect(refusal('jira', 'Issue key,Summary,Status,Created\nPAY-1,x,To Do,"01/Nov/26\nlater"\n')).toMatch(
      /^export line 2 \(PAY-1\): Created "01\/Nov\/26 later" is not a date/,
    );
  });
});
