import type { Instant, LocalDate } from '../domain/types.js';
import { AppError } from '../errors.js';

//
// Optional fields are written as NULL and read back as absent keys (never `undefined` or
// `null` values), so a record read from either engine serialises to the same JSON.
export function nullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** `{ key: value }` when the column holds a value, `{}` when it is NULL. */
export function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function num(value: number | null): number | null {
  // Defensive: a driver may hand back numeric text for some column types.
  return value === null ? null : Number(value);
}

// PostgreSQL's `integer`; SQLite would take more.
export const MAX_INT = 2_147_483_647;

/**
 * The engines disagree on numbers SQLite would silently accept (2.5 or 2^40 in an integer
 * column, NaN turning into NULL); refusing them here keeps both engines behaving the same.
 */
export function wholeNumber(value: number, field: string, min?: number): number {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_INT || (min !== undefined && value < min)) {
    throw new AppError(
      'invalid',
      `${field} must be a whole number${min === undefined ? '' : ` of at least ${min}`}, not ${value}.`,
      { field },
    );
  }
  return value;
}

export function finiteNumber(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new AppError('invalid', `${field} must be a finite number, not ${value}.`, { field });
  }
  return value;
}

export function optionalWhole(value: number | undefined, field: string): number | null {
  return value === undefined ? null : wholeNumber(value, field);
}

// JSON columns are written only by this file from typed records, so reading them back as those
// types is safe; the schema (not a validator) is what keeps foreign data out.
export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Bound parameters per multi-row statement: well under SQLite's limit (32,766) and PostgreSQL's
 * (65,535). One statement per row would make a 100,000-commit import take minutes; statements
 * bigger than this measured no faster on either engine. Each SQLite statement runs on the one
 * thread without a break, so they are kept small enough (~8 ms) for the server to answer reads
 * between them (decision 0014): 10,000 made reads wait up to 60 ms each, and the 100,000-commit
 * import measured the same (1.49× vs 1.60× raw git log in one run of `npm run bench -- git`).
 */
export const MAX_PARAMS = 2_000;

export function chunks<T>(rows: readonly T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Whether a stored row holds what `fresh` would write. Integer columns may come back as numbers
 * or numeric text depending on the driver, so numbers are compared as numbers.
 */
export function sameRow<R>(stored: R, fresh: R, columns: readonly (keyof R)[]): boolean {
  return columns.every((c) => {
    const a = stored[c];
    const b = fresh[c];
    if (a === b) return true;
    if (a === null || b === null) return false;
    return (typeof a === 'number' || typeof b === 'number') && Number(a) === Number(b);
  });
}

export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Windows and overlaps are decided by comparing instants as text, which is only right when every
 * instant is written in the one form the domain uses; anything else is refused, not misplaced.
 */
export function instant(value: string, field: string): Instant {
  if (typeof value !== 'string' || !INSTANT.test(value)) {
    throw new AppError(
      'invalid',
      `${field} must be a UTC instant with milliseconds, like 2026-11-25T13:06:24.000Z, not "${String(value)}".`,
      { field },
    );
  }
  return value;
}

export function localDate(value: string, field: string): LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) {
    throw new AppError('invalid', `${field} must be a date like 2026-11-25, not "${String(value)}".`, {
      field,
    });
  }
  return value;
}

export function flag(value: boolean): number {
  return value ? 1 : 0;
}

export function isSet(value: number | string): boolean {
  return Number(value) === 1;
}
