import type { Flag, InsightInput } from '../../insight-types.js';

/**
 * The rule that makes a flag checkable rather than taken on trust: every figure (hours, minutes,
 * percent, energy), day, person and quoted title its sentence names appears in one of its evidence
 * lines. A threshold from the settings ("at least 15 min a week") is a yardstick, not a claim about
 * the evidence, and is let through. Counts ("3 of the last 4 weeks", "2 sessions") are not checked.
 */
export function unbackedClaims(flag: Flag, input: InsightInput): string[] {
  const yardsticks = new Set([`${input.config.minOneOnOneMinutesPerWeek} min`]);
  return claims(flag.text, people(input)).filter(
    (claim) => !yardsticks.has(claim) && !flag.evidence.some((e) => mentions(e.label, claim)),
  );
}

const DAY =
  /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g;
const DURATION = /(?<![\d.])\d+(?:\.\d+)? (?:h|min)\b/g;
const PERCENT = /(?<![\d.])\d+%/g;
const ENERGY = /(?<!\d)\d → \d(?!\d)/g;
const QUOTATION = /“[^“”]*”/g;

/** What a sentence claims, each once, in the order it says them. */
export function claims(text: string, names: readonly string[]): string[] {
  const found = [DAY, DURATION, PERCENT, ENERGY, QUOTATION].flatMap((re) => text.match(re) ?? []);
  for (const name of names) if (mentions(text, name)) found.push(name);
  return [...new Set(found)];
}

/** The people the input knows by name: direct reports and the people of commitments. */
function people(input: InsightInput): string[] {
  const names = [...input.reports, ...input.commitments.flatMap((c) => (c.person ? [c.person] : []))];
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))];
}

/** `text` names `claim` as a whole: `5 h` is not in `15 h`, `Sam` is not in `Samir`. */
function mentions(text: string, claim: string): boolean {
  const escaped = claim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}.])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
}
