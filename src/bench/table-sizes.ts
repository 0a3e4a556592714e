/**
 * Bytes per row of every Standing table, as docs/scale.md uses them: rows, total bytes
 * (table, its indexes and, on PostgreSQL, TOAST) and their quotient, on a SQLite file
 * (dbstat) or a PostgreSQL database (pg_total_relation_size after VACUUM ANALYZE).
 *
 *   node dist/bench/table-sizes.js DB [--add-access N]
 *
 * DB is a file or a postgres:// URL, for example a seed city built with
 * `standing demo --db DB --persons 20000 --no-serve`. `--add-access N` first appends N
 * access-log entries through the store (a city's replay logs only a few hundred checks,
 * too few to measure), spread over the subjects that have records: it changes DB.
 */
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { AccessEntry } from '../store/access-port.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { RELYING_PARTIES } from '../engine/seed/city.js';
import { NOW } from './bench-config.js';

export interface TableSize {
  readonly table: string;
  readonly rows: number;
  /** Table, indexes and TOAST. */
  readonly bytes: number;
  /** The table alone (its heap, or its b-tree on SQLite; without TOAST). */
  readonly heapBytes: number;
}

const EFFECTS = ['allow', 'allow', 'allow', 'deny', 'limit'] as const;
// The seed city's relying parties and their actions, so the rows are as long as real ones.
const PARTIES = Object.entries(RELYING_PARTIES);

async function addAccess(store: Store, n: number): Promise<void> {
  const subjects = await store.transaction(async (tx) => {
    const out: string[] = [];
    for (let after: string | null = null; ; ) {
      const page = await tx.subjectsAfter((await tx.listAuthorities()).slice(), after, 10_000);
      if (page.length === 0) return out;
      out.push(...page);
      after = page[page.length - 1]!;
    }
  });
  for (let from = 0; from < n; from += 10_000) {
    const batch: AccessEntry[] = [];
    for (let i = from; i < Math.min(n, from + 10_000); i++) {
      const [party, action] = PARTIES[i % PARTIES.length]!;
      batch.push({
        subject: subjects[(i * 7919) % subjects.length]!,
        party,
        action,
        effect: EFFECTS[i % EFFECTS.length]!,
        at: NOW + i * 1000,
      });
    }
    await store.transaction((tx) => tx.appendAccess(batch));
  }
}

function sqliteSizes(path: string): TableSize[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT m.tbl_name AS tbl, SUM(s.pgsize) AS bytes, SUM(CASE WHEN m.type = 'table' THEN s.pgsize ELSE 0 END) AS heap
         FROM dbstat s JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name`,
      )
      .all() as { tbl: string; bytes: number; heap: number }[];
    return rows.map((r) => ({
      table: r.tbl,
      rows: (db.prepare(`SELECT count(*) AS n FROM "${r.tbl}"`).get() as { n: number }).n,
      bytes: r.bytes,
      heapBytes: r.heap,
    }));
  } finally {
    db.close();
  }
}

async function postgresSizes(url: string): Promise<TableSize[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Sizes after VACUUM: the dead tuples of the city's replay (updated states, listings) are reclaimed for reuse, as in steady state.
    await c.query('VACUUM ANALYZE');
    const r = await c.query<{ table: string; bytes: string; heap: string }>(
      `SELECT c.relname AS table, pg_total_relation_size(c.oid)::text AS bytes, pg_relation_size(c.oid)::text AS heap
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
    );
    const out: TableSize[] = [];
    for (const t of r.rows) {
      const rows = Number((await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${t.table}"`)).rows[0]!.n);
      out.push({ table: t.table, rows, bytes: Number(t.bytes), heapBytes: Number(t.heap) });
    }
    return out;
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'add-access': { type: 'string' } } });
  const db = positionals[0];
  if (db === undefined) throw new Error('usage: table-sizes DB [--add-access N]');
  const pgDb = isPostgresUrl(db);
  const add = Number(values['add-access'] ?? 0);
  if (add > 0) {
    const store = pgDb ? await openPostgresStore(db) : openSqliteStore(db);
    try {
      await addAccess(store, add);
    } finally {
      await store.close();
    }
  }
  const sizes = (pgDb ? await postgresSizes(db) : sqliteSizes(db)).sort((a, b) => b.bytes - a.bytes);
  process.stdout.write(
    `${'table'.padEnd(18)} ${'rows'.padStart(10)} ${'bytes'.padStart(12)} ${'table only'.padStart(12)} ${'bytes/row'.padStart(10)}\n`,
  );
  for (const s of sizes) {
    process.stdout.write(
      `${s.table.padEnd(18)} ${String(s.rows).padStart(10)} ${String(s.bytes).padStart(12)} ${String(s.heapBytes).padStart(12)} ${(s.rows > 0 ? (s.bytes / s.rows).toFixed(0) : '-').padStart(10)}\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ db: pgDb ? 'postgres' : 'sqlite', sizes })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
