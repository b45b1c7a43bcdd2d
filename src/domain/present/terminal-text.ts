/**
 * Text for a terminal. A title, a name or a line quoted from an imported file may hold control
 * characters; written raw, `ESC ] 0 ; … BEL` retitles the window and `ESC [ 2 J` clears the screen,
 * a carriage return overwrites what the line said, and a bidi override reorders what it shows.
 * So every character that does something instead of showing something is shown as what it is:
 *
 * - C0 controls and DEL become their Control Pictures (`␛`, `␇`, `␍`, `␡`): one column each, so
 *   a table keeps its columns and a reader sees where the odd byte was.
 * - C1 controls (U+0080–U+009F; U+009B is a one-byte CSI on some terminals) and the bidi
 *   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" set)
 *   become `\u009b`-style text, as they have no picture.
 * - Line feed and tab stay: output is made of lines and columns, and a line feed only moves down.
 *
 * JSON output never goes through this: it keeps the exact text (JSON escapes C0 itself).
 * Pure: string in, string out.
 */

const SHOWN_AS_PICTURE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (SHOWN_AS_PICTURE.test(c)) return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character made visible; line feeds and tabs stay. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * `text` on one line: runs of line breaks and tabs become one space (a title must not start a
 * line of its own that looks like the program's), every other control character made visible.
 */
export function terminalLine(text: string): string {
  return terminalText(text.replace(/[\r\n\t]+/g, ' '));
}

/** A CSI sequence (`ESC [ params final`): the shape of every escape sequence Hands-on writes itself. */
const OWN_SEQUENCE = /^[0-9;]*[A-Za-z]/;

/**
 * Text for the terminal in which escape sequences the program wrote itself survive. They are
 * written as `mark` followed by the body of a CSI sequence (`31m`, `0m`, `2K`); `mark` is known only
 * to the running program (see src/cli/terminal.ts), so text from a store or a file cannot carry one,
 * and everything between the marks is made visible as in `terminalText`.
 */
export function terminalTextWithOwnSequences(text: string, mark: string): string {
  const [first, ...rest] = text.split(mark);
  let out = terminalText(first!);
  for (const part of rest) {
    const own = OWN_SEQUENCE.exec(part)?.[0] ?? '';
    out += `${own ? `\u001b[${own}` : ''}${terminalText(part.slice(own.length))}`;
  }
  return out;
}
