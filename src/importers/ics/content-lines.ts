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
  /** Set when part of the component could not be read: the reader leaves the component out. */
  damage?: Damage;
}

/** What broke the grammar, and where: `what` is a sentence without the line and without a full stop. */
export interface Damage {
  /** The physical line at fault; absent when the fault is a missing line (a file cut off). */
  readonly line?: number;
  readonly what: string;
}

/** A damage as the one sentence that refuses a whole file: `Line 6: expected … found "x".` */
export function damageSentence(d: Damage): string {
  const what = oneLineWhat(d.what);
  return d.line === undefined ? `${what}.` : `Line ${d.line}: ${what}.`;
}

/**
 * A damage's `what` on one line: it may quote a name or value read from the file, which can hold
 * a lone CR (a file mixing line ends), and is shown on one line, so control characters become "?".
 */
export function oneLineWhat(what: string): string {
  return what.replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** Thrown while reading a component's values: the component is left out with this damage. */
export class DamageError extends Error {
  constructor(readonly damage: Damage) {
    super(damageSentence(damage));
  }
}

export interface ParsedIcs {
  /** Top-level components (one per VCALENDAR: several calendars may be concatenated). */
  roots: IcsComponent[];
  /** Every fault found, in file order, also those inside components that are left out. */
  damage: Damage[];
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/** A content line that breaks the grammar (§3.1); `what` as in Damage. */
class LineError extends Error {
  constructor(
    readonly line: number,
    readonly what: string,
  ) {
    super(what);
  }
}

function invalid(line: number, what: string): LineError {
  return new LineError(line, what);
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
    throw invalid(line, `expected a property like NAME:value, found ${excerpt(s)}`);
  }
  const name = s.slice(0, i).toUpperCase();
  if (s[i] === ':') return { name, params: NO_PARAMS, value: s.slice(i + 1), line };

  const params: Record<string, string> = Object.create(null);
  while (s[i] === ';') {
    const eq = s.indexOf('=', i + 1);
    if (eq < 0) throw invalid(line, `parameter without "=" in ${excerpt(s)}`);
    const pname = s.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    const values: string[] = [];
    for (;;) {
      if (s[i] === '"') {
        const close = s.indexOf('"', i + 1);
        if (close < 0) throw invalid(line, `parameter ${pname} opens a quote that is never closed`);
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
    if (i >= s.length) throw invalid(line, `property ${name} has no ":" before its value`);
    if (s[i] !== ';' && s[i] !== ':')
      throw invalid(line, `unexpected ${excerpt(s[i]!)} in the parameters of ${name}`);
  }
  return { name, params, value: s.slice(i + 1), line };
}

/** Components that can only stand directly inside a VCALENDAR (§3.6): one opening inside another means an END is missing. */
const CALENDAR_LEVEL = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VTIMEZONE']);

/**
 * Splits a whole file into its top-level components. Forgiving about damage: a content line that
 * breaks the grammar, an END that closes the wrong component or a component that is never closed
 * marks the innermost component it belongs to as damaged (`damage`) and reading goes on, so one
 * broken event does not cost the others. Only what is clearly not a calendar (binary, empty, not
 * starting with BEGIN:VCALENDAR) throws `import-invalid`; whether the rest is worth importing is
 * the reader's decision (see read-calendar.ts).
 */
export function parseIcs(input: string): ParsedIcs {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  assertLooksLikeCalendar(text);
  // Old Mac files end lines with CR alone; everything else has LF (with or without CR).
  const src = text.indexOf('\n') < 0 ? text.replace(/\r/g, '\n') : text;

  const roots: IcsComponent[] = [];
  const damage: Damage[] = [];
  const stack: IcsComponent[] = [];
  let pending = '';
  let pendingLine = 0;

  /**
   * Records a fault and marks the innermost open component that is not the VCALENDAR itself: the
   * calendar keeps its other parts, and a property lost from it is only that property.
   */
  const damaged = (d: Damage, c: IcsComponent | undefined = stack[stack.length - 1]): void => {
    damage.push(d);
    if (!c || c.name === 'VCALENDAR') return;
    c.damage ??= d;
    // Observances are read as part of their VTIMEZONE: a broken one makes the zone unusable.
    // Damage in a part Hands-on does not read (a VALARM, an X- component) costs nothing.
    const parent = stack[stack.indexOf(c) - 1];
    if (parent?.name === 'VTIMEZONE') parent.damage ??= d;
  };

  /** Closes the components above `depth`, each damaged for want of its END. */
  const closeAbove = (depth: number, why: (open: IcsComponent) => Damage): void => {
    while (stack.length > depth) {
      const open = stack[stack.length - 1]!;
      damaged(why(open), open);
      stack.pop();
    }
  };

  const flush = (): void => {
    if (pending === '') return;
    let p: IcsProperty;
    try {
      p = parseContentLine(pending, pendingLine);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      pending = '';
      damaged({ line: e.line, what: e.what });
      return;
    }
    pending = '';
    if (p.name === 'BEGIN') {
      const cname = p.value.trim().toUpperCase();
      if (cname === '') {
        damaged({ line: p.line, what: 'BEGIN without a component name' });
        return;
      }
      // A component that can only stand in a calendar (or a new calendar) while another is open:
      // the END of the open one is missing.
      const target = cname === 'VCALENDAR' ? 0 : CALENDAR_LEVEL.has(cname) ? 1 : stack.length;
      if (stack.length > target && (target === 0 || stack[0]!.name === 'VCALENDAR')) {
        closeAbove(target, (open) => ({
          line: p.line,
          what: `BEGIN:${cname} comes before END:${open.name} (BEGIN:${open.name} is at line ${open.line})`,
        }));
      }
      const c: IcsComponent = { name: cname, props: [], children: [], line: p.line };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(c);
      else roots.push(c);
      stack.push(c);
      if (!parent && cname !== 'VCALENDAR')
        damaged({ line: p.line, what: `expected BEGIN:VCALENDAR, found BEGIN:${cname}` }, c);
    } else if (p.name === 'END') {
      const cname = p.value.trim().toUpperCase();
      const open = stack[stack.length - 1];
      if (!open) {
        damaged({ line: p.line, what: `END:${cname} without a matching BEGIN` });
        return;
      }
      if (open.name === cname) {
        stack.pop();
        return;
      }
      let match = -1;
      for (let i = stack.length - 2; i >= 0 && match < 0; i--) if (stack[i]!.name === cname) match = i;
      if (match >= 0) {
        // END:VCALENDAR while an event is open: the event's END is missing; close both.
        closeAbove(match + 1, (o) => ({
          line: p.line,
          what: `END:${cname} comes before END:${o.name} (BEGIN:${o.name} is at line ${o.line})`,
        }));
        stack.pop();
        return;
      }
      // An END naming nothing that is open is most likely a misspelt END of the innermost
      // component (END:VTOOD inside a VTODO): close that one, damaged. A calendar is never closed
      // this way, so a stray END cannot end it early.
      const what = `END:${cname} closes BEGIN:${open.name} from line ${open.line}`;
      damaged({ line: p.line, what });
      if (open.name !== 'VCALENDAR') stack.pop();
    } else {
      const c = stack[stack.length - 1];
      if (!c) {
        damaged({ line: p.line, what: `property ${p.name} outside of BEGIN:VCALENDAR … END:VCALENDAR` });
        return;
      }
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
        damaged({ line: lineNo, what: 'a folded continuation line (starting with a space) follows nothing' });
      else pending += src.slice(pos + 1, end);
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
  if (stack.length > 0) {
    // One fault, the cut: every component still open loses its end to it.
    const outer = stack[0]!;
    const inner = stack[stack.length - 1]!;
    const cut: Damage = {
      what: `The file ends before END:${inner.name} (opened at line ${inner.line}${
        inner === outer ? '' : `, inside BEGIN:${outer.name} at line ${outer.line}`
      }): it is probably cut off`,
    };
    damage.push(cut);
    for (const open of stack) if (open.name !== 'VCALENDAR') open.damage ??= cut;
  }
  return { roots, damage };
}

/** TEXT value escapes (§3.3.11): `\\`, `\;`, `\,`, `\n`/`\N`. */
export function unescapeText(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
