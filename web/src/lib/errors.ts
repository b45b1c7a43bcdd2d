/**
 * Where an API error belongs on a form. The server names the input field at fault — in `field`
 * and at the start of the message (`hours: expected …`) — using the request's own names, which
 * the forms use too. A deeper path (`emails.1`, `workingHours.end`) lands on the nearest field
 * the form has; anything else is shown for the whole form.
 */

export interface ProblemLike {
  message: string;
  field?: string | undefined;
  /** Every bad field, when there were several. */
  problems?: readonly { field: string; message: string }[] | undefined;
}

export interface Placed {
  /** The form field it belongs to, or undefined for the whole form. */
  field: string | undefined;
  /** The message to show there, as a sentence. */
  text: string;
}

const PREFIX = /^([A-Za-z][\w-]*(?:(?:\.[\w-]+)|(?:\[\d+\]))*): /;

/** `emails[1].x` and `emails.1.x` alike, as segments. */
function segments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

/** A message as a sentence: a capital first (unless it starts with a field path) and a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const first = /^[\w-]+(\[\d+\]|\.[\w-]+)+:/.test(t) ? t : t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…)]$/.test(first) ? first : `${first}.`;
}

export function placeError(error: ProblemLike, fields: readonly string[]): Placed {
  const prefixed = PREFIX.exec(error.message)?.[1];
  const path = error.field ?? prefixed;
  let field: string | undefined;
  if (path !== undefined) {
    const parts = segments(path);
    for (let n = parts.length; n > 0 && field === undefined; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (fields.includes(candidate)) field = candidate;
    }
  }
  // Beside the field, the field's name is already in its label: drop it from the message.
  const text =
    field !== undefined && prefixed !== undefined ? error.message.slice(prefixed.length + 2) : error.message;
  return { field, text: sentence(text) };
}

/** Each bad field of an error in its place: one entry per problem, or the error itself when it has none. */
export function placeErrors(error: ProblemLike, fields: readonly string[]): Placed[] {
  if (error.problems === undefined || error.problems.length === 0) return [placeError(error, fields)];
  return error.problems.map((p) =>
    placeError({ field: p.field, message: p.field ? `${p.field}: ${p.message}` : p.message }, fields),
  );
}

/**
 * A rules file's problems, one per item: the server joins them as
 * `The rules file has 2 problems — rules[0].when: …; rules[3].category: ….`
 */
export function listProblems(message: string): string[] {
  const dash = message.indexOf(' — ');
  if (dash < 0) return [message];
  const body = message.slice(dash + 3).replace(/\.$/, '');
  return body
    .split(/; (?=[\w[\]."-]+: )/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
