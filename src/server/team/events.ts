import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../store/tables.js';

/**
 * Live updates across instances (issue 11). What happened is a row in `team_events`, addressed to
 * one account and holding ids only; the same transaction NOTIFYs the channel with `id:account`, so
 * the news leaves PostgreSQL only once the change is committed, and reaches every instance. An
 * instance wakes the open streams of that account, which read their new rows through the
 * account's own connection (row-level security: only rows addressed to it). A stream that was cut
 * asks again with `Last-Event-ID` and gets what it missed from the table.
 */
export type EventKind =
  | 'share-added'
  | 'share-updated'
  | 'share-revoked'
  | 'comment-added'
  | 'coaching-changed';

export interface TeamEvent {
  id: string;
  kind: EventKind;
  shareId: string | null;
  coachingId: string | null;
  at: string;
}

/** One channel per schema: tests and organisations sharing a database do not hear each other. */
export const eventChannel = (schema: string) => `handson_events.${schema}`;

export async function recordEvent(
  trx: Kysely<Database>,
  channel: string,
  event: {
    accountId: string;
    kind: EventKind;
    shareId?: string | null;
    coachingId?: string | null;
    at: Date;
  },
): Promise<void> {
  // The id is drawn first: `returning` would need the sender to be able to read a row addressed
  // to someone else, which the read policy rightly refuses.
  const { rows } = await sql<{ id: string }>`select nextval('team_events_id_seq')::text as id`.execute(trx);
  const id = rows[0]!.id;
  await sql`insert into team_events (id, account_id, kind, share_id, coaching_id, at)
    values (${id}::bigint, ${event.accountId}, ${event.kind}, ${event.shareId ?? null}, ${event.coachingId ?? null}, ${event.at})`.execute(
    trx,
  );
  await sql`select pg_notify(${channel}, ${`${id}:${event.accountId}`})`.execute(trx);
}

/** The events addressed to the connection's account after `afterId`, oldest first. */
export async function eventsAfter(
  db: Kysely<Database>,
  accountId: string,
  afterId: string,
): Promise<TeamEvent[]> {
  const { rows } = await sql<{
    id: string;
    kind: EventKind;
    share_id: string | null;
    coaching_id: string | null;
    at: Date;
  }>`select id, kind, share_id, coaching_id, at from team_events
    where account_id = ${accountId} and id > ${afterId}::bigint order by id limit 1000`.execute(db);
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    shareId: r.share_id,
    coachingId: r.coaching_id,
    at: r.at.toISOString(),
  }));
}

/** The newest event id addressed to the account: where a stream opened without Last-Event-ID starts. */
export async function latestEventId(db: Kysely<Database>, accountId: string): Promise<string> {
  const { rows } = await sql<{ id: string | null }>`select max(id)::text as id from team_events
    where account_id = ${accountId}`.execute(db);
  return rows[0]?.id ?? '0';
}

export interface EventHub {
  /**
   * Calls `wake` whenever an event for `accountId` is committed, on any instance, and `end` when
   * this instance shuts down; returns the unsubscribe.
   */
  subscribe(accountId: string, wake: () => void, end: () => void): () => void;
  close(): Promise<void>;
}

/**
 * One LISTEN connection per instance, kept apart from the pool (a listening connection cannot
 * serve queries). If it drops, it is opened again after a pause and every stream is woken, so
 * nothing committed meanwhile waits for the next event.
 */
export async function eventHub(
  pool: pg.Pool,
  channel: string,
  log: (line: string) => void = () => {},
): Promise<EventHub> {
  const listeners = new Map<string, Set<() => void>>();
  const enders = new Set<() => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const wakeAll = () => {
    for (const set of listeners.values()) for (const wake of set) wake();
  };

  async function connect(): Promise<void> {
    const c = new pg.Client(pool.options);
    c.on('notification', (n) => {
      if (n.channel !== channel || n.payload === undefined) return;
      const accountId = n.payload.slice(n.payload.indexOf(':') + 1);
      for (const wake of listeners.get(accountId) ?? []) wake();
    });
    c.on('error', (e) => {
      log(`live updates: the listening connection failed (${e.message}); reconnecting`);
      void c.end().catch(() => {});
      if (client === c) client = undefined;
      if (!closed) retry = setTimeout(() => void start(), 1000);
    });
    await c.connect();
    await c.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = c;
  }

  async function start(): Promise<void> {
    try {
      await connect();
      wakeAll();
    } catch (e) {
      log(`live updates: could not listen (${(e as Error).message}); trying again`);
      if (!closed) retry = setTimeout(() => void start(), 2000);
    }
  }

  await connect();
  return {
    subscribe(accountId, wake, end) {
      const set = listeners.get(accountId) ?? new Set<() => void>();
      listeners.set(accountId, set);
      set.add(wake);
      enders.add(end);
      return () => {
        set.delete(wake);
        enders.delete(end);
        if (set.size === 0) listeners.delete(accountId);
      };
    },
    async close() {
      // The server closes it first (open streams end), then again with everything else.
      if (closed) return;
      closed = true;
      for (const end of [...enders]) end();
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
