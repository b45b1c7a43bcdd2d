import type { z } from 'zod';
import { AppError, type Problem } from '../errors.js';
import type { AppContext } from './context.js';

/**
 * A use case: the schema of its input and what it does. Every surface — the CLI, the HTTP API,
 * the tests — calls handlers through `invoke`, so input is validated once, here, the same way.
 */
export interface Handler<S extends z.ZodType, O> {
  summary: string;
  /**
   * Changes nothing the user entered (it may refresh derived caches such as day models), so the
   * HTTP API also answers it on GET. Declared here, beside the use case, rather than in a list kept
   * by each surface.
   */
  readOnly?: boolean;
  input: S;
  run(ctx: AppContext, input: z.output<S>): Promise<O>;
}

// biome-ignore lint/suspicious/noExplicitAny: a map holds handlers of many input/output types.
export type HandlerMap = Record<string, Handler<any, any>>;

export function handler<S extends z.ZodType, O>(h: Handler<S, O>): Handler<S, O> {
  return h;
}

export type InputOf<H> = H extends Handler<infer S, unknown> ? z.input<S> : never;
export type OutputOf<H> = H extends Handler<z.ZodType, infer O> ? O : never;

export async function invoke<S extends z.ZodType, O>(
  h: Handler<S, O>,
  ctx: AppContext,
  raw: z.input<S>,
): Promise<O> {
  return h.run(ctx, parseInput(h.input, raw));
}

/**
 * Validates `raw` against `schema`. A failure becomes one AppError that names every bad field
 * (the first message for each), `title: …; hours: …`, so a person fixes them all in one go.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const byField = new Map<string, string>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const problems: Problem[] = [...byField].map(([field, message]) => ({ field, message }));
  const first = problems[0]!;
  const message = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  throw new AppError('invalid', message, {
    ...(first.field ? { field: first.field } : {}),
    ...(problems.length > 1 ? { problems } : {}),
  });
}
