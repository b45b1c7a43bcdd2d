import type { ZodType } from 'zod';

/**
 * Just enough of a handler's zod schema to carry its input over HTTP forms and query strings,
 * where every value arrives as text (or a file): which fields are lists, numbers, booleans or
 * uploaded files. Validation itself stays with the schema (`parseInput`); this only decides how
 * to hand it the text.
 */

interface Def {
  type: string;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  shape?: Record<string, unknown>;
}

function defOf(schema: unknown): Def | undefined {
  const zod = (schema as { _zod?: { def?: Def } } | undefined)?._zod;
  return zod?.def;
}

/** The schema under optional/default/nullable/readonly/pipe wrappers. */
function unwrap(schema: unknown): Def | undefined {
  let def = defOf(schema);
  for (let i = 0; def && i < 20; i++) {
    if (def.innerType !== undefined) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in !== undefined) def = defOf(def.in);
    else break;
  }
  return def;
}

/** The fields of an object schema (refinements keep the shape), or undefined for anything else. */
export function objectShape(schema: ZodType): Record<string, unknown> | undefined {
  const def = unwrap(schema);
  return def?.type === 'object' ? def.shape : undefined;
}

export type FieldKind = 'list' | 'number' | 'boolean' | 'json' | 'text';

/** How a text value for this field is read: lists repeat the field, objects come as JSON text. */
export function fieldKind(field: unknown): FieldKind {
  const type = unwrap(field)?.type;
  if (type === 'array' || type === 'tuple' || type === 'set') return 'list';
  if (type === 'number' || type === 'int' || type === 'bigint') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'object' || type === 'record' || type === 'map' || type === 'unknown' || type === 'any')
    return 'json';
  return 'text';
}

/** How each item of a list field is read (`text` when the field is not a list). */
export function itemKind(field: unknown): FieldKind {
  const list = unwrap(field);
  return list?.type === 'array' ? fieldKind(list.element) : 'text';
}

/** A list of `{ name, bytes }` files: the one input that travels as a multipart upload. */
export function isFileList(field: unknown): boolean {
  const list = unwrap(field);
  if (list?.type !== 'array') return false;
  const item = unwrap(list.element);
  const bytes = item?.type === 'object' ? unwrap(item.shape?.['bytes']) : undefined;
  return bytes?.type === 'custom' && item?.shape?.['name'] !== undefined;
}

/** The top-level fields of `schema` that carry file contents. */
export function fileFields(schema: ZodType): string[] {
  return Object.entries(objectShape(schema) ?? {})
    .filter(([, field]) => isFileList(field))
    .map(([name]) => name);
}
