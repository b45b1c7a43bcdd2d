import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { Route } from './routes.js';
import { fieldKind, itemKind, objectShape } from './schema-shape.js';

/**
 * Turns a request into the raw input of a route's handler — JSON body, multipart upload or query
 * string — without judging it: the handler's schema does that, the same way for every surface.
 * Only what is not about the input (an unreadable body, the wrong media type) is refused here.
 */

/** The body's media type is wrong for this route: 415, with what to send instead. */
export class UnsupportedMediaType extends Error {}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** One text value as its field expects it; what cannot be read is passed on for the schema to name. */
function fromText(kind: ReturnType<typeof fieldKind>, text: string): unknown {
  switch (kind) {
    case 'number':
      return NUMBER.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/**
 * Text fields (a query string, a form) as an input object: a list field takes every value given
 * for it (`?emails=a&emails=b`), any other field its single value.
 */
export function fieldsToInput(route: Route, entries: Iterable<[string, string]>): Record<string, unknown> {
  const shape = objectShape(route.handler.input) ?? {};
  const values = new Map<string, string[]>();
  for (const [k, v] of entries) values.set(k, [...(values.get(k) ?? []), v]);
  const input: Record<string, unknown> = {};
  for (const [k, texts] of values) {
    const field = shape[k];
    if (field === undefined) {
      input[k] = texts.length === 1 ? texts[0] : texts;
      continue;
    }
    const kind = fieldKind(field);
    if (kind === 'list') {
      // A list of objects (reflection answers) comes as one JSON object per value, or one JSON array.
      const item = itemKind(field);
      input[k] = texts.flatMap((t) => {
        const v = fromText(item, t);
        return item === 'json' && Array.isArray(v) ? v : [v];
      });
    } else if (texts.length > 1) {
      throw new AppError('invalid', `${k}: expected one value, got ${texts.length}`, { field: k });
    } else {
      input[k] = fromText(kind, texts[0]!);
    }
  }
  return input;
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  // An empty body is an empty input: `curl -X POST …/profile/show` needs no `-d '{}'`.
  if (text.trim() === '') return {};
  const type = mediaType(c);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new UnsupportedMediaType(
      `Expected a JSON body with Content-Type: application/json, not ${type || 'no content type'}.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid', `The request body is not valid JSON: ${(e as Error).message}.`);
  }
}

async function uploadBody(c: Context, route: Route): Promise<unknown> {
  const type = mediaType(c);
  if (type !== 'multipart/form-data') {
    throw new UnsupportedMediaType(
      `Expected a multipart/form-data upload with the files in ${route.fileFields.map((f) => `"${f}"`).join(', ')}, not ${type || 'no content type'}.`,
    );
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (e) {
    throw new AppError('invalid', `The upload could not be read as a form: ${(e as Error).message}.`);
  }
  const texts: [string, string][] = [];
  const input: Record<string, unknown> = {};
  // Missing files become an empty list, so the handler's own "expected at least one file" speaks.
  for (const f of route.fileFields) input[f] = [];
  for (const [k, v] of form) {
    if (route.fileFields.includes(k)) {
      if (typeof v === 'string') {
        throw new AppError('invalid', `${k}: expected a file upload, not a text field`, { field: k });
      }
      (input[k] as unknown[]).push({
        name: v.name || 'upload',
        bytes: new Uint8Array(await v.arrayBuffer()),
      });
    } else if (typeof v === 'string') {
      texts.push([k, v]);
    } else {
      throw new AppError('invalid', `${k}: expected a text field, not a file`, { field: k });
    }
  }
  return { ...fieldsToInput(route, texts), ...input };
}

/** The handler's raw input from this request; GET reads the query string, POST the body. */
export async function readInput(c: Context, route: Route): Promise<unknown> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    const query = new URL(c.req.url).searchParams;
    return fieldsToInput(route, query.entries());
  }
  return route.fileFields.length > 0 ? uploadBody(c, route) : jsonBody(c);
}
