/**
 * The PostgreSQL import phases of `npm run bench` (docs/bench.md): Standing's import
 * through openPostgresStore against a raw COPY of the same rows into a plain table, on the
 * same throwaway server. Each runs in a child process of its own (postgres.ts).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { fixedClock } from '../engine/clock.js';
import type { EngineDeps } from '../engine/deps.js';
import { importRecords } from '../engine/ingest/ingest.js';
import { openRecordSource } from '../engine/ingest/record-source.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { NOW } from './bench-config.js';
import { settle } from './phase.js';
import { readRecordRows, type RecordRow } from './record-rows.js';
import { publishExamples, shippedActions } from './standing-import.phase.js';

/** What a PostgreSQL import phase reports to the parent. */
export interface PgImportResult {
  readonly phase: 'pg-standing-import' | 'pg-raw-copy';
  readonly records: number;
  /** Wall-clock seconds of the measured part only. */
  readonly seconds: number;
  readonly maxRssKiB: number;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * Standing: a new store in schema `standing_import` with the four example schemes
 * published, then `importRecords` of the NDJSON file, timed from the first read to the end
 * of the closing sweep (every affected subject's state derived), as the SQLite phase is.
 */
export async function pgStandingImport(
  url: string,
  ndjson: string,
  expected: number,
): Promise<Omit<PgImportResult, 'maxRssKiB'>> {
  const store = await openPostgresStore(url, { create: true, schema: 'standing_import', actions: shippedActions() });
  const deps: EngineDeps = { store, clock: fixedClock(NOW) };
  try {
    await publishExamples(deps);
    settle();
    const started = performance.now();
    let storedAt = started;
    const counts = await importRecords(deps, openRecordSource(ndjson, 'ndjson').batches, {
      onProgress: () => {
        storedAt = performance.now();
      },
    });
    const endedAt = performance.now();
    if (counts.accepted !== expected || counts.rejected !== 0)
      throw new Error(`import stored ${counts.accepted} and rejected ${counts.rejected}; expected ${expected} stored`);
    return {
      phase: 'pg-standing-import',
      records: counts.accepted,
      seconds: (endedAt - started) / 1000,
      detail: { storeSeconds: (storedAt - started) / 1000, sweepSeconds: (endedAt - storedAt) / 1000 },
    };
  } finally {
    await store.close();
  }
}

// COPY text format: backslash, tab, newline and carriage return escaped; \N is null.
const copyText = (s: string | null): string =>
  s === null
    ? '\\N'
    : s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

function* copyChunks(rows: readonly RecordRow[]): Generator<string> {
  let chunk = '';
  for (const [authority, key, subject, kind, occurredAt, data, evidence] of rows) {
    chunk += `${copyText(authority)}\t${copyText(key)}\t${copyText(subject)}\t${copyText(kind)}\t${occurredAt}\t${copyText(data)}\t${copyText(evidence)}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The COPY is short and noisy: it runs this many times into an emptied table and the median counts. */
export const COPY_RUNS = 3;

/**
 * The floor: the same rows, parsed and validated before the clock starts, sent by one
 * `COPY … FROM STDIN` (pg-copy-streams, text format) into a table with the same seven
 * columns and no index, key or constraint, in schema `raw_copy`; the median of COPY_RUNS.
 */
export async function pgRawCopy(
  url: string,
  ndjson: string,
  expected: number,
): Promise<Omit<PgImportResult, 'maxRssKiB'>> {
  const rows = await readRecordRows(ndjson);
  if (rows.length !== expected) throw new Error(`read ${rows.length} rows; expected ${expected}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS raw_copy CASCADE');
    await client.query('CREATE SCHEMA raw_copy');
    const runs: number[] = [];
    for (let run = 0; run < COPY_RUNS; run++) {
      // A new table each run, so every run writes fresh pages as the first does.
      await client.query('DROP TABLE IF EXISTS raw_copy.records');
      await client.query(
        `CREATE TABLE raw_copy.records (authority TEXT, key TEXT, subject TEXT, kind TEXT, occurred_at BIGINT, data TEXT, evidence TEXT)`,
      );
      settle();
      const started = performance.now();
      await pipeline(
        Readable.from(copyChunks(rows)),
        client.query(copyStreams.from('COPY raw_copy.records FROM STDIN')),
      );
      runs.push((performance.now() - started) / 1000);
      const n = (await client.query<{ n: string }>('SELECT count(*) AS n FROM raw_copy.records')).rows[0]!.n;
      if (Number(n) !== expected) throw new Error(`COPY stored ${n} rows; expected ${expected}`);
    }
    const seconds = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    // Not compared, for the reader: one more COPY into a table with the two indexes Standing's
    // records table cannot do without (idempotency by authority and key; a subject's records).
    await client.query('DROP TABLE raw_copy.records');
    await client.query(
      `CREATE TABLE raw_copy.records (authority TEXT COLLATE "C", key TEXT COLLATE "C", subject TEXT COLLATE "C", kind TEXT, occurred_at BIGINT, data TEXT, evidence TEXT)`,
    );
    await client.query('CREATE UNIQUE INDEX ON raw_copy.records(authority, key)');
    await client.query('CREATE INDEX ON raw_copy.records(subject, occurred_at)');
    settle();
    const started = performance.now();
    await pipeline(Readable.from(copyChunks(rows)), client.query(copyStreams.from('COPY raw_copy.records FROM STDIN')));
    const indexedSeconds = (performance.now() - started) / 1000;
    return { phase: 'pg-raw-copy', records: rows.length, seconds, detail: { runs, indexedSeconds } };
  } finally {
    await client.end();
  }
}
