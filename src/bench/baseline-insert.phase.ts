import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { BASELINE_TX_ROWS, STORE_PRAGMAS, type BenchPaths } from './bench-config.js';
import type { PhaseResult } from './phase.js';
import { settle } from './phase.js';
import { readRecordRows } from './record-rows.js';

/**
 * Phase 1(b): the floor an import could reach on this machine — the same rows, parsed
 * before the clock starts, inserted by raw better-sqlite3 into a table without indexes,
 * BASELINE_TX_ROWS to a transaction with one prepared statement.
 */
export async function baselineInsert(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const rows = await readRecordRows(paths.ndjson);
  if (rows.length !== expected) throw new Error(`read ${rows.length} rows; expected ${expected}`);
  const seconds = insertAll(paths.insertDb, rows, []);
  // Not compared, for the reader: the same insert into a table with the two indexes Standing's
  // records table cannot do without (idempotency by authority and key; a subject's records).
  rmSync(paths.insertDb, { force: true });
  const indexedSeconds = insertAll(paths.insertDb, rows, [
    'CREATE UNIQUE INDEX records_authority_key ON records(authority, key)',
    'CREATE INDEX records_subject ON records(subject, occurred_at)',
  ]);
  return {
    phase: 'baseline-insert',
    seconds,
    records: rows.length,
    detail: { txRows: BASELINE_TX_ROWS, indexedSeconds },
  };
}

function insertAll(path: string, rows: readonly unknown[][], indexes: readonly string[]): number {
  const db = new Database(path);
  try {
    for (const p of STORE_PRAGMAS) db.pragma(p);
    db.exec(`CREATE TABLE records (
      authority TEXT NOT NULL, key TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
      occurred_at INTEGER NOT NULL, data TEXT NOT NULL, evidence TEXT)`);
    for (const ddl of indexes) db.exec(ddl);
    const ins = db.prepare(
      'INSERT INTO records(authority, key, subject, kind, occurred_at, data, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const begin = db.prepare('BEGIN');
    const commit = db.prepare('COMMIT');
    settle();
    const started = performance.now();
    for (let i = 0; i < rows.length; i += BASELINE_TX_ROWS) {
      const end = Math.min(rows.length, i + BASELINE_TX_ROWS);
      begin.run();
      for (let j = i; j < end; j++) ins.run(rows[j]!);
      commit.run();
    }
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}
