import Database from 'better-sqlite3';
import { openRecordSource } from '../engine/ingest/record-source.js';
import { BASELINE_TX_ROWS, GROUP_BY_RUNS, STORE_PRAGMAS, type BenchPaths } from './bench-config.js';
import type { PhaseResult } from './phase.js';
import { settle } from './phase.js';

// A plain function of kind standing in for a scheme's points (city-citizen's weights where it has them).
const POINTS: Readonly<Record<string, number>> = {
  'traffic.violation': -20,
  'traffic.jaywalking': -5,
  'civic.volunteering': 6,
  'retail.purchase': -1,
  'court.conviction': -100,
  'court.judgment_unfulfilled': -50,
  'court.judgment_fulfilled': 10,
  'tax.on_time_filing': 5,
  'tax.late_filing': -10,
  'tax.late_payment': -15,
  'tax.evasion': -200,
  'acme.rental_returned_on_time': 2,
  'acme.rental_late': -5,
  'acme.rental_damage': -20,
};

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Phase 2 baseline: what summing a million records per subject costs SQLite when the
 * points are already known — (subject, points) rows with the covering index on both,
 * `SELECT subject, SUM(points) … GROUP BY subject` iterated to the end. Median of GROUP_BY_RUNS.
 */
export async function baselineGroupBy(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const db = new Database(paths.groupByDb);
  try {
    for (const p of STORE_PRAGMAS) db.pragma(p);
    db.exec('CREATE TABLE t (subject TEXT NOT NULL, points INTEGER NOT NULL)');
    const ins = db.prepare('INSERT INTO t(subject, points) VALUES (?, ?)');
    let rows = 0;
    db.exec('BEGIN');
    for await (const batch of openRecordSource(paths.ndjson, 'ndjson').batches) {
      for (const item of batch) {
        if ('error' in item) throw item.error;
        const r = item.raw as { subject: string; kind: string };
        ins.run(r.subject, POINTS[r.kind] ?? 0);
        if (++rows % BASELINE_TX_ROWS === 0) db.exec('COMMIT; BEGIN');
      }
    }
    db.exec('COMMIT');
    if (rows !== expected) throw new Error(`loaded ${rows} rows; expected ${expected}`);
    db.exec('CREATE INDEX t_subject_points ON t(subject, points); ANALYZE');
    const sql = 'SELECT subject, SUM(points) AS points FROM t GROUP BY subject';
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join('; ');
    const query = db.prepare(sql);
    const runs: number[] = [];
    let subjects = 0;
    for (let i = 0; i < GROUP_BY_RUNS; i++) {
      settle();
      const started = performance.now();
      subjects = 0;
      for (const _row of query.iterate()) subjects++;
      runs.push((performance.now() - started) / 1000);
    }
    return { phase: 'baseline-group-by', seconds: median(runs), records: rows, detail: { subjects, runs, plan } };
  } finally {
    db.close();
  }
}
