import type Database from 'better-sqlite3-multiple-ciphers';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely';
import { giveTurn } from '../turns.js';
import { isSqliteBusy, LockBusy, type LockWait } from './lock-wait.js';

/**
 * How Kysely talks to SQLite here, in place of its own single-connection driver:
 *
 * - Transactions begin with BEGIN IMMEDIATE, which takes the write lock up front (a plain BEGIN
 *   takes it at the first write, and fails at once if another process wrote in between). When
 *   another process holds it, the BEGIN fails with LockBusy and the Store begins again later
 *   (lock-wait.ts), holding nothing meanwhile. A statement outside a transaction that meets the
 *   lock is retried in place.
 * - One writer connection, used by one transaction or statement at a time (a mutex). While it is
 *   taken, a plain read (a SELECT outside any transaction) goes to a second, read-only connection,
 *   opened on first need: WAL lets it read the last committed state while the writer writes. So
 *   the server answers reads during an import's save instead of queueing them behind it.
 * - A long transaction gives the event loop a turn every 15 ms (`giveTurn`), so those reads are served
 *   between its statements rather than after it (better-sqlite3 is synchronous; Kysely's awaits
 *   between statements are microtasks, which never let a request in).
 */
/** better-sqlite3 compiles SQL on each prepare: compiled statements are kept, least recently used dropped. */
export function statementCache(sqlite: Database.Database, size = 256) {
  const cache = new Map<string, Database.Statement>();
  return (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt !== undefined) {
      // Re-inserted so the map's order is least recently used first.
      cache.delete(sql);
    } else {
      stmt = sqlite.prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    return stmt;
  };
}

type Prepare = ReturnType<typeof statementCache>;

function run<R>(prepare: Prepare, query: CompiledQuery): QueryResult<R> {
  const stmt = prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

class Mutex {
  #queue: Array<() => void> = [];
  #locked = false;
  get locked(): boolean {
    return this.#locked;
  }
  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#locked = false;
  }
}

export interface SqliteConnections {
  writer: Database.Database;
  /** Opens the read-only connection (same file, same key) the first time it is needed. */
  openReader: () => Database.Database;
  lockWait: LockWait;
}

class Shared {
  readonly mutex = new Mutex();
  readonly write: Prepare;
  #read: Prepare | undefined;
  #reader: Database.Database | undefined;

  constructor(readonly c: SqliteConnections) {
    this.write = statementCache(c.writer);
  }

  get read(): Prepare {
    if (this.#read === undefined) {
      this.#reader = this.c.openReader();
      this.#read = statementCache(this.#reader);
    }
    return this.#read;
  }

  close(): void {
    this.#reader?.close();
    this.c.writer.close();
  }
}

class RoutedConnection implements DatabaseConnection {
  /** Set while this connection holds the writer for a transaction. */
  inTransaction = false;
  constructor(private readonly s: Shared) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const s = this.s;
    if (this.inTransaction) {
      await giveTurn();
      return s.c.lockWait.retry(async () => run<R>(s.write, query));
    }
    if (s.mutex.locked && SelectQueryNode.is(query.query)) {
      return s.c.lockWait.retry(async () => run<R>(s.read, query));
    }
    await s.mutex.lock();
    try {
      return await s.c.lockWait.retry(async () => run<R>(s.write, query));
    } finally {
      s.mutex.unlock();
    }
  }

  // biome-ignore lint/correctness/useYield: nothing here streams rows (see statementCache).
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on SQLite here.');
  }

  async begin(): Promise<void> {
    await this.s.mutex.lock();
    try {
      run(this.s.write, CompiledQuery.raw('begin immediate'));
    } catch (e) {
      this.s.mutex.unlock();
      throw isSqliteBusy(e) ? new LockBusy(e) : e;
    }
    this.inTransaction = true;
  }

  async end(how: 'commit' | 'rollback'): Promise<void> {
    try {
      run(this.s.write, CompiledQuery.raw(how));
    } finally {
      this.inTransaction = false;
      this.s.mutex.unlock();
    }
  }
}

class RoutedDriver implements Driver {
  readonly #s: Shared;
  constructor(connections: SqliteConnections) {
    this.#s = new Shared(connections);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.#s);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).end('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).end('rollback');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    this.#s.close();
  }
}

export class RoutedSqliteDialect extends SqliteDialect {
  readonly #connections: SqliteConnections;
  constructor(connections: SqliteConnections) {
    // Kysely's dialect supplies the SQL compiler, adapter and introspector; the driver is ours.
    super({ database: { close: () => {}, prepare: () => Promise.reject(new Error('unused')) } as never });
    this.#connections = connections;
  }
  override createDriver(): Driver {
    return new RoutedDriver(this.#connections);
  }
}
