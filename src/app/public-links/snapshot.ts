import { z } from 'zod';
import type { ReportData, ReportMetric } from '../../domain/insight/report-types.js';
import {
  budgetText,
  hoursText,
  NO_CALENDAR,
  NO_EVIDENCE,
  NO_REASONS,
  OWN_REASONS,
  QUESTIONS_LABEL,
  reasonKindText,
  SUMMARY_FIELDS,
  SUMMARY_LABELS,
  type SummaryField,
  shareText,
  signalsLabel,
  weeksText,
} from '../../domain/present/public-links.js';
import { BUILTIN_REASONS } from '../../domain/reasons/reasons.js';
import { dayDifference } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { invoke } from '../handler.js';
import { insightHandlers } from '../insight/insight.js';
import { reasonsHandlers } from '../reasons/reasons.js';
import { localDate, reasonId } from '../schemas.js';

/** The longest range a summary covers: a year and a bit, so a calendar year always fits. */
export const SUMMARY_MAX_DAYS = 400;

/**
 * What can be published (issue 12): a reason card from the catalogue, or a summary of a report
 * over a range with the fields the leader picked from the allow-list. Strict: a field nobody
 * knows is refused by name, never ignored, so nobody believes they published something they did not.
 */
export const PublicItemSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('reason'), id: reasonId }).strict(),
    z
      .object({
        kind: z.literal('report'),
        from: localDate,
        to: localDate,
        fields: z
          .array(z.enum(SUMMARY_FIELDS, { error: () => `expected one of: ${SUMMARY_FIELDS.join(', ')}` }))
          .min(1, 'expected at least one field to publish')
          .max(SUMMARY_FIELDS.length)
          .refine((f) => new Set(f).size === f.length, { message: 'expected each field once' }),
      })
      .strict(),
  ],
  { error: () => 'expected kind: reason or report' },
);
export type PublicItem = z.output<typeof PublicItemSchema>;
export type PublicKind = PublicItem['kind'];

/** One field of a published card: its words as shown, and the figure behind them for scripts. */
export interface PublicField {
  id: string;
  label: string;
  /** What the page shows, one line each; the image shows the first. */
  lines: string[];
  /** The figure (minutes, percent, count; `null` when unknown), or the lines themselves. */
  value: unknown;
}

/**
 * The frozen content of a public link: everything the page and its image show, and nothing else.
 * Made once at publishing (the preview shows exactly this); the page never reads the journal.
 */
export interface PublicSnapshot {
  kind: PublicKind;
  /** og:title and the page's heading. */
  title: string;
  /** og:description: one line. */
  description: string;
  /** A short line above the title: what kind of card this is. */
  kicker: string;
  fields: PublicField[];
}

const metric = (report: ReportData, id: ReportMetric['id']) => report.metrics.find((m) => m.id === id)!;

/** One field of a summary, from the report — the same numbers the report shows, never recounted. */
function summaryField(report: ReportData, field: SummaryField): PublicField {
  const label = SUMMARY_LABELS[field];
  const hours = (id: ReportMetric['id'], unknown: string): PublicField => {
    const value = metric(report, id).value;
    return { id: field, label, lines: [hoursText(value, unknown)], value };
  };
  switch (field) {
    case 'ic-budget': {
      const used = metric(report, 'budget-used').value;
      return {
        id: field,
        label,
        lines: [budgetText(used, report.leader.budgetPct)],
        value: { usedPct: used, budgetPct: report.leader.budgetPct },
      };
    }
    case 'ic-time':
      return hours('ic', NO_EVIDENCE);
    case 'leadership-time':
      return hours('leadership', NO_CALENDAR);
    case 'one-on-ones':
      return hours('one-on-ones', NO_CALENDAR);
    case 'focus-time':
      return hours('focus', NO_CALENDAR);
    case 'weeks':
      return { id: field, label, lines: [weeksText(report.weeks.length)], value: report.weeks.length };
    case 'reasons-mix': {
      // A reason of the leader's own is named by them: its name stays in the journal, grouped.
      const builtin = new Set(BUILTIN_REASONS.map((r) => r.id));
      const minutes = new Map<string, number>();
      for (const r of report.reasons) {
        const title = builtin.has(r.reason) ? r.title : OWN_REASONS;
        minutes.set(title, (minutes.get(title) ?? 0) + r.minutes);
      }
      const total = [...minutes.values()].reduce((a, b) => a + b, 0);
      if (total === 0) return { id: field, label, lines: [NO_REASONS], value: null };
      const mix = [...minutes]
        .map(([title, m]) => ({ title, pct: Math.round((m / total) * 100) }))
        .sort((a, b) => b.pct - a.pct || a.title.localeCompare(b.title));
      return { id: field, label, lines: mix.map((m) => shareText(m.title, m.pct)), value: mix };
    }
  }
}

/**
 * The public card of `item`, made from the leader's own journal (`ctx`) through the use cases every
 * surface calls: the reason as the catalogue has it, the figures as the report computes them.
 */
export async function publicSnapshotOf(ctx: AppContext, item: PublicItem): Promise<PublicSnapshot> {
  if (item.kind === 'reason') {
    const reason = await invoke(reasonsHandlers.show, ctx, { id: item.id });
    const fields: PublicField[] = [
      { id: 'summary', label: 'What it is', lines: [reason.summary], value: null },
    ];
    if (reason.signals.length > 0) {
      fields.push({ id: 'signals', label: signalsLabel(reason.kind), lines: reason.signals, value: null });
    }
    if (reason.questions.length > 0) {
      const lines = reason.questions.map((q) => q.text);
      fields.push({ id: 'questions', label: QUESTIONS_LABEL, lines, value: null });
    }
    for (const f of fields) f.value = f.lines;
    return {
      kind: 'reason',
      title: reason.title,
      description: reason.summary,
      kicker: reasonKindText(reason.kind),
      fields,
    };
  }
  if (item.to >= item.from && dayDifference(item.from, item.to) + 1 > SUMMARY_MAX_DAYS) {
    throw new AppError('invalid', `to: expected a range of at most ${SUMMARY_MAX_DAYS} days`, {
      field: 'to',
    });
  }
  const report = await invoke(insightHandlers.report, ctx, { from: item.from, to: item.to });
  // In the order of the allow-list, whatever order they were ticked in: two people's summaries read alike.
  const fields = SUMMARY_FIELDS.filter((f) => item.fields.includes(f)).map((f) => summaryField(report, f));
  return {
    kind: 'report',
    title: `IC work and leadership, ${item.from} to ${item.to}`,
    description: fields.map((f) => `${f.label}: ${f.lines.join(', ')}`).join(' · '),
    kicker: 'A summary from Hands-on',
    fields,
  };
}
