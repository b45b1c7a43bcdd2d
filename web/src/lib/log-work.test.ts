import { describe, expect, it } from 'vitest';
import { logFromCheck, logWorkHref } from './log-work.js';
import { sessionInput } from './payloads.js';
import { parseHash } from './router.js';

describe('"Log work on this": from a check to the journal', () => {
  it('carries the check to the journal, and the logged session links to it', () => {
    const link = logWorkHref({
      id: 'chk_1',
      date: '2026-11-23',
      input: { title: 'Fix flaky deploy & the CI?', reasons: ['love-of-building', 'unblock-team'] },
    });
    const loc = parseHash(link);
    expect(loc.path).toBe('/journal');
    const from = logFromCheck(loc.params);
    expect(from).toMatchObject({ checkId: 'chk_1', title: 'Fix flaky deploy & the CI?', date: '2026-11-23' });
    expect(sessionInput(from!.draft)).toMatchObject({
      title: 'Fix flaky deploy & the CI?',
      reasons: ['love-of-building', 'unblock-team'],
      checkId: 'chk_1',
      minutes: undefined,
    });
  });

  it('is nothing when the address names no check', () => {
    expect(logFromCheck(parseHash('#/journal').params)).toBeUndefined();
    expect(logFromCheck(parseHash('#/journal?check=%20&title=x').params)).toBeUndefined();
  });

  it('leaves out what the address does not have, or has wrong', () => {
    const from = logFromCheck(parseHash('#/journal?check=c2&title=Spike').params);
    expect(from?.draft).toMatchObject({ title: 'Spike', reasons: [], checkId: 'c2' });
    expect(from?.date).toBeUndefined();
    expect(logFromCheck(parseHash('#/journal?check=c2&on=2026-13-45').params)?.date).toBeUndefined();
  });
});
