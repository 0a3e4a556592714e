/**
 * One long read (long-reads.ts), wherever it runs (a thread, or a process of its own for
 * simulations): opens its own connection to the store, runs the read, posts the result and
 * closes; a simulation posts its progress as it goes.
 */
import { isStandingError } from '../core/errors.js';
import { verifyStorageAndAudit } from '../engine/audit/audit.js';
import { subjectFile } from '../engine/due-process/subject-file.js';
import type { EngineDeps } from '../engine/deps.js';
import { backtestScheme, simulateScheme } from '../engine/evaluation/simulate.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { LongRead, SimulationRead, ThreadMessage } from './long-reads.js';

/** The simulation or backtest, judged at the instants the asking thread chose (its clock is not ours). */
function simulate(store: EngineDeps['store'], s: SimulationRead, post: (m: ThreadMessage) => void) {
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

/** Runs `read` over the store at `db`, posting progress and then one value or error. */
export async function runLongRead(db: string, read: LongRead, post: (m: ThreadMessage) => void): Promise<void> {
  const store = isPostgresUrl(db) ? await openPostgresStore(db) : openSqliteStore(db);
  try {
    const value =
      read.kind === 'audit-verify'
        ? await verifyStorageAndAudit({ store }, { quick: true })
        : read.kind === 'subject-file'
          ? await subjectFile({ store, clock: { now: () => read.now } }, read.subject)
          : // Serialised here, once: the thread answering checks neither clones nor serialises the result.
            JSON.stringify(await simulate(store, read.simulation, post));
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
}
