import { describe, expect, it } from 'vitest';
import { listProblems, placeError, placeErrors, sentence } from './errors.js';

describe('placing an API error on a form', () => {
  const fields = ['title', 'hours', 'reasons', 'emails', 'workingHours.end', 'couldDo'];

  it.each([
    [
      { message: 'hours: expected the estimated effort in hours, e.g. 6 or 1.5', field: 'hours' },
      'hours',
      'Expected the estimated effort in hours, e.g. 6 or 1.5.',
    ],
    [
      { message: 'emails.1: expected an email address such as you@example.com', field: 'emails.1' },
      'emails',
      'Expected an email address such as you@example.com.',
    ],
    [
      { message: 'workingHours.end: expected the working day to end after it starts' },
      'workingHours.end',
      'Expected the working day to end after it starts.',
    ],
    [
      { message: 'reasons: unknown reason "x"; expected one of: a, b', field: 'reasons' },
      'reasons',
      'Unknown reason "x"; expected one of: a, b.',
    ],
    [
      { message: 'There is no profile yet: run `handson init` first.' },
      undefined,
      'There is no profile yet: run `handson init` first.',
    ],
    [
      { message: 'due: expected a date as YYYY-MM-DD', field: 'due' },
      undefined,
      'Due: expected a date as YYYY-MM-DD.',
    ],
  ])('%o goes to %s', (error, field, text) => {
    expect(placeError(error, fields)).toEqual({ field, text });
  });

  it('keeps a message whole when the field is only named in `field`', () => {
    expect(
      placeError({ message: '"x" is a built-in reason; choose another id.', field: 'title' }, fields),
    ).toEqual({ field: 'title', text: '"x" is a built-in reason; choose another id.' });
  });

  it('places every bad field when the server names several', () => {
    expect(
      placeErrors(
        {
          message: 'title: expected a non-empty title; hours: expected an estimate greater than 0 hours',
          field: 'title',
          problems: [
            { field: 'title', message: 'expected a non-empty title' },
            { field: 'hours', message: 'expected an estimate greater than 0 hours' },
            { field: 'nowhere.3', message: 'expected a number' },
          ],
        },
        fields,
      ),
    ).toEqual([
      { field: 'title', text: 'Expected a non-empty title.' },
      { field: 'hours', text: 'Expected an estimate greater than 0 hours.' },
      { field: undefined, text: 'nowhere.3: expected a number.' },
    ]);
    expect(placeErrors({ message: 'Not found.' }, fields)).toEqual([
      { field: undefined, text: 'Not found.' },
    ]);
  });

  it('ends every message as a sentence', () => {
    expect(sentence('expected 1 to 5')).toBe('Expected 1 to 5.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('rules[2].category: expected one of: a, b')).toBe(
      'rules[2].category: expected one of: a, b.',
    );
  });
});

describe('rules file problems', () => {
  it('lists each problem on its own', () => {
    expect(
      listProblems(
        'The rules file has 2 problems — rules[0].when.title: expected a list; x; rules[2].category: expected one of: a, b.',
      ),
    ).toEqual(['rules[0].when.title: expected a list; x', 'rules[2].category: expected one of: a, b']);
  });

  it('keeps a single message as it is', () => {
    expect(listProblems('The rules file is empty.')).toEqual(['The rules file is empty.']);
  });
});
