import { describe, expect, it } from 'vitest';
import { issueSession, SESSION_SECONDS, sessionCookieName, validSession } from './session.js';

const KEY = 'q0Zp3xJ0n7yV9cW1bT5rK2mL8sD4fG6hA0eU3iO7pQw';
const ISSUED = new Date('2026-12-01T08:00:00Z');
const later = (seconds: number) => new Date(ISSUED.getTime() + seconds * 1000);

describe('browser sessions', () => {
  const session = issueSession(KEY, ISSUED);

  it('is not the key and does not contain it', () => {
    expect(session).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(session).not.toContain(KEY);
    expect(issueSession(KEY, ISSUED)).not.toBe(session);
  });

  it.each([
    ['right away', 0, true],
    ['a second before 30 days', SESSION_SECONDS - 1, true],
    ['at 30 days', SESSION_SECONDS, false],
    ['a year on', 365 * 24 * 60 * 60, false],
    // The clock may be stepped back a little after sign-in; more than that is a forgery.
    ['with the clock 4 minutes behind', -4 * 60, true],
    ['with the clock 6 minutes behind', -6 * 60, false],
  ])('checked %s → %s', (_when, seconds, valid) => {
    expect(validSession(session, KEY, later(seconds))).toBe(valid);
  });

  it.each([
    ['the key itself', KEY],
    ['empty', ''],
    ['signed with another key', issueSession('another-key', ISSUED)],
    ['with spaces around', ` ${session} `],
    ['with a part missing', session.split('.').slice(0, 3).join('.')],
    ['with a longer MAC', `${session}A`],
    ['with a lower-case version', `V${session.slice(1)}`],
  ])('refuses %s', (_what, value) => {
    expect(validSession(value, KEY, ISSUED)).toBe(false);
  });

  it('names the cookie after the port', () => {
    expect(sessionCookieName(4790)).toBe('handson_session_4790');
  });
});
