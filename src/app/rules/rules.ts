import { z } from 'zod';
import { type Classification, classify, withDefaultRules } from '../../domain/evidence/classify.js';
import type { ClassifyRule } from '../../domain/evidence/classify-rules.js';
import { DEFAULT_CLASSIFY_RULES } from '../../domain/evidence/classify-rules.js';
import {
  type CalendarOccurrence,
  EVENT_CATEGORIES,
  type EventCategory,
} from '../../domain/evidence/evidence.js';
import { reclassifyRule, ruleIds, withRuleFirst } from '../../domain/evidence/reclassify.js';
import { exactInstant } from '../../domain/fields.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile } from '../profile/profile.js';
import { atMost } from '../schemas.js';
import {
  explainRules,
  parseRulesFile,
  RULES_FILE_TEMPLATE,
  type RulesFile,
  ruleSentence,
} from './rules-file.js';

/** The user's rules file is kept in the store (so it travels with the data, on either engine). */
export const RULES_SETTING = 'classification-rules';

interface StoredRules {
  text: string;
}

async function storedText(ctx: AppContext): Promise<string | undefined> {
  const v = (await ctx.store.getSetting(RULES_SETTING)) as StoredRules | undefined;
  return v?.text;
}

/** The rules in force: the user's, then the defaults; and the user's internal domains, if set. */
export async function effectiveRules(ctx: AppContext): Promise<{ rules: ClassifyRule[]; file?: RulesFile }> {
  const text = await storedText(ctx);
  if (text === undefined) return { rules: [...DEFAULT_CLASSIFY_RULES] };
  const file = parseRulesFile(text);
  return { rules: withDefaultRules(file.rules), file };
}

/** One rule in force, with where it comes from and what it does in words. */
export interface RuleView extends ClassifyRule {
  origin: 'yours' | 'default';
  sentence: string;
}

export interface RulesView {
  /** The user's rules file as they wrote it, or the starter template when there is none yet. */
  text: string;
  custom: boolean;
  lines: string[];
  /** Every rule in the order tried: the user's (none without a file), then the defaults. */
  rules: RuleView[];
}

function viewOf(text: string | undefined, file: RulesFile | undefined): RulesView {
  const rules = file ? withDefaultRules(file.rules) : [...DEFAULT_CLASSIFY_RULES];
  const mine = file?.rules.length ?? 0;
  return {
    text: text ?? RULES_FILE_TEMPLATE,
    custom: text !== undefined,
    lines: explainRules(rules, file?.internalDomains ? { internalDomains: file.internalDomains } : {}),
    rules: rules.map((r, i) => ({ ...r, origin: i < mine ? 'yours' : 'default', sentence: ruleSentence(r) })),
  };
}

/** The one way rules are saved: checked first, nothing kept if any part is wrong. */
async function saveRulesText(ctx: AppContext, text: string): Promise<RulesView> {
  const file = parseRulesFile(text);
  // Categories decide leadership, IC and focus time: saving them marks every day (day-tracking.ts).
  await ctx.store.putSetting(RULES_SETTING, { text } satisfies StoredRules, ctx.now().toISOString());
  return viewOf(text, file);
}

/** The user's rules document as JSON to change, or an empty one (the template is only a suggestion). */
function documentOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return { version: 1, rules: [] };
  // Stored text was checked when it was saved.
  return JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

export const rulesHandlers = {
  show: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The classification rules in the order they are tried: yours first, then the defaults.',
    input: z.object({}),
    async run(ctx): Promise<RulesView> {
      const text = await storedText(ctx);
      return viewOf(text, text === undefined ? undefined : parseRulesFile(text));
    },
  }),

  save: handler({
    access: 'owner',
    touches: ['settings'],
    summary: 'Replace your rules file; it is checked first and nothing is saved if any part is wrong.',
    input: z.object({ text: z.string().max(1_000_000, 'expected a rules file under 1 MB') }),
    async run(ctx, { text }): Promise<RulesView> {
      return saveRulesText(ctx, text);
    },
  }),

  reclassify: handler({
    access: 'owner',
    touches: ['settings'],
    summary:
      'Count one calendar event (or every event with its title) as another category: writes a rule at the top of yours.',
    input: z.object({
      uid: z.string().min(1, "expected the event's calendar uid"),
      start: exactInstant,
      category: z.enum(EVENT_CATEGORIES as [EventCategory, ...EventCategory[]], {
        error: `expected one of ${EVENT_CATEGORIES.join(', ')}`,
      }),
      scope: z.enum(['this-event', 'like-this'], { error: 'expected this-event or like-this' }),
    }),
    async run(ctx, input): Promise<RulesView & { rule: ClassifyRule }> {
      const at = Date.parse(input.start);
      const found = (
        await ctx.store.listOccurrences({ from: input.start, to: new Date(at + 1).toISOString() })
      ).find((o) => o.uid === input.uid && Date.parse(o.start) === at);
      if (found === undefined) {
        throw new AppError('not-found', `No calendar event "${input.uid}" starts at ${input.start}.`, {
          field: 'uid',
        });
      }
      const document = documentOf(await storedText(ctx));
      const placed = withRuleFirst(
        document,
        reclassifyRule(found, input.scope, input.category, ruleIds(document)),
      );
      const view = await saveRulesText(ctx, `${JSON.stringify(placed.document, null, 2)}\n`);
      return { ...view, rule: placed.rule };
    },
  }),

  test: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Which rule an event with this title (and these details) would match.',
    input: z.object({
      title: z.string().min(1, 'expected an event title'),
      attendees: atMost(500, 'attendees', z.email({ message: 'expected attendee email addresses' })).default(
        [],
      ),
      recurring: z.boolean().default(false),
      allDay: z.boolean().default(false),
      calendar: z.string().optional(),
    }),
    async run(ctx, input): Promise<Classification & { title: string }> {
      const profile = await requireProfile(ctx);
      const { rules, file } = await effectiveRules(ctx);
      const start = '2026-01-05T09:00:00.000Z';
      const event: CalendarOccurrence = {
        uid: 'rules-test',
        start,
        end: input.allDay ? '2026-01-06T09:00:00.000Z' : '2026-01-05T09:30:00.000Z',
        allDay: input.allDay,
        title: input.title,
        organizer: profile.emails[0],
        attendees: input.attendees.map((email) => ({ email: email.toLowerCase(), partstat: 'ACCEPTED' })),
        declined: false,
        cancelled: false,
        recurring: input.recurring,
        transparent: false,
      };
      const result = classify(
        event,
        { emails: profile.emails, internalDomains: file?.internalDomains, calendar: input.calendar },
        rules,
      );
      return { title: input.title, ...result };
    },
  }),
};
