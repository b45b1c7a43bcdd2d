import {
  type FollowThrough,
  followThrough,
  type LinkSuggestion,
  linkSuggestions,
} from '../../domain/check/follow-through.js';
import type { CheckRecord, Profile } from '../../domain/types.js';
import type { AppContext } from '../context.js';
import { today } from '../profile/profile.js';

export interface FollowThroughView {
  /** Each check's verdict and what happened next, in the order the checks came. */
  followThrough: FollowThrough[];
  /** Unlinked sessions whose titles match one of these checks, for the leader to confirm. */
  suggestions: LinkSuggestion[];
}

/**
 * What happened after each of `checks`, as of today: the sessions linked to them, and the
 * unlinked ones that look like the same work. The review, the report and the check list all come
 * here, so a check reads the same on each.
 */
export async function followThroughOf(
  ctx: AppContext,
  profile: Profile,
  checks: readonly CheckRecord[],
): Promise<FollowThroughView> {
  const on = today(ctx, profile);
  if (checks.length === 0) return { followThrough: [], suggestions: [] };
  const from = checks.map((c) => c.date).sort()[0]!;
  const sessions = from <= on ? await ctx.store.listSessions({ from, to: on }) : [];
  return {
    followThrough: followThrough(checks, sessions, on),
    suggestions: linkSuggestions(checks, sessions),
  };
}
