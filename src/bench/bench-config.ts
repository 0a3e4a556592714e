/**
 * What `npm run bench` measures and where it keeps its files. One place, so every phase
 * (each in its own process) agrees on the data set and the instant.
 */
import { join } from 'node:path';

/** Records imported: exactly the first this many record events of the city. */
export const RECORDS = 1_000_000;
export const PERSONS = 100_000;
export const BUSINESSES = 5_000;
export const SEED = 42;
/** The fixed instant of every phase: the clock of the import and of the re-evaluation. */
export const NOW = Date.parse('2026-06-01T00:00:00Z');
/** Years of generated history before NOW. */
export const YEARS = 5;
/** Rows per transaction of the raw-insert baseline (one prepared statement). */
export const BASELINE_TX_ROWS = 5_000;
/** The GROUP BY baseline is cheap and noisy: it runs this many times and the median counts. */
export const GROUP_BY_RUNS = 3;

/** The files one bench run works on, all in one temporary directory. */
export interface BenchPaths {
  readonly dir: string;
  readonly ndjson: string;
  readonly standingDb: string;
  readonly insertDb: string;
  readonly groupByDb: string;
}

export function benchPaths(dir: string): BenchPaths {
  return {
    dir,
    ndjson: join(dir, 'city.ndjson'),
    standingDb: join(dir, 'standing.db'),
    insertDb: join(dir, 'baseline-insert.db'),
    groupByDb: join(dir, 'baseline-group-by.db'),
  };
}

/** The same pragmas as src/store/sqlite/sqlite-store.ts, so baselines run on equal terms. */
export const STORE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'cache_size = -131072',
  'temp_store = MEMORY',
  'busy_timeout = 5000',
] as const;
