import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore, type PostgresOpenOptions } from '../store/postgres/postgres-store.js';
import type { ReadTx, Store, StoreTx } from '../store/store.js';

/** The PostgreSQL database tests may create schemas in (STANDING_TEST_PG), or undefined when there is none. */
export const TEST_PG_URL: string | undefined = process.env.STANDING_TEST_PG || undefined;

export const PG_SKIP_REASON =
  'STANDING_TEST_PG is unset; set it to a postgres:// URL (scripts/ci-postgres.sh starts a throwaway server) to run this on PostgreSQL';

/** A new Standing database in a fresh schema of the test database; closing the store drops the schema. */
export async function scratchPostgresStore(
  url: string,
  options: Omit<PostgresOpenOptions, 'create' | 'schema'> = {},
): Promise<Store> {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const store = await openPostgresStore(url, { ...options, create: true, schema });
  return {
    location: store.location,
    watchKeyRevocations: (listener) => store.watchKeyRevocations!(listener),
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      return store.transaction(fn);
    },
    read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return store.read(fn);
    },
    snapshot<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      return store.snapshot(fn);
    },
    checkStorage: (o) => store.checkStorage(o),
    async close() {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
