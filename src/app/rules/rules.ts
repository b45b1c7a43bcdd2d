import { z } from 'zod';
import { type Classification, classify, withDefaultRules } from '../../domain/evidence/classify.js';
import type { ClassifyRule } from '../../domain/evidence/classify-rules.js';
import { DEFAULT_CLASSIFY_RULES } from '../../domain/evidence/classify-rules.js';
import type { CalendarOccurrence } from '../../domain/evidence/evidence.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile } from '../profile/profile.js';
import { atMost } from '../schemas.js';
import { explainRules, parseRulesFile, RULES_FILE_TEMPLATE, type RulesFile } from './rules-file.js';

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

export interface RulesView {
  /** The user's rules file as they wrote it, or the starter template when there is none yet. */
  text: string;
  custom: boolean;
  lines: string[];
}

export const rulesHandlers = {
  show: handler({
    access: 'owner',
    readOnly: true,
    summary: 'The classification rules in the order they are tried: yours first, then the defaults.',
    input: z.object({}),
    async run(ctx): Promise<RulesView> {
      const text = await storedText(ctx);
      const { rules, file } = await effectiveRules(ctx);
      return {
        text: text ?? RULES_FILE_TEMPLATE,
        custom: text !== undefined,
        lines: explainRules(rules, file?.internalDomains ? { internalDomains: file.internalDomains } : {}),
      };
    },
  }),

  save: handler({
    access: 'owner',
    touches: ['settings'],
    summary: 'Replace your rules file; it is checked first and nothing is saved if any part is wrong.',
    input: z.object({ text: z.string().max(1_000_000, 'expected a rules file under 1 MB') }),
    async run(ctx, { text }): Promise<RulesView> {
      const file = parseRulesFile(text);
      // Categories decide leadership, IC and focus time: saving them marks every day (day-tracking.ts).
      await ctx.store.putSetting(RULES_SETTING, { text } satisfies StoredRules, ctx.now().toISOString());
      return { text, custom: true, lines: explainRules(withDefaultRules(file.rules), file) };
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
