import { randomUUID } from 'node:crypto';
import { terminalTextWithOwnSequences } from '../domain/present/terminal-text.js';

/**
 * The CLI's one edge to the terminal for human output. Every string a command prints for a
 * person — stored titles, names, rule tests, words from the command line, importers' messages
 * quoting a file — passes through `screen` on its way to stdout or stderr, which shows control
 * characters instead of obeying them (src/domain/present/terminal-text.ts). JSON output and
 * documents (`export`, a rendered `report`) are written raw: they keep the exact text.
 *
 * Our own colour and the progress line's "clear line" are escape sequences too; they are written
 * with `ownSequence`, behind a mark made anew by each run, so the filter knows them from any
 * sequence in the data (which cannot contain a mark it never saw).
 */
const MARK = `\u{F0000}${randomUUID()}`;

/** One escape sequence of ours: the body of a CSI sequence, e.g. `31m` or `2K`. */
export function ownSequence(body: string): string {
  return `${MARK}${body}`;
}

/** `text` as the terminal should get it: our sequences kept, every other control made visible. */
export function screen(text: string): string {
  return terminalTextWithOwnSequences(text, MARK);
}

export interface TextStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** A stream for human text: what is written goes through `screen`. */
export function screenStream<S extends TextStream>(stream: S): TextStream {
  return {
    write: (s: string) => stream.write(screen(s)),
    get isTTY() {
      return stream.isTTY;
    },
  };
}
