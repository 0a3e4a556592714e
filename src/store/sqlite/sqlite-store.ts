import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fail } from '../../core/errors.js';
import type { ActionDef } from '../../core/actions.js';
import type { AccessEntry } from '../access-port.js';
import type { Store, StoreTx } from '../store.js';
import { LATEST_SCHEMA_VERSION as SCHEMA_VERSION, MIGRATIONS, pendingMigrations } from '../migrations.js';
import { decisionIdsOf, ensureDecisionKey } from './sqlite-access.js';
import { sqliteAccessWriter, type SqliteAccessWriter } from './sqlite-access-writer.js';
import { createSqliteTx } from './sqlite-tx.js';
import { isSqliteCorruption, sqliteCheckStorage } from './sqlite-storage.js';

export interface SqliteOpenOptions {
  /** Create the database (fails with DB_EXISTS if the file exists). Default false: open an existing one. */
  readonly create?: boolean;
  /** With `create`: remove a database already at the path (its -wal and -shm too) instead of failing with DB_EXISTS. */
  readonly replace?: boolean;
  /** Actions to seed a new database's registry with (the shipped data/actions.json). */
  readonly actions?: readonly ActionDef[];
  /** Opening: a file to point to when `path` does not exist but it does (the demo's, beside the default database). */
  readonly suggest?: string;
}

/** Opens (or creates) a SQLite store at `path`; ':memory:' works for tests. A damaged file fails with DB_CORRUPT. */
export function openSqliteStore(path: string, options: SqliteOpenOptions = {}): Store {
  try {
    return openSqlite(path, options);
  } catch (e) {
    if (isSqliteCorruption(e))
      fail('DB_CORRUPT', `${path} is damaged: ${(e as Error).message}; restore it from a backup (docs/operations.md)`, {
        field: 'db',
      });
    throw e;
  }
}

function notFound(path: string, suggest: string | undefined): never {
  if (suggest !== undefined && existsSync(suggest))
    fail(
      'DB_NOT_FOUND',
      `no database at ${path}, but the demo's is here: pass --db ${suggest} or run \`export STANDING_DB=${suggest}\` (or \`npx standing init\` for a new empty one)`,
      { field: 'db' },
    );
  fail('DB_NOT_FOUND', `no database at ${path}; run \`npx standing init --db ${path}\` first`, { field: 'db' });
}

function openSqlite(path: string, options: SqliteOpenOptions): Store {
  const memory = path === ':memory:';
  if (!memory) {
    let exists = existsSync(path);
    if (options.create && exists && options.replace) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      exists = false;
    }
    if (options.create && exists) fail('DB_EXISTS', `${path} already exists`, { field: 'db' });
    if (!options.create && !exists) notFound(path, options.suggest);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -131072');
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  if (options.create || memory) {
    // The DDL comes from the one migration list both adapters share (src/store/migrations.ts).
    for (const m of MIGRATIONS) db.exec(m.sqlite);
    db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    const add = db.prepare('INSERT INTO actions(name, domain, effect, description) VALUES (?, ?, ?, ?)');
    for (const a of options.actions ?? []) add.run(a.name, a.domain, a.effect, a.description ?? null);
  } else {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    const version = Number(row?.value);
    if (!Number.isInteger(version) || version < 1 || version > SCHEMA_VERSION) {
      db.close();
      fail(
        'DB_SCHEMA_MISMATCH',
        `${path} has schema version ${row?.value ?? 'none'}; this Standing expects ${SCHEMA_VERSION}`,
        { field: 'db' },
      );
    }
    // A database made by an older Standing gets the steps it lacks, all or none (as postgres-store.ts does).
    const pending = pendingMigrations(version);
    if (pending.length > 0) {
      db.transaction(() => {
        for (const m of pending) db.exec(m.sqlite);
        db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
      }).immediate();
    }
  }
  // Before any connection reads it: a database made or migrated before decision ids came from
  // row ids gets its key on first open.
  ensureDecisionKey(db, randomBytes(16).toString('hex'));
  const tx = createSqliteTx(db);
  // An in-memory database has one connection: its access log is written by `transaction`.
  // A file's access-log threads start with the first check that needs them, not with every
  // command that opens the store.
  let accessWriter: SqliteAccessWriter | undefined;
  const logThread = (): SqliteAccessWriter => (accessWriter ??= sqliteAccessWriter(path));
  const reader = memory ? undefined : openReader(path);
  // A check's read of the sanctions in force goes to the access log's thread, whose connection
  // keeps its page cache: SQLite drops a connection's whole cache whenever another one has
  // committed, which the log's group commits do hundreds of times a second under load.
  const readTx: StoreTx | undefined =
    reader === undefined
      ? undefined
      : { ...reader.tx, activeSanctions: (subject, action) => logThread().activeSanctions(subject, action) };
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let queue: Promise<unknown> = Promise.resolve();
  // better-sqlite3 is synchronous and one connection sees its own open transaction, so
  // transactions and reads must not interleave across awaits: they run one at a time.
  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    location: path,
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      return enqueue(async () => {
        begin.run();
        try {
          const result = await fn(tx);
          commit.run();
          return result;
        } catch (e) {
          if (db.inTransaction) rollback.run();
          throw e;
        }
      });
    },
    read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      // A file database has a second, read-only connection: WAL lets it read committed data while
      // a transaction is open on the first, so reads need not wait their turn. An in-memory
      // database has one connection, so reads queue with the transactions.
      return readTx ? fn(readTx) : enqueue(() => fn(tx));
    },
    snapshot<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (memory) return enqueue(() => withSnapshot(db, tx, fn));
      // A connection of its own, so that the snapshot is not shared with reads that want the
      // newest data, and no write lock is taken: the access log and imports go on meanwhile.
      const own = new Database(path, { readonly: true, fileMustExist: true });
      own.pragma('cache_size = -65536');
      own.pragma('busy_timeout = 5000');
      return withSnapshot(own, createSqliteTx(own), fn).finally(() => own.close());
    },
    ...(memory
      ? {}
      : {
          appendAccess: async (rows: readonly AccessEntry[]) => {
            const codec = decisionIdsOf(db);
            return (await logThread().append(rows)).map((id) => codec.encode(id));
          },
        }),
    async checkStorage({ quick = false } = {}) {
      // On the read-only connection where there is one: transactions go on meanwhile (WAL).
      return reader ? sqliteCheckStorage(reader.db, quick) : enqueue(async () => sqliteCheckStorage(db, quick));
    },
    async close() {
      await accessWriter?.close();
      await queue;
      reader?.db.close();
      db.close();
    },
  };
}

/** Runs `fn` in one deferred transaction on `db`, which only reads: one snapshot from its first read on. */
async function withSnapshot<T>(db: Database.Database, tx: StoreTx, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  db.prepare('BEGIN DEFERRED').run();
  try {
    return await fn(tx);
  } finally {
    if (db.inTransaction) db.prepare('ROLLBACK').run();
  }
}

/** A read-only connection to the same file, for Store.read. */
function openReader(path: string): { db: Database.Database; tx: StoreTx } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -65536');
  db.pragma('busy_timeout = 5000');
  return { db, tx: createSqliteTx(db) };
}
