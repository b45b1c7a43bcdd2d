import { StringDecoder } from 'node:string_decoder';

/**
 * A streaming reader of `git log --numstat --format=NUMSTAT_FORMAT`.
 *
 * What git writes with that format, per commit:
 *
 *   \x1e<sha>\x1f<parent shas, space separated>\x1f<author email>\x1f<author unix time>\x1f<subject>\n
 *   \n                                   (only when numstat lines follow)
 *   <added>\t<removed>\t<path>\n         (one per file; `-\t-\t` for a binary file)
 *
 * Merges (git shows no diff for them by default) and empty commits have no numstat lines.
 * A header is recognised by its leading \x1e: a numstat line can never start with it, because git
 * quotes paths with control characters. The subject is the last field, so a \x1f or \x1e inside
 * a subject stays part of the subject, and %s never contains a newline.
 *
 * Memory stays flat: the parser holds one partial line and the commit being read. File paths are
 * only kept when asked for (`paths: true`); otherwise a commit is a handful of counters.
 */
export const NUMSTAT_FORMAT = '%x1e%H%x1f%P%x1f%aE%x1f%at%x1f%s';

export interface NumstatFile {
  /** The path after the change (the new name of a renamed file). */
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  /** Lines added and removed; null for a binary file, which git does not count in lines. */
  added: number | null;
  removed: number | null;
}

export interface NumstatCommit {
  sha: string;
  parents: string[];
  authorEmail: string;
  /** Author time in milliseconds since the epoch. */
  authorMs: number;
  subject: string;
  /** Lines added and removed over all text files. */
  added: number;
  removed: number;
  /** Files touched, binary ones included. */
  files: number;
  binaryFiles: number;
  /** Present only when the parser was created with `paths: true`. */
  paths?: NumstatFile[];
}

const HEADER = 0x1e;
const FIELD = '\x1f';

export class NumstatParser {
  private readonly decoder = new StringDecoder('utf8');
  private readonly onCommit: (commit: NumstatCommit) => void;
  private readonly keepPaths: boolean;
  private rest = '';
  private current: NumstatCommit | undefined;
  private ended = false;

  constructor(onCommit: (commit: NumstatCommit) => void, options: { paths?: boolean } = {}) {
    this.onCommit = onCommit;
    this.keepPaths = options.paths ?? false;
  }

  /** Feeds the next bytes; they may end anywhere, even inside a UTF-8 character. */
  push(chunk: Uint8Array | string): void {
    if (this.ended) throw new Error('NumstatParser: push() after end()');
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    if (text === '') return;
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.rest += text;
      return;
    }
    if (this.rest !== '') {
      this.line(this.rest + text.slice(0, nl));
      this.rest = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.line(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.rest = start < text.length ? text.slice(start) : '';
  }

  /** Flushes the last commit. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const tail = this.rest + this.decoder.end();
    this.rest = '';
    if (tail !== '') this.line(tail);
    this.flush();
  }

  private flush(): void {
    const done = this.current;
    this.current = undefined;
    if (done !== undefined) this.onCommit(done);
  }

  private line(line: string): void {
    if (line.length === 0) return;
    if (line.charCodeAt(0) === HEADER) {
      this.flush();
      this.current = parseHeader(line, this.keepPaths);
      return;
    }
    const commit = this.current;
    if (commit === undefined) {
      throw new Error(
        `unexpected git log output before the first commit: ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    const t1 = line.indexOf('\t');
    const t2 = t1 === -1 ? -1 : line.indexOf('\t', t1 + 1);
    if (t2 === -1) {
      throw new Error(
        `unexpected git log output in commit ${commit.sha}: ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    const a = line.slice(0, t1);
    const r = line.slice(t1 + 1, t2);
    commit.files++;
    let added: number | null = null;
    let removed: number | null = null;
    if (a === '-' || r === '-') {
      commit.binaryFiles++;
    } else {
      added = toCount(a, line, commit.sha);
      removed = toCount(r, line, commit.sha);
      commit.added += added;
      commit.removed += removed;
    }
    if (commit.paths !== undefined) {
      commit.paths.push({ ...splitRename(line.slice(t2 + 1)), added, removed });
    }
  }
}

function toCount(s: string, line: string, sha: string): number {
  const n = Number(s);
  if (s === '' || !Number.isInteger(n) || n < 0) {
    throw new Error(`unexpected numstat line in commit ${sha}: ${JSON.stringify(line.slice(0, 80))}`);
  }
  return n;
}

function parseHeader(line: string, keepPaths: boolean): NumstatCommit {
  const f1 = line.indexOf(FIELD, 1);
  const f2 = f1 === -1 ? -1 : line.indexOf(FIELD, f1 + 1);
  const f3 = f2 === -1 ? -1 : line.indexOf(FIELD, f2 + 1);
  const f4 = f3 === -1 ? -1 : line.indexOf(FIELD, f3 + 1);
  if (f4 === -1) {
    throw new Error(`unexpected git log header: ${JSON.stringify(line.slice(0, 120))}`);
  }
  const parents = line.slice(f1 + 1, f2);
  const seconds = Number(line.slice(f3 + 1, f4));
  const commit: NumstatCommit = {
    sha: line.slice(1, f1),
    parents: parents === '' ? [] : parents.split(' '),
    authorEmail: line.slice(f2 + 1, f3),
    authorMs: seconds * 1000,
    subject: line.slice(f4 + 1),
    added: 0,
    removed: 0,
    files: 0,
    binaryFiles: 0,
  };
  if (keepPaths) commit.paths = [];
  return commit;
}

/**
 * Splits git's rename notation. Git prints a rename as `old => new`, or, when the names share a
 * leading directory or a trailing part, as `pre/{old => new}/post`; either side of the braces may
 * be empty (`src/{ => lib}/x.ts`). Names that need quoting come as `"old" => "new"`.
 * Without `-z` a path that really contains ` => ` cannot be told apart from a rename; git never
 * quotes that case, so such a path is read as a rename — an accepted limit.
 */
export function splitRename(field: string): { path: string; oldPath?: string } {
  if (field.startsWith('"')) {
    const first = readQuoted(field, 0);
    if (first.end === field.length) return { path: first.text };
    if (field.startsWith(' => ', first.end)) {
      const second = field.startsWith('"', first.end + 4)
        ? readQuoted(field, first.end + 4).text
        : field.slice(first.end + 4);
      return { path: second, oldPath: first.text };
    }
    return { path: first.text };
  }
  const arrow = field.indexOf(' => ');
  if (arrow === -1) return { path: field };
  if (field.startsWith('"', arrow + 4)) {
    return { path: readQuoted(field, arrow + 4).text, oldPath: field.slice(0, arrow) };
  }
  const open = field.lastIndexOf('{', arrow);
  const close = open === -1 ? -1 : field.indexOf('}', arrow + 4);
  if (open === -1 || close === -1) {
    return { path: field.slice(arrow + 4), oldPath: field.slice(0, arrow) };
  }
  const prefix = field.slice(0, open);
  const suffix = field.slice(close + 1);
  const before = field.slice(open + 1, arrow);
  const after = field.slice(arrow + 4, close);
  return { path: joinParts(prefix, after, suffix), oldPath: joinParts(prefix, before, suffix) };
}

// An empty side of `{ => x}` leaves `pre//post`; git means `pre/post`.
function joinParts(prefix: string, middle: string, suffix: string): string {
  if (middle === '') {
    return prefix.endsWith('/') && suffix.startsWith('/') ? prefix + suffix.slice(1) : prefix + suffix;
  }
  return prefix + middle + suffix;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Reads a C-style quoted name as git writes it (octal escapes are raw UTF-8 bytes). */
function readQuoted(s: string, at: number): { text: string; end: number } {
  const bytes: number[] = [];
  let i = at + 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') return { text: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\') {
      const next = s[i + 1] ?? '';
      if (/[0-7]/.test(next)) {
        bytes.push(Number.parseInt(s.slice(i + 1, i + 4), 8));
        i += 4;
        continue;
      }
      const code = ESCAPES[next];
      bytes.push(code ?? next.charCodeAt(0));
      i += 2;
      continue;
    }
    const char = String.fromCodePoint(s.codePointAt(i)!);
    for (const b of Buffer.from(char, 'utf8')) bytes.push(b);
    i += char.length;
  }
  // An unterminated quote is not something git writes; keep the text as it came.
  return { text: s.slice(at), end: s.length };
}
