import { AppError } from '../../errors.js';

/**
 * The iCalendar content-line layer (RFC 5545 §3.1): unfolding, `NAME;PARAM=…:value` splitting and
 * the BEGIN/END component tree. Written by hand rather than taken from ical.js because every
 * error has to name the physical line it comes from, and ical.js's parser does not know line
 * numbers (see docs/decisions/0002-ics-library.md). Values are kept raw: escapes are resolved
 * only for the text properties that are read (see `unescapeText`).
 */

export interface IcsProperty {
  /** Upper-cased: property names are case-insensitive (§3.1). */
  readonly name: string;
  /** Parameter names upper-cased; values unquoted, several values kept comma-joined. */
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
  /** 1-based physical line on which the (possibly folded) content line starts. */
  readonly line: number;
}

export interface IcsComponent {
  readonly name: string;
  readonly props: IcsProperty[];
  readonly children: IcsComponent[];
  readonly line: number;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function invalid(line: number, what: string): AppError {
  return new AppError('import-invalid', `Line ${line}: ${what}`);
}

/** A short, printable excerpt of a line for an error message. */
export function excerpt(s: string): string {
  const printable = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 60 ? `"${printable.slice(0, 57)}..."` : `"${printable}"`;
}

/** Rejects what is clearly not a calendar before trying to read it line by line. */
function assertLooksLikeCalendar(text: string): void {
  const head = text.slice(0, 4096);
  let replacement = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) {
      throw new AppError(
        'import-invalid',
        'This is a binary file, not an iCalendar (.ics) file: an .ics file is plain text starting with BEGIN:VCALENDAR.',
      );
    }
    if (c === 0xfffd) replacement++;
  }
  if (replacement > 8) {
    throw new AppError(
      'import-invalid',
      'This file is not UTF-8 text, so it cannot be an iCalendar (.ics) file: export the calendar again as .ics.',
    );
  }
  const first = head.trimStart();
  if (first === '') {
    throw new AppError('import-invalid', 'The file is empty: an iCalendar file starts with BEGIN:VCALENDAR.');
  }
  if (!/^BEGIN:VCALENDAR\b/i.test(first)) {
    const firstLine = first.split(/\r?\n|\r/, 1)[0] ?? '';
    throw new AppError(
      'import-invalid',
      `This is not an iCalendar (.ics) file: it should start with BEGIN:VCALENDAR but starts with ${excerpt(firstLine)}.`,
    );
  }
}

const CARET: Record<string, string> = { n: '\n', N: '\n', "'": '"', '^': '^' };

/** RFC 6868: `^n`, `^'` and `^^` inside parameter values. */
function decodeCaret(v: string): string {
  return v.indexOf('^') < 0 ? v : v.replace(/\^([nN'^])/g, (_, c: string) => CARET[c]!);
}

function isNameChar(c: number): boolean {
  // ALPHA / DIGIT / "-" (§3.1); "_" is not allowed but some producers write it in X- names.
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46
  );
}

/** Parses one unfolded content line. */
function parseContentLine(s: string, line: number): IcsProperty {
  let i = 0;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  if (i === 0 || i === s.length || (s[i] !== ';' && s[i] !== ':')) {
    throw invalid(line, `expected a property like NAME:value, found ${excerpt(s)}.`);
  }
  const name = s.slice(0, i).toUpperCase();
  if (s[i] === ':') return { name, params: NO_PARAMS, value: s.slice(i + 1), line };

  const params: Record<string, string> = Object.create(null);
  while (s[i] === ';') {
    const eq = s.indexOf('=', i + 1);
    if (eq < 0) throw invalid(line, `parameter without "=" in ${excerpt(s)}.`);
    const pname = s.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    const values: string[] = [];
    for (;;) {
      if (s[i] === '"') {
        const close = s.indexOf('"', i + 1);
        if (close < 0) throw invalid(line, `parameter ${pname} opens a quote that is never closed.`);
        values.push(decodeCaret(s.slice(i + 1, close)));
        i = close + 1;
      } else {
        let j = i;
        while (j < s.length && s[j] !== ';' && s[j] !== ':' && s[j] !== ',') j++;
        values.push(decodeCaret(s.slice(i, j)));
        i = j;
      }
      if (s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    params[pname] = values.join(',');
    if (i >= s.length) throw invalid(line, `property ${name} has no ":" before its value.`);
    if (s[i] !== ';' && s[i] !== ':')
      throw invalid(line, `unexpected ${excerpt(s[i]!)} in the parameters of ${name}.`);
  }
  return { name, params, value: s.slice(i + 1), line };
}

/**
 * Splits a whole file into its top-level components (one per VCALENDAR: several calendars may be
 * concatenated). Throws `import-invalid` naming the line for anything that breaks the grammar.
 */
export function parseIcs(input: string): IcsComponent[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  assertLooksLikeCalendar(text);
  // Old Mac files end lines with CR alone; everything else has LF (with or without CR).
  const src = text.indexOf('\n') < 0 ? text.replace(/\r/g, '\n') : text;

  const roots: IcsComponent[] = [];
  const stack: IcsComponent[] = [];
  let pending = '';
  let pendingLine = 0;

  const flush = (): void => {
    if (pending === '') return;
    const p = parseContentLine(pending, pendingLine);
    pending = '';
    if (p.name === 'BEGIN') {
      const cname = p.value.trim().toUpperCase();
      if (cname === '') throw invalid(p.line, 'BEGIN without a component name.');
      if (stack.length === 0 && cname !== 'VCALENDAR') {
        throw invalid(p.line, `expected BEGIN:VCALENDAR, found BEGIN:${cname}.`);
      }
      const c: IcsComponent = { name: cname, props: [], children: [], line: p.line };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(c);
      else roots.push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      const cname = p.value.trim().toUpperCase();
      const open = stack.pop();
      if (!open) throw invalid(p.line, `END:${cname} without a matching BEGIN.`);
      if (open.name !== cname) {
        throw invalid(p.line, `END:${cname} closes BEGIN:${open.name} from line ${open.line}.`);
      }
    } else {
      const c = stack[stack.length - 1];
      if (!c) throw invalid(p.line, `property ${p.name} outside of BEGIN:VCALENDAR … END:VCALENDAR.`);
      c.props.push(p);
    }
  };

  let lineNo = 0;
  let pos = 0;
  while (pos <= src.length) {
    let nl = src.indexOf('\n', pos);
    if (nl < 0) nl = src.length;
    let end = nl;
    if (end > pos && src.charCodeAt(end - 1) === 13) end--;
    lineNo++;
    // Files joined with `cat` carry each one's BOM into the middle of the text.
    if (src.charCodeAt(pos) === 0xfeff) pos++;
    const first = src.charCodeAt(pos);
    if (end > pos && (first === 32 || first === 9)) {
      // Folded continuation (§3.1): drop exactly one leading space or tab.
      if (pending === '')
        throw invalid(lineNo, 'a folded continuation line (starting with a space) follows nothing.');
      pending += src.slice(pos + 1, end);
    } else {
      flush();
      if (end > pos) {
        pending = src.slice(pos, end);
        pendingLine = lineNo;
      }
    }
    pos = nl + 1;
  }
  flush();
  const open = stack[0];
  if (open) {
    const inner = stack[stack.length - 1]!;
    throw new AppError(
      'import-invalid',
      `The file ends before END:${inner.name} (opened at line ${inner.line}${
        inner === open ? '' : `, inside BEGIN:${open.name} at line ${open.line}`
      }): it is probably cut off.`,
    );
  }
  return roots;
}

/** TEXT value escapes (§3.3.11): `\\`, `\;`, `\,`, `\n`/`\N`. */
export function unescapeText(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
