/**
 * A thread for one long read (long-reads.ts): opens its own connection to the store, runs the
 * read, posts the result and closes; a simulation posts its progress as it goes. Runs as
 * dist/http/long-read-thread.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStandingError } from '../core/errors.js';
import { verifyStorageAndAudit } from '../engine/audit/audit.js';
import { subjectFile } from '../engine/due-process/subject-file.js';
import type { EngineDeps } from '../engine/deps.js';
import { backtestScheme, simulateScheme } from '../engine/evaluation/simulate.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { LongRead, SimulationRead, ThreadMessage } from './long-reads.js';
import { BATCH_NICE, lowerThreadPriority } from './thread-priority.js';

const post = (m: ThreadMessage): void => parentPort!.postMessage(m);

/** The simulation or backtest, judged at the instants the asking thread chose (its clock is not ours). */
function simulate(store: EngineDeps['store'], s: SimulationRead) {
  const deps = { store, clock: { now: () => s.at ?? 0 } };
  const options = {
    defaultAuthority: s.defaultAuthority,
    onlyAuthority: s.onlyAuthority,
    actor: s.actor,
    ...(s.against !== undefined ? { against: s.against } : {}),
    onProgress: (done: number, total: number) => post({ progress: [done, total] }),
  };
  return s.instants !== null
    ? backtestScheme(deps, s.source, s.instants, options)
    : simulateScheme(deps, s.source, { ...options, ...(s.at !== null ? { at: s.at } : {}) });
}

const { db, read } = workerData as { db: string; read: LongRead };
// Batch work yields the CPU to the checks; a subject waiting for their file keeps the normal priority.
if (read.kind !== 'subject-file') lowerThreadPriority(BATCH_NICE);
const store = isPostgresUrl(db) ? await openPostgresStore(db) : openSqliteStore(db);
try {
  const value =
    read.kind === 'audit-verify'
      ? await verifyStorageAndAudit({ store }, { quick: true })
      : read.kind === 'subject-file'
        ? await subjectFile({ store, clock: { now: () => read.now } }, read.subject)
        : // Serialised here, once: the thread answering checks neither clones nor serialises the result.
          JSON.stringify(await simulate(store, read.simulation));
  post({ value });
} catch (e) {
  post({
    error: isStandingError(e)
      ? { code: e.code, message: e.message, ...(e.at !== undefined ? { at: e.at } : {}) }
      : { message: e instanceof Error ? e.message : String(e) },
  });
} finally {
  await store.close();
}
