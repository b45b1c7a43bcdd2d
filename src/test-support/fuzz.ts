/**
 * Helpers for the property-based tests of the readers (issue 14): how a damaged input is made
 * from a good one, and the one property every reader of outside input keeps — it returns a
 * result or refuses with an AppError a person can read on one line, never anything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * Runs `read` and sorts what happened. An AppError is a refusal, and it must be one line with one
 * of the `codes` (the CLI prints it after "handson: "; a line break in it would break that
 * line). Any other error is rethrown, so fast-check shrinks it and reports the input.
 */
export function outcome<T>(read: () => T, codes: readonly ErrorCode[]): Outcome<T> {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    return refusal(e, codes);
  }
}

export async function outcomeAsync<T>(
  read: () => Promise<T>,
  codes: readonly ErrorCode[],
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    return refusal(e, codes);
  }
}

function refusal(e: unknown, codes: readonly ErrorCode[]): { ok: false; error: AppError } {
  if (!(e instanceof AppError)) throw e;
  expect(codes, e.message).toContain(e.code);
  expect(e.message, 'an error message is one line').not.toMatch(/[\r\n]/);
  expect(e.message.trim().length, 'an error message says something').toBeGreaterThan(0);
  return { ok: false, error: e };
}

/** Runs `fn` and fails if it took longer than `ms`: a reader's work is bounded whatever it is fed. */
export function withinMs<T>(ms: number, fn: () => T): T {
  const start = performance.now();
  const value = fn();
  const took = performance.now() - start;
  expect(took, `took ${Math.round(took)} ms, more than ${ms} ms`).toBeLessThan(ms);
  return value;
}

/** Text made to break line-oriented readers: control characters, lone CR/LF, NUL, quotes, BOMs, emoji. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\0',
    '\r',
    '\n',
    '\r\n ',
    '\t',
    '\u0085',
    '\u2028',
    '\uFEFF',
    '\uD800',
    '"',
    '""',
    ',',
    ';',
    ':',
    '\\',
    '\\n',
    '\\,',
    '__proto__',
    'constructor',
    '💥',
    'BEGIN:VEVENT',
    'END:VEVENT',
    'END:VCALENDAR',
  ),
);

/** Numbers at the edges: zero, negatives, past 2^31 and 2^53, exponents, and not numbers at all. */
export const hugeNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '-0',
    '1e9',
    '2147483648',
    '4294967296',
    '9007199254740993',
    '99999999999999999999999',
    '1e400',
    'NaN',
    'Infinity',
    '',
    '00000000000000000001',
  ),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
);

/**
 * A place in a file as a fraction of it, spread evenly: fc.double spreads over its bits (nearly
 * all draws are below 1e-10) and numbers are biased to 0, either way always the first line.
 */
const fraction: fc.Arbitrary<number> = fc
  .noBias(fc.integer({ min: 0, max: 999_999 }))
  .map((n) => n / 1_000_000);

/** One edit of a line-based file. */
export type LineEdit =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'splice'; at: number; pos: number; text: string }
  | { op: 'cut'; at: number; pos: number };

/**
 * Edits a line-based file could suffer on the way (a bad copy, a hand edit, a truncated
 * download): `at`, `with` and `pos` are fractions of the file, so they fit any length.
 */
export function lineEdit(text: fc.Arbitrary<string> = nastyText): fc.Arbitrary<LineEdit> {
  const at = fraction;
  return fc.oneof(
    fc.record({ op: fc.constant('drop' as const), at }),
    fc.record({ op: fc.constant('duplicate' as const), at }),
    fc.record({ op: fc.constant('swap' as const), at, with: at }),
    fc.record({ op: fc.constant('insert' as const), at, text }),
    fc.record({ op: fc.constant('splice' as const), at, pos: at, text }),
    fc.record({ op: fc.constant('cut' as const), at, pos: at }),
  );
}

/** Applies edits to the lines of `source` (split on `eol`), keeping the line ends it had. */
export function applyLineEdits(source: string, edits: readonly LineEdit[], eol = '\n'): string {
  const lines = source.split(eol);
  for (const e of edits) {
    if (lines.length === 0) lines.push('');
    const i = Math.floor(e.at * lines.length);
    const line = lines[i]!;
    switch (e.op) {
      case 'drop':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, line);
        break;
      case 'swap': {
        const j = Math.floor(e.with * lines.length);
        lines[i] = lines[j]!;
        lines[j] = line;
        break;
      }
      case 'insert':
        lines.splice(i, 0, e.text);
        break;
      case 'splice': {
        const p = Math.floor(e.pos * (line.length + 1));
        lines[i] = line.slice(0, p) + e.text + line.slice(p);
        break;
      }
      case 'cut': {
        // The file ends here, mid-line: what a truncated download leaves.
        const p = Math.floor(e.pos * (line.length + 1));
        lines.splice(i, lines.length - i, line.slice(0, p));
        break;
      }
    }
  }
  return lines.join(eol);
}

/** The seed corpus checked in beside this file: one folder per reader, small files, each a known hard case. */
export const CORPUS = join(import.meta.dirname, 'fuzz-corpus');

export function corpusFiles(reader: string): { name: string; bytes: Buffer }[] {
  const dir = join(CORPUS, reader);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** JSON values at the edges of what a reader checks: wrong types, extremes, dates out of range, odd keys. */
export const edgyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    '',
    ' ',
    '0',
    'x'.repeat(5000),
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '1969-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-02-30',
    '2026-11-27T25:00:00.000Z',
    '__proto__',
    'constructor',
    'escape',
    'has spaces',
    '\u0000',
    'line\nbreak',
    [],
    {},
    [null],
    { __proto__: null },
  ),
);

/** One edit of a parsed JSON document; `at` picks a node by its place among all nodes, depth first. */
export type JsonEdit =
  | { op: 'drop' | 'duplicate'; at: number }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'add'; at: number; key: string; value: unknown };

export function jsonEdit(value: fc.Arbitrary<unknown> = edgyJson): fc.Arbitrary<JsonEdit> {
  const at = fraction;
  const key = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'unknownField', ''),
    fc.string({ maxLength: 8 }),
  );
  return fc.oneof(
    fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), at }),
    fc.record({ op: fc.constant('replace' as const), at, value }),
    fc.record({ op: fc.constant('add' as const), at, key, value }),
  );
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/**
 * A copy of `doc` with the edits applied. Keys are set as own properties (`__proto__` too), as
 * JSON.parse makes them, so a reader sees what a hand-edited file would give it.
 */
export function applyJsonEdits(doc: unknown, edits: readonly JsonEdit[]): unknown {
  const root = { doc: structuredClone(doc) };
  for (const e of edits) {
    const nodes: [Container, string | number][] = [];
    const walk = (parent: Container, key: string | number) => {
      nodes.push([parent, key]);
      const v = (parent as Record<string | number, unknown>)[key];
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) walk(v, i);
      else if (isContainer(v)) for (const k of Object.keys(v)) walk(v, k);
    };
    walk(root, 'doc');
    const [parent, key] = nodes[Math.floor(e.at * nodes.length)]!;
    const target = (parent as Record<string | number, unknown>)[key];
    const set = (obj: Container, k: string | number, v: unknown) =>
      Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
    switch (e.op) {
      case 'drop':
        if (parent === root) continue;
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'duplicate':
        // A record twice in its list: the same id, key or uid twice.
        if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(target));
        else if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
        break;
      case 'replace':
        set(parent, key, structuredClone(e.value));
        break;
      case 'add':
        if (Array.isArray(target)) target.push(structuredClone(e.value));
        else if (isContainer(target)) set(target, e.key, structuredClone(e.value));
        else set(parent, key, structuredClone(e.value));
        break;
    }
  }
  return root.doc;
}
