/**
 * The import's prepare thread (prepare.ts, `preparedOnThread`): reads the file, and for each
 * request (the clock's `now`) answers the next batch parsed, validated, canonicalised and hashed,
 * as columns. Requests are answered one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isStandingError } from '../../core/errors.js';
import { openRecordSource, type RecordFormat, type RecordSource, type SourceLine } from './record-source.js';
import { prepareBatch, toColumns, type PrepareOptions, type ThreadAnswer } from './prepare.js';

const { path, format, options } = workerData as { path: string; format: RecordFormat; options: PrepareOptions };
// Opened on the first request, so that a file gone since the importer looked is an answer, not a crash.
let source: RecordSource | undefined;
let batches: AsyncIterator<SourceLine[]> | undefined;
const port = parentPort!;
let turn = Promise.resolve();

async function answer(now: number): Promise<ThreadAnswer> {
  try {
    source ??= openRecordSource(path, format);
    batches ??= source.batches[Symbol.asyncIterator]();
    const r = await batches.next();
    if (r.done) return { done: true, bytesRead: source.bytesRead() };
    return { batch: toColumns(prepareBatch(r.value, options, now)), bytesRead: source.bytesRead() };
  } catch (e) {
    if (isStandingError(e)) return { error: { code: e.code, message: e.message, at: e.at } };
    return { error: { message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
  }
}

port.on('message', (now: number) => {
  turn = turn.then(async () => {
    const a = await answer(now);
    port.postMessage(
      a,
      'batch' in a ? [a.batch.occurredAt.buffer as ArrayBuffer, a.batch.lines.buffer as ArrayBuffer] : [],
    );
  });
});
