import type { Context } from 'hono';
import type { z } from 'zod';
import { parseInput } from '../../app/handler.js';
import { AppError } from '../../errors.js';

/**
 * The JSON body of a request to the organisation's server, validated once, here at the edge, the
 * way every use case's input is: one AppError naming every wrong field.
 */
export async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (e) {
    throw new AppError('invalid', `The request body is not valid JSON: ${(e as Error).message}.`);
  }
  return parseInput(schema, raw);
}
