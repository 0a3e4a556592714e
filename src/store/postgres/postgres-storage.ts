import type pg from 'pg';
import type { StorageCheck } from '../store.js';

/** Problems listed at most, as SQLite's check lists them. */
const MAX_PROBLEMS = 100;

interface IndexRow {
  table: string;
  index: string;
  keys: string[];
  predicate: string | null;
}

/**
 * Reads every table of the connection's schema in full (a sequential scan touches every heap
 * page) and every index in full (an ordered scan of the index alone), and compares each index's
 * count with its table's: a page that cannot be read, or an index that lost or gained rows, is a
 * problem. Runs in one read-only transaction so the counts share a snapshot. `quick` skips the
 * indexes.
 */
export async function postgresCheckStorage(client: pg.PoolClient, quick: boolean): Promise<StorageCheck> {
  const problems: string[] = [];
  const note = (m: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(m);
  };
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const tables = (
      await client.query<{ table: string }>(
        `SELECT c.relname AS table FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
      )
    ).rows.map((r) => r.table);
    const counts = new Map<string, number>();
    for (const t of tables) {
      try {
        await client.query('SAVEPOINT s');
        for (const k of ['enable_indexscan', 'enable_indexonlyscan', 'enable_bitmapscan'])
          await client.query(`SET LOCAL ${k} = off`);
        counts.set(t, Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n));
        await client.query('RELEASE SAVEPOINT s');
      } catch (e) {
        await client.query('ROLLBACK TO SAVEPOINT s');
        note(`table ${t} cannot be read: ${(e as Error).message}`);
      }
    }
    if (!quick) {
      const indexes = (
        await client.query<IndexRow>(
          `SELECT t.relname AS table, i.relname AS index,
                  ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k) AS keys,
                  pg_get_expr(x.indpred, x.indrelid) AS predicate
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' ORDER BY 1, 2`,
        )
      ).rows;
      const count = async (sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      const planner = async (settings: Record<string, 'on' | 'off'>): Promise<void> => {
        for (const [k, v] of Object.entries(settings)) await client.query(`SET LOCAL ${k} = ${v}`);
      };
      for (const ix of indexes) {
        try {
          await client.query('SAVEPOINT s');
          const where = ix.predicate === null ? '' : `WHERE ${ix.predicate}`;
          const keys = ix.keys.join(', ');
          // A partial index holds the rows its predicate selects: counted from the table itself.
          let expected = counts.get(ix.table);
          if (ix.predicate !== null) {
            await planner({
              enable_seqscan: 'on',
              enable_indexscan: 'off',
              enable_indexonlyscan: 'off',
              enable_bitmapscan: 'off',
            });
            expected = await count(`SELECT count(*) AS n FROM "${ix.table}" ${where}`);
          }
          // With sequential, bitmap scans and sorts off, the planner reads the rows in index order from the index.
          await planner({
            enable_seqscan: 'off',
            enable_indexscan: 'on',
            enable_indexonlyscan: 'on',
            enable_bitmapscan: 'off',
            enable_sort: 'off',
          });
          const n = await count(
            `SELECT count(*) AS n FROM (SELECT ${keys} FROM "${ix.table}" ${where} ORDER BY ${keys}) s`,
          );
          if (expected !== undefined && n !== expected)
            note(`index ${ix.index} holds ${n} rows of ${ix.table}, which has ${expected}`);
          await client.query('RELEASE SAVEPOINT s');
        } catch (e) {
          await client.query('ROLLBACK TO SAVEPOINT s');
          note(`index ${ix.index} of ${ix.table} cannot be read: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    await client.query('ROLLBACK');
  }
  return { ok: problems.length === 0, problems };
}
