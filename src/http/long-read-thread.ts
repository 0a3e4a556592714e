/**
 * A thread for one long read (long-reads.ts, long-read-run.ts). Runs as
 * dist/http/long-read-thread.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LongRead } from './long-reads.js';
import { BATCH_NICE, lowerThreadPriority } from './thread-priority.js';

const { db, read } = workerData as { db: string; read: LongRead };
// Batch work yields the CPU to the checks; a subject waiting for their file keeps the normal priority.
// Lowered before the engine's modules load, so that loading them is batch work too.
if (read.kind !== 'subject-file') lowerThreadPriority(BATCH_NICE);
const { runLongRead } = await import('./long-read-run.js');
await runLongRead(db, read, (m) => parentPort!.postMessage(m));
