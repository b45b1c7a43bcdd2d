import { sha256Hex } from '../hash.js';
import { adviceIgnoredFlags } from './flags/advice-ignored.js';
import { budgetFlags } from './flags/budget.js';
import { compare, context, type FlagContext, type FlagDraft, tidy } from './flags/context.js';
import { creepFlags } from './flags/creep.js';
import { criticalPathFlags } from './flags/critical-path.js';
import { escapeFlags } from './flags/escape.js';
import { groundTruthFlags } from './flags/ground-truth.js';
import { insecurityFlags } from './flags/insecurity.js';
import { interferenceFlags } from './flags/interference.js';
import { oneOnOneOverdueFlags } from './flags/people.js';
import { unwindFlags } from './flags/unwind.js';
import type { Evidence, Flag, FlagId, InsightInput, Severity } from './insight-types.js';

/**
 * Pattern flags: pure functions of the time model, the journal and the evidence. Each detector
 * lives in `flags/<name>.ts` with the rule it applies written above it; this file runs them all,
 * fingerprints and orders the result. A flag is one sentence naming the specifics plus every
 * record it rests on, so the leader can check it rather than take it on trust: every figure, day
 * and person the sentence names is in one of the evidence lines.
 *
 * One situation, one flag: several flags may share an id only when they are things worth
 * dismissing on their own (a commitment put off with IC close behind, a neglected report, a
 * cancelled 1:1), so dismissing one leaves the others.
 */

export { FLAG_THRESHOLDS } from './flags/context.js';

const DETECTORS: readonly ((cx: FlagContext) => FlagDraft[])[] = [
  budgetFlags,
  escapeFlags,
  insecurityFlags,
  interferenceFlags,
  criticalPathFlags,
  creepFlags,
  unwindFlags,
  groundTruthFlags,
  oneOnOneOverdueFlags,
  adviceIgnoredFlags,
];

const SEVERITY_RANK: Record<Severity, number> = { alert: 0, warning: 1, info: 2 };

/** Every flag the input raises: most severe first, then by id, then by its evidence (`flagKey`). */
export function computeFlags(input: InsightInput): Flag[] {
  const cx = context(input);
  const flags = DETECTORS.flatMap((detect) => detect(cx)).map(({ subject, ...draft }) => {
    const evidence = tidy(draft.evidence);
    const key = flagKey(draft.id, evidence, subject);
    return { key, flag: { ...draft, evidence, fingerprint: shortId(key) } satisfies Flag };
  });
  return flags
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.flag.severity] - SEVERITY_RANK[b.flag.severity] ||
        compare(a.flag.id, b.flag.id) ||
        compare(a.key, b.key),
    )
    .map(({ flag }) => flag);
}

/**
 * `escape:commitment:c1,postponement:p1,session:s9` — what identifies a flag: its id and its
 * evidence as sorted `kind:id` pairs (the kind keeps a session and a commitment with the same id
 * apart). `subject` is added as `id@subject:` when the evidence alone could be the same for two
 * flags — two neglected reports with no 1:1s in the same weeks. Earlier versions used this as the
 * fingerprint itself, and stored reviews may still hold it (see `storedFingerprint`).
 */
export function flagKey(id: FlagId, evidence: readonly Evidence[], subject?: string): string {
  const ids = [...new Set(evidence.map((e) => `${e.kind}:${e.id}`))].sort(compare);
  return `${id}${subject === undefined ? '' : `@${subject}`}:${ids.join(',')}`;
}

/** How many hex digits of the key's SHA-256 make a fingerprint: 48 bits, short enough to type. */
const FINGERPRINT_DIGITS = 12;

/**
 * A flag's id for the leader to type (`handson flags ack 3f9a2c1b7d04`) and for its review to be
 * stored under: the start of the SHA-256 of its `flagKey`, so it is the same on every run and for
 * any order of the input, and changes when the evidence does.
 */
export function fingerprint(id: FlagId, evidence: readonly Evidence[], subject?: string): string {
  return shortId(flagKey(id, evidence, subject));
}

function shortId(key: string): string {
  return sha256Hex(key).slice(0, FINGERPRINT_DIGITS);
}

const SHORT = new RegExp(`^[0-9a-f]{${FINGERPRINT_DIGITS}}$`, 'i');

/**
 * A fingerprint as any version stored or printed it, in today's form: a short one as it is, the
 * long `flagKey` of earlier versions hashed to the short one it stands for. Reviews saved before
 * fingerprints were short keep applying to the same flags with the same evidence.
 */
export function storedFingerprint(stored: string): string {
  const s = stored.trim();
  return SHORT.test(s) ? s.toLowerCase() : shortId(s);
}

/** What each flag means and the heuristic behind it, for help text and the weekly review. */
export const FLAG_HELP: Record<FlagId, string> = {
  budget:
    'Your IC time went over your weekly IC budget this week, or in three of the last four weeks. ' +
    'The budget shrinks as your team grows: roughly 30% or more with fewer than four reports, ' +
    '10–20% with six to eight, close to nothing for a director of managers.',
  escape:
    'Your IC time is climbing while a tough conversation or a decision waits, or you reached for IC work ' +
    'within hours of putting something off. Building can be a comfortable hiding place from the ' +
    'uncomfortable parts of leading.',
  insecurity:
    'Signs that IC work may be standing in as proof that you contribute: you named insecurity as a reason, ' +
    'did a task you said you would skip if nobody knew, did more IC work in the run-up to a review, or ' +
    'spent much of your IC time on work that people beyond your team will see.',
  interference:
    'IC work is crowding out leading: a 1:1 called off on a heavy IC day, a report getting less than the ' +
    'common minimum of 15 minutes of 1:1 time a week, or decisions overdue while you are over budget.',
  'critical-path':
    'You are doing work that others are waiting on. A leader who owns a blocking task tends to do both jobs ' +
    'badly; pair on it or hand it over instead.',
  creep:
    'The same IC work keeps coming back week after week. “Just helping” that lasts for weeks has become a ' +
    'task you own, whether you meant to own it or not.',
  'unwind-not-working':
    'You do IC work to unwind, but most of the time your energy afterwards is no higher than before. ' +
    'Unwinding is a good reason only when it restores you, in a protected block that pushes nothing aside.',
  'ground-truth-unused':
    'You found gaps in systems or processes while doing IC work, but they never became improvement actions. ' +
    'Seeing the ground truth is a good reason only when what you find gets fixed.',
  'one-on-one-overdue':
    'Someone on your people list has had no 1:1 with you within the cadence you set for them, while your ' +
    'calendar covers those days. Without a calendar for them nothing is said: no evidence is not a missed 1:1.',
  'advice-ignored':
    'Your checks advised handing work over, pausing or a time-box at least twice in the last weeks, and the ' +
    'work you linked to them went ahead anyway or past the time-box. Overruling a check now and then is ' +
    'judgement; overruling it again and again means it is asking the wrong questions or not being heard.',
};
