/**
 * Escaping for user-written text (names, reason titles, session titles inside evidence) in each
 * format. Every string that came from a person goes through one of these before it is written.
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
    plainLine(text)
      .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
      // At the start of a paragraph these would open a heading, a list or a quote.
      .replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_, space: string, lead: string) =>
        /^\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
      )
  );
}

/**
 * Terminal text: control characters (escape sequences could move the cursor, clear the screen
 * or retitle the window) become spaces, and the text stays on one line.
 */
export function plainLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
