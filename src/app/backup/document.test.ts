import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { parseDocument } from './document.js';
import { backup } from './test-support/document.js';

/** The backup with the value at `path` replaced, refused: the error. */
function refusal(path: (string | number)[], value: unknown): AppError {
  const doc: Record<string | number, unknown> = backup();
  let at = doc;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  try {
    parseDocument(doc);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the backup to be refused');
}

const question = (id: string) => ({ id, text: 'Who would learn if you stepped back?' });

describe('a backup is checked with the rules of the commands that make its records', () => {
  it.each<[string, (string | number)[], unknown, string]>([
    ['a reason id __proto__', ['reasons', 0, 'id'], '__proto__', 'lowercase id'],
    ['a reason id with spaces', ['reasons', 0, 'id'], 'has space', 'lowercase id'],
    ['a built-in reason id', ['reasons', 0, 'id'], 'escape', 'no built-in reason has'],
    ['a reason kind', ['reasons', 0, 'kind'], 'great', 'good or watch-out'],
    ['an empty reason title', ['reasons', 0, 'title'], ' ', 'non-empty title'],
    [
      'a question id twice',
      ['reasons', 0, 'questions'],
      [question('q1'), question('q1')],
      'each question id once',
    ],
    ['seven signals', ['reasons', 0, 'signals'], Array(7).fill('Again.'), 'at most 6 signals'],
    ['a session reason __proto__', ['sessions', 0, 'reasons'], ['__proto__'], 'lowercase id'],
    ['a session without reasons', ['sessions', 0, 'reasons'], [], 'at least one'],
    ['a session of 0 minutes', ['sessions', 0, 'minutes'], 0, 'from 1 to 1440'],
    ['a session over a day', ['sessions', 0, 'minutes'], 1441, 'from 1 to 1440'],
    ['a session energy of 9', ['sessions', 0, 'energyAfter'], 9, 'whole number from 1'],
    ['an empty session title', ['sessions', 0, 'title'], '', 'non-empty title'],
    ['a check of 0 hours', ['checks', 0, 'input', 'hours'], 0, 'greater than 0'],
    ['a check reason with spaces', ['checks', 0, 'input', 'reasons'], ['Has Space'], 'lowercase id'],
    ['a title of 301 characters', ['commitments', 0, 'title'], 'x'.repeat(301), 'at most 300'],
    ['an empty action', ['actions', 0, 'text'], '', 'non-empty gap'],
    [
      'an answer without its prompt',
      ['reflections', 0, 'answers'],
      [{ prompt: '', answer: 'Yes' }],
      'prompt text',
    ],
    ['a one-letter flag fingerprint', ['flagReviews', 0, 'fingerprint'], 'x', 'flag id'],
    ['negative reports', ['profile', 'reports'], -1, '0 or more'],
    ['an email that is none', ['profile', 'emails'], ['dana'], 'email address'],
  ])('refuses %s, naming the field', (_, path, value, expected) => {
    const e = refusal(path, value);
    expect(e.code).toBe('invalid');
    expect(e.field).toMatch(new RegExp(`^${path.join('\\.')}`));
    expect(e.message).toMatch(new RegExp(`^${e.field!.replaceAll('.', '\\.')}: .*${expected}`));
  });

  it('names the record by its id and the value found', () => {
    expect(refusal(['sessions', 0, 'reasons'], ['hero-mode', '__proto__']).message).toBe(
      'sessions.0.reasons.1: expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice, not "__proto__" (id "s1").',
    );
  });
});

describe('a backup holds only the fields Hands-on knows', () => {
  // A record field the export writes but this schema does not list would otherwise be dropped
  // on the way back in, silently. Refusing it makes the round-trip tests fail the day a record
  // grows a field that document.ts does not carry yet.
  it.each<[string, (string | number)[]]>([
    ['the document', []],
    ['the profile', ['profile']],
    ['a reason', ['reasons', 0]],
    ['a reason question', ['reasons', 0, 'questions', 0]],
    ['a check', ['checks', 0]],
    ['a check input', ['checks', 0, 'input']],
    ['a check result', ['checks', 0, 'result']],
    ['a check line', ['checks', 0, 'result', 'lines', 0]],
    ['a session', ['sessions', 0]],
    ['a commitment', ['commitments', 0]],
    ['a postponement', ['commitments', 0, 'postponements', 0]],
    ['an action', ['actions', 0]],
    ['a reflection', ['reflections', 0]],
    ['a flag review', ['flagReviews', 0]],
  ])('refuses a field it does not know in %s, naming it', (_, path) => {
    const doc: Record<string | number, unknown> = backup();
    let at = doc;
    for (const key of path) at = at[key] as Record<string | number, unknown>;
    at['mood'] = 'sunny';
    let error: unknown;
    try {
      parseDocument(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/unrecognized key.*"mood"/i);
    expect((error as AppError).message.startsWith(path.length === 0 ? 'document' : path.join('.'))).toBe(
      true,
    );
  });
});
