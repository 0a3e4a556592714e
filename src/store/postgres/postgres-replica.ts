import pg from 'pg';
import { fail, isStandingError } from '../../core/errors.js';
import type { ReplicaLag } from '../store.js';

/** The replica's part of PostgresOpenOptions, and how the store measures it. */
export interface ReplicaOptions {
  /** A postgres:// URL of a streaming replica (hot standby) of the primary. */
  readonly url: string;
  /** Reads go to the replica only while it is provably at most this far behind. */
  readonly maxLagMs: number;
  /** How often the lag is sampled. Default maxLagMs / 4, between 10 and 1000. */
  readonly pollMs?: number;
}

/**
 * Measures how far a streaming replica is behind its primary, without trusting either
 * server's clock. Every poll takes the local time t0, then the primary's WAL insert
 * position; once the replica has replayed past that position it holds every commit made
 * before t0, so a read started at time t misses at most the commits of (t0, t]. That
 * `t - t0` is the bound reported with each read and compared with maxLagMs.
 */
export interface ReplicaMonitor {
  /** The lag bound for a read starting now, or undefined when the replica is not known to be within maxLagMs. */
  lag(): ReplicaLag | undefined;
  /** The replica failed a read: send reads to the primary until a poll finds it fresh again. */
  markDown(): void;
  close(): Promise<void>;
}

interface Sample {
  readonly at: number;
  readonly lsn: bigint;
}

/** Samples kept while the replica has not reached them; older ones say less than newer ones. */
const MAX_PENDING = 64;

/** WAL page header sizes (SizeOfXLogShortPHD, SizeOfXLogLongPHD on 64-bit builds). */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/**
 * The position a replica must replay to hold everything inserted before `insert`. When the
 * last record ended exactly at a page boundary, pg_current_wal_insert_lsn() points past the
 * next page's header, while the replica's replay position stops at the boundary; an idle
 * primary stays like that, and comparing the raw positions would call a caught-up replica
 * behind forever. The page is empty exactly when the offset equals its header size (a
 * continuation record ends at least 8 bytes after the header).
 */
export function replayTarget(insert: bigint, blockSize: bigint, segmentSize: bigint): bigint {
  const offset = insert % blockSize;
  const header = insert % segmentSize < blockSize ? LONG_PAGE_HEADER : SHORT_PAGE_HEADER;
  return offset === header ? insert - offset : insert;
}

// Positions as byte counts in text: pg_lsn arithmetic gives numeric, which may exceed a double.
const INSERT_POSITION = `SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::text AS lsn`;
const REPLAY_POSITION = `SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::text AS lsn`;

/**
 * Whether a failed replica read should be run again on the primary: connection loss,
 * shutdown, and queries the standby cancelled for a conflict with recovery (40001) — not
 * Standing's own errors, nor SQL errors that the primary would raise as well.
 */
export function isReplicaFailure(e: unknown): boolean {
  if (isStandingError(e)) return false;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return code.startsWith('08') || code.startsWith('57P') || code === '40001';
  // Socket errors (ECONNREFUSED, ECONNRESET) and pg's "Connection terminated unexpectedly".
  return true;
}

/** A one-connection pool: reconnects by itself after the server drops it. */
function monitorPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Starts monitoring `options.url` as a replica of `primaryUrl`. Fails with CONFIG_INVALID when
 * the replica answers but is not a standby of this primary; a replica that does not answer
 * yet is not an error (reads use the primary until it does).
 */
export async function monitorReplica(
  primaryUrl: string,
  options: ReplicaOptions,
  location: string,
): Promise<ReplicaMonitor> {
  const maxLagMs = options.maxLagMs;
  const pollMs = options.pollMs ?? Math.min(1000, Math.max(10, Math.floor(maxLagMs / 4)));
  // Dedicated connections, so a busy store pool cannot delay the samples into a false fallback.
  const primary = monitorPool(primaryUrl);
  const replica = monitorPool(options.url);
  const stop = async (): Promise<void> => {
    await Promise.all([primary.end(), replica.end()]);
  };
  let blockSize: bigint;
  let segmentSize: bigint;
  try {
    const row = (
      await primary.query<{ id: string; db: string; block: string; segment: string }>(
        `SELECT system_identifier::text AS id, current_database() AS db, current_setting('wal_block_size') AS block,
           pg_size_bytes(current_setting('wal_segment_size'))::text AS segment
         FROM pg_control_system()`,
      )
    ).rows[0]!;
    blockSize = BigInt(row.block);
    segmentSize = BigInt(row.segment);
    let standby: { id: string; db: string; recovery: boolean } | undefined;
    try {
      standby = (
        await replica.query<{ id: string; db: string; recovery: boolean }>(
          `SELECT system_identifier::text AS id, current_database() AS db, pg_is_in_recovery() AS recovery FROM pg_control_system()`,
        )
      ).rows[0];
    } catch {
      standby = undefined; // not reachable now; polls keep trying
    }
    if (standby !== undefined && !standby.recovery) {
      fail('CONFIG_INVALID', `replica ${location} is not a standby (pg_is_in_recovery() is false)`, {
        field: 'replica',
      });
    }
    if (standby !== undefined && standby.id !== row.id) {
      fail(
        'CONFIG_INVALID',
        `replica ${location} is a copy of another cluster (system identifier ${standby.id}, the primary's is ${row.id})`,
        { field: 'replica' },
      );
    }
    if (standby !== undefined && standby.db !== row.db) {
      fail('CONFIG_INVALID', `replica ${location} names database ${standby.db}, the primary's is ${row.db}`, {
        field: 'replica',
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }

  const pending: Sample[] = [];
  // Local time (performance.now) before which every primary commit is known to be on the replica.
  let freshAsOf = Number.NEGATIVE_INFINITY;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  const pollOnce = async (): Promise<void> => {
    try {
      const at = performance.now();
      const insert = (await primary.query<{ lsn: string }>(INSERT_POSITION)).rows[0]!.lsn;
      pending.push({ at, lsn: replayTarget(BigInt(insert), blockSize, segmentSize) });
      if (pending.length > MAX_PENDING) pending.shift();
    } catch {
      // The primary is unreachable: the bound cannot advance, so reads soon fall back (and fail there).
    }
    try {
      const replayed = (await replica.query<{ lsn: string | null }>(REPLAY_POSITION)).rows[0]!.lsn;
      // NULL: no longer (or never) in recovery, e.g. promoted; its position says nothing about the primary.
      if (replayed === null) return;
      const position = BigInt(replayed);
      while (pending.length > 0 && pending[0]!.lsn <= position) freshAsOf = Math.max(freshAsOf, pending.shift()!.at);
    } catch {
      // The replica is unreachable: the bound stops advancing, and reads fall back once it exceeds maxLagMs.
    }
  };
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      polling = pollOnce().finally(schedule);
    }, pollMs);
    timer.unref();
  };
  await pollOnce();
  schedule();

  return {
    lag() {
      const lagMs = Math.ceil(performance.now() - freshAsOf);
      return lagMs <= maxLagMs ? { lagMs, maxLagMs } : undefined;
    },
    markDown() {
      freshAsOf = Number.NEGATIVE_INFINITY;
      pending.length = 0;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await polling;
      await stop();
    },
  };
}
