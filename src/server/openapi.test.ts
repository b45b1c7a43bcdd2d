import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handler } from '../app/handler.js';
import { FEATURES } from '../app/index.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { inputSchema, openApiDocument } from './openapi.js';
import { routesOf } from './routes.js';
import { sessionCookieName } from './session.js';
import { testApi } from './test-support/api.js';

// biome-ignore lint/suspicious/noExplicitAny: a test walks the generated document freely.
type Json = Record<string, any>;

const doc = openApiDocument(routesOf(FEATURES), sessionCookieName(4790)) as Json;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 JSON with one operation per handler of every feature, summarised by the handler', () => {
    expect(doc['openapi']).toBe('3.1.0');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    for (const [feature, handlers] of Object.entries(FEATURES)) {
      for (const [name, h] of Object.entries(handlers)) {
        const op = doc['paths'][`/api/${feature}/${name}`]?.post;
        expect(op, `${feature}.${name}`).toBeDefined();
        expect(op.summary).toBe(h.summary);
        expect(op.tags).toEqual([feature]);
        expect(op.responses['200']).toBeDefined();
        expect(op.responses['400'].content['application/json'].schema).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
    const ids = Object.values(doc['paths']).flatMap((item) =>
      Object.values(item as Json).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says who may call each use case and what it writes, from the handler’s declarations', () => {
    const log = doc['paths']['/api/journal/log'];
    expect(log.post['x-access']).toBe('owner');
    expect(log.post['x-touches']).toEqual(['journal']);
    expect(log.get).toBeUndefined();
    const week = doc['paths']['/api/week/summary'];
    expect(week.post['x-touches']).toEqual([]);
    expect(week.get['x-touches']).toEqual([]);
    expect(doc['paths']['/api/profile/init'].post['x-touches']).toEqual(['profile', 'settings', 'evidence']);
  });

  it('describes each request body from the handler’s schema: fields, required ones, limits, defaults', () => {
    const log = doc['paths']['/api/journal/log'].post.requestBody.content['application/json'].schema;
    expect(log.type).toBe('object');
    expect(log.required).toEqual(['title', 'reasons']);
    expect(log.properties.minutes).toMatchObject({ type: 'integer', maximum: 1440 });
    expect(log.properties.gaps).toMatchObject({ type: 'array', default: [] });
    expect(log['$schema']).toBeUndefined();
  });

  it('describes file imports as multipart uploads with binary files, never as JSON', () => {
    for (const path of ['/api/imports/ics', '/api/imports/tracker']) {
      const body = doc['paths'][path].post.requestBody;
      expect(Object.keys(body.content)).toEqual(['multipart/form-data']);
      const files = body.content['multipart/form-data'].schema.properties.files;
      expect(files).toMatchObject({ type: 'array', items: { type: 'string', format: 'binary' } });
      expect(body.required).toBe(true);
    }
    const tracker =
      doc['paths']['/api/imports/tracker'].post.requestBody.content['multipart/form-data'].schema;
    expect(tracker.properties.source).toMatchObject({ enum: ['jira', 'github', 'linear'] });
  });

  it('describes GET aliases with query parameters', () => {
    const get = doc['paths']['/api/insight/report'].get;
    expect(get.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ['from', 'query', true],
      ['to', 'query', true],
    ]);
    expect(doc['paths']['/api/journal/log'].get).toBeUndefined();
  });

  it('describes the files a use case also serves to save, on GET beside its JSON', () => {
    const file = doc['paths']['/api/commitments/invitation.ics'];
    expect(Object.keys(file)).toEqual(['get']);
    expect(file.get.parameters.map((p: Json) => [p.name, p.required])).toEqual([['id', true]]);
    expect(Object.keys(file.get.responses['200'].content)).toEqual(['text/calendar']);
    expect(doc['paths']['/api/commitments/list.ics']).toBeUndefined();
  });

  it('never breaks on a schema JSON Schema cannot say: it falls back to a plain description', () => {
    const routes = routesOf({
      odd: {
        when: handler({
          access: 'owner',
          touches: [],
          summary: 'Takes a date object.',
          input: z.object({ at: z.date() }),
          run: async () => 1,
        }),
        fn: handler({
          access: 'owner',
          touches: [],
          summary: 'Takes anything.',
          input: z.custom<() => void>(),
          run: async () => 1,
        }),
      },
    });
    for (const r of routes) expect(() => inputSchema(r)).not.toThrow();
    const odd = openApiDocument(routes, sessionCookieName(4790)) as Json;
    expect(odd['paths']['/api/odd/when'].post.summary).toBe('Takes a date object.');
  });

  it('states how to authenticate: the session cookie of this port, or the Bearer key', () => {
    expect(doc['components']['securitySchemes']).toEqual({
      cookie: { type: 'apiKey', in: 'cookie', name: 'handson_session_4790' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
  });
});

describe.each(engines)('GET /api/openapi.json on %s', (engine) => {
  const h = useStore(engine);
  it('serves the document', async () => {
    const api = testApi(h().store);
    const res = await api.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const served = (await res.json()) as Json;
    expect(served['openapi']).toBe('3.1.0');
    expect(Object.keys(served['paths'])).toContain('/api/week/summary');
  });
});
