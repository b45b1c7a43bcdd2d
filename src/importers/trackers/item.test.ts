import { describe, expect, it } from 'vitest';
import { CriticalPath, IdentityMatcher } from './item.js';

describe('critical path', () => {
  const defaults = new CriticalPath({});
  it.each([
    ['Blocker', [], true],
    ['Critical', [], true],
    ['Highest', [], true],
    ['Urgent', [], true],
    ['URGENT', [], true],
    ['P0', [], true],
    ['P1 - Critical', [], true],
    ['critical-urgent', [], true],
    ['High', [], false],
    ['Medium', [], false],
    ['P1', [], false],
    [undefined, [], false],
    [undefined, ['critical-path'], true],
    [undefined, ['Blocker'], true],
    ['Low', ['blocking'], true],
    ['Low', ['critical path'], false],
    ['Low', ['frontend', 'ops'], false],
  ] as const)('priority %s with labels %j: %s', (priority, labels, expected) => {
    expect(defaults.test(priority, labels)).toBe(expected);
  });

  it('takes its own lists, replacing the defaults', () => {
    const custom = new CriticalPath({ criticalLabels: ['Launch-Gate'], criticalPriorities: ['P1'] });
    expect(custom.test('P1', [])).toBe(true);
    expect(custom.test('Blocker', [])).toBe(false);
    expect(custom.test(undefined, ['launch-gate'])).toBe(true);
    expect(custom.test(undefined, ['critical-path'])).toBe(false);
  });
});

describe('identity', () => {
  const me = new IdentityMatcher({ emails: ['Dana@Example.com'], names: ['Zoë  Faure'], logins: ['dortiz'] });
  it.each([
    ['dana@example.com', true],
    [' DANA@EXAMPLE.COM ', true],
    ['zoë faure', true],
    // The same name typed with a combining diaeresis.
    ['Zoe\u0308 Faure', true],
    ['DOrtiz', true],
    ['dana', false],
    ['ortiz', false],
    [undefined, false],
    ['', false],
  ])('%j is the leader: %s', (person, expected) => {
    expect(me.is(person)).toBe(expected);
  });
});
