import type { CheckResult } from '../api/types.js';

/** How the check's verdict is shown; its words are the domain's (src/domain/present/check.ts). */

export { levelLine, verdictHeadline } from '../../../src/domain/present/check.js';

export type Tone = 'go' | 'careful' | 'share' | 'reflect';

export function verdictTone(verdict: CheckResult['verdict']): Tone {
  switch (verdict) {
    case 'take':
      return 'go';
    case 'time-box':
      return 'careful';
    case 'pair':
    case 'delegate':
      return 'share';
    case 'pause-and-reflect':
      return 'reflect';
  }
}
