import type { z } from 'zod';
import { AppError, type Problem } from '../errors.js';
import type { Store } from '../store/store.js';
import type { AppContext } from './context.js';
import { type RecordKind, trackDays } from './insight/day-tracking.js';
import { clockTurn, memo } from './memo.js';

export type { RecordKind };

/**
 * Who may call a use case. `owner`: only the person whose journal the store holds
 * (`ctx.actor.id === ctx.store.ownerId`). A new kind of caller (issue 11's coach or admin) is one
 * more name here and one more rule in `ACCESS`; each handler then says which it admits.
 */
export type Access = 'owner';

const ACCESS: Record<Access, (ctx: AppContext) => boolean> = {
  owner: (ctx) => ctx.actor.id === ctx.store.ownerId,
};

interface HandlerBase<S extends z.ZodType, O> {
  summary: string;
  /** Who may call it; checked by `invoke` before the input is even read. */
  access: Access;
  input: S;
  run(ctx: AppContext, input: z.output<S>): Promise<O>;
  /**
   * Its answer is also a file a person keeps (a calendar invitation): the HTTP API then serves it
   * as one on `GET <path>.<extension>`, to be saved, besides the JSON answer scripts read.
   */
  file?: FileAnswer<NoInfer<O>>;
}

export interface FileAnswer<O> {
  /** Without the dot: `ics`. */
  extension: string;
  /** Its media type: `text/calendar; charset=utf-8`. */
  type: string;
  /** The file's name (offered when it is saved) and its content, from the handler's answer. */
  of(output: O): { name: string; body: string };
}

/**
 * Changes nothing the user entered (it may refresh derived caches such as day models), so the
 * HTTP API also answers it on GET, and `invoke` gives it a store that refuses any other write.
 */
interface ReadOnly {
  readOnly: true;
  /**
   * Its answer depends on nothing but the owner's data, its input and the clock's minute, so
   * `invoke` keeps the last answer (memo.ts) under the data version, the minute and the input, and
   * a read that finds them unchanged costs one query: the version. The dashboard asks for three
   * such answers on every load, on every instance of an organisation's server.
   */
  kept?: true;
  touches?: never;
  transaction?: never;
}

/**
 * Writes records of the kinds in `touches`, and nothing else (the store `invoke` hands it refuses
 * any other write, so the declaration cannot drift from the code). The days whose models those
 * writes change are marked for recomputing by `invoke`, not by the handler.
 */
interface Writes {
  readOnly?: false;
  kept?: never;
  touches: readonly RecordKind[];
  /**
   * `invoke` (the default): the whole run is one store transaction. `own`: the handler opens its
   * own — it talks to a server or reads files first, or saves each file of an import on its own so
   * one bad file does not undo the others (a nested transaction would join the outer one, and a
   * failure caught inside it would no longer be rolled back).
   */
  transaction?: 'invoke' | 'own';
}

/**
 * A use case: who may call it, the schema of its input, what it writes, and what it does. Every
 * surface — the CLI, the HTTP API, the tests — calls handlers through `invoke`, so each call is
 * authorised, validated, run in a transaction and followed by the same invalidation, once, here.
 */
export type Handler<S extends z.ZodType, O> = HandlerBase<S, O> & (ReadOnly | Writes);

// biome-ignore lint/suspicious/noExplicitAny: a map holds handlers of many input/output types.
export type HandlerMap = Record<string, Handler<any, any>>;

export function handler<S extends z.ZodType, O>(h: Handler<S, O>): Handler<S, O> {
  return h;
}

export type InputOf<H> = H extends Handler<infer S, unknown> ? z.input<S> : never;
export type OutputOf<H> = H extends Handler<z.ZodType, infer O> ? O : never;

/**
 * The one way a use case runs, from every surface: authorise → validate → run (in one transaction
 * when it writes, unless it manages its own) → mark the days its writes changed. Refused callers
 * learn nothing about the input's shape: authorisation comes first.
 */
export async function invoke<S extends z.ZodType, O>(
  h: Handler<S, O>,
  ctx: AppContext,
  raw: z.input<S>,
): Promise<O> {
  if (!ACCESS[h.access](ctx)) {
    throw new AppError('forbidden', 'Only the owner of this journal may do that.');
  }
  const input = parseInput(h.input, raw);
  if (h.readOnly) {
    const reading = readOnly(ctx);
    if (!h.kept) return h.run(reading, input);
    // The version before anything else is read (memo.ts): an answer computed while a write lands
    // is kept under the older version, which no later read will match.
    const version = await reading.store.dataVersion();
    const key = `${version}|${clockTurn(ctx.now(), ctx.store.ownerId)}|${JSON.stringify(input)}`;
    return memo(reading.store, h, key, () => h.run(reading, input));
  }
  const touches = new Set(h.touches);
  if (h.transaction === 'own') {
    // Each transaction the handler opens marks its own days before it commits (day-tracking.ts).
    return h.run({ ...ctx, store: trackDays(ctx.store, touches, false) }, input);
  }
  return ctx.store.transaction(async (tx) => {
    const store = trackDays(tx, touches, true);
    const out = await h.run({ ...ctx, store }, input);
    await store.flush();
    return out;
  });
}

const readOnlyStores = new WeakMap<Store, Store>();
const readOnlyContexts = new WeakMap<AppContext, AppContext>();

/**
 * The context a read-only handler runs with: its store refuses every write but the derived caches
 * (day-tracking.ts), so `readOnly` cannot drift from the code either. One per store and one per
 * context, kept: results are cached per store (memo.ts) and refreshes shared per context
 * (model.ts `ensureFresh`), and a wrapper made per call would defeat both.
 */
function readOnly(ctx: AppContext): AppContext {
  let derived = readOnlyContexts.get(ctx);
  if (derived === undefined) {
    let store = readOnlyStores.get(ctx.store);
    if (store === undefined) {
      store = trackDays(ctx.store, new Set(), false);
      readOnlyStores.set(ctx.store, store);
    }
    derived = { ...ctx, store };
    readOnlyContexts.set(ctx, derived);
  }
  return derived;
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
