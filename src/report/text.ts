/**
 * Fixed-width text in code points, the unit the terminal report is measured in. (`String.length`
 * counts UTF-16 units, so `▇` is one but an emoji would be two.)
 */

export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Cuts to `max` code points, ending with `…` when something was cut. */
export function truncate(text: string, max: number): string {
  if (width(text) <= max) return text;
  if (max <= 0) return '';
  return `${Array.from(text)
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

export function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

export function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

/**
 * Wraps `text` into lines of at most `max` code points, the first starting with `first` and
 * the rest with `rest`. A word longer than a line (a URL, a path) is cut across lines.
 */
export function wrap(text: string, max: number, first: string, rest: string = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = (prefix: string): number => Math.max(1, max - width(prefix));
  for (let word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && width(line) + 1 + width(word) > max) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    while (empty && width(line) + width(word) > max) {
      const cut = room(line);
      lines.push(line + Array.from(word).slice(0, cut).join(''));
      word = Array.from(word).slice(cut).join('');
      line = rest;
    }
    if (word === '') continue;
    line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
