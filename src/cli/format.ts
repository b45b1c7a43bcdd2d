import { largest } from '../domain/numbers.js';
import { ownSequence } from './terminal.js';

/** Terminal output helpers. Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
const CODES = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  bold: 1,
  dim: 2,
} as const;
export type Paint = keyof typeof CODES;

/** Colour for text a command prints with `cx.out` (whose filter turns these marks into escapes). */
export function paint(color: boolean, style: Paint, text: string): string {
  return color ? `${ownSequence(`${CODES[style]}m`)}${text}${ownSequence('0m')}` : text;
}

export function hours(minutes: number): string {
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h} h`;
}

/** A bar of `width` cells filled to `ratio` (over 1 shows a marker past the end). */
export function bar(ratio: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round(ratio * width)));
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}${ratio > 1 ? ' ▲' : ''}`;
}

/**
 * Left-aligned columns; the last column is not padded. Takes any number of rows (`handson events`
 * over years of calendar): no step spreads a column into one call.
 */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => largest(rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Wraps `text` to `width` columns; continuation lines start with `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
