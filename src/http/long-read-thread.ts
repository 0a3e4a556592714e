/**
 * A thread for one long read (long-reads.ts): opens its own connection to the store, runs the
 * read, posts the result and closes. Runs as dist/http/long-read-thread.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStandingError } from '../core/errors.js';
import { verifyStorageAndAudit } from '../engine/audit/audit.js';
import { subjectFile } from '../engine/due-process/subject-file.js';
import { isPostgresUrl, openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { LongRead } from './long-reads.js';

const { db, read } = workerData as { db: string; read: LongRead };
const store = isPostgresUrl(db) ? await openPostgresStore(db) : openSqliteStore(db);
try {
  const value =
    read.kind === 'audit-verify'
      ? await verifyStorageAndAudit({ store }, { quick: true })
      : await subjectFile({ store, clock: { now: () => read.now } }, read.subject);
  parentPort!.postMessage({ value });
} catch (e) {
  parentPort!.postMessage({
    error: isStandingError(e)
      ? { code: e.code, message: e.message, at: e.at }
      : { message: e instanceof Error ? e.message : String(e) },
  });
} finally {
  await store.close();
}
