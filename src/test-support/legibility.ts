import type { Page } from 'playwright-core';

/**
 * What a reader on a phone would notice, measured in Chromium: text drawn smaller than it can be
 * read, and a page that scrolls sideways. Shared by the web app's layout test and the HTML
 * report's browser test, so both hold the same line.
 */

/** The smallest text we show, in CSS pixels as drawn on the screen. */
export const MIN_TEXT_PX = 11;

export interface SmallText {
  /** The size as drawn: the font size times any SVG scaling between it and the screen. */
  px: number;
  text: string;
  /** The element holding it, e.g. `td.num`, `svg text`, `img /api/charts/focus.svg`. */
  where: string;
}

// The in-page functions run in Chromium; the project compiles without the DOM library, so they
// are typed loosely here.
interface Rect {
  width: number;
  height: number;
}
interface El {
  tagName: string;
  className: unknown;
  textContent: string | null;
  parentElement: El | null;
  closest(s: string): El | null;
  querySelectorAll(s: string): ArrayLike<El>;
  getClientRects(): ArrayLike<Rect>;
  getBoundingClientRect(): Rect;
  getAttribute(n: string): string | null;
  getScreenCTM?(): { a: number; b: number } | null;
  currentSrc?: string;
}
interface Style {
  fontSize: string;
  visibility: string;
  content: string;
}
interface Win {
  document: {
    body: El;
    scrollingElement: { scrollWidth: number; clientWidth: number };
    createTreeWalker(
      root: El,
      what: number,
    ): { nextNode(): { nodeValue: string | null; parentElement: El | null } | null };
  };
  getComputedStyle(el: El, pseudo?: string): Style;
  fetch(url: string): Promise<{ text(): Promise<string> }>;
}

/**
 * Every visible piece of text drawn smaller than `min` px: text in the page and in form fields,
 * generated text (`::before`), text in inline SVG (scaled by its viewBox to the screen), and text
 * in SVG pictures shown with <img> (read from the file and scaled to the size it is shown at).
 */
export function smallText(page: Page, min = MIN_TEXT_PX): Promise<SmallText[]> {
  return page.evaluate(async (min) => {
    const w = globalThis as unknown as Win;
    const doc = w.document;
    const found: SmallText[] = [];
    const name = (el: El) =>
      `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const shown = (el: El) =>
      el.getClientRects().length > 0 && w.getComputedStyle(el).visibility !== 'hidden';
    const note = (px: number, text: string, where: string) => {
      if (px < min - 0.01)
        found.push({ px: Math.round(px * 10) / 10, text: text.trim().slice(0, 40), where });
    };

    // Text nodes of the page, outside SVG.
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.nodeValue?.trim()) continue;
      if (el.closest('svg, script, style, noscript, template') || !shown(el)) continue;
      note(Number.parseFloat(w.getComputedStyle(el).fontSize), node.nodeValue, name(el));
    }
    for (const el of Array.from(doc.body.querySelectorAll('*'))) {
      if (el.closest('svg') || !shown(el)) continue;
      // What people type and pick: its text is not a text node of the page.
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
        note(Number.parseFloat(w.getComputedStyle(el).fontSize), el.tagName, name(el));
      }
      const before = w.getComputedStyle(el, '::before');
      if (before.content.startsWith('"') && before.content.length > 2) {
        note(Number.parseFloat(before.fontSize), before.content, `${name(el)}::before`);
      }
    }
    // Inline SVG: the font size in the SVG's units, times its scale on the screen.
    for (const t of Array.from(doc.body.querySelectorAll('svg text'))) {
      if (!t.textContent?.trim() || !shown(t)) continue;
      const m = t.getScreenCTM?.();
      const scale = m ? Math.hypot(m.a, m.b) : 1;
      note(Number.parseFloat(w.getComputedStyle(t).fontSize) * scale, t.textContent, 'svg text');
    }
    // SVG pictures: the file's own font sizes (in its style attributes), times the picture's scale.
    for (const img of Array.from(doc.body.querySelectorAll('img'))) {
      const src = img.currentSrc ?? '';
      if (!src || !new URL(src).pathname.endsWith('.svg') || !shown(img)) continue;
      const box = img.getBoundingClientRect();
      // Read as text, not parsed into a document: a parsed SVG's style attributes would meet the
      // page's Content-Security-Policy. ECharts writes each label as one <text> with its size.
      const file = await (await w.fetch(src)).text();
      const view = /<svg\b[^>]*\bviewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(file);
      if (!view) continue;
      // How an <img> fits an SVG with a viewBox: the smaller of the two scales (`meet`).
      const scale = Math.min(box.width / Number(view[1]), box.height / Number(view[2]));
      for (const [, attrs = '', text = ''] of file.matchAll(/<text\b([^>]*)>([^<]*)/g)) {
        if (!text.trim()) continue;
        const size = /font-size(?::\s*|=")([\d.]+)/.exec(attrs);
        const matrix = /matrix\(([\d.-]+)[ ,]+([\d.-]+)/.exec(attrs);
        const own = matrix ? Math.hypot(Number(matrix[1]), Number(matrix[2])) : 1;
        note((size ? Number(size[1]) : 16) * scale * own, text, `img ${new URL(src).pathname}`);
      }
    }
    return found;
  }, min);
}

/**
 * How much wider than the window the page is: 0 when it does not scroll sideways. (A wide table
 * in a wrapper that scrolls on its own is not counted: that box is made to scroll.)
 */
export function sideScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as Win).document.scrollingElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  });
}
