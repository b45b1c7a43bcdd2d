import type { ZodType } from 'zod';

/**
 * Who may call a route of the organisation's server that is not a journal feature. Every journal
 * feature route is `own-journal`: it acts on the caller's own journal, whoever the caller is.
 */
export type RoutePolicy = 'anyone' | 'signed-in' | 'admin' | 'own-journal' | 'leader-or-coach' | 'push-token';

/**
 * One route's entry: who may call it, what it does, and what it takes. The OpenAPI document is made
 * from these (openapi.ts `teamOpenApiDocument`), and the access test enumerates the app's router and
 * that document and fails on a route missing here — so a route cannot ship without saying who may
 * call it, nor be documented without being served.
 */
export interface RouteSpec {
  policy: RoutePolicy;
  summary: string;
  /** The JSON body (POST) or query (GET); none for a route that takes nothing. */
  input?: ZodType;
  /** What a successful answer is when it is not JSON. */
  produces?: string;
}

/** Keyed `METHOD /path`, with Hono's `:param` for path parameters. */
export type RouteSpecs = Record<string, RouteSpec>;
