import type { ZodType } from 'zod';
import type { Handler, HandlerMap } from '../app/handler.js';
import { fileFields } from './schema-shape.js';

/**
 * Use cases that only read: they are also answered on GET, with their input in the query string
 * (`GET /api/week/summary?date=2026-11-25`), so a browser tab or `curl` can look without a body.
 * Keyed `feature.handler`; a name here that no handler has is caught by a test.
 */
export const READ_ONLY: readonly string[] = [
  'profile.show',
  'reasons.list',
  'reasons.show',
  'check.list',
  'journal.list',
  'commitments.list',
  'actions.list',
  'reflections.list',
  'week.summary',
  'backup.export',
  'imports.runs',
  'git.sessions',
  'git.days',
  'calendars.list',
  'events.list',
  'rules.show',
  'rules.test',
  'insight.flags',
  'insight.weeklyReview',
  'insight.report',
];

export interface Route {
  feature: string;
  name: string;
  handler: Handler<ZodType, unknown>;
  /** `/api/<feature>/<handler>`, the handler's own name kept as it is (`/api/insight/reviewFlag`). */
  path: string;
  /** `weekSummary`: unique, and a valid identifier for generated clients. */
  operationId: string;
  /** Input fields holding files: such a use case takes a multipart/form-data upload, not JSON. */
  fileFields: string[];
  /** Also answered on GET (see READ_ONLY). */
  get: boolean;
}

/** One route per handler of every feature, in the order the features list them. */
export function routesOf(features: Record<string, HandlerMap>): Route[] {
  const readOnly = new Set(READ_ONLY);
  return Object.entries(features).flatMap(([feature, handlers]) =>
    Object.entries(handlers).map(([name, handler]): Route => {
      const files = fileFields(handler.input);
      return {
        feature,
        name,
        handler,
        path: `/api/${feature}/${name}`,
        operationId: `${feature}${name[0]!.toUpperCase()}${name.slice(1)}`,
        fileFields: files,
        // A GET has no body, so a use case that takes files cannot be one.
        get: readOnly.has(`${feature}.${name}`) && files.length === 0,
      };
    }),
  );
}
