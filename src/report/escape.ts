import { terminalLine } from '../domain/present/terminal-text.js';

/**
 * Escaping for user-written text (names, reason titles, session titles inside evidence) in each
 * format. Every string that came from a person goes through one of these before it is written;
 * the terminal format uses `terminalLine` (src/domain/present/terminal-text.ts), as the CLI does.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Inline Markdown: the characters that would start emphasis, code, links, raw HTML or break a
 * table cell are backslash-escaped (CommonMark allows it before any ASCII punctuation), and line
 * breaks become spaces, so a title can neither inject markup nor split a table row.
 */
export function escapeMarkdown(text: string): string {
  return (
    terminalLine(text)
      .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
      // At the start of a paragraph these would open a heading, a list or a quote.
      .replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_, space: string, lead: string) =>
        /^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
      )
  );
}
