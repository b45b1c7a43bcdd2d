/**
 * One error type for everything a user can cause. Each surface (CLI, HTTP) renders it once:
 * the CLI prints `message` on one line and exits 1 (2 for usage), the server answers
 * `{ error: { code, message } }` with `httpStatus`. Anything that is not an AppError is a bug
 * and is shown with its stack.
 */
export type ErrorCode =
  | 'usage' // wrong command line: unknown flag, missing argument
  | 'invalid' // a value was given but is not acceptable
  | 'unauthorized' // not signed in, or the sign-in did not succeed (organisation's server)
  | 'forbidden' // the caller may not do this (not the journal's owner)
  | 'not-found'
  | 'conflict'
  | 'no-profile' // the store has no profile yet: run `handson init`
  | 'store-too-new' // the database was written by a newer Hands-on
  | 'store-locked' // encrypted store and no key given
  | 'wrong-key' // encrypted store and the key does not open it
  | 'store-unreachable' // PostgreSQL down, data dir not writable, ...
  | 'store-busy' // another process held SQLite's write lock past the wait limit
  | 'server-unreachable' // the organisation's server a laptop pushes to did not answer, or not as one
  | 'rate-limited' // too many attempts: wait before the next (organisation's server)
  | 'second-factor-required' // the organisation requires a second factor this account has not set up
  | 'import-invalid' // a file to import is not what it claims to be
  | 'mail-failed'; // the mail server could not be reached, refused the sign-in or the message

const STATUS: Record<ErrorCode, number> = {
  usage: 400,
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'no-profile': 409,
  'store-too-new': 500,
  'store-locked': 401,
  'wrong-key': 401,
  'store-unreachable': 503,
  'store-busy': 503,
  'server-unreachable': 502,
  'rate-limited': 429,
  'second-factor-required': 403,
  'import-invalid': 422,
  'mail-failed': 502,
};

/** One bad field of an input, in the input's own names, and what was expected there. */
export interface Problem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The input field at fault, when there is one (`--hours`, `reasons[1]`, ...): the first, when several are. */
  readonly field: string | undefined;
  /**
   * Every bad field, when an input had more than one, so a form can mark them all and a command
   * line can name them all at once instead of one per attempt. Empty otherwise.
   */
  readonly problems: readonly Problem[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; field?: string; problems?: readonly Problem[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.problems = options.problems ?? [];
  }

  get httpStatus(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; problems?: Problem[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.problems.length === 0 ? {} : { problems: [...this.problems] }),
    };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
