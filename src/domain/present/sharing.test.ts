import { describe, expect, it } from 'vitest';
import { endedText, viewsText, visibleText } from './sharing.js';

const day = (instant: string) => instant.slice(0, 10);

describe('sharing, in words', () => {
  it.each([
    [0, 'not viewed yet'],
    [1, 'viewed once'],
    [2, 'viewed twice'],
    [7, 'viewed 7 times'],
  ])('%i views read "%s"', (n, text) => {
    expect(viewsText(n)).toBe(text);
  });

  it('says who sees a share since when, and how often they read it', () => {
    const share = { coach: { name: 'Joanna' }, sharedAt: '2026-12-03T10:00:00Z', views: 2 };
    expect(visibleText(share, day)).toBe('Visible to Joanna since 2026-12-03, viewed twice');
  });

  it('says why a share is no longer read', () => {
    const coach = { name: 'Joanna' };
    expect(endedText({ coach, revokedAt: '2026-12-05T09:00:00Z', expiresAt: null }, day)).toBe(
      'No longer shared with Joanna since 2026-12-05',
    );
    expect(endedText({ coach, revokedAt: null, expiresAt: '2026-12-04T22:59:59Z' }, day)).toBe(
      'Shared with Joanna until 2026-12-04',
    );
  });
});
