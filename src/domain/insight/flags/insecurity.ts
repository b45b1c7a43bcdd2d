import { addDays } from '../../time.js';
import type { Evidence } from '../insight-types.js';
import {
  checkEvidence,
  commitmentEvidence,
  compare,
  dayLabel,
  duration,
  FLAG_THRESHOLDS,
  type FlagContext,
  type FlagDraft,
  listing,
  plural,
  quote,
  rose,
  sessionsEvidence,
  sum,
  weekEvidence,
  within,
} from './context.js';

/**
 * The insecurity signals we can see: sessions where the leader named insecurity, a check
 * answered "would not do it if nobody knew" and then done anyway, IC rising in the run-up
 * to a review, and a large share of IC time going to work others will see.
 */
export function insecurityFlags(cx: FlagContext): FlagDraft[] {
  return [...namedInsecurity(cx), ...doneThoughNobodyKnew(cx), ...reviewRunUps(cx), ...visibleWork(cx)];
}

function namedInsecurity(cx: FlagContext): FlagDraft[] {
  const tagged = cx.sessions.filter((s) => s.date >= cx.windowStart && s.reasons.includes('insecurity'));
  if (tagged.length === 0) return [];
  const minutes = duration(sum(tagged.map((s) => s.minutes)));
  return [
    {
      id: 'insecurity',
      severity: 'warning',
      reason: 'insecurity',
      text:
        `In the last ${cx.recentCount} weeks you named insecurity as a reason for ` +
        `${plural(tagged.length, 'IC session')} (${minutes}): ` +
        `${listing(tagged.map((s) => `${quote(s.title)} on ${dayLabel(s.date)}`))}.`,
      evidence: sessionsEvidence(tagged, { total: `${minutes} in all` }),
    },
  ];
}

/**
 * A check where the leader said they would not do the task if nobody knew, followed by a session
 * linked to that check. Without such a session the check did its job and nothing is raised.
 */
function doneThoughNobodyKnew(cx: FlagContext): FlagDraft[] {
  const flags: FlagDraft[] = [];
  const checks = [...cx.input.checks].sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
  for (const check of checks) {
    if ((check.input.answers['nobody-knew'] ?? '').trim().toLowerCase() !== 'no') continue;
    const done = cx.sessions.filter((s) => s.checkId === check.id);
    if (done.length === 0) continue;
    if (check.date < cx.windowStart && done.every((s) => s.date < cx.windowStart)) continue;
    const spent = duration(sum(done.map((s) => s.minutes)));
    flags.push({
      id: 'insecurity',
      severity: 'warning',
      reason: 'insecurity',
      text:
        `On ${dayLabel(check.date)} you said you would not take on ${quote(check.input.title)} if nobody ever ` +
        `knew, and then spent ${spent} on it anyway.`,
      evidence: [checkEvidence(check), ...sessionsEvidence(done, { total: `${spent} in all` })],
    });
  }
  return flags;
}

/**
 * For each review in the recent weeks or ahead: weekly IC over the `reviewLeadDays` before it
 * (up to today) against weekly IC over the four weeks before that run-up, both as a daily average
 * times seven so a run-up still under way compares fairly. Needs a week of each to say anything.
 */
function reviewRunUps(cx: FlagContext): FlagDraft[] {
  const lead = cx.config.reviewLeadDays;
  const days = cx.weeks.flatMap((w) => w.days);
  const flags: FlagDraft[] = [];
  for (const review of [...new Set(cx.input.reviewDates)].sort()) {
    if (review < cx.windowStart) continue;
    const leadStart = addDays(review, -lead);
    const leadEnd = [addDays(review, -1), cx.today].sort()[0]!;
    const runUp = days.filter((d) => within(d.date, leadStart, leadEnd));
    const baseStart = addDays(leadStart, -7 * FLAG_THRESHOLDS.recentWeeks);
    const before = days.filter((d) => d.date >= baseStart && d.date < leadStart);
    if (runUp.length < Math.min(FLAG_THRESHOLDS.minDaysForAverage, lead)) continue;
    if (before.length < FLAG_THRESHOLDS.minDaysForAverage) continue;
    const weekly = (sum(runUp.map((d) => cx.ic(d.date))) / runUp.length) * 7;
    const baseline = (sum(before.map((d) => cx.ic(d.date))) / before.length) * 7;
    if (!rose(weekly, baseline)) continue;

    const evidence: Evidence[] = [];
    const shown = cx.weeks.filter(
      (w) =>
        w.days.some((d) => within(d.date, leadStart, leadEnd)) ||
        w.days.some((d) => d.date >= baseStart && d.date < leadStart),
    );
    for (const w of shown) {
      const inRunUp = w.days.some((d) => within(d.date, leadStart, leadEnd));
      let note = inRunUp ? `, in the run-up to your review on ${dayLabel(review)}` : '';
      // The latest week carries the rates the sentence compares.
      if (w === shown[shown.length - 1]) {
        note +=
          `; ${duration(weekly)} a week over the ${runUp.length} days of the run-up, ` +
          `${duration(baseline)} a week before it`;
      }
      evidence.push(weekEvidence(w, `${duration(cx.weekIc(w))} of IC${note}`));
    }
    for (const c of cx.commitments) {
      if (c.kind === 'review' && c.due === review) evidence.push(commitmentEvidence(cx, c));
    }
    const rate = `your IC time ran at ${duration(weekly)} a week, up from ${duration(baseline)} a week before that`;
    flags.push({
      id: 'insecurity',
      severity: 'warning',
      reason: 'insecurity',
      subject: `review:${review}`,
      text:
        review > cx.today
          ? `With your review coming on ${dayLabel(review)}, over the last ${runUp.length} days ${rate}.`
          : `In the ${runUp.length} days before your review on ${dayLabel(review)} ${rate}.`,
      evidence,
    });
  }
  return flags;
}

/**
 * Sessions marked visible (a demo, a launch, a review by the leader's manager) in the recent weeks,
 * once there are `visibleMinSessions` of them and they take at least `visibleSharePct` of the IC
 * time. IC time is the model's for those days up to today, so IC estimated from git or focus blocks
 * counts too; never less than the sessions logged, for a model that lags behind the journal.
 * Milder than the other signals: visible work is often simply the job, and only the pattern is
 * worth a look. The subject keeps it apart from the named-insecurity flag on the same sessions.
 */
function visibleWork(cx: FlagContext): FlagDraft[] {
  const recent = cx.sessions.filter((s) => s.date >= cx.windowStart);
  const visible = recent.filter((s) => s.visible === true);
  if (visible.length < FLAG_THRESHOLDS.visibleMinSessions) return [];
  const modelled = sum(cx.recent.map((w) => cx.weekIc(w)));
  const ic = Math.max(modelled, sum(recent.map((s) => s.minutes)));
  const minutes = sum(visible.map((s) => s.minutes));
  const pct = Math.round((minutes / ic) * 100);
  if (minutes * 100 < cx.config.visibleSharePct * ic) return [];
  const share = `${duration(minutes)} of your ${duration(ic)} of IC in these weeks (${pct}%)`;
  return [
    {
      id: 'insecurity',
      severity: 'info',
      reason: 'insecurity',
      subject: 'visible',
      text:
        `In the last ${cx.recentCount} weeks ${duration(minutes)} of your ${duration(ic)} of IC work (${pct}%) ` +
        `went to things people beyond your team will see: ` +
        `${listing(visible.map((s) => `${quote(s.title)} on ${dayLabel(s.date)}`))}.`,
      evidence: sessionsEvidence(visible, { note: () => 'others will see it', total: share }),
    },
  ];
}
