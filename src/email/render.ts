import { compile } from 'html-to-text';
import { renderToString, type VNode } from './vdom.js';

/**
 * One template, two parts: the HTML part is the Preact tree rendered to a string (Preact escapes
 * every text and attribute value, so a title like `<script>` arrives as text), and the plain-text
 * part is read back from that HTML, so the two cannot say different things.
 */
export interface RenderedEmail {
  html: string;
  text: string;
}

// Compiled once: html-to-text builds its selector tables per options object.
const toText = compile({
  wordwrap: 78,
  selectors: [
    // Headings stay as written (the default shouts them in capitals).
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    // A link whose text is its address need not print the address twice.
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'table', format: 'dataTable' },
  ],
});

export function renderEmail(tree: VNode): RenderedEmail {
  const html = `<!doctype html>${renderToString(tree)}`;
  return { html, text: `${toText(html).trim()}\n` };
}
