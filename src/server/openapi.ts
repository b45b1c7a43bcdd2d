import { type ZodType, z } from 'zod';
import type { Route } from './routes.js';

/**
 * The OpenAPI 3.1 description of the API, generated from the handlers' own input schemas so it
 * cannot drift from what the server accepts. Refinements that JSON Schema cannot say (a date that
 * must exist, "minutes or start and end") are left to the error answers; a schema that cannot be
 * described at all is described as "any JSON" rather than breaking the document.
 */

type Json = Record<string, unknown>;

const BINARY = { type: 'string' as const, format: 'binary', contentMediaType: 'application/octet-stream' };

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description: 'A stable machine code: invalid, not-found, conflict, no-profile, unauthorized, …',
        },
        message: {
          type: 'string',
          description: 'One sentence for a person: what was wrong, what is expected.',
        },
        field: {
          type: 'string',
          description: 'The input field at fault, when there is one (the first of several).',
        },
        problems: {
          type: 'array',
          description: 'Every bad field, when there are several; the message names them all too.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const ERROR_STATUSES: Record<string, string> = {
  '400': 'The input is not valid; the message names the field and what is expected.',
  '401': 'The request carries neither a valid session cookie nor the server key as a Bearer header.',
  '403':
    'Refused: wrong Host, a change requested from another site, or a caller the use case does not admit (x-access).',
  '404': 'Something named in the input does not exist.',
  '409': 'In conflict with what is stored (e.g. no profile yet: run init first).',
  '413': 'The request body is larger than the server accepts.',
  '415': 'The body is not JSON (or, for uploads, not multipart/form-data).',
  '422': 'A file to import is not what it claims to be.',
  '500': 'A bug; the details are in the server log, never in the answer.',
  '503': 'The store cannot be reached.',
};

/** The input as JSON Schema; files (which JSON cannot hold) as binary parts of a multipart body. */
export function inputSchema(route: Route, defs: Map<string, Json> = new Map()): Json {
  let schema: Json;
  try {
    schema = z.toJSONSchema(route.handler.input, {
      io: 'input',
      unrepresentable: (ctx) => (ctx.zodSchema._zod.def.type === 'custom' ? BINARY : 'any'),
    }) as Json;
  } catch (e) {
    return { description: `This input could not be described (${(e as Error).message}); send JSON.` };
  }
  delete schema['$schema'];
  const props = schema['properties'] as Record<string, Json> | undefined;
  if (props) {
    for (const f of route.fileFields) {
      props[f] = {
        type: 'array',
        items: BINARY,
        description: 'One or more files: repeat the form field once per file; each part keeps its file name.',
      };
    }
  }
  return hoistDefs(schema, route.operationId, defs);
}

/**
 * `$defs` inside a schema would resolve against the whole document once embedded; move them to
 * components under a name of their own (`<operationId>.<def>`) and point the references there.
 */
function hoistDefs(schema: Json, prefix: string, into: Map<string, Json>): Json {
  const defs = schema['$defs'] as Record<string, Json> | undefined;
  if (!defs) return schema;
  delete schema['$defs'];
  const rename = (name: string) => `${prefix}.${name}`;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] =
        k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(x.slice('#/$defs/'.length))}`
          : walk(x);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) into.set(rename(name), walk(def) as Json);
  return walk(schema) as Json;
}

function responses(): Json {
  const out: Json = {
    '200': {
      description: 'Done: the use case’s result is in `data`.',
      content: {
        'application/json': { schema: { type: 'object', required: ['data'], properties: { data: {} } } },
      },
    },
  };
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    out[status] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

function queryParameters(schema: Json): Json[] {
  const props = (schema['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: s,
    // Lists repeat the parameter (`?emails=a&emails=b`); objects come as JSON text.
    ...(s['type'] === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

/** `cookie`: the session cookie's name, which carries the server's port (session.ts). */
export function openApiDocument(routes: readonly Route[], cookie: string): Json {
  const defs = new Map<string, Json>();
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const schema = inputSchema(r, defs);
    const upload = r.fileFields.length > 0;
    const common = {
      tags: [r.feature],
      summary: r.handler.summary,
      // The handler's own declarations (handler.ts), for a client or a reviewer: who may call it,
      // and which kinds of records it writes (none: it only reads).
      'x-access': r.handler.access,
      'x-touches': r.handler.touches ?? [],
      responses: responses(),
    };
    const item: Json = {
      post: {
        ...common,
        operationId: r.operationId,
        requestBody: {
          required: upload,
          content: upload
            ? {
                'multipart/form-data': {
                  schema,
                  encoding: Object.fromEntries(
                    r.fileFields.map((f) => [f, { contentType: 'application/octet-stream' }]),
                  ),
                },
              }
            : { 'application/json': { schema } },
        },
      },
    };
    if (r.get) {
      item['get'] = { ...common, operationId: `${r.operationId}Get`, parameters: queryParameters(schema) };
    }
    paths[r.path] = item;
    if (r.filePath !== undefined && r.handler.file !== undefined) {
      const ok = responses() as Record<string, Json>;
      paths[r.filePath] = {
        get: {
          ...common,
          operationId: `${r.operationId}File`,
          summary: `${r.handler.summary} As a file to save.`,
          parameters: queryParameters(schema),
          responses: {
            ...ok,
            '200': {
              description: 'The file, as an attachment to save.',
              content: { [r.handler.file.type.split(';')[0]!]: { schema: { type: 'string' } } },
            },
          },
        },
      };
    }
  }
  paths['/api/openapi.json'] = {
    get: {
      tags: ['meta'],
      operationId: 'openApi',
      summary: 'This document.',
      responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } },
    },
  };
  const features = [...new Set(routes.map((r) => r.feature))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hands-on local API',
      version: '1.0.0',
      description:
        'Every Hands-on use case over HTTP, on this machine only. POST /api/<feature>/<use case> with a ' +
        'JSON body (imports take multipart/form-data uploads); read-only use cases also answer GET ' +
        'with the input in the query string. Answers are { "data": … }; errors are ' +
        '{ "error": { "code", "message" } } with a matching HTTP status. Every request carries the ' +
        'proof of the server key: the session cookie that opening the printed address sets (good for ' +
        '30 days; it is not the key and is refused as Bearer), or the key itself as ' +
        'Authorization: Bearer KEY.',
    },
    servers: [{ url: '/' }],
    security: [{ cookie: [] }, { bearer: [] }],
    tags: [...features.map((name) => ({ name })), { name: 'meta' }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA, ...Object.fromEntries(defs) },
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: cookie },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}

/** A route of the organisation's server described by its spec (team/route-spec.ts), not a handler. */
export interface DescribedRoute {
  method: 'GET' | 'POST';
  /** Hono's form, `/api/shares/item/:id`. */
  path: string;
  summary: string;
  access: string;
  input?: ZodType | undefined;
  produces?: string | undefined;
}

/** `/api/shares/item/:id` as OpenAPI writes it, `/api/shares/item/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

function describedOperation(r: DescribedRoute, defs: Map<string, Json>): Json {
  const operationId = `${r.method.toLowerCase()}${r.path
    .replace(/^\/api/, '')
    .split(/[/.:-]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}`;
  let schema: Json | undefined;
  if (r.input !== undefined) {
    schema = z.toJSONSchema(r.input, { io: 'input', unrepresentable: 'any' }) as Json;
    delete schema['$schema'];
    schema = hoistDefs(schema, operationId, defs);
  }
  const pathParameters = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const ok = responses() as Record<string, Json>;
  return {
    tags: [r.path.split('/')[2] ?? 'meta'],
    summary: r.summary,
    operationId,
    'x-access': r.access,
    ...(r.method === 'POST'
      ? { requestBody: { required: false, content: { 'application/json': { schema: schema ?? {} } } } }
      : {}),
    parameters: [...pathParameters, ...(r.method === 'GET' && schema ? queryParameters(schema) : [])],
    responses:
      r.produces === undefined
        ? ok
        : {
            ...ok,
            '200': { description: 'Done.', content: { [r.produces]: { schema: { type: 'string' } } } },
          },
  };
}

/**
 * The organisation's server's document: the journal's use cases from their handlers, as for the
 * local server, each acting on the signed-in person's own journal; and the server's own routes
 * (accounts, coaching, sharing, push) from their specs. Sign-in is the session cookie; a laptop's
 * push token is the only Bearer it takes.
 */
export function teamOpenApiDocument(
  routes: readonly Route[],
  described: readonly DescribedRoute[],
  cookie: string,
): Json {
  const doc = openApiDocument(routes, cookie);
  const paths = doc['paths'] as Record<string, Json>;
  const schemas = (doc['components'] as { schemas: Json }).schemas;
  delete paths['/api/openapi.json'];
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item) as Json[]) op['x-access'] = 'own-journal';
  }
  const defs = new Map<string, Json>();
  for (const r of described) {
    const path = openApiPath(r.path);
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: describedOperation(r, defs) };
  }
  Object.assign(schemas, Object.fromEntries(defs));
  const tags = [
    ...new Set(
      Object.values(paths).flatMap((item) =>
        Object.values(item).flatMap((op) => (op as Json)['tags'] as string[]),
      ),
    ),
  ];
  return {
    ...doc,
    info: {
      title: 'Hands-on organisation server API',
      version: '1.0.0',
      description:
        'The journal use cases, each on the signed-in person’s own journal, and the organisation’s ' +
        'accounts, coaching, sharing and push. Changes take JSON only and must carry the server’s ' +
        'public address as Origin. Answers are { "data": … }; errors are { "error": { "code", ' +
        '"message" } }. `x-access` says who may call each operation.',
    },
    security: [{ cookie: [] }],
    tags: tags.map((name) => ({ name })),
    components: {
      schemas,
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: cookie },
        pushToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A laptop’s push token: /api/push/* only.',
        },
      },
    },
  };
}
