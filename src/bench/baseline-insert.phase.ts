import Database from 'better-sqlite3';
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
  const db = new Database(paths.insertDb);
  try {
    for (const p of STORE_PRAGMAS) db.pragma(p);
    db.exec(`CREATE TABLE records (
      authority TEXT NOT NULL, key TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
      occurred_at INTEGER NOT NULL, data TEXT NOT NULL, evidence TEXT)`);
    const ins = db.prepare('INSERT INTO records(authority, key, subject, kind, occurred_at, data, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)');
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
    const seconds = (performance.now() - started) / 1000;
    return { phase: 'baseline-insert', seconds, records: rows.length, detail: { txRows: BASELINE_TX_ROWS } };
  } finally {
    db.close();
  }
}
