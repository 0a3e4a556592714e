import { Worker } from 'node:worker_threads';
import { StandingError, type ErrorCode, type ErrorLocation } from '../core/errors.js';
import type { AuditReport } from '../engine/audit/audit.js';
import type { StorageCheck } from '../store/store.js';
import type { SubjectFile } from '../engine/due-process/subject-file.js';

/** A read that walks a whole store or a whole subject: run off the thread that answers checks. */
export type LongRead =
  | { readonly kind: 'audit-verify' }
  | { readonly kind: 'subject-file'; readonly subject: string; readonly now: number };

/**
 * Long reads of the HTTP service (SPEC §8 `audit verify`, §7 the subject's file) on threads
 * of their own, each with its own connection to the store (SQLite: the same file, read in a
 * WAL snapshot; PostgreSQL: its own pool), so the event loop — and the store's queue of
 * transactions — keep answering checks while they run.
 */
export interface LongReads {
  /** The storage's quick check, then the log unless the storage failed. */
  verifyAudit(): Promise<{ storage: StorageCheck; report?: AuditReport }>;
  subjectFile(subject: string, now: number): Promise<SubjectFile>;
}

/** The thread's module: beside this one in dist/, or the built one when running from src/ (tests). */
const THREAD = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/http/long-read-thread.js' : './long-read-thread.js',
  import.meta.url,
);

/** At most this many long reads run at once; more wait their turn. */
export const LONG_READ_THREADS = 2;

type Failure = { code?: ErrorCode; message: string; at?: ErrorLocation };

/** Long reads on threads over the store at `db` (a SQLite file or a postgres:// URL). */
export function threadedLongReads(db: string, threads = LONG_READ_THREADS): LongReads {
  let running = 0;
  const waiting: (() => void)[] = [];
  const run = async <T>(read: LongRead): Promise<T> => {
    if (running >= threads) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await new Promise<T>((resolve, reject) => {
        const worker = new Worker(THREAD, { workerData: { db, read } });
        let settled = false;
        worker.once('message', (m: { value?: T; error?: Failure }) => {
          settled = true;
          if (m.error === undefined) resolve(m.value as T);
          else if (m.error.code !== undefined) reject(new StandingError(m.error.code, m.error.message, m.error.at));
          else reject(new Error(m.error.message));
        });
        worker.once('error', (e) => {
          settled = true;
          reject(e);
        });
        worker.once('exit', (code) => {
          if (!settled) reject(new Error(`the long-read thread exited with code ${code} before answering`));
        });
      });
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  return {
    verifyAudit: () => run<{ storage: StorageCheck; report?: AuditReport }>({ kind: 'audit-verify' }),
    subjectFile: (subject, now) => run<SubjectFile>({ kind: 'subject-file', subject, now }),
  };
}
