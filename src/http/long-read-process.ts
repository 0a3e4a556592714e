/**
 * A process for one simulation or backtest (long-reads.ts, long-read-run.ts), forked by the
 * server. A process rather than a thread, so that nothing of it shares the server's process: V8's
 * helper threads (garbage collection, compilation) are per process, and a simulation's would
 * otherwise compete with the checks' at normal priority. Every thread of it runs at a low
 * priority, and the server's throttle (sim-throttle.ts) holds it to its share of CPU time. Receives `{ db, read }`, sends what a thread posts, and exits; exits too when the
 * server goes. Runs as dist/http/long-read-process.js.
 */
import type { LongRead, ThreadMessage } from './long-reads.js';
import { BATCH_NICE, lowerProcessPriority } from './thread-priority.js';

// First, before the engine's modules load: the process's threads, and those it starts later, at the
// nice value it was started with (long-reads.ts: STANDING_SIMULATION_NICE), else nice 19.
const nice = Number(process.env.STANDING_SIMULATION_NICE);
lowerProcessPriority(process.env.STANDING_SIMULATION_NICE !== undefined && nice >= 0 && nice <= 19 ? nice : BATCH_NICE);
process.once('disconnect', () => process.exit(0));
const { db, read } = await new Promise<{ db: string; read: LongRead }>((resolve) =>
  process.once('message', (m) => resolve(m as { db: string; read: LongRead })),
);
const { runLongRead } = await import('./long-read-run.js');
const send = (m: ThreadMessage): Promise<void> =>
  new Promise((resolve) => (process.connected ? process.send!(m, undefined, {}, () => resolve()) : resolve()));
let last: Promise<void> = Promise.resolve();
await runLongRead(db, read, (m) => {
  last = send(m);
});
await last;
process.disconnect();
