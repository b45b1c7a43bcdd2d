import { type ZodType, z } from 'zod';

type Json = Record<string, unknown>;

/** Fields that name a record: an access test points them at someone else's record. */
export const ID_FIELDS = new Set(['id', 'checkId', 'fingerprint', 'uid', 'coachingId', 'accountId']);

/**
 * A body that passes a route's input validation, with every field that names a record set to
 * `id`. An access test that sent `{ id }` alone would mostly be refused as invalid input (a
 * missing title, say) before the use case ever looked the record up, and so prove nothing; this
 * reaches the lookup. Values are the plainest of their kind; anything that would reach beyond the
 * machine (a calendar's URL) points at an address the server refuses to fetch.
 */
export function probeBody(input: ZodType | undefined, id: string): Json {
  if (input === undefined) return {};
  let schema: Json;
  try {
    schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    return { id };
  }
  const defs = (schema['$defs'] ?? {}) as Record<string, Json>;
  const value = fill(schema, defs, id, '', 0);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : { id };
}

function fill(schema: Json, defs: Record<string, Json>, id: string, name: string, depth: number): unknown {
  if (depth > 6) return null;
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = defs[ref.replace('#/$defs/', '')];
    return target === undefined ? null : fill(target, defs, id, name, depth + 1);
  }
  if (ID_FIELDS.has(name)) return id;
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  const options = (schema['anyOf'] ?? schema['oneOf']) as Json[] | undefined;
  if (options !== undefined && options.length > 0) {
    const plain = options.find((o) => o['type'] !== 'null') ?? options[0]!;
    return fill(plain, defs, id, name, depth + 1);
  }
  const all = schema['allOf'] as Json[] | undefined;
  if (all !== undefined && all.length > 0) {
    return Object.assign({}, ...all.map((s) => fill(s, defs, id, name, depth + 1) as object));
  }
  switch (schema['type']) {
    case 'object': {
      const props = (schema['properties'] ?? {}) as Record<string, Json>;
      const required = new Set((schema['required'] ?? []) as string[]);
      const out: Json = {};
      for (const [key, s] of Object.entries(props)) {
        if (required.has(key) || ID_FIELDS.has(key)) out[key] = fill(s, defs, id, key, depth + 1);
      }
      return out;
    }
    case 'array': {
      const items = schema['items'] as Json | undefined;
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      return items === undefined || min === 0 ? [] : [fill(items, defs, id, name, depth + 1)];
    }
    case 'boolean':
      // `false`: a probe must not switch things on (an organisation requiring a second factor).
      return false;
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
      return Math.max(1, min);
    }
    case 'string':
      return stringFor(schema, name);
    default:
      return null;
  }
}

function stringFor(schema: Json, name: string): string {
  if (name === 'url') return 'http://127.0.0.1:9/calendar.ics';
  switch (schema['format']) {
    case 'date':
      return '2026-12-01';
    case 'date-time':
      return '2026-12-01T09:00:00Z';
    case 'email':
      return 'probe@probe.example';
    case 'uri':
      return 'http://127.0.0.1:9/';
  }
  if (/tz|zone/i.test(name)) return 'UTC';
  if (/week/i.test(name)) return '2026-12-01';
  if (/^(at|start|end|from|to|date|due)$/i.test(name)) return '2026-12-01';
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
  return 'probe'.padEnd(Math.max(5, min), 'e');
}
