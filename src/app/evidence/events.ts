import { z } from 'zod';
import { type Classification, classifyAll } from '../../domain/evidence/classify.js';
import type { StoredOccurrence } from '../../domain/evidence/evidence.js';
import { handler } from '../handler.js';
import { requireProfile, today } from '../profile/profile.js';
import { effectiveRules } from '../rules/rules.js';
import { localDate } from '../schemas.js';
import { dayRange } from './window.js';

export type ClassifiedEvent = StoredOccurrence & Classification;

export const eventsHandlers = {
  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Calendar occurrences in a date range, each with its category and the rule that decided it.',
    input: z.object({
      from: localDate.optional(),
      to: localDate.optional(),
      calendar: z.string().optional(),
    }),
    async run(ctx, input): Promise<ClassifiedEvent[]> {
      const profile = await requireProfile(ctx);
      const on = today(ctx, profile);
      const range = dayRange(input.from ?? on, input.to ?? input.from ?? on, profile.tz);
      const [events, { rules, file }] = await Promise.all([
        ctx.store.listOccurrences({ ...range, ...(input.calendar ? { calendar: input.calendar } : {}) }),
        effectiveRules(ctx),
      ]);
      return classifyAll(events, { emails: profile.emails, internalDomains: file?.internalDomains }, rules);
    },
  }),
};
