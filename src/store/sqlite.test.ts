import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IcSession } from '../domain/types.js';
import { AppError } from '../errors.js';
import { openEngine, openStore } from './open.js';
import { isEncryptedFile, sqliteFile } from './sqlite.js';
import { sqliteBinding } from './sqlite-binding.js';
import { LOCAL_OWNER } from './store.js';

const SECRET = 'Zanzibar-4417: I only took this task so the VP would notice me';
// Quotes and non-ASCII: the key must reach SQLite intact, not spliced into a PRAGMA string.
const KEY = `co'rrect "horse" bättery`;

function sessionWithSecret(): IcSession {
  return {
    id: 's1',
    date: '2026-11-02',
    minutes: 60,
    title: 'Rewrite the billing export',
    reasons: ['insecurity'],
    gaps: [],
    notes: SECRET,
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
  };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got: ${String(e)}`);
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** Every file SQLite may have left for this store, that exists, with whether it holds `text`. */
function filesHolding(dataDir: string, text: string): Array<[string, boolean]> {
  const needle = Buffer.from(text, 'utf8');
  return ['', '-wal', '-shm']
    .map((suffix) => sqliteFile(dataDir) + suffix)
    .filter((f) => existsSync(f))
    .map((f) => [f, readFileSync(f).includes(needle)]);
}

let dataDir: string;
beforeEach(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'handson-sqlite-')), 'data');
});
afterEach(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

describe('an encrypted store', () => {
  it('keeps stored text out of every file on disk, open or closed', async () => {
    const store = await openStore({ dataDir, key: KEY, createEncrypted: true });
    await store.upsertSession(sessionWithSecret());
    const whileOpen = filesHolding(dataDir, SECRET);
    expect(whileOpen.map(([f]) => f)).toContain(`${sqliteFile(dataDir)}-wal`);
    expect(whileOpen.filter(([, holds]) => holds)).toEqual([]);
    await store.close();

    const afterClose = filesHolding(dataDir, SECRET);
    expect(afterClose.length).toBeGreaterThan(0);
    expect(afterClose.filter(([, holds]) => holds)).toEqual([]);
    expect(isEncryptedFile(sqliteFile(dataDir))).toBe(true);
  });

  it('opens again with the right key', async () => {
    const store = await openStore({ dataDir, key: KEY, createEncrypted: true });
    await store.upsertSession(sessionWithSecret());
    await store.close();

    const again = await openStore({ dataDir, key: KEY });
    expect(await again.getSession('s1')).toStrictEqual({ ...sessionWithSecret(), version: 1 });
    await again.close();
  });

  it('without a key, says it is locked and how to unlock it', async () => {
    await (await openStore({ dataDir, key: KEY, createEncrypted: true })).close();
    const err = await appErrorOf(openStore({ dataDir }));
    expect(err.code).toBe('store-locked');
    expect(err.message).toContain('HANDSON_KEY');
  });

  it.each([
    ['a different passphrase', 'correct horse battery'],
    ['the passphrase with different case', KEY.toUpperCase()],
  ])('with %s, fails with wrong-key and leaves the store intact', async (_label, wrong) => {
    const store = await openStore({ dataDir, key: KEY, createEncrypted: true });
    await store.upsertSession(sessionWithSecret());
    await store.close();

    const err = await appErrorOf(openStore({ dataDir, key: wrong }));
    expect(err.code).toBe('wrong-key');
    expect(err.message).toMatch(/passphrase/);

    const again = await openStore({ dataDir, key: KEY });
    expect(await again.getSession('s1')).toBeDefined();
    await again.close();
  });

  it('cannot be created without a passphrase', async () => {
    const err = await appErrorOf(openStore({ dataDir, createEncrypted: true }));
    expect(err.code).toBe('invalid');
    expect(existsSync(sqliteFile(dataDir))).toBe(false);
  });
});

describe('a plain store', () => {
  it('holds stored text in the clear (so the encrypted test above can tell the difference)', async () => {
    const store = await openStore({ dataDir });
    await store.upsertSession(sessionWithSecret());
    await store.close();
    expect(filesHolding(dataDir, SECRET).some(([, holds]) => holds)).toBe(true);
    expect(isEncryptedFile(sqliteFile(dataDir))).toBe(false);
  });

  it('refuses a passphrase instead of treating the store as locked or corrupt', async () => {
    await (await openStore({ dataDir })).close();
    const err = await appErrorOf(openStore({ dataDir, key: KEY }));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not encrypted');
    const again = await openStore({ dataDir });
    expect(await again.getProfile()).toBeUndefined();
    await again.close();
  });

  it('runs in WAL mode with foreign keys enforced', async () => {
    await (await openStore({ dataDir })).close();
    const conn = await openEngine({ dataDir });
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(conn.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(conn.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      // Enforced, not only switched on: a postponement for a missing commitment is rejected.
      await expect(
        conn.db
          .insertInto('postponements')
          .values({
            owner_id: LOCAL_OWNER,
            id: 'p1',
            commitment_id: 'ghost',
            at: '2026-11-02T09:00:00.000Z',
            from_due: null,
            to_due: '2026-11-09',
            why: null,
          })
          .execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await conn.destroy();
    }
  });

  it('is private to its owner: folder 0700, files 0600', async () => {
    const store = await openStore({ dataDir });
    await store.upsertSession(sessionWithSecret());
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const suffix of ['', '-wal']) {
      expect(statSync(sqliteFile(dataDir) + suffix).mode & 0o777).toBe(0o600);
    }
    await store.close();
  });
});

describe('opening SQLite', () => {
  it('says which folder it could not create', async () => {
    const blocker = join(dataDir, '..', 'a-file');
    writeFileSync(blocker, 'not a folder');
    const err = await appErrorOf(openStore({ dataDir: join(blocker, 'data') }));
    expect(err.code).toBe('store-unreachable');
    expect(err.message).toContain(join(blocker, 'data'));
  });

  it('isEncryptedFile: false for a missing or empty file, true for bytes that are not SQLite', () => {
    const dir = join(dataDir, '..');
    expect(isEncryptedFile(join(dir, 'missing.db'))).toBe(false);
    writeFileSync(join(dir, 'empty.db'), '');
    expect(isEncryptedFile(join(dir, 'empty.db'))).toBe(false);
    writeFileSync(join(dir, 'noise.db'), Buffer.alloc(4096, 0x5a));
    expect(isEncryptedFile(join(dir, 'noise.db'))).toBe(true);
  });
});

describe('several processes on one store', () => {
  // The CLI and `handson serve` may write at the same moment. Each process runs the built store
  // (vitest's global setup builds dist/) and starts from an empty folder, so they also race to
  // create the tables.
  const worker = `
    const [openJs, dataDir, prefix, count] = process.argv.slice(1);
    const { openStore } = await import(openJs);
    const store = await openStore({ dataDir });
    const at = '2026-11-02T09:00:00.000Z';
    for (let i = 0; i < Number(count); i++) {
      const id = prefix + i;
      // Read, then write: the shape of most handlers (load, change, save).
      await store.transaction(async (tx) => {
        await tx.listCommitments();
        await tx.upsertSession({ id, date: '2026-11-02', minutes: 30, title: id, reasons: [], gaps: ['g'], createdAt: at, updatedAt: at });
        await tx.upsertAction({ id, text: 'g', sessionId: id, status: 'open', createdAt: at });
      });
    }
    await store.close();`;

  it('all finish every write, none lost and no "database is locked"', async () => {
    const openJs = pathToFileURL(resolve('dist/store/open.js')).href;
    const run = (prefix: string) =>
      promisify(execFile)(process.execPath, [
        '--input-type=module',
        '-e',
        worker,
        openJs,
        dataDir,
        prefix,
        '100',
      ]);
    await Promise.all([run('a'), run('b'), run('c')]);
    const store = await openStore({ dataDir });
    try {
      expect(await store.listActions()).toHaveLength(300);
      expect(await store.listSessions()).toHaveLength(300);
    } finally {
      await store.close();
    }
  });
});

describe('waiting for another process that is writing', () => {
  const at = '2026-11-02T09:00:00.000Z';
  const session = (id: string): IcSession => ({
    id,
    date: '2026-11-02',
    minutes: 30,
    title: id,
    reasons: [],
    gaps: [],
    createdAt: at,
    updatedAt: at,
  });

  /** Another process's write lock on the store, as an import's save holds it, until released. */
  async function holdWriteLock(): Promise<() => void> {
    (await openStore({ dataDir })).close();
    const other = new (sqliteBinding())(sqliteFile(dataDir));
    other.exec('begin immediate');
    return () => {
      other.exec('commit');
      other.close();
    };
  }

  it('waits without stopping the process: reads go on, the write lands once the lock is free', async () => {
    const release = await holdWriteLock();
    const waits: number[] = [];
    const store = await openStore({ dataDir, lockWait: { onWait: (ms) => waits.push(ms) } });
    try {
      const started = Date.now();
      setTimeout(release, 1500);
      const write = store.transaction((tx) => tx.upsertSession(session('s1')));
      // A read of the same store answers while the write waits (the server keeps serving).
      const readWhileWaiting = (await store.listSessions()).length;
      await write;
      expect(readWhileWaiting).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(waits.length).toBeGreaterThanOrEqual(1);
      expect(waits[0]).toBeGreaterThanOrEqual(1000);
      expect((await store.listSessions()).map((s) => s.id)).toEqual(['s1']);
    } finally {
      await store.close();
    }
  });

  it('gives up after its limit with one sentence, having changed nothing', async () => {
    const release = await holdWriteLock();
    const store = await openStore({ dataDir, lockWait: { limitMs: 300 } });
    try {
      const err = await appErrorOf(store.transaction((tx) => tx.upsertSession(session('s1'))));
      expect(err.code).toBe('store-busy');
      expect(err.message).toMatch(
        /^The store is still busy after \d+ s: another Hands-on command or server \(an import, a rebuild\) is writing to it\. Nothing was changed; try again when it has finished\.$/,
      );
      release();
      expect(await store.listSessions()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
