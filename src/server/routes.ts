import type { ZodType } from 'zod';
import type { Handler, HandlerMap } from '../app/handler.js';
import { fileFields } from './schema-shape.js';

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
  /**
   * Also answered on GET, with the input in the query string (`GET /api/week/summary?date=…`), so
   * a browser tab or `curl` can look without a body: the handler declares it only reads.
   */
  get: boolean;
  /** `/api/<feature>/<handler>.<extension>`: the answer as a file to save (handler.ts `file`), on GET. */
  filePath?: string;
}

/** One route per handler of every feature, in the order the features list them. */
export function routesOf(features: Record<string, HandlerMap>): Route[] {
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
        get: handler.readOnly === true && files.length === 0,
        // A file is fetched by following a link, which only ever GETs.
        ...(handler.file !== undefined && handler.readOnly === true && files.length === 0
          ? { filePath: `/api/${feature}/${name}.${handler.file.extension}` }
          : {}),
      };
    }),
  );
}
