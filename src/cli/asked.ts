import { z } from 'zod';
import { asked } from '../domain/fields.js';
import { num, str } from './args.js';
import type { CommandContext, OptionsConfig } from './command.js';

/**
 * The inputs a command takes as they come, from the schema: each field that carries a question
 * (`asked` in domain/fields.ts) is a flag named after it, a part of the usage line, and a question
 * on a terminal when the flag was not given. A new input of this kind is one line in the record.
 */
export interface Question {
  field: string;
  flag: string;
  prompt: string;
  kind: 'boolean' | 'number' | 'text';
}

const kebab = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function kindOf(schema: z.core.$ZodType): Question['kind'] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) {
    return kindOf(schema._zod.def.innerType);
  }
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodNumber) return 'number';
  return 'text';
}

/** The fields of `input` that carry a question, in the order of the schema. */
export function questions(input: z.ZodObject): Question[] {
  return Object.entries(input.shape).flatMap(([field, schema]) => {
    const meta = asked.get(schema);
    return meta ? [{ field, flag: kebab(field), prompt: meta.prompt, kind: kindOf(schema) }] : [];
  });
}

export function questionOptions(qs: readonly Question[]): OptionsConfig {
  return Object.fromEntries(qs.map((q) => [q.flag, { type: q.kind === 'boolean' ? 'boolean' : 'string' }]));
}

/** `[--critical-path] [--stakeholders N]`. */
export function questionUsage(qs: readonly Question[]): string {
  return qs
    .map((q) =>
      q.kind === 'boolean' ? `[--${q.flag}]` : `[--${q.flag} ${q.kind === 'number' ? 'N' : 'TEXT'}]`,
    )
    .join(' ');
}

/**
 * The answers the flags give; on a terminal, the others asked for. A yes/no flag that is absent is
 * a no without a terminal. The handler's schema checks the values: numbers that do not parse go on
 * as text so that it names the flag and what it expects.
 */
export async function answers<T>(
  cx: CommandContext,
  qs: readonly Question[],
  ask: boolean,
): Promise<Partial<T>> {
  const out: Record<string, unknown> = {};
  for (const q of qs) {
    if (q.kind === 'boolean') {
      out[q.field] = cx.values[q.flag] === true || (ask && (await cx.prompt.confirm(q.prompt)));
      continue;
    }
    const text =
      str(cx, q.flag) ??
      (ask ? (await cx.prompt.text(q.prompt, { optional: true })) || undefined : undefined);
    out[q.field] = q.kind === 'number' ? num(text) : text;
  }
  // The fields are the schema's own (see questions), so this is the input's shape.
  return out as Partial<T>;
}
