/**
 * Text typed into a form, turned into the values the API expects. Nothing is judged here: what
 * cannot be read goes to the server as typed, and its schema says what was expected — one set of
 * rules and messages for the CLI, the API and this page.
 */

/** `''` → undefined, `90` → 90, `1,5` → 1.5, anything else as typed (for the server to name). */
export function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const normal = /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  const n = Number(normal);
  return Number.isFinite(n) && /^-?(\d+\.?\d*|\.\d+)$/.test(normal) ? n : t;
}

/** Trimmed text, or undefined when empty (an optional field left blank). */
export function optional(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}

/** One item per non-empty line. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Items separated by commas, semicolons or new lines (names may hold spaces). */
export function items(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Email addresses separated by commas, semicolons, spaces or new lines. */
export function emails(text: string): string[] {
  return text.split(/[\s,;]+/).filter((s) => s !== '');
}

/**
 * A reason id made from its title, as a suggestion: `Pairing practice!` → `pairing-practice`.
 * Lowercase letters, digits and dashes, 40 characters at most (what the server accepts).
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
