/**
 * `“text”`: the words people typed, set apart in curly quotes. Quoting is idempotent — text that
 * is already one quotation is returned as it is — and quotes inside become single quotes, so a
 * title like `“Just helping” has turned into owning` reads `“‘Just helping’ has turned into owning”`
 * and never `““Just helping”…”`.
 */
export function quote(text: string): string {
  const t = text.trim();
  if (isQuotation(t)) return t;
  return `“${t.replaceAll('“', '‘').replaceAll('”', '’')}”`;
}

/** One quotation: opens and closes with curly double quotes and holds no others. */
function isQuotation(t: string): boolean {
  return t.length >= 2 && t.startsWith('“') && t.endsWith('”') && !/[“”]/.test(t.slice(1, -1));
}
