import type { AccessEntry } from '../store/access-port.js';
import type { Store } from '../store/store.js';

/**
 * Group commit for the access log (SPEC §4): a check is answered only once its entry is
 * stored, and entries of concurrent checks are committed together in one transaction, so
 * a busy service pays for one commit per batch rather than one per check.
 */
export interface AccessLogWriter {
  /** Queues an entry; resolves once the batch holding it is committed, rejects if that commit fails. */
  write(entry: AccessEntry): Promise<void>;
  /** Commits whatever is queued now and waits for every batch in flight. */
  flush(): Promise<void>;
  /** Flushes, then refuses further writes. */
  close(): Promise<void>;
}

export interface AccessLogWriterOptions {
  /** A batch is committed at once when it reaches this many entries. Default 512. */
  readonly maxBatch?: number;
  /** The longest an entry waits for others to join its batch, in ms. Default 2. */
  readonly maxDelayMs?: number;
}

interface Waiting {
  readonly entry: AccessEntry;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export function createAccessLogWriter(store: Store, options: AccessLogWriterOptions = {}): AccessLogWriter {
  const maxBatch = Math.max(1, options.maxBatch ?? 512);
  const maxDelayMs = Math.max(0, options.maxDelayMs ?? 2);
  let queue: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  const commit = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (immediate !== undefined) {
      clearImmediate(immediate);
      immediate = undefined;
    }
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const done = store
      .transaction((tx) => tx.appendAccess(batch.map((w) => w.entry)))
      .then(
        () => {
          for (const w of batch) w.resolve();
        },
        (e: unknown) => {
          for (const w of batch) w.reject(e);
        },
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const flush = async (): Promise<void> => {
    commit();
    await Promise.all([...inFlight]);
  };

  return {
    write(entry) {
      if (closed) return Promise.reject(new Error('access log writer is closed'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        if (queue.length >= maxBatch) commit();
        else if (timer === undefined && immediate === undefined) {
          if (maxDelayMs === 0) immediate = setImmediate(commit);
          else timer = setTimeout(commit, maxDelayMs);
        }
      });
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
