/**
 * One error type for everything a user can cause. Each surface (CLI, HTTP) renders it once:
 * the CLI prints `message` on one line and exits 1 (2 for usage), the server answers
 * `{ error: { code, message } }` with `httpStatus`. Anything that is not an AppError is a bug
 * and is shown with its stack.
 */
export type ErrorCode =
  | 'usage' // wrong command line: unknown flag, missing argument
  | 'invalid' // a value was given but is not acceptable
  | 'not-found'
  | 'conflict'
  | 'no-profile' // the store has no profile yet: run `handson init`
  | 'store-too-new' // the database was written by a newer Hands-on
  | 'store-locked' // encrypted store and no key given
  | 'wrong-key' // encrypted store and the key does not open it
  | 'store-unreachable' // PostgreSQL down, data dir not writable, ...
  | 'import-invalid'; // a file to import is not what it claims to be

const STATUS: Record<ErrorCode, number> = {
  usage: 400,
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  'no-profile': 409,
  'store-too-new': 500,
  'store-locked': 401,
  'wrong-key': 401,
  'store-unreachable': 503,
  'import-invalid': 422,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The input field at fault, when there is one (`--hours`, `reasons[1]`, ...). */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; field?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
  }

  get httpStatus(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
