import { z } from 'zod';
import type { FollowThrough } from '../../domain/check/follow-through.js';
import type { ReportData } from '../../domain/insight/report-types.js';
import { weekOf } from '../../domain/time.js';
import type { LocalDate } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { followThroughOf } from '../check/follow-through.js';
import type { AppContext } from '../context.js';
import { invoke } from '../handler.js';
import { type FlagView, insightHandlers } from '../insight/insight.js';
import { requireProfile } from '../profile/profile.js';
import { localDate } from '../schemas.js';

/**
 * What a leader can share with a coach, one item at a time (issue 11): a weekly review, one flag
 * with its evidence, one check with its verdict, one reflection, or a report over a range. The
 * coach never reads the journal: they read a frozen copy of the item made here, from the leader's
 * own journal through the same use cases every surface calls, so the numbers a coach sees are the
 * numbers the leader saw.
 */
export const ShareItemSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('review'), week: localDate }),
    z.object({ kind: z.literal('flag'), id: z.string().trim().min(3).max(200) }),
    z.object({ kind: z.literal('check'), id: z.string().trim().min(1).max(100) }),
    z.object({ kind: z.literal('reflection'), id: z.string().trim().min(1).max(100) }),
    z.object({ kind: z.literal('report'), from: localDate, to: localDate }),
  ],
  { error: () => 'expected kind: review, flag, check, reflection or report' },
);
export type ShareItem = z.output<typeof ShareItemSchema>;
export type ShareKind = ShareItem['kind'];

/** Stands where a shared item mentions one that was not shared with the same person. */
export const PRIVATE_ITEM = '(private item)';

export interface Snapshot {
  kind: ShareKind;
  /** Which item: the week's Monday, the flag's id, the check's or reflection's id, `from..to`. */
  key: string;
  /** One line naming the item for lists: `Weekly review, week of 2026-11-23`. */
  title: string;
  /** The frozen content, as JSON. */
  content: unknown;
}

/** The key an item is known by, so sharing the same item twice finds the first share. */
export function itemKey(item: ShareItem): string {
  switch (item.kind) {
    case 'review':
      return weekOf(item.week).start;
    case 'report':
      return `${item.from}..${item.to}`;
    default:
      return item.id;
  }
}

/** The item a stored share was made of, from its kind and key. */
export function itemOf(kind: ShareKind, key: string): ShareItem {
  switch (kind) {
    case 'review':
      return { kind, week: key };
    case 'report': {
      const [from, to] = key.split('..') as [LocalDate, LocalDate];
      return { kind, from, to };
    }
    default:
      return { kind, id: key };
  }
}

/**
 * A check's follow-through as a coach may see it: the check's title only when that check is
 * shared with them too; the linked sessions' ids never (they name records the coach cannot open).
 */
function followThroughFor(rows: readonly FollowThrough[], sharedChecks: ReadonlySet<string>) {
  return rows.map(({ sessionIds: _ids, ...row }) => ({
    ...row,
    title: sharedChecks.has(row.checkId) ? row.title : PRIVATE_ITEM,
  }));
}

/** A flag as shared: its text and evidence; the leader's own note on it stays in the journal. */
function flagFor(flag: FlagView) {
  const { acknowledged, ...rest } = flag;
  return acknowledged ? { ...rest, acknowledged: { at: acknowledged.at } } : rest;
}

/**
 * The frozen copy of `item` from the leader's journal (`ctx` is the leader's own). `sharedChecks`
 * are the checks this coach may see: any other check a review or report mentions is shown as
 * "(private item)".
 */
export async function snapshotOf(
  ctx: AppContext,
  item: ShareItem,
  sharedChecks: ReadonlySet<string>,
): Promise<Snapshot> {
  const key = itemKey(item);
  switch (item.kind) {
    case 'review': {
      const review = await invoke(insightHandlers.weeklyReview, ctx, { week: item.week });
      const { start, end } = weekOf(item.week);
      // The review's answers are the reflections of that week that answered its questions.
      const reflections = await ctx.store.listReflections({ from: start, to: end });
      return {
        kind: item.kind,
        key,
        title: `Weekly review, week of ${start}`,
        content: {
          week: { start, end, budgetMinutes: review.week.budgetMinutes },
          time: review.time,
          flags: review.flags.map(flagFor),
          answers: reflections.flatMap((r) => r.answers.filter((a) => a.answer !== '')),
          followThrough: followThroughFor(review.followThrough, sharedChecks),
        },
      };
    }
    case 'flag': {
      const { flags } = await invoke(insightHandlers.flags, ctx, {});
      const flag = flags.find((f) => f.fingerprint === item.id || f.fingerprint.startsWith(item.id));
      if (flag === undefined) {
        throw new AppError('not-found', `No current flag has the id "${item.id}"; see \`handson flags\`.`, {
          field: 'id',
        });
      }
      return { kind: item.kind, key: flag.fingerprint, title: flag.text, content: flagFor(flag) };
    }
    case 'check': {
      const check = await ctx.store.getCheck(item.id);
      if (check === undefined) {
        throw new AppError('not-found', `There is no check "${item.id}"; see \`handson check list\`.`, {
          field: 'id',
        });
      }
      const profile = await requireProfile(ctx);
      const { followThrough } = await followThroughOf(ctx, profile, [check]);
      return {
        kind: item.kind,
        key,
        title: check.input.title,
        content: {
          date: check.date,
          input: check.input,
          result: check.result,
          followThrough: followThroughFor(followThrough, new Set([check.id])),
        },
      };
    }
    case 'reflection': {
      const reflection = await ctx.store.getReflection(item.id);
      if (reflection === undefined) {
        throw new AppError(
          'not-found',
          `There is no reflection "${item.id}"; see \`handson reflect list\`.`,
          { field: 'id' },
        );
      }
      return {
        kind: item.kind,
        key,
        title: `Reflection of ${reflection.date}`,
        content: { date: reflection.date, text: reflection.text, answers: reflection.answers },
      };
    }
    case 'report': {
      const report: ReportData = await invoke(insightHandlers.report, ctx, { from: item.from, to: item.to });
      return {
        kind: item.kind,
        key,
        title: `Report, ${item.from} to ${item.to}`,
        content: { ...report, followThrough: followThroughFor(report.followThrough, sharedChecks) },
      };
    }
  }
}
