import { createRequire } from 'node:module';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { AccessEntry } from '../access-port.js';
import type { SanctionInForceRow } from '../due-process-port.js';
import { ACCESS_INSERT } from './sqlite-access.js';

/** The checks' thread of a file database: commits access-log batches (Store.appendAccess) and reads sanctions in force. */
export interface SqliteAccessWriter {
  /** Inserts the rows in one transaction of the writer's connection; resolves with their row ids once it is committed. */
  append(rows: readonly AccessEntry[]): Promise<number[]>;
  /** The sanctions in force on `subject` for `action`, read by the writer's connection: what Store.read answers them with. */
  activeSanctions(subject: string, action: string): Promise<SanctionInForceRow[]>;
  /** Waits for the batches in flight, then stops the threads. */
  close(): Promise<void>;
}

/**
 * How long the writer's connection waits for the write lock, in ms. Long on purpose: the
 * store's own transactions may hold the lock across awaits (an import batch), and the
 * in-thread group commit it replaces waited for them without limit.
 */
const WRITER_BUSY_TIMEOUT_MS = 60_000;

/** The columns of the sanctions a check reads, in the order the writer thread returns them. */
const SANCTIONS_IN_FORCE = `SELECT a.listing_id, a.effect, a.limit_json, a.authority, a.scheme, a.list, a.since, l.version
  FROM active_sanctions a LEFT JOIN listings l ON l.id = a.listing_id
  WHERE a.subject = ? AND a.action = ? ORDER BY a.listing_id`;
type SanctionColumns = [
  number,
  SanctionInForceRow['effect'],
  string | null,
  string,
  string,
  string,
  number,
  number | null,
];

/** Entries committed between two checkpoints; each dirties about one page (SQLite's own default is 1,000 pages). */
const CHECKPOINT_EVERY = 1000;

// CommonJS, evaluated in the threads: a module file would not exist when the sources run
// untranspiled (vitest). They take the driver's path and the SQL from workerData.
//
// One message each way per turn (docs/decisions.md, "The decision path: one message per turn …"): a message from
// the event loop carries the reads and the entries of one of its turns together, and the thread
// answers everything it took in one of its own turns with one message, an array of answers —
// each message between threads costs several microseconds on both sides, which at one or two
// checks per turn was a tenth of a check's CPU.
const WRITER = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
// The checkpointer thread copies the WAL back: a commit here never waits for that copy and its fsync.
db.pragma('wal_autocheckpoint = 0');
const insert = db.prepare(workerData.insert);
// Rows come flat, five values each, which is cheaper to pass between threads than objects;
// each message's row ids go back, in order, from which the decision ids are made.
const append = db.transaction((batches) =>
  batches.map((flat) => {
    const ids = [];
    for (let i = 0; i < flat.length; i += 5) ids.push(Number(insert.run(flat[i], flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4]).lastInsertRowid));
    return ids;
  }),
);
// The same rows as activeSanctions (SANCTIONS_IN_FORCE in src/store/sql/listings-repo.ts), as arrays of the columns the caller maps.
const sanctions = db.prepare(workerData.sanctions).raw(true);
const checkpointer = workerData.checkpointer;
let since = 0;
const failure = (e) => (e instanceof Error ? e.message : String(e));
const read = (m, answer) => {
  try {
    const rows = [];
    for (let i = 0; i < m.reads.length; i += 2) rows.push(sanctions.all(m.reads[i], m.reads[i + 1]));
    answer.rows = rows;
  } catch (e) {
    answer.readError = failure(e);
  }
};
const close = () => {
  checkpointer.postMessage('close');
  checkpointer.close();
  db.close();
  parentPort.close();
};
parentPort.on('message', (first) => {
  // Messages that queued while the last commit ran are taken together: their reads are answered
  // from the data as it stands, and their entries go into one transaction (a busy service pays
  // for one commit per turn of this thread); then one message answers them all.
  const answers = [];
  const batches = [];
  let closing = false;
  for (let m = first; m !== undefined; m = receiveMessageOnPort(parentPort)?.message) {
    if (m.close) {
      closing = true;
      continue;
    }
    const answer = { id: m.id };
    answers.push(answer);
    if (m.reads) read(m, answer);
    if (m.flat) {
      // Each append of the message is a batch of its own: a bad one fails alone.
      const appended = (answer.appended = []);
      let at = 0;
      for (const n of m.counts) {
        batches.push({ flat: m.flat.slice(at, at + 5 * n), appended, i: appended.length });
        appended.push(null);
        at += 5 * n;
      }
    }
  }
  if (batches.length > 0) {
    try {
      const ids = append.immediate(batches.map((b) => b.flat));
      batches.forEach((b, i) => (b.appended[b.i] = ids[i]));
    } catch (e) {
      // A lock held past the busy timeout fails them all, and a lone batch has failed already;
      // otherwise the batches are committed one by one, so a bad one fails alone.
      const busy = e && typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY');
      for (const b of batches) {
        if (busy || batches.length === 1) {
          b.appended[b.i] = failure(e);
          continue;
        }
        try {
          b.appended[b.i] = append.immediate([b.flat])[0];
        } catch (again) {
          b.appended[b.i] = failure(again);
        }
      }
    }
    for (const b of batches) since += b.flat.length / 5;
    if (since >= workerData.checkpointEvery) {
      since = 0;
      checkpointer.postMessage('checkpoint');
    }
  }
  if (answers.length > 0) parentPort.postMessage(answers);
  if (closing) close();
});
`;

const CHECKPOINTER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const port = workerData.port;
let due = false;
port.on('message', (m) => {
  if (m === 'close') {
    port.close();
    db.close();
    return;
  }
  // Requests that piled up during one checkpoint are served by the next one.
  if (due) return;
  due = true;
  setImmediate(() => {
    due = false;
    try {
      // PASSIVE: copies what no reader still needs, without blocking the writer or readers.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: the next request tries again, and every commit stays in the WAL meanwhile.
    }
  });
});
`;

/** The writer thread's answer to one message: the sanctions read, and per append the row ids of its entries committed or why not. */
interface Answer {
  readonly id: number;
  readonly rows?: SanctionColumns[][];
  readonly readError?: string;
  readonly appended?: (number[] | string)[];
}

interface Read {
  readonly subject: string;
  readonly action: string;
  readonly resolve: (rows: SanctionInForceRow[]) => void;
  readonly reject: (e: Error) => void;
}

interface Append {
  /** How many entries: the thread answers each append with their row ids, or why it could not store them. */
  readonly count: number;
  readonly resolve: (ids: number[]) => void;
  readonly reject: (e: Error) => void;
}

/** What one message to the writer thread asked for, in order. */
interface Sent {
  readonly reads: readonly Read[];
  readonly appends: readonly Append[];
}

/**
 * The access log's writer for the SQLite file at `path`: a second write connection on a
 * thread of its own, so the WAL writes of each group commit (every entry dirties a page of
 * the `access_log_subject` index, so a busy check service writes about a page per check)
 * keep off the event loop that answers the checks; and a checkpointer thread with a third
 * connection, so copying the WAL back into the database, with its fsync, holds up neither
 * the event loop nor the commits that checks wait for (without it p99 latency doubles).
 * The writer's connection also answers the checks' reads of sanctions in force: it keeps
 * its page cache, which SQLite drops on any other connection whenever one commits. Both
 * threads start on the first batch or read; the store's own transactions still checkpoint
 * as before.
 */
/** The writer's and the checkpointer's threads, and when both have ended. */
interface Threads {
  readonly writer: Worker;
  readonly checkpointer: Worker;
  readonly gone: Promise<void>;
}

export function sqliteAccessWriter(path: string): SqliteAccessWriter {
  let threads: Threads | undefined;
  let failed: Error | undefined;
  let next = 0;
  const pending = new Map<number, Sent>();
  // Made by close() while it waits for the messages in flight; `drained` is called once none is left.
  let draining: Promise<void> | undefined;
  let drained: (() => void) | undefined;
  // What was asked in one turn of the event loop travels to the thread together, in one message.
  let reads: Read[] = [];
  let appends: Append[] = [];
  let flat: (string | number | null)[] = [];
  let armed = false;

  const rejectAll = (sent: Sent, e: Error): void => {
    for (const r of sent.reads) r.reject(e);
    for (const a of sent.appends) a.reject(e);
  };
  const failAll = (e: Error): void => {
    failed = e;
    for (const p of pending.values()) rejectAll(p, e);
    pending.clear();
    drained?.();
  };

  const settle = (sent: Sent, answer: Answer): void => {
    if (sent.reads.length > 0) {
      const e = answer.readError === undefined ? undefined : new Error(`access log: ${answer.readError}`);
      sent.reads.forEach((r, i) => {
        if (e !== undefined) return r.reject(e);
        r.resolve(
          (answer.rows?.[i] ?? []).map(([listingId, effect, limit, authority, scheme, list, since, version]) => ({
            listingId,
            subject: r.subject,
            action: r.action,
            effect,
            limit: limit === null ? null : (JSON.parse(limit) as Record<string, number>),
            authority,
            scheme,
            list,
            since,
            version,
          })),
        );
      });
    }
    sent.appends.forEach((a, i) => {
      const ids = answer.appended?.[i];
      if (Array.isArray(ids)) a.resolve(ids);
      else a.reject(new Error(`access log: ${ids ?? 'no answer'}`));
    });
  };

  const start = (): Threads => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const { port1, port2 } = new MessageChannel();
    const checkpointer = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { path, driver, busyTimeoutMs: WRITER_BUSY_TIMEOUT_MS, port: port2 },
      transferList: [port2],
    });
    // Neither thread keeps the process alive while no batch is waiting.
    checkpointer.unref();
    const writer = new Worker(WRITER, {
      eval: true,
      workerData: {
        path,
        driver,
        insert: ACCESS_INSERT,
        sanctions: SANCTIONS_IN_FORCE,
        busyTimeoutMs: WRITER_BUSY_TIMEOUT_MS,
        checkpointEvery: CHECKPOINT_EVERY,
        checkpointer: port1,
      },
      transferList: [port1],
    });
    writer.on('message', (answers: Answer[]) => {
      for (const answer of answers) {
        const sent = pending.get(answer.id);
        pending.delete(answer.id);
        if (sent !== undefined) settle(sent, answer);
      }
      if (pending.size === 0) {
        writer.unref();
        drained?.();
      }
    });
    writer.on('error', (e) => failAll(e));
    writer.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`access log writer stopped (exit code ${code})`));
      // A writer that died cannot tell the checkpointer to stop (a stopped checkpoint loses nothing: the WAL keeps it).
      if (code !== 0) void checkpointer.terminate();
    });
    // A failed checkpoint loses nothing (the WAL keeps every commit), so its errors are not the checks' business.
    checkpointer.on('error', () => undefined);
    // Known from the start, so that closing after a thread already ended does not wait for an exit that has passed.
    const gone = Promise.all(
      [writer, checkpointer].map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve()))),
    ).then(() => undefined);
    return { writer, checkpointer, gone };
  };

  /** Sends what this turn asked for, in one message. */
  const send = (): void => {
    armed = false;
    const sent: Sent = { reads, appends };
    const entries = flat;
    reads = [];
    appends = [];
    flat = [];
    if (failed !== undefined) return rejectAll(sent, failed);
    threads ??= start();
    const { writer } = threads;
    const id = next++;
    const pairs: string[] = [];
    for (const r of sent.reads) pairs.push(r.subject, r.action);
    if (pending.size === 0) writer.ref();
    pending.set(id, sent);
    writer.postMessage({
      id,
      ...(pairs.length > 0 ? { reads: pairs } : {}),
      ...(entries.length > 0 ? { flat: entries, counts: sent.appends.map((a) => a.count) } : {}),
    });
  };
  const arm = (): void => {
    if (armed) return;
    armed = true;
    setImmediate(send);
  };

  return {
    append(rows) {
      if (failed !== undefined) return Promise.reject(failed);
      if (rows.length === 0) return Promise.resolve([]);
      return new Promise<number[]>((resolve, reject) => {
        for (const r of rows) flat.push(r.subject, r.party, r.action, r.effect, r.at);
        appends.push({ count: rows.length, resolve, reject });
        arm();
      });
    },
    activeSanctions(subject, action) {
      if (failed !== undefined) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        reads.push({ subject, action, resolve, reject });
        arm();
      });
    },
    async close() {
      // What this turn asked for still goes; nothing asked after this does.
      if (armed && failed === undefined) send();
      const t = threads;
      failed ??= new Error('the access log writer is closed');
      if (t === undefined) return;
      if (pending.size > 0) await (draining ??= new Promise<void>((resolve) => (drained = resolve)));
      t.writer.ref();
      t.checkpointer.ref();
      // The writer tells the checkpointer to stop, after the batches it has already taken.
      t.writer.postMessage({ close: true });
      await t.gone;
    },
  };
}
