import { describe, expect, it } from 'vitest';
import { ApiError, OFFLINE_MESSAGE, readAnswer } from './client.js';

function failure(status: number, text: string): ApiError {
  try {
    readAnswer(status, text);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('reading an answer', () => {
  it('gives the data of a success, also when it is null', () => {
    expect(readAnswer(200, '{"data":{"days":3}}')).toEqual({ days: 3 });
    expect(readAnswer(200, '{"data":null}')).toBeNull();
  });

  it('turns a refusal into an error with its code, field and status', () => {
    const e = failure(
      400,
      '{"error":{"code":"invalid","message":"hours: expected a number","field":"hours"}}',
    );
    expect([e.code, e.message, e.field, e.status]).toEqual([
      'invalid',
      'hours: expected a number',
      'hours',
      400,
    ]);
  });

  it('says the server is gone when a proxy answers for it', () => {
    expect(failure(502, 'Bad gateway').message).toBe(OFFLINE_MESSAGE);
  });

  it('names the status of an answer it cannot read', () => {
    expect(failure(200, '<html>').message).toMatch(/HTTP 200/);
    expect(failure(500, '').code).toBe('unexpected');
  });
});
