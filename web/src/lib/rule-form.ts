/**
 * The rules editor's form as data: a rule of the user's rules file (plain JSON, see
 * src/app/rules/rules-file.ts) to the fields a person fills in, and back, and the list edits
 * (add, replace, move, delete) on the whole document. The server checks the result on save; here
 * nothing is refused, so that its one list of problems is the one the person reads.
 */

export type RuleDocument = Record<string, unknown> & { rules: unknown[] };
type Json = Record<string, unknown>;

export type TitleMode = 'any' | 'contains' | 'equals' | 'pattern';

export interface RuleDraft {
  /** Blank: one is made from the title words or the category. */
  id: string;
  titleMode: TitleMode;
  /** Words or phrases separated by commas (contains), the whole title (equals), or a pattern. */
  title: string;
  attendeesMin: string;
  attendeesMax: string;
  /** One event only: its calendar uid and start instant; both blank for none. */
  occurrenceUid: string;
  occurrenceStart: string;
  category: string;
}

export const EMPTY_DRAFT: RuleDraft = {
  id: '',
  titleMode: 'contains',
  title: '',
  attendeesMin: '',
  attendeesMax: '',
  occurrenceUid: '',
  occurrenceStart: '',
  category: 'focus',
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The user's rules document, parsed; none yet (or the starter template) is an empty one. */
export function documentOf(view: { text: string; custom: boolean }): RuleDocument {
  if (!view.custom) return { version: 1, rules: [] };
  // The stored text was checked when it was saved.
  const doc = JSON.parse(view.text.replace(/^\uFEFF/, '')) as unknown;
  if (!isObject(doc)) return { version: 1, rules: [] };
  return { ...doc, rules: Array.isArray(doc['rules']) ? [...doc['rules']] : [] };
}

export function documentText(doc: RuleDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** "Title is exactly …" is kept as an anchored pattern: the rules file has no equals condition. */
export function equalsPattern(title: string): string {
  return `^\\s*${escapeRegex(title.trim())}\\s*$`;
}

function equalsTitle(pattern: string): string | undefined {
  const m = /^\^\\s\*([\s\S]*)\\s\*\$$/.exec(pattern);
  if (!m) return undefined;
  const title = m[1]!.replace(/\\([\s\S])/g, '$1');
  return equalsPattern(title) === pattern ? title : undefined;
}

const text = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');

/** The form's fields for a rule as written in the file. */
export function draftOf(rule: unknown): RuleDraft {
  const r = isObject(rule) ? rule : {};
  const when = isObject(r['when']) ? r['when'] : {};
  const occurrence = isObject(when['occurrence']) ? when['occurrence'] : {};
  let titleMode: TitleMode = 'any';
  let title = '';
  if (Array.isArray(when['titleAny'])) {
    titleMode = 'contains';
    title = when['titleAny'].map(text).join(', ');
  } else if (typeof when['titleRegex'] === 'string') {
    const exact = equalsTitle(when['titleRegex']);
    titleMode = exact === undefined ? 'pattern' : 'equals';
    title = exact ?? when['titleRegex'];
  }
  return {
    id: text(r['id']),
    titleMode,
    title,
    attendeesMin: text(when['attendeesMin']),
    attendeesMax: text(when['attendeesMax']),
    occurrenceUid: text(occurrence['uid']),
    occurrenceStart: text(occurrence['start']),
    category: typeof r['category'] === 'string' ? r['category'] : 'other',
  };
}

/** A whole number as a number; anything else as typed, for the server to name what is wrong. */
function count(v: string): number | string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 34)
    .replace(/-+$/, '');
}

/** An id no other rule (the user's or a default) has: from the title words, else the category. */
export function freshId(draft: RuleDraft, taken: ReadonlySet<string>): string {
  const base = slug(draft.titleMode === 'any' ? '' : draft.title) || slug(draft.category) || 'rule';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The rule to write: the form's fields over the rule as it was, so that conditions the form does
 * not show (recurring, calendar, exceptions to the title words…) and notes are kept. A new
 * category drops the old time class, so that the category's usual one applies.
 */
export function ruleOf(draft: RuleDraft, original: unknown, taken: ReadonlySet<string>): Json {
  const was = isObject(original) ? original : {};
  const whenWas = isObject(was['when']) ? was['when'] : {};
  const when: Json = { ...whenWas };
  // A pattern beside title words is not on the form (draftOf shows the words): it is kept.
  const patternShown = !Array.isArray(whenWas['titleAny']);
  delete when['titleAny'];
  if (patternShown) delete when['titleRegex'];
  delete when['attendeesMin'];
  delete when['attendeesMax'];
  delete when['occurrence'];
  const title = draft.title.trim();
  if (draft.titleMode === 'contains' && title !== '') {
    when['titleAny'] = title
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
  } else if (draft.titleMode === 'equals' && title !== '') {
    when['titleRegex'] = equalsPattern(title);
  } else if (draft.titleMode === 'pattern' && title !== '') {
    when['titleRegex'] = title;
  }
  const min = count(draft.attendeesMin);
  const max = count(draft.attendeesMax);
  if (min !== undefined) when['attendeesMin'] = min;
  if (max !== undefined) when['attendeesMax'] = max;
  if (draft.occurrenceUid.trim() !== '' || draft.occurrenceStart.trim() !== '') {
    when['occurrence'] = { uid: draft.occurrenceUid.trim(), start: draft.occurrenceStart.trim() };
  }
  const rule: Json = { ...was };
  rule['id'] = draft.id.trim() || freshId(draft, taken);
  rule['when'] = when;
  rule['category'] = draft.category;
  if (was['category'] !== draft.category) delete rule['class'];
  return rule;
}

/** `rule` in place of rule `index`, or after the others when `index` is undefined. */
export function withRule(doc: RuleDocument, index: number | undefined, rule: unknown): RuleDocument {
  const rules = [...doc.rules];
  if (index === undefined) rules.push(rule);
  else rules[index] = rule;
  return { ...doc, rules };
}

export function withoutRule(doc: RuleDocument, index: number): RuleDocument {
  return { ...doc, rules: doc.rules.filter((_, i) => i !== index) };
}

/** Rule `index` one place earlier (-1) or later (+1); at either end nothing moves. */
export function movedRule(doc: RuleDocument, index: number, by: -1 | 1): RuleDocument {
  const to = index + by;
  if (to < 0 || to >= doc.rules.length) return doc;
  const rules = [...doc.rules];
  [rules[index], rules[to]] = [rules[to], rules[index]];
  return { ...doc, rules };
}

/** Every id in use: the user's rules and the defaults, which a new rule may not reuse. */
export function takenIds(doc: RuleDocument, defaults: readonly string[]): Set<string> {
  const ids = doc.rules.flatMap((r) => (isObject(r) && typeof r['id'] === 'string' ? [r['id']] : []));
  return new Set([...ids, ...defaults]);
}
