import { z } from 'zod';
import {
  CATEGORY_LABEL,
  CLASS_LABEL,
  describeWhen,
  matchesEverything,
  titleRegexProblem,
} from '../../domain/evidence/classify.js';
import {
  type ClassifyRule,
  CONDITION_HELP,
  CONDITION_NAMES,
  DEFAULT_RULE_IDS,
  TITLE_MATCHING,
  USUAL_CLASS,
} from '../../domain/evidence/classify-rules.js';
import { EVENT_CATEGORIES, type EventCategory, type TimeClass } from '../../domain/evidence/evidence.js';
import { AppError } from '../../errors.js';

/**
 * The user's classification rules file: a JSON document
 *
 *     { "version": 1, "internalDomains": ["example.com"], "rules": [ { "id", "when", "category", "class" } ] }
 *
 * Its rules are tried BEFORE the default rules (see `withDefaultRules`), in file order, so a user
 * rule can override any default. `internalDomains`, when given, replaces the default (the domains
 * of the leader's own addresses) in the classification context. `"_help"` is allowed at the top
 * and in every rule, as JSON has no comments. Unknown keys are errors: a misspelt condition
 * would otherwise match more events than its author meant, without a word.
 */

export interface RulesFile {
  version: 1;
  internalDomains?: string[];
  rules: ClassifyRule[];
}

const TIME_CLASSES: readonly TimeClass[] = ['leadership', 'ic', 'other'];

/** zod reports a missing key as a wrong type; say "missing" instead, then what is expected. */
const expected =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `missing; expected ${what}` : `expected ${what}`;

const help = z.union([z.string(), z.array(z.string())], {
  error: expected('a note: a string or a list of strings'),
});

const WORD_LIST = 'a list of words or phrases, e.g. ["standup", "retro"]';
const word = z
  .string({ error: expected('a word or phrase in double quotes') })
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'expected a word or phrase with at least one letter or digit');
const words = z
  .array(word, { error: expected(WORD_LIST) })
  .min(1, `expected ${WORD_LIST}, not an empty list`);

const PEOPLE = 'a whole number of people, 1 or more (you count as one)';
const people = z
  .number({ error: expected(PEOPLE) })
  .int(`expected ${PEOPLE}`)
  .min(1, `expected ${PEOPLE}`);

const flag = z.boolean({ error: expected('true or false (without quotes)') });

const titleRegex = z
  .string({ error: expected('a regular expression in a string') })
  .superRefine((src, ctx) => {
    const problem = titleRegexProblem(src);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${problem}` });
  });

const calendars = z
  .array(
    z
      .string({ error: expected('a calendar name') })
      .trim()
      .min(1, 'expected a calendar name'),
    {
      error: expected('a list of calendar names, e.g. ["work"]'),
    },
  )
  .min(1, 'expected at least one calendar name');

const occurrence = z.strictObject(
  {
    uid: z
      .string({ error: expected("the event's calendar uid") })
      .min(1, "expected the event's calendar uid"),
    start: z.iso.datetime({
      offset: true,
      error: expected('its start as an ISO instant, e.g. 2026-11-24T12:00:00Z'),
    }),
  },
  { error: expected('{ "uid": …, "start": … } naming one event') },
);

const when = z.strictObject(
  {
    titleAny: words.optional(),
    titleNone: words.optional(),
    titleRegex: titleRegex.optional(),
    attendeesMin: people.optional(),
    attendeesMax: people.optional(),
    recurring: flag.optional(),
    allDay: flag.optional(),
    externalAttendees: flag.optional(),
    calendar: calendars.optional(),
    organizerIsMe: flag.optional(),
    occurrence: occurrence.optional(),
  },
  { error: expected('an object of conditions, e.g. { "titleAny": ["standup"] } ({} matches every event)') },
);

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ruleId = z
  .string({ error: expected('an id of lowercase letters, digits and dashes, e.g. office-hours') })
  .max(40, 'expected an id of at most 40 characters')
  .regex(RULE_ID, 'expected an id of lowercase letters, digits and dashes, e.g. office-hours')
  .refine(
    (id) => !DEFAULT_RULE_IDS.includes(id),
    'is the id of a default rule; choose another, so that each event shows which rule matched',
  );

const category = z.enum(EVENT_CATEGORIES as [EventCategory, ...EventCategory[]], {
  error: expected(`one of ${EVENT_CATEGORIES.join(', ')}`),
});
const timeClass = z.enum(TIME_CLASSES as [TimeClass, ...TimeClass[]], {
  error: expected(`one of ${TIME_CLASSES.join(', ')}`),
});

const rule = z.strictObject(
  { id: ruleId, when, category, class: timeClass.optional(), _help: help.optional() },
  { error: expected('a rule: { "id": …, "when": { … }, "category": … }') },
);

const domain = z
  .string({ error: expected('a domain such as example.com') })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/, 'expected a domain such as example.com, without "@"');

const rulesFileSchema = z.strictObject(
  {
    version: z.literal(1, { error: expected('1, the only version this Hands-on reads') }),
    internalDomains: z
      .array(domain, { error: expected('a list of domains, e.g. ["example.com"]') })
      .min(1, 'expected at least one domain; leave internalDomains out to use the domains of your addresses')
      .optional(),
    rules: z.array(rule, { error: expected('a list of rules (it may be empty: [])') }),
    _help: help.optional(),
  },
  { error: expected('a JSON object such as { "version": 1, "rules": [] }') },
);

// ---------------------------------------------------------------- parsing

type Path = readonly PropertyKey[];

interface Problem {
  path: Path;
  message: string;
}

/**
 * Reads a rules file. Throws one AppError('invalid') naming every problem with its place in the
 * document (`rules[2].category: expected one of …`), so a user fixes the file in one pass.
 * `name` is how the message refers to the file (its path, once the caller knows it).
 */
export function parseRulesFile(text: string, name = 'The rules file'): RulesFile {
  const raw = parseJson(text, name);
  const parsed = rulesFileSchema.safeParse(raw);
  const problems: Problem[] = parsed.success ? [] : parsed.error.issues.flatMap(toProblems);
  problems.push(...crossRuleProblems(raw));
  if (problems.length > 0 || !parsed.success) {
    // Rule by rule, top-level fields first, so the message reads in file order.
    const order = (p: Problem) => (p.path[0] === 'rules' && typeof p.path[1] === 'number' ? p.path[1] : -1);
    const sorted = problems.map((p, i) => ({ p, i })).sort((a, b) => order(a.p) - order(b.p) || a.i - b.i);
    const lines = sorted.map(({ p }) => `${formatPath(p.path)}: ${p.message}`);
    const count = lines.length === 1 ? 'a problem' : `${lines.length} problems`;
    throw new AppError('invalid', `${name} has ${count} — ${lines.join('; ')}.`, {
      field: sorted[0] ? formatPath(sorted[0].p.path) : undefined,
    } as { field?: string });
  }
  const data = parsed.data;
  const result: RulesFile = {
    version: 1,
    rules: data.rules.map((r) => ({
      id: r.id,
      when: r.when,
      category: r.category,
      class: r.class ?? USUAL_CLASS[r.category],
    })),
  };
  if (data.internalDomains !== undefined) result.internalDomains = data.internalDomains;
  return result;
}

function parseJson(text: string, name: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw new AppError('invalid', `${name} is empty; it needs at least { "version": 1, "rules": [] }.`);
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const position = jsonErrorPosition(message, body);
    const { line, column } = lineAndColumn(body, position);
    let why = message
      .replace(/\s*(?:in JSON )?at position \d+.*$/s, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*is not valid JSON$/, '');
    if (/unexpected end of json input/i.test(why)) why = 'the document ends before it is complete';
    why = why.charAt(0).toLowerCase() + why.slice(1);
    // The most common slip in hand-written JSON, and the parser's wording does not say so.
    if (body.slice(0, position).trimEnd().endsWith(',') && /[}\]]/.test(body[position] ?? '')) {
      why += ' (JSON allows no comma before a closing bracket)';
    } else if (body[position] === "'") {
      why += ' (JSON needs double quotes around names and text)';
    }
    throw new AppError('invalid', `${name} is not valid JSON — line ${line}, column ${column}: ${why}.`, {
      cause: e,
    });
  }
}

/**
 * Where JSON.parse stopped. V8 names the position for most errors, but for an unexpected token it
 * quotes up to 10 characters either side instead (`..."ules":[1,2,]}"`), so work back from those.
 */
function jsonErrorPosition(message: string, body: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const quoted = /^Unexpected token '([\s\S]*?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(
    message,
  );
  if (quoted) {
    const [, token = '', before, context = '', after] = quoted;
    const CONTEXT = 10;
    if (before && after) {
      const start = body.indexOf(context);
      if (start >= 0) return start + CONTEXT;
    } else if (before) {
      return body.length - context.length + CONTEXT;
    } else if (after) {
      return context.length - CONTEXT;
    } else {
      // A very short document is quoted whole: the token's first appearance is the best guess.
      const i = body.indexOf(token);
      if (i >= 0) return i;
    }
  }
  return body.length;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** zod lists unknown keys together; each becomes its own problem at its own path, with a suggestion. */
function toProblems(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: unknownKeyMessage(key, known),
    }));
  }
  return [{ path: issue.path, message: issue.message }];
}

function knownKeys(path: Path): readonly string[] {
  if (path.length === 0) return Object.keys(rulesFileSchema.shape);
  if (path.length === 2) return Object.keys(rule.shape);
  if (path[3] === 'occurrence') return Object.keys(occurrence.shape);
  return CONDITION_NAMES;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const close = known
    .map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(key.length / 4)))
    .sort((a, b) => a.d - b.d)[0];
  return close
    ? `unknown key; did you mean "${close.k}"?`
    : `unknown key; expected one of ${known.filter((k) => k !== '_help').join(', ')}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Checks that span fields or rules. They read the raw document, because zod skips refinements on
 * objects that already failed, and the user should hear about these in the same pass.
 */
function crossRuleProblems(raw: unknown): Problem[] {
  if (!isRecord(raw) || !Array.isArray(raw['rules'])) return [];
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  raw['rules'].forEach((r: unknown, i) => {
    if (!isRecord(r)) return;
    const id = r['id'];
    if (typeof id === 'string') {
      const seen = firstIndex.get(id);
      if (seen === undefined) firstIndex.set(id, i);
      else
        problems.push({ path: ['rules', i, 'id'], message: `"${id}" is already the id of rules[${seen}]` });
    }
    const w = r['when'];
    if (isRecord(w)) {
      const min = w['attendeesMin'];
      const max = w['attendeesMax'];
      if (typeof min === 'number' && typeof max === 'number' && min > max) {
        problems.push({
          path: ['rules', i, 'when', 'attendeesMax'],
          message: `is below attendeesMin (${min}), so no event could match`,
        });
      }
    }
  });
  return problems;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function formatPath(path: Path): string {
  if (path.length === 0) return 'the document';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

// ---------------------------------------------------------------- explanation

/** What one rule does, e.g. `1:1, leadership: when the title has "1:1"`. */
export function ruleSentence(r: ClassifyRule): string {
  return (
    `${CATEGORY_LABEL[r.category]}, ${CLASS_LABEL[r.class]}: ` +
    (matchesEverything(r) ? 'any event' : `when ${describeWhen(r.when)}`)
  );
}

/**
 * The rules in the order they are tried, one line each, for `handson rules show`. Pass the
 * effective list (the user's rules followed by the defaults).
 */
export function explainRules(
  rules: readonly ClassifyRule[],
  options: { internalDomains?: readonly string[] } = {},
): string[] {
  const width = String(rules.length).length;
  const lines = [
    'Rules are tried from the top; the first one whose conditions all hold decides the category and class of an event.',
  ];
  let shadowedBy: string | undefined;
  rules.forEach((r, i) => {
    const origin = DEFAULT_RULE_IDS.includes(r.id) ? 'default' : 'yours';
    const never = shadowedBy !== undefined ? ` — never tried: "${shadowedBy}" above matches any event` : '';
    lines.push(`${String(i + 1).padStart(width)}. ${r.id} (${origin}) → ${ruleSentence(r)}${never}`);
    if (shadowedBy === undefined && matchesEverything(r)) shadowedBy = r.id;
  });
  lines.push(TITLE_MATCHING);
  lines.push(
    options.internalDomains !== undefined && options.internalDomains.length > 0
      ? `Colleagues are addresses on ${options.internalDomains.join(', ')} (and their subdomains); anyone else is external.`
      : 'Colleagues are addresses on the domains of your own addresses (public mail services such as gmail.com excepted); anyone else is external.',
  );
  lines.push(
    'Declined, cancelled, free and all-day events are classified too, but they do not count as time spent.',
  );
  return lines;
}

// ---------------------------------------------------------------- template

const TEMPLATE = {
  version: 1,
  _help: [
    'Your own rules for sorting calendar events. They are tried in order, before the default rules, and the first rule that matches an event decides its category and class. "handson rules show" lists every rule in the order it is tried.',
    'A rule has an "id" (lowercase letters, digits and dashes; each event shows the id of the rule that sorted it), "when" (conditions that must all hold; {} matches every event), a "category" and, if you like, a "class".',
    `Categories: ${EVENT_CATEGORIES.join(', ')}.`,
    `Classes: ${TIME_CLASSES.join(', ')}. Without "class", a rule takes its category's usual class: focus is ic, personal and other are other, the rest are leadership.`,
    'Conditions you can use in "when":',
    ...CONDITION_NAMES.map((n) => `  ${n}: ${CONDITION_HELP[n]}.`),
    TITLE_MATCHING,
    'Add "internalDomains": ["example.com"] next to "rules" to say which domains your colleagues use; without it, the domains of your own addresses are used.',
    'Declined, cancelled, free and all-day events are sorted too, but they never count as time spent.',
    '"_help" is the place for notes, here and in any rule. The rules below are examples: change or delete them.',
  ],
  rules: [
    {
      id: 'family-calendar',
      _help: 'Everything on the calendar you imported as "family" is personal.',
      when: { calendar: ['family'] },
      category: 'personal',
    },
    {
      id: 'pairing-is-ic',
      _help:
        'Pairing on code is hands-on work, even in a weekly slot with one other person; a pairing exercise in an interview is still hiring.',
      when: { titleAny: ['pairing', 'pair programming', 'mob programming'], titleNone: ['interview'] },
      category: 'focus',
      class: 'ic',
    },
    {
      id: 'my-office-hours',
      _help: 'Office hours you host for the team.',
      when: { titleAny: ['office hours'], organizerIsMe: true },
      category: 'team-meeting',
    },
    {
      id: 'board-prep',
      _help: 'Board preparation is leadership work, though it fits no other category.',
      when: { titleRegex: '^board (meeting|prep)' },
      category: 'other',
      class: 'leadership',
    },
  ],
};

/** The starter document `handson rules edit` opens for someone without a rules file yet. */
export const RULES_FILE_TEMPLATE = `${JSON.stringify(TEMPLATE, null, 2)}\n`;
