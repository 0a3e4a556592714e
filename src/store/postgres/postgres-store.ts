import pg from 'pg';
import { fail } from '../../core/errors.js';
import type { ActionDef } from '../../core/actions.js';
import type { ReplicaLag, Store, StoreTx } from '../store.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, pendingMigrations } from '../migrations.js';
import { postgresContext } from './postgres-context.js';
import { createPostgresTx } from './postgres-tx.js';
import { postgresCheckStorage } from './postgres-storage.js';
import { keyRevocationFeed } from './postgres-notify.js';
import { isReplicaFailure, monitorReplica, type ReplicaMonitor } from './postgres-replica.js';

export interface PostgresOpenOptions {
  /** Create the schema (fails with DB_EXISTS if the database has one). Default false: open an existing one. */
  readonly create?: boolean;
  /** With `create`: first drop the Standing database there, if there is one (every table the migrations made). Default false. */
  readonly replace?: boolean;
  /** Actions to seed a new database's registry with (the shipped data/actions.json). */
  readonly actions?: readonly ActionDef[];
  /**
   * The PostgreSQL schema (namespace) to keep the tables in; `create` makes it if missing.
   * Lower-case letters, digits and `_`. Default: the connection's search_path (normally `public`).
   */
  readonly schema?: string;
  /** Connections in the pool: how many transactions run at once. Default 10. */
  readonly poolSize?: number;
  /**
   * A postgres:// URL of a streaming replica (hot standby) of this database. When set,
   * `read` runs on it while its measured lag is within `maxReplicaLagMs`, else on the
   * primary; `transaction` always runs on the primary. Default: none, every read on the primary.
   */
  readonly replica?: string;
  /** The lag bound for reads on the replica, in milliseconds. Default 1000. */
  readonly maxReplicaLagMs?: number;
  /** Connections in the replica's pool. Default: poolSize. */
  readonly replicaPoolSize?: number;
}

const INT8 = 20;
// Epoch milliseconds, ids and counts are BIGINT, which pg returns as strings by default; all fit a double.
const parseInt8 = (v: string): number => Number(v);
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Whether `db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens (or, with `create`, creates) a store in a PostgreSQL database. Applies the
 * migrations a database made by an older Standing lacks; refuses one made by a newer.
 *
 * Transactions run side by side, each on its own pooled connection, at READ COMMITTED.
 * Where the engine reads and then writes what it read, the repositories lock (see
 * src/store/sql/audit-repo.ts, listings-repo.ts, states-repo.ts) so the outcome is the one
 * SQLite's single writer gives. A deadlock between two transactions fails one of them
 * (SQLSTATE 40P01); it is not retried here, since `fn` may have effects outside the store.
 */
export async function openPostgresStore(url: string, options: PostgresOpenOptions = {}): Promise<Store> {
  const location = redactUrl(url);
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    fail('CONFIG_INVALID', `schema "${schema}" must be lower-case letters, digits and _`, { field: 'db' });
  }
  const maxReplicaLagMs = options.maxReplicaLagMs ?? 1000;
  if (!Number.isFinite(maxReplicaLagMs) || maxReplicaLagMs < 0) {
    fail('CONFIG_INVALID', `maxReplicaLagMs must be a number of milliseconds >= 0, got ${maxReplicaLagMs}`, {
      field: 'replica',
    });
  }
  if (options.replica !== undefined && !isPostgresUrl(options.replica)) {
    fail('CONFIG_INVALID', `replica: ${redactUrl(options.replica)} is not a postgres:// URL`, { field: 'replica' });
  }
  const pool = newPool(url, options.poolSize ?? 10, schema);
  let replicaPool: pg.Pool | undefined;
  let monitor: ReplicaMonitor | undefined;
  try {
    await prepare(pool, location, schema, options);
    if (options.replica !== undefined) {
      monitor = await monitorReplica(
        url,
        { url: options.replica, maxLagMs: maxReplicaLagMs },
        redactUrl(options.replica),
      );
      // A stalled replica must not hold a check for long: the read is abandoned and runs on the primary.
      replicaPool = newPool(options.replica, options.replicaPoolSize ?? options.poolSize ?? 10, schema, {
        connectionTimeoutMillis: 2000,
        query_timeout: 2000,
      });
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  // One StoreTx per pooled connection, reused by every read on it: building a StoreTx (every
  // repository's closures) cost a decision check more CPU than its queries (bench: ~270 µs of ~900).
  // It works only while a read holds the connection, so one kept past its read still fails when used.
  const readTxs = new WeakMap<pg.PoolClient, { tx: StoreTx; open: boolean }>();
  const readTxOf = (client: pg.PoolClient): { tx: StoreTx; open: boolean } => {
    let entry = readTxs.get(client);
    if (entry === undefined) {
      const e: { tx?: StoreTx; open: boolean } = { open: false };
      e.tx = createPostgresTx(postgresContext(client, () => e.open));
      readTxs.set(client, (entry = e as { tx: StoreTx; open: boolean }));
    }
    return entry;
  };
  /** `fn` on a pooled connection of `from`, outside any transaction. */
  const readOn = async <T>(from: pg.Pool, fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    const client = await from.connect();
    // A server that goes away while the connection is checked out fails the running query; the
    // client's own 'error' event would otherwise crash the process (the pool listens only to idle ones).
    const ignore = (): void => undefined;
    client.on('error', ignore);
    const read = readTxOf(client);
    read.open = true;
    let broken: Error | undefined;
    try {
      return await fn(read.tx);
    } catch (e) {
      // A replica connection that timed out or failed may still be busy: drop it rather than reuse it.
      if (from === replicaPool && isReplicaFailure(e)) broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      read.open = false;
      client.off('error', ignore);
      client.release(broken);
    }
  };
  let closed = false;
  const revocations = keyRevocationFeed({
    connectionString: url,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  return {
    location,
    watchKeyRevocations: (listener) => revocations.watch(listener),
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error(`the store at ${location} is closed`);
      const client = await pool.connect();
      let open = true;
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(createPostgresTx(postgresContext(client, () => open)));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (re) {
          // A connection that cannot even roll back is not returned to the pool.
          broken = re instanceof Error ? re : new Error(String(re));
        }
        throw e;
      } finally {
        open = false;
        client.release(broken);
      }
    },
    async read<T>(fn: (tx: StoreTx, replica?: ReplicaLag) => Promise<T>): Promise<T> {
      if (closed) throw new Error(`the store at ${location} is closed`);
      // No BEGIN: each statement reads committed data on a pooled connection (the hot read paths).
      const lag = monitor?.lag();
      if (lag !== undefined && replicaPool !== undefined) {
        try {
          return await readOn(replicaPool, (tx) => fn(tx, lag));
        } catch (e) {
          if (!isReplicaFailure(e)) throw e;
          // `fn` only reads, so running it again on the primary is safe.
          monitor!.markDown();
        }
      }
      return readOn(pool, (tx) => fn(tx));
    },
    async snapshot<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error(`the store at ${location} is closed`);
      const client = await pool.connect();
      let open = true;
      let broken: Error | undefined;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return await fn(createPostgresTx(postgresContext(client, () => open)));
      } finally {
        open = false;
        try {
          await client.query('ROLLBACK');
        } catch (re) {
          broken = re instanceof Error ? re : new Error(String(re));
        }
        client.release(broken);
      }
    },
    async checkStorage({ quick = false } = {}) {
      if (closed) throw new Error(`the store at ${location} is closed`);
      const client = await pool.connect();
      try {
        return await postgresCheckStorage(client, quick);
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Waits for transactions still running to return their connections.
      await Promise.all([pool.end(), replicaPool?.end(), monitor?.close(), revocations.close()]);
    },
  };
}

/** Every table the migrations create, by name (what `replace` drops). */
const STANDING_TABLES = [
  ...new Set(
    MIGRATIONS.flatMap((m) => [...m.postgres.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((x) => x[1]!)),
  ),
];

function newPool(url: string, max: number, schema: string | undefined, extra: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    ...extra,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server drops (restart, timeout) is replaced at the next checkout; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Creates the schema, or checks and migrates an existing one, in one transaction under a lock. */
async function prepare(
  pool: pg.Pool,
  location: string,
  schema: string | undefined,
  options: PostgresOpenOptions,
): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    if ((e as { code?: string }).code === '3D000') {
      fail('DB_NOT_FOUND', `no database at ${location}: ${(e as Error).message}`, { field: 'db' });
    }
    fail('DB_UNAVAILABLE', `cannot connect to ${location}: ${(e as Error).message}`, { field: 'db' });
  }
  try {
    await client.query('BEGIN');
    if (options.create && schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    // Two processes opening one new database at once: one migrates, the other waits and finds it done.
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('standing.migrate/' || coalesce(current_schema(), ''), 0))`,
    );
    const exists = (await client.query<{ exists: boolean }>(`SELECT to_regclass('meta') IS NOT NULL AS exists`))
      .rows[0]!.exists;
    let version = 0;
    if (options.create) {
      if (exists && !options.replace)
        fail('DB_EXISTS', `${location} already holds a Standing database`, { field: 'db' });
      // Only the tables Standing's migrations create, in this schema: nothing else there is touched.
      if (exists) await client.query(`DROP TABLE IF EXISTS ${STANDING_TABLES.join(', ')} CASCADE`);
    } else {
      if (!exists)
        fail('DB_NOT_FOUND', `no Standing database at ${location}; run \`standing init --db ${location}\` first`, {
          field: 'db',
        });
      const row = (await client.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`))
        .rows[0];
      version = Number(row?.value);
      if (!Number.isInteger(version) || version < 1 || version > LATEST_SCHEMA_VERSION) {
        fail(
          'DB_SCHEMA_MISMATCH',
          `${location} has schema version ${row?.value ?? 'none'}; this Standing expects ${LATEST_SCHEMA_VERSION}`,
          { field: 'db' },
        );
      }
    }
    for (const m of pendingMigrations(version)) {
      await client.query(m.postgres);
      await client.query(
        `INSERT INTO meta(key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(m.version)],
      );
    }
    if (options.create) {
      const actions = options.actions ?? [];
      await client.query(
        `INSERT INTO actions(name, domain, effect, description) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
        [
          actions.map((a) => a.name),
          actions.map((a) => a.domain),
          actions.map((a) => a.effect),
          actions.map((a) => a.description ?? null),
        ],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    // invalid_schema_name: the connection's search_path names no schema that exists.
    if ((e as { code?: string }).code === '3F000')
      fail('DB_NOT_FOUND', `no schema to keep Standing's tables in at ${location}: ${(e as Error).message}`, {
        field: 'db',
      });
    throw e;
  } finally {
    client.release();
  }
}
