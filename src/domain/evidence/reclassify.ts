import { type ClassifyRule, DEFAULT_RULE_IDS, USUAL_CLASS } from './classify-rules.js';
import type { CalendarOccurrence, EventCategory } from './evidence.js';

/**
 * "Count this event differently", from the calendar week view, as a user rule: either for this
 * one occurrence (an `occurrence` condition) or for every event like it (the same title words).
 * The rule goes to the top of the user's rules, so it wins over everything written before it.
 */

export type ReclassifyScope = 'this-event' | 'like-this';

/** Rule ids are at most 40 characters (rules-file.ts). */
const MAX_ID = 40;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `base`, cut to fit, or `base-2`, `base-3`… when another rule (or a default) has it already. */
function freeId(base: string, taken: ReadonlySet<string>): string {
  const cut = (s: string, room: number) => s.slice(0, room).replace(/-+$/, '');
  const first = cut(base, MAX_ID);
  if (!taken.has(first) && !DEFAULT_RULE_IDS.includes(first)) return first;
  for (let n = 2; ; n++) {
    const id = `${cut(base, MAX_ID - String(n).length - 1)}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The title as a phrase `titleAny` accepts: rules-file.ts wants a letter or digit in it. */
function titlePhrase(title: string): string | undefined {
  const t = title.trim().replace(/\s+/g, ' ');
  return /[\p{L}\p{N}]/u.test(t) ? t : undefined;
}

export function reclassifyRule(
  event: Pick<CalendarOccurrence, 'uid' | 'start' | 'title'>,
  scope: ReclassifyScope,
  category: EventCategory,
  takenIds: ReadonlySet<string>,
): ClassifyRule {
  const name = slug(event.title) || 'event';
  const phrase = titlePhrase(event.title);
  if (scope === 'like-this' && phrase !== undefined) {
    return {
      id: freeId(`like-${name}`, takenIds),
      when: { titleAny: [phrase] },
      category,
      class: USUAL_CLASS[category],
    };
  }
  // A title with no words cannot describe "events like it"; the one event is what is left.
  return {
    id: freeId(`only-${name}-${event.start.slice(0, 10)}`, takenIds),
    when: { occurrence: { uid: event.uid, start: event.start } },
    category,
    class: USUAL_CLASS[category],
  };
}

/** Same conditions: a new rule for the same event (or title) replaces the old one instead of piling up. */
function sameWhen(a: unknown, b: ClassifyRule['when']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The user's rules document (parsed JSON, as they wrote it) with `rule` first in its rules. A rule
 * with exactly the same conditions is taken out, as the new one says what the leader now wants,
 * and the new rule keeps its id. Everything else in the document (notes, internal domains) is kept.
 */
export function withRuleFirst(
  document: Record<string, unknown>,
  rule: ClassifyRule,
): { document: Record<string, unknown>; rule: ClassifyRule } {
  const rules = Array.isArray(document['rules']) ? (document['rules'] as unknown[]) : [];
  const same = (r: unknown): r is { id?: unknown } =>
    typeof r === 'object' && r !== null && sameWhen((r as { when?: unknown }).when, rule.when);
  const replaced = rules.find(same);
  const placed = typeof replaced?.id === 'string' ? { ...rule, id: replaced.id } : rule;
  return {
    document: {
      ...document,
      version: document['version'] ?? 1,
      rules: [placed, ...rules.filter((r) => !same(r))],
    },
    rule: placed,
  };
}

/** The ids in a rules document, so that a new rule gets one of its own. */
export function ruleIds(document: Record<string, unknown>): Set<string> {
  const rules = Array.isArray(document['rules']) ? (document['rules'] as unknown[]) : [];
  return new Set(
    rules.flatMap((r) => {
      const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined;
      return typeof id === 'string' ? [id] : [];
    }),
  );
}
