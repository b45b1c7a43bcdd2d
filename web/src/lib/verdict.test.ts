import { describe, expect, it } from 'vitest';
import { levelLine, verdictHeadline, verdictTone } from './verdict.js';

describe('verdict in plain words', () => {
  it.each([
    [{ verdict: 'take' }, 'Go ahead: take it.', 'go'],
    [{ verdict: 'time-box', hours: 4 }, 'Take it, and stop after 4 h.', 'careful'],
    [{ verdict: 'pair', to: 'Priya' }, 'Pair on it with Priya.', 'share'],
    [{ verdict: 'pair' }, 'Pair on it with someone who can own it.', 'share'],
    [{ verdict: 'delegate', to: 'Sam', level: 'consult' }, 'Hand it to Sam.', 'share'],
    [{ verdict: 'pause-and-reflect' }, 'Pause and reflect before you decide.', 'reflect'],
  ] as const)('%o reads "%s"', (result, headline, tone) => {
    expect(verdictHeadline(result)).toBe(headline);
    expect(verdictTone(result.verdict)).toBe(tone);
  });

  it('explains the delegation level of a hand-off, and only then', () => {
    expect(levelLine({ verdict: 'delegate', level: 'consult' })).toBe(
      'Delegation level “consult”: you ask for their view, then decide.',
    );
    expect(levelLine({ verdict: 'pair', level: 'consult' })).toBeUndefined();
  });
});
