import type { IcSession } from '../../types.js';
import {
  bySession,
  dayLabel,
  FLAG_THRESHOLDS,
  type FlagContext,
  type FlagDraft,
  listing,
  sessionEvidence,
} from './context.js';

type Rated = IcSession & { energyBefore: number; energyAfter: number };

/**
 * The latest `unwindSessions` sessions taken to unwind that have both energies; when more than
 * half of them (and at least `unwindMinSessions` were looked at) left the leader no more
 * energetic than before, unwinding is not what the work gives.
 */
export function unwindFlags(cx: FlagContext): FlagDraft[] {
  const latest = cx.sessions
    .filter(
      (s): s is Rated =>
        s.reasons.includes('unwind') && s.energyBefore !== undefined && s.energyAfter !== undefined,
    )
    .sort((a, b) => bySession(b, a))
    .slice(0, FLAG_THRESHOLDS.unwindSessions)
    .reverse();
  if (latest.length < FLAG_THRESHOLDS.unwindMinSessions) return [];
  const flat = latest.filter((s) => s.energyAfter <= s.energyBefore);
  if (flat.length * 2 <= latest.length) return [];
  return [
    {
      id: 'unwind-not-working',
      severity: 'info',
      reason: 'unwind',
      text:
        `After ${flat.length} of your last ${latest.length} IC sessions taken to unwind your energy was no higher ` +
        `than before (${listing(
          flat.map((s) => `${s.energyBefore} → ${s.energyAfter} on ${dayLabel(s.date)}`),
          2,
        )}).`,
      evidence: latest.map((s) => sessionEvidence(s, `energy ${s.energyBefore} → ${s.energyAfter}`)),
    },
  ];
}
