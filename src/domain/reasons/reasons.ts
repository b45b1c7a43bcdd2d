import { AppError } from '../../errors.js';
import type { Reason } from '../types.js';

/**
 * The reasons catalogue. The five good reasons and two watch-out reasons come from the
 * framework in PRODUCT.md; the catalogue is open, so users add their own next to these.
 * Question ids are stable: stored answers (and the check's `nobody-knew` rule) refer to them.
 */
export const BUILTIN_REASONS: Reason[] = [
  {
    id: 'ground-truth',
    kind: 'good',
    title: 'See the ground truth',
    summary: 'Doing the whole job yourself shows you where the systems and processes break down.',
    questions: [
      { id: 'which-gaps', text: 'Which part of the process do you expect to find broken?' },
      {
        id: 'write-down',
        text: 'Where will you write down the gaps you find, so they turn into improvements?',
      },
      { id: 'ask-instead', text: 'Could you learn the same by asking the team to walk you through it?' },
    ],
    signals: [
      'Every gap you run into is written down.',
      'Each gap becomes an improvement action that is tracked to done.',
    ],
    builtin: true,
  },
  {
    id: 'empathy',
    kind: 'good',
    title: "Feel the team's work",
    summary: 'Building something yourself lets you feel what the team struggles with day to day.',
    questions: [
      { id: 'what-hard', text: 'What do you suspect is hard for the team in this kind of work?' },
      { id: 'act-on', text: 'What will you change for the team once you have felt it yourself?' },
    ],
    signals: ['What was hard is written down.', 'Something changes for the team because of it.'],
    builtin: true,
  },
  {
    id: 'unwind',
    kind: 'good',
    title: 'Unwind with focused work',
    summary: 'Deep IC work is a break from the interruptions and context switches that fill a leader’s day.',
    questions: [
      { id: 'energy-now', text: 'How is your energy right now, and how do you expect to feel afterwards?' },
      {
        id: 'which-block',
        text: 'Which protected block will this go in, and does it push any commitment aside?',
      },
    ],
    signals: [
      'Your energy is higher afterwards than before.',
      'It happens in a protected block that pushes no commitment aside.',
    ],
    builtin: true,
  },
  {
    id: 'love-of-building',
    kind: 'good',
    title: 'Love of building',
    summary: 'You simply enjoy making things, and that counts as long as leading does not suffer.',
    questions: [
      {
        id: 'commitments-fine',
        text: 'Are your 1:1s, decisions and hard conversations in good shape this week?',
      },
      { id: 'stop-when', text: 'What would make you stop and hand this over?' },
    ],
    signals: ['Your leadership commitments stay healthy while you build.'],
    builtin: true,
  },
  {
    id: 'learn-the-function',
    kind: 'good',
    title: 'Learn the function',
    summary: 'You came from another function, and doing your team’s work is how you learn theirs.',
    questions: [
      { id: 'learning-goal', text: 'What exactly do you want to learn from this task?' },
      { id: 'horizon', text: 'By when will you know enough to stop taking this kind of task?' },
    ],
    signals: ['There is a written learning goal.', 'There is a horizon measured in months, not an open end.'],
    builtin: true,
  },
  {
    id: 'insecurity',
    kind: 'watch-out',
    title: 'Insecurity',
    summary:
      'Leadership results are hard to claim as your own, so IC work can feel like proof that you contribute.',
    questions: [
      { id: 'nobody-knew', text: 'If nobody ever learned that you did this, would you still take it on?' },
      { id: 'visible', text: 'Did you pick this task partly because others will see it?' },
      {
        id: 'recent-pressure',
        text: 'Is a review coming up, or have you recently heard criticism of your work?',
      },
    ],
    signals: [
      'You pick the tasks that others will notice.',
      'Your IC time goes up before reviews or after criticism.',
      'You would not do it if nobody knew.',
    ],
    builtin: true,
  },
  {
    id: 'escape',
    kind: 'watch-out',
    title: 'Escape',
    summary:
      'IC work can be a way to put off the uncomfortable parts of leading: hard decisions and tough talks.',
    questions: [
      { id: 'putting-off', text: 'Is there a conversation or a decision you are putting off right now?' },
      { id: 'right-after', text: 'Did you reach for this task right after postponing something hard?' },
      { id: 'without-task', text: 'If this task did not exist, what would you be doing instead?' },
    ],
    signals: [
      'Tough conversations and decisions are put off while your IC time goes up.',
      'IC work comes in bursts right after a postponement.',
    ],
    builtin: true,
  },
];

/** A reason id: lowercase kebab-case starting with a letter, 2 to 40 characters. */
export const REASON_ID = /^(?=.{2,40}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Built-ins first (in framework order), then the user's own reasons by id. Throws when a
 * custom reason takes a built-in id or an id is used twice: either would make an answer
 * ambiguous.
 */
export function catalogue(custom: readonly Reason[]): Reason[] {
  const builtinIds = new Set(BUILTIN_REASONS.map((r) => r.id));
  const seen = new Set<string>();
  for (const reason of custom) {
    if (!REASON_ID.test(reason.id)) {
      throw new AppError(
        'invalid',
        `"${reason.id}" is not a valid reason id; expected 2 to 40 lowercase letters, digits and dashes, e.g. pairing-practice.`,
        { field: 'id' },
      );
    }
    if (builtinIds.has(reason.id)) {
      throw new AppError(
        'conflict',
        `"${reason.id}" is a built-in reason; give your own reason another id.`,
        {
          field: 'id',
        },
      );
    }
    if (seen.has(reason.id)) {
      throw new AppError(
        'conflict',
        `There are two reasons with the id "${reason.id}"; ids must be unique.`,
        {
          field: 'id',
        },
      );
    }
    seen.add(reason.id);
  }
  const own = [...custom]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({ ...r, builtin: false }));
  return [...BUILTIN_REASONS, ...own];
}

/**
 * A reason id made from a title: `Pair to teach` → `pair-to-teach`, cut to fit, starting with a
 * letter as REASON_ID requires.
 */
export function reasonIdFrom(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : `r-${slug}`.slice(0, 40).replace(/-+$/, '');
}

export function findReason(reasons: readonly Reason[], id: string): Reason | undefined {
  return reasons.find((r) => r.id === id);
}
